// account, positions and pnl (docs/app-protocol.md §2) from reqAccountUpdates, reqPositions and
// reqPnL. The first managed account is the one shown (the bridge trades one account). Each feed
// holds back TWS's initial download until its end marker, so the first snapshot is complete.
import type { IBApi, Contract } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import type { Feed, FeedSink } from './hub.ts';
import type { TwsLink } from './tws-link.ts';

const NO_ACCOUNT = 'TWS announced no managed account';

/** Account values keyed `<key>` or `<key>:<currency>` (TotalCashValue:USD, NetLiquidation:USD …). */
export function accountFeed(link: TwsLink): Feed {
  let offs: (() => void)[] = [];
  let account: string | undefined;
  return {
    start(api: IBApi, sink: FeedSink) {
      for (const off of offs) off();
      account = link.accounts()[0];
      if (!account) return sink.fail('TWS_ERROR', NO_ACCOUNT);
      let held: Record<string, unknown> | undefined = {};
      const put = (patch: Record<string, unknown>) => (held ? Object.assign(held, patch) : sink.update(patch));
      offs = [
        link.listen(api, EventName.updateAccountValue, (key: string, value: string, currency: string, name: string) => {
          if (name !== account || typeof key !== 'string') return;
          put({ [currency ? `${key}:${currency}` : key]: value });
        }),
        link.listen(api, EventName.accountDownloadEnd, (name: string) => {
          if (name !== account || !held) return;
          const all = held;
          held = undefined;
          sink.update({ account: name, ...all });
        }),
      ];
      api.reqAccountUpdates(true, account);
    },
    stop(api) {
      for (const off of offs) off();
      offs = [];
      if (api && account) api.reqAccountUpdates(false, account);
    },
  };
}

const positionKey = (account: string, contract: Contract) => `${account}:${contract.conId ?? contract.symbol}`;

/** Open positions keyed `<account>:<conId>`; a position that goes flat is deleted (null). */
export function positionFeed(link: TwsLink): Feed {
  let offs: (() => void)[] = [];
  return {
    start(api: IBApi, sink: FeedSink) {
      for (const off of offs) off();
      let held: Record<string, unknown> | undefined = {};
      offs = [
        link.listen(api, EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) => {
          const row =
            pos === 0
              ? null
              : { account, conId: contract.conId, symbol: contract.symbol, secType: contract.secType, right: contract.right, strike: contract.strike, expiry: contract.lastTradeDateOrContractMonth, position: pos, avgCost };
          const patch = { [positionKey(account, contract)]: row };
          if (held) Object.assign(held, patch);
          else sink.update(patch);
        }),
        link.listen(api, EventName.positionEnd, () => {
          if (!held) return;
          const all = held;
          held = undefined;
          for (const k of Object.keys(all)) if (all[k] === null) delete all[k];
          sink.update(all);
        }),
      ];
      api.reqPositions();
    },
    stop(api) {
      for (const off of offs) off();
      offs = [];
      api?.cancelPositions();
    },
  };
}

/** The account's daily, unrealised and realised P&L. */
export function pnlFeed(link: TwsLink): Feed {
  let req: { reqId: number; done: () => void } | undefined;
  return {
    start(api: IBApi, sink: FeedSink) {
      req?.done();
      const account = link.accounts()[0];
      if (!account) return sink.fail('TWS_ERROR', NO_ACCOUNT);
      const r = link.request({
        [EventName.pnl]: (_id: number, dailyPnL: number, unrealizedPnL?: number, realizedPnL?: number) => {
          const num = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e300 ? v : null);
          sink.update({ account, dailyPnL: num(dailyPnL), unrealizedPnL: num(unrealizedPnL), realizedPnL: num(realizedPnL) });
        },
        error: (code, message) => sink.fail('TWS_ERROR', `TWS error ${code}: ${message}`),
      });
      req = r;
      api.reqPnL(r.reqId, account, '');
    },
    stop(api) {
      if (req && api) api.cancelPnL(req.reqId);
      req?.done();
      req = undefined;
    },
  };
}
