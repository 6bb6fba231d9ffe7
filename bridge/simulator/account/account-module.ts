// The account requests of the TWS API (ib-protocol.md §4, §6 "Accounts"): reqAccountSummary (62) and
// its cancel (63), reqAccountUpdates (6: account values, portfolio rows, time, download end),
// reqPositions (61) and its cancel (64), reqPnL (92/93), reqPnLSingle (94/95). Subscriptions are
// kept per connection and updated when a fill or an expiry changes the account, and as prices move:
// P&L every replay second, account updates every replay minute, summaries every 3 replay minutes.

import { formatEastern } from '../../../shared/time/tws-time.ts';
import * as enc from '../wire/encoders.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import {
  readAccountSummary,
  readAccountUpdates,
  readPlainCancel,
  readPnL,
  readPnLSingle,
  readVersionOnly,
  readVersionedCancel,
} from '../wire/requests.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { Session } from '../server/session.ts';
import type { PaperBroker } from '../orders/paper-broker.ts';
import { accountUpdateRows, requestedTags, tagValue } from './account-tags.ts';
import type { Position } from '../../../shared/domain/position.ts';
import { valuePosition } from '../../../shared/portfolio/account-values.ts';
import { positionContract } from './listings.ts';

const PNL_EVERY_MS = 1000;
const UPDATES_EVERY_MS = 60_000;
const SUMMARY_EVERY_MS = 180_000;

interface Subscriptions {
  summaries: Map<number, { tags: string[]; last: number }>;
  updates: { account: string; last: number } | undefined;
  positions: boolean;
  pnl: Map<number, { account: string; last: number }>;
  pnlSingle: Map<number, { account: string; conId: number; last: number }>;
}

