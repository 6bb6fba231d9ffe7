// quotes:<SYMBOL|conId|OSI> (docs/app-protocol.md §2): one streaming reqMktData line per instrument,
// shared by every app client, cancelled when the last one leaves (ib-protocol.md §7 P8). Live and
// delayed tick types map to the same fields. The state also says what the line delivers: TWS's
// `marketDataType` (1 live, 2 frozen, 3 delayed, 4 delayed frozen) and the `secType` resolved. A
// symbol TWS does not know as a stock (200) is looked up as an index and streamed as one (SPX, VIX:
// thetagang's rule T35); only when that fails too does the topic fail. A conId is looked up first (its
// secType, and an index's exchange). What was resolved is kept: a restart streams it straight away.
import type { Contract, IBApi } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import type { InstrumentRef } from '../../shared/protocol/index.ts';
import { conIdContract, contractOf, describeRef, indexContract, neither, stockContract } from './contracts.ts';
import type { Feed, FeedSink } from './hub.ts';
import type { LineBudget } from './line-budget.ts';
import { AppRequestError, failureOf } from './request-error.ts';
import { LOOKUP_TIMEOUT_MS } from './tws-request.ts';
import type { TwsLink } from './tws-link.ts';

/** TWS tick types (live and delayed, §6 "Market data") → quote fields. */
export const PRICE_TICKS: Readonly<Record<number, string>> = { 1: 'bid', 2: 'ask', 4: 'last', 6: 'high', 7: 'low', 9: 'close', 14: 'open', 66: 'bid', 67: 'ask', 68: 'last', 72: 'high', 73: 'low', 75: 'close', 76: 'open' };
export const SIZE_TICKS: Readonly<Record<number, string>> = { 0: 'bidSize', 3: 'askSize', 5: 'lastSize', 8: 'volume', 69: 'bidSize', 70: 'askSize', 71: 'lastSize', 74: 'volume' };

/** TWS codes that mean the contract is unknown. */
const UNKNOWN_CONTRACT = 200;
const MAX_TICKERS = 101;

/** What a line streams: the contract to request and its security type (the state's `secType`). */
interface LineContract {
  readonly contract: Contract;
  readonly secType: string;
}

export function quoteFeed(link: TwsLink, ref: InstrumentRef, lines: LineBudget, lookupTimeoutMs = LOOKUP_TIMEOUT_MS): Feed {
  let req: { reqId: number; done: () => void } | undefined;
  let released = false;
  /** Incremented at every start and stop: a lookup answered after either is dropped. */
  let generation = 0;
  let resolved: LineContract | undefined = 'option' in ref ? { contract: contractOf(ref), secType: 'OPT' } : undefined;

  /** The streaming line; `onUnknown` instead of failing when TWS does not know the contract. */
  const open = (api: IBApi, sink: FeedSink, line: LineContract, onUnknown?: (code: number, message: string) => void) => {
    let first = true;
    const put = (patch: Record<string, unknown>) => {
      if (!first) return sink.update(patch);
      first = false;
      sink.update({ secType: line.secType, ...patch }); // with the first data, so the first snapshot has it
    };
    const r = link.request({
      [EventName.marketDataType]: (_id: number, type: number) => {
        if (Number.isInteger(type) && type >= 1 && type <= 4) put({ marketDataType: type });
      },
      [EventName.tickPrice]: (_id: number, type: number, value: number) => {
        const field = PRICE_TICKS[type];
        // -1 = "no value" (e.g. no bid); kept out of the state.
        if (field && typeof value === 'number' && Number.isFinite(value)) put({ [field]: value === -1 ? null : value });
      },
      [EventName.tickSize]: (_id: number, type: number, value: number) => {
        const field = SIZE_TICKS[type];
        if (field && typeof value === 'number' && Number.isFinite(value)) put({ [field]: value });
      },
      error: (code, message) => {
        if (code === UNKNOWN_CONTRACT && onUnknown) {
          r.done();
          if (req === r) req = undefined; // TWS opened no line: nothing to cancel
          return onUnknown(code, message);
        }
        if (code === UNKNOWN_CONTRACT) sink.fail('UNKNOWN_INSTRUMENT', `TWS does not know ${describeRef(ref)} (${code}: ${message})`);
        else if (code === MAX_TICKERS) sink.fail('LINES_EXHAUSTED', `TWS has no market data line left (${code}: ${message})`);
        else sink.fail('TWS_ERROR', `TWS error ${code}: ${message}`);
      },
    });
    req = r;
    api.reqMktData(r.reqId, line.contract, '', false, false);
  };

  /** A lookup for the start `mine`: its answer is used only if the feed was not restarted or stopped meanwhile. */
  const after = <T>(mine: number, sink: FeedSink, lookup: Promise<T>, then: (value: T, api: IBApi) => void) => {
    lookup.then(
      (value) => {
        if (mine !== generation) return;
        const api = link.api();
        if (!api) return; // TWS went away: the next restart starts again
        try {
          then(value, api);
        } catch (err) {
          sink.fail('TWS_ERROR', `the request could not be made: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
      (err: unknown) => {
        if (mine !== generation || (err instanceof AppRequestError && err.code === 'TWS_NOT_READY')) return;
        const f = failureOf(err);
        sink.fail(f.code, f.message);
      },
    );
  };

  return {
    sliced: true,
    start(api: IBApi, sink: FeedSink) {
      const mine = ++generation;
      req?.done();
      req = undefined;
      if (resolved) return open(api, sink, resolved);
      if ('conId' in ref) {
        return after(mine, sink, conIdContract(link, ref.conId, lookupTimeoutMs), (line, now) => {
          resolved = line;
          open(now, sink, line);
        });
      }
      if (!('symbol' in ref)) return; // an option is resolved from the start
      const symbol = ref.symbol;
      open(api, sink, { contract: stockContract(symbol), secType: 'STK' }, (code, message) => {
        after(mine, sink, indexContract(link, symbol, lookupTimeoutMs), (index, now) => {
          if (typeof index === 'string') return sink.fail('UNKNOWN_INSTRUMENT', neither(symbol, `${code}: ${message}`, index));
          resolved = index;
          open(now, sink, index);
        });
      });
    },
    stop(api) {
      generation++;
      if (req && api) api.cancelMktData(req.reqId);
      req?.done();
      req = undefined;
    },
    dispose() {
      if (!released) lines.give(1);
      released = true;
    },
  };
}
