// account, positions and pnl (docs/app-protocol.md §2) from reqAccountUpdates, reqPositions and
// reqPnL. The first managed account is the one shown (the bridge trades one account). Each feed
// holds back TWS's initial download until its end marker, so the first snapshot is complete.
import type { IBApi, Contract } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import type { PortfolioRow } from '../../shared/protocol/index.ts';
import type { Feed, FeedSink } from './hub.ts';
import type { TwsLink } from './tws-link.ts';

const NO_ACCOUNT = 'TWS announced no managed account';

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e300 ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * A TWS `updatePortfolio` as the account topic's row (null: the position went flat), or undefined when
 * it cannot be read — no conId, or a number that is not finite (JSON has no NaN): then no row is sent.
 */
export function portfolioRow(
  contract: Contract | undefined,
  position: unknown,
  marketPrice: unknown,
  marketValue: unknown,
  averageCost: unknown,
  unrealizedPnl: unknown,
  realizedPnl: unknown,
): PortfolioRow | null | undefined {
  const conId = contract?.conId;
  if (typeof conId !== 'number' || !Number.isSafeInteger(conId) || conId <= 0) return undefined;
  const pos = finite(position);
  if (pos === 0) return null;
  const nums = [pos, finite(marketPrice), finite(marketValue), finite(averageCost), finite(unrealizedPnl), finite(realizedPnl)];
  const symbol = text(contract?.symbol);
  const secType = text(contract?.secType);
  if (nums.some((n) => n === undefined) || !symbol || !secType) return undefined;
  const [p, price, value, avgCost, unrealized, realized] = nums as number[];
  const row: { -readonly [K in keyof PortfolioRow]: PortfolioRow[K] } = {
    conId,
    symbol,
    secType,
    position: p,
    marketPrice: price,
    marketValue: value,
    avgCost,
    unrealizedPnl: unrealized,
    realizedPnl: realized,
  };
  const currency = text(contract?.currency);
  if (currency) row.currency = currency;
  if (secType === 'OPT') {
    const right = contract?.right as string | undefined;
    if (right === 'C' || right === 'P') row.right = right;
    const strike = finite(contract?.strike);
    if (strike !== undefined && strike > 0) row.strike = strike;
    const expiry = /^(\d{8})/.exec(text(contract?.lastTradeDateOrContractMonth) ?? '')?.[1];
    if (expiry) row.expiry = expiry;
    const multiplier = finite(Number(contract?.multiplier));
    if (multiplier !== undefined && multiplier > 0) row.multiplier = multiplier;
  }
  return row;
}

/**
 * Account values keyed `<key>` or `<key>:<currency>` (TotalCashValue:USD, NetLiquidation:USD …), and
 * (minor 1) the portfolio, each position keyed `portfolio:<conId>` (TWS's updatePortfolio).
 */
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
        // (contract, position, marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL, accountName)
        link.listen(api, EventName.updatePortfolio, (contract: Contract, ...rest: unknown[]) => {
          const name = rest[6];
          if (name !== undefined && name !== account) return;
          const row = portfolioRow(contract, rest[0], rest[1], rest[2], rest[3], rest[4], rest[5]);
          if (row !== undefined) put({ [`portfolio:${contract.conId}`]: row });
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