export function accountModule(broker: PaperBroker): SimulatorModule {
  const subs = new Map<Session, Subscriptions>();
  const of = (s: Session): Subscriptions => {
    let x = subs.get(s);
    if (!x) {
      x = { summaries: new Map(), updates: undefined, positions: false, pnl: new Map(), pnlSingle: new Map() };
      subs.set(s, x);
    }
    return x;
  };
  const accountOf = (account: string, reqId = -1): string => {
    const a = broker.resolveAccount(account);
    if (!a) throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('account', `account '${account}' is not managed by this login (${broker.state.accounts.join(',')})`));
    return a;
  };

  const summaryRows = (session: Session, reqId: number, tags: readonly string[]) => {
    const now = broker.state.now();
    for (const account of broker.ledgers.keys()) {
      const v = broker.values(account, now);
      for (const tag of tags) {
        const tv = tagValue(tag, v);
        if (tv) session.send(enc.accountSummary(reqId, account, tag, tv[0], tv[1]));
      }
    }
  };

  const contractOf = (p: Position) => positionContract(broker.state.catalogue, p.instrument);
  const byConIds = (account: string, conIds: readonly number[]): Position[] => conIds.map((c) => broker.positionByConId(account, c)).filter((p): p is Position => p !== undefined);

  const portfolioRow = (session: Session, account: string, p: Position, now: number) => {
    const v = valuePosition(p, broker.marks.at(now));
    session.send(enc.portfolioValue(contractOf(p), p.qty, round(v.mark), round(v.value), round(p.avgCost), round(v.unrealized), round(p.realizedToday), account));
  };

  const accountUpdates = (session: Session, account: string, conIds: readonly number[] | undefined) => {
    const now = broker.state.now();
    const ledger = broker.ledger(account);
    for (const [key, value, currency] of accountUpdateRows(account, broker.values(account, now))) session.send(enc.accountValue(key, value, currency, account));
    const positions = conIds ? byConIds(account, conIds) : ledger.open();
    for (const p of positions) portfolioRow(session, account, p, now);
    session.send(enc.accountUpdateTime(formatEastern(now).slice(9, 14)));
  };

  const pnlMessage = (reqId: number, account: string) => {
    const v = broker.values(account);
    return enc.pnl(reqId, round(v.dailyPnL), round(v.unrealizedPnL), round(v.realizedPnL));
  };

  const pnlSingleMessage = (reqId: number, account: string, conId: number) => {
    const p = broker.positionByConId(account, conId);
    if (!p) return enc.pnlSingle(reqId, 0, 0, 0, 0, 0);
    const v = valuePosition(p, broker.marks.at(broker.state.now()));
    return enc.pnlSingle(reqId, p.qty, round(v.daily), round(v.unrealized), round(p.realizedToday), round(v.value));
  };

  broker.onAccountChange((account, conIds) => {
    const now = broker.state.now();
    for (const [session, x] of subs) {
      if (x.positions) {
        for (const p of byConIds(account, conIds)) session.send(enc.position(account, contractOf(p), p.qty, round(p.avgCost)));
      }
      if (x.updates?.account === account) {
        accountUpdates(session, account, conIds);
        x.updates.last = now;
      }
      for (const [reqId, s] of x.summaries) {
        summaryRows(session, reqId, s.tags);
        s.last = now;
      }
      for (const [reqId, s] of x.pnl) if (s.account === account) session.send(pnlMessage(reqId, account));
      for (const [reqId, s] of x.pnlSingle) if (s.account === account && conIds.includes(s.conId)) session.send(pnlSingleMessage(reqId, account, s.conId));
    }
  });

  return {
    name: 'account',
    handlers: {
      /** Rows for every managed account × requested tag (group "All"), then the end; updates follow. */
      [IN.REQ_ACCOUNT_SUMMARY]: ({ session, state, r }) => {
        const { reqId, tags } = readAccountSummary(r);
        const list = requestedTags(tags);
        summaryRows(session, reqId, list);
        session.send(enc.accountSummaryEnd(reqId));
        of(session).summaries.set(reqId, { tags: list, last: state.now() });
      },
      [IN.CANCEL_ACCOUNT_SUMMARY]: ({ session, r }) => {
        const { reqId } = readVersionedCancel(r);
        subs.get(session)?.summaries.delete(reqId);
      },

      /** Subscribe: account values, a portfolio row per position, the time, the download end. One account at a time. */
      [IN.REQ_ACCOUNT_DATA]: ({ session, state, r }) => {
        const { subscribe, account } = readAccountUpdates(r);
        const x = of(session);
        if (!subscribe) {
          x.updates = undefined;
          return;
        }
        const a = accountOf(account);
        accountUpdates(session, a, undefined);
        session.send(enc.accountDownloadEnd(a));
        x.updates = { account: a, last: state.now() };
      },

      /** Every open position of every managed account, then the end; changes follow. */
      [IN.REQ_POSITIONS]: ({ session, r }) => {
        readVersionOnly(r);
        for (const [account, ledger] of broker.ledgers) for (const p of ledger.open()) session.send(enc.position(account, contractOf(p), p.qty, round(p.avgCost)));
        session.send(enc.positionEnd());
        of(session).positions = true;
      },
      [IN.CANCEL_POSITIONS]: ({ session, r }) => {
        readVersionOnly(r);
        const x = subs.get(session);
        if (x) x.positions = false;
      },

      /** Daily, unrealised and realised P&L of the account now, then every replay second. */
      [IN.REQ_PNL]: ({ session, state, r }) => {
        const { reqId, account } = readPnL(r);
        const a = accountOf(account, reqId);
        session.send(pnlMessage(reqId, a));
        of(session).pnl.set(reqId, { account: a, last: state.now() });
      },
      [IN.CANCEL_PNL]: ({ session, r }) => {
        const { reqId } = readPlainCancel(r);
        subs.get(session)?.pnl.delete(reqId);
      },
      [IN.REQ_PNL_SINGLE]: ({ session, state, r }) => {
        const { reqId, account, conId } = readPnLSingle(r);
        const a = accountOf(account, reqId);
        session.send(pnlSingleMessage(reqId, a, conId));
        of(session).pnlSingle.set(reqId, { account: a, conId, last: state.now() });
      },
      [IN.CANCEL_PNL_SINGLE]: ({ session, r }) => {
        const { reqId } = readPlainCancel(r);
        subs.get(session)?.pnlSingle.delete(reqId);
      },
    },

    /** Periodic updates as prices move (after the orders module matched at this instant). */
    onAdvance: (_state, now) => {
      for (const [session, x] of subs) {
        for (const [reqId, s] of x.pnl) {
          if (now - s.last < PNL_EVERY_MS) continue;
          s.last = now;
          session.send(pnlMessage(reqId, s.account));
        }
        for (const [reqId, s] of x.pnlSingle) {
          if (now - s.last < PNL_EVERY_MS) continue;
          s.last = now;
          session.send(pnlSingleMessage(reqId, s.account, s.conId));
        }
        if (x.updates && now - x.updates.last >= UPDATES_EVERY_MS) {
          x.updates.last = now;
          accountUpdates(session, x.updates.account, undefined);
        }
        for (const [reqId, s] of x.summaries) {
          if (now - s.last < SUMMARY_EVERY_MS) continue;
          s.last = now;
          summaryRows(session, reqId, s.tags);
        }
      }
    },
    onSessionClosed: (_state, session) => {
      subs.delete(session);
    },
  };
}

/** Money and average costs on the wire: 4 decimals (also the multi subscriptions', account-multi-module.ts). */
export const round = (v: number) => Math.round(v * 1e4) / 1e4;
