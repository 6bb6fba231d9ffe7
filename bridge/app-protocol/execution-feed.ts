// executions (docs/app-protocol.md §2, minor 2): today's fills keyed by execId — reqExecutions since
// TWS's day start at (re)start, held back until execDetailsEnd so the first snapshot has them all, then
// every execDetails as it comes. TWS's commissionReport arrives separately and is joined by execId: a
// report before its execution waits for it (bounded). Read-only: nothing is journaled here (the order
// path journals fills, bridge/ib/execution-join.ts). TWS's messages are untrusted: an execution that
// does not make a valid record (tws-records.ts, the journal's own parsing) is left out, never half-read.
import type { CommissionReport, Contract, Execution, IBApi } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import { osiSymbol } from '../../shared/domain/instrument.ts';
import type { ExecutionRow } from '../../shared/protocol/index.ts';
import type { KnownContracts } from '../ib/contract-mapping.ts';
import { executionFilterTime, executionsSince } from '../ib/reconcile.ts';
import { commissionRecord, executionRecord } from '../ib/tws-records.ts';
import type { ExecutionEntry } from '../journal/journal-entry.ts';
import type { Feed, FeedSink } from './hub.ts';
import { failureOf } from './request-error.ts';
import { twsTime } from './tws-clock.ts';
import type { TwsLink } from './tws-link.ts';

/** Commission reports kept while their execution has not come (a flood cannot grow it). */
const MAX_EARLY = 1000;

/** An execution record as the topic's row (an option by its OSI symbol). */
export function executionRow(e: ExecutionEntry, commission?: { commission: number; currency: string }): ExecutionRow {
  const i = e.instrument;
  const option = i.secType === 'OPT' ? { right: i.right, strike: i.strike, expiry: String(i.expiry), multiplier: i.multiplier } : {};
  return {
    execId: e.execId,
    time: e.execTime,
    instrument: i.secType === 'OPT' ? osiSymbol(i) : i.symbol,
    symbol: i.symbol,
    secType: i.secType,
    ...option,
    side: e.side,
    quantity: e.qty,
    price: e.price,
    ...(commission ? { commission: commission.commission, currency: commission.currency } : {}),
    orderId: e.orderId,
    ...(e.permId ? { permId: e.permId } : {}),
    ...(e.orderRef !== '' ? { orderRef: e.orderRef } : {}),
  };
}

export function executionFeed(link: TwsLink, known: KnownContracts = {}): Feed {
  let offs: (() => void)[] = [];
  let generation = 0;
  return {
    start(api: IBApi, sink: FeedSink) {
      for (const off of offs) off();
      const mine = ++generation;
      const rows = new Map<string, ExecutionRow>();
      const early = new Map<string, { commission: number; currency: string }>();
      let held: Record<string, unknown> | undefined = {};
      const put = (row: ExecutionRow) => {
        rows.set(row.execId, row);
        if (held) held[row.execId] = row;
        else sink.update({ [row.execId]: row });
      };
      const { reqId, done } = link.request({});
      offs = [
        done,
        link.listen(api, EventName.execDetails, (_reqId: number, contract: Contract, execution: Execution) => {
          const r = executionRecord(contract, execution, known);
          if (typeof r === 'string') return; // not a valid execution: left out
          const before = rows.get(r.execId);
          put(executionRow(r, before?.commission !== undefined ? { commission: before.commission, currency: before.currency ?? 'USD' } : early.get(r.execId)));
          early.delete(r.execId);
        }),
        link.listen(api, EventName.commissionReport, (report: CommissionReport) => {
          const c = commissionRecord(report);
          if (typeof c === 'string') return;
          const row = rows.get(c.execId);
          if (row) put({ ...row, commission: c.commission, currency: c.currency });
          else if (early.size < MAX_EARLY) early.set(c.execId, { commission: c.commission, currency: c.currency });
        }),
        link.listen(api, EventName.execDetailsEnd, (id: number) => {
          if (id !== reqId || !held) return;
          const all = held;
          held = undefined;
          sink.update(all);
        }),
      ];
      // "Today" is TWS's day (the replayed one on the simulator), not the machine's.
      twsTime(link).then(
        (now) => {
          if (generation === mine) api.reqExecutions(reqId, { time: executionFilterTime(executionsSince(now)) });
        },
        (err: unknown) => {
          if (generation !== mine) return;
          const f = failureOf(err);
          sink.fail(f.code, `today's executions could not be asked for: ${f.message}`);
        },
      );
    },
    stop() {
      generation++;
      for (const off of offs) off();
      offs = [];
    },
  };
}
