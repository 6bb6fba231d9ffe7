// The per-account ("multi") subscriptions of the TWS API (ib-protocol.md §6 "Accounts"):
// reqPositionsMulti (74) / cancel (75) and reqAccountUpdatesMulti (76) / cancel (77). Each carries its
// own request id, so one connection may hold several. The rows are the ones reqPositions and
// reqAccountUpdates report (account-tags.ts over the shared account values: one source of values):
// positions after every fill or expiry that changes them, account values when they changed — at
// once after a fill, otherwise checked every replay minute like reqAccountUpdates.

import { accountUpdateMulti, accountUpdateMultiEnd, positionMulti, positionMultiEnd } from '../wire/account-multi-encoders.ts';
import { readAccountUpdatesMulti, readPositionsMulti } from '../wire/account-multi-requests.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN } from '../wire/message-ids.ts';
import { readVersionedCancel } from '../wire/requests.ts';
import type { SimulatorModule } from '../server/module.ts';
import type { Session } from '../server/session.ts';
import type { PaperBroker } from '../orders/paper-broker.ts';
import type { Position } from '../../../shared/domain/position.ts';
import { accountUpdateRows } from './account-tags.ts';
import { positionContract } from './listings.ts';
import { round } from './account-module.ts';

const UPDATES_EVERY_MS = 60_000;
/** The keys a `ledgerAndNLV` request gets: the cash ledger and net liquidation only (TWS's light-weight variant). */
const LEDGER_AND_NLV_KEYS = new Set(['AccountCode', 'Currency', 'CashBalance', 'TotalCashValue', 'NetLiquidation', 'RealizedPnL', 'UnrealizedPnL']);

interface PositionsSub {
  readonly accounts: readonly string[];
  readonly modelCode: string;
}

interface UpdatesSub {
  readonly accounts: readonly string[];
  readonly modelCode: string;
  readonly ledgerAndNLV: boolean;
  /** The value last sent per `account key currency`: only changed rows are sent again. */
  readonly sent: Map<string, string>;
  last: number;
}

interface MultiSubs {
  readonly positions: Map<number, PositionsSub>;
  readonly updates: Map<number, UpdatesSub>;
}

export function accountMultiModule(broker: PaperBroker): SimulatorModule {
  const subs = new Map<Session, MultiSubs>();
  const of = (s: Session): MultiSubs => {
    let x = subs.get(s);
    if (!x) subs.set(s, (x = { positions: new Map(), updates: new Map() }));
    return x;
  };

  /** "" = every managed account; a code this login does not manage is refused as TWS does (321). */
  const accountsOf = (account: string, modelCode: string, reqId: number): string[] => {
    if (modelCode !== '') throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('modelCode', `Invalid model code '${modelCode}' (the paper accounts have no models)`));
    if (account === '') return [...broker.ledgers.keys()];
    if (!broker.ledgers.has(account)) throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation('account', `Invalid account code '${account}'`));
    return [account];
  };

  const positionRow = (reqId: number, account: string, p: Position, modelCode: string) =>
    positionMulti(reqId, account, positionContract(broker.state.catalogue, p.instrument), p.qty, round(p.avgCost), modelCode);

  /** Sends the rows whose value differs from what this subscription last sent (all of them the first time). */
  const sendChangedValues = (session: Session, reqId: number, sub: UpdatesSub, now: number) => {
    for (const account of sub.accounts) {
      for (const [key, value, currency] of accountUpdateRows(account, broker.values(account, now))) {
        if (sub.ledgerAndNLV && !LEDGER_AND_NLV_KEYS.has(key)) continue;
        const id = `${account}\0${key}\0${currency}`;
        if (sub.sent.get(id) === value) continue;
        sub.sent.set(id, value);
        session.send(accountUpdateMulti(reqId, account, sub.modelCode, key, value, currency));
      }
    }
    sub.last = now;
  };

  broker.onAccountChange((account, conIds) => {
    const now = broker.state.now();
    for (const [session, x] of subs) {
      for (const [reqId, sub] of x.positions) {
        if (!sub.accounts.includes(account)) continue;
        for (const conId of conIds) {
          const p = broker.positionByConId(account, conId);
          if (p) session.send(positionRow(reqId, account, p, sub.modelCode));
        }
      }
      for (const [reqId, sub] of x.updates) if (sub.accounts.includes(account)) sendChangedValues(session, reqId, sub, now);
    }
  });

  return {
    name: 'account-multi',
    handlers: {
      /** A POSITION_MULTI row per open position of the account(s), then the end; changes follow until cancelled. */
      [IN.REQ_POSITIONS_MULTI]: ({ session, r }) => {
        const { reqId, account, modelCode } = readPositionsMulti(r);
        const accounts = accountsOf(account, modelCode, reqId);
        for (const a of accounts) for (const p of broker.ledger(a).open()) session.send(positionRow(reqId, a, p, modelCode));
        session.send(positionMultiEnd(reqId));
        of(session).positions.set(reqId, { accounts, modelCode });
      },
      [IN.CANCEL_POSITIONS_MULTI]: ({ session, r }) => {
        const { reqId } = readVersionedCancel(r);
        subs.get(session)?.positions.delete(reqId);
      },

      /** The reqAccountUpdates values of the account(s) as ACCOUNT_UPDATE_MULTI rows, then the end; changed values follow. */
      [IN.REQ_ACCOUNT_UPDATES_MULTI]: ({ session, state, r }) => {
        const { reqId, account, modelCode, ledgerAndNLV } = readAccountUpdatesMulti(r);
        const sub: UpdatesSub = { accounts: accountsOf(account, modelCode, reqId), modelCode, ledgerAndNLV, sent: new Map(), last: 0 };
        sendChangedValues(session, reqId, sub, state.now());
        session.send(accountUpdateMultiEnd(reqId));
        of(session).updates.set(reqId, sub);
      },
      [IN.CANCEL_ACCOUNT_UPDATES_MULTI]: ({ session, r }) => {
        const { reqId } = readVersionedCancel(r);
        subs.get(session)?.updates.delete(reqId);
      },
    },

    onAdvance: (_state, now) => {
      for (const [session, x] of subs) {
        for (const [reqId, sub] of x.updates) if (now - sub.last >= UPDATES_EVERY_MS) sendChangedValues(session, reqId, sub, now);
      }
    },
    onSessionClosed: (_state, session) => {
      subs.delete(session);
    },
  };
}
