// The bridge's order path, built in one place (docs/bridge.md §5): the journal, the persisted order
// ids, the TWS connection, the IBKR broker, the Reconciler, the bridge's own books and the fail-closed
// order guard around the broker. `npm start` (embedded simulator), `[tws] simulator = false` (TWS /
// IB Gateway), the app protocol's intents and commands and `npm run paper` all trade through it.
//
// API
//   const path = await openOrderPath({ stateDir, config, connect: (orderIds) => new TwsConnection({ …, orderIds }) });
//   path.broker        GuardedBroker — every order goes through it: submit(ticket, exits, stamp) with
//                      ticket.ref = the intent id (IBKR orderRef); tryCancel(orderId) passes the kill
//                      switch; runner(lease) gives a Broker for an engine inside the bridge (paper runs).
//   path.rawBroker     the IbkrBroker underneath (orderOfRef, openOrders, listen; never submit to it).
//   path.tws           the TwsConnection `connect` built (started by openOrderPath, stopped by close()).
//   path.reconciler    reconciliation at start and after every reconnect (the guard's RECONCILING).
//   path.journal       <stateDir>/journal.jsonl; path.intents: intent id → its order or denial.
//   path.leases        runner leases (acquire / renew / release → fencing tokens); persisted in
//                      <stateDir>/leases.json so tokens only ever increase across restarts.
//   path.account       LedgerAccount: positions rebuilt from the journal, then the broker's fills;
//                      cash from TWS (TotalCashValue) after each reconciliation; marks from fills and
//                      from `ensureMark` snapshots. newDay() at start and when the New York date changes.
//   path.tradingState() / setTradingState(s)   the kill switch (ACTIVE / REDUCING / HALTED), kept in
//                      <stateDir>/trading-state.json: a HALT survives restarts.
//   path.ensureMark(instrument, timeoutMs)     a price for the guard's limits (one snapshot quote; a combo: one per leg).
//   path.durable(intentId)                     resolves once the intent's order or denial is journaled.
//   path.close()       stops the reconciler and the connection, closes the journal, releases the
//                      state folder's lock (<stateDir>/lock: one process per folder; a stale one is taken over).
// Guard denials of submits are journaled ('intent-denied'), so a repeated intent id answers with the
// same denial and durable() holds for denials too.
import { join } from 'node:path';
import { EventName, type IBApi } from '@stoqey/ib';
import { GuardedBroker, type GuardDenial } from '../guard/order-guard.ts';
import { guardSettings } from '../guard/guard-config.ts';
import { LedgerAccount } from '../guard/ledger-account.ts';
import { ContractResolver, contractOf } from '../ib/contract-mapping.ts';
import { IbkrBroker } from '../ib/ibkr-broker.ts';
import { Reconciler } from '../ib/reconcile.ts';
import type { TwsConnection } from '../ib/tws-connection.ts';
import { IntentIndex } from '../journal/intent-index.ts';
import type { JournalEntry } from '../journal/journal-entry.ts';
import { Journal } from '../journal/journal.ts';
import { OrderIdStore } from '../journal/order-id-store.ts';
import { rebuildPositions } from '../journal/rebuild-positions.ts';
import type { MoneyTrailzConfig } from '../../shared/config/index.ts';
import { instrumentKey, type HoldableInstrument, type Instrument } from '../../shared/domain/instrument.ts';
import type { TradingState } from '../../shared/risk/trading-state.ts';
import { KillSwitchFile } from './kill-switch-file.ts';
import { lockStateFolder } from './state-lock.ts';
import type { Clock } from '../../shared/time/clock.ts';
import { LeaseFile } from './lease-file.ts';

export interface OrderPathOptions {
  /** Folder of the journal, the order-id store and the leases (created when missing). */
  readonly stateDir: string;
  readonly config?: Pick<MoneyTrailzConfig, 'guard'>;
  /** Builds the TWS connection over the path's OrderIdStore (the one store nextValidId feeds). */
  readonly connect: (orderIds: OrderIdStore) => TwsConnection;
  readonly clock?: Clock;
  /** How long a runner lease lasts without renewal (default 120 000 ms). */
  readonly leaseTtlMs?: number;
  /** Cash to start the books with instead of TWS's TotalCashValue (tests). */
  readonly startCash?: number;
  /** Problems an operator must see (default console.error). */
  readonly log?: (line: string) => void;
}

export interface OrderPath {
  readonly broker: GuardedBroker;
  readonly rawBroker: IbkrBroker;
  readonly tws: TwsConnection;
  readonly reconciler: Reconciler;
  readonly journal: Journal;
  readonly intents: IntentIndex;
  readonly orderIds: OrderIdStore;
  readonly leases: LeaseFile;
  readonly account: LedgerAccount;
  /** The bridge's clock (leases, intent freshness). */
  readonly clock: Clock;
  tradingState(): TradingState;
  /** Sets the kill switch; resolves once the state is durable (it survives a restart). */
  setTradingState(state: TradingState): Promise<void>;
  /** A mark for the instrument (a combo: for each of its legs) unless the books have one. */
  ensureMark(instrument: Instrument, timeoutMs?: number): Promise<void>;
  durable(intentId: string): Promise<void>;
  close(): Promise<void>;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const nyDate = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });

export async function openOrderPath(options: OrderPathOptions): Promise<OrderPath> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const log = options.log ?? ((line: string) => console.error(line));
  const lock = await lockStateFolder(options.stateDir); // one process per state folder
  let journal: Journal | undefined;
  let orderIds: OrderIdStore;
  let leases: LeaseFile;
  let killSwitch: KillSwitchFile;
  try {
    journal = await Journal.open(join(options.stateDir, 'journal.jsonl'), { warn: log });
    orderIds = await OrderIdStore.open(options.stateDir);
    leases = await LeaseFile.open(join(options.stateDir, 'leases.json'), options.leaseTtlMs ?? 120_000);
    killSwitch = await KillSwitchFile.open(join(options.stateDir, 'trading-state.json'), log);
  } catch (err) {
    await journal?.close().catch(() => undefined);
    await lock.release();
    throw err;
  }
  const tws = options.connect(orderIds);
  const intents = IntentIndex.from(journal.entries);
  const waiting = new Map<string, (() => void)[]>();
  const offIndex = journal.onAppend((e) => {
    intents.apply(e);
    const ref = refOf(e);
    if (ref === undefined) return;
    const w = waiting.get(ref);
    if (!w) return;
    waiting.delete(ref);
    for (const f of w) f();
  });

  const resolver = new ContractResolver(tws);
  const rawBroker = new IbkrBroker({ conn: tws, orderIds, journal, intents, resolver, onProblem: (m) => log(`order path: ${m}`) });
  const reconciler = new Reconciler({ connection: tws, journal, known: resolver.known });

  // The books: the journal's fills, then live ones (de-duplicated by execId inside LedgerAccount).
  const account = new LedgerAccount();
  for (const f of rebuildPositions(journal.entries).fills) account.onFill(f);
  if (options.startCash !== undefined) account.ledger.cash = options.startCash;
  account.newDay();
  let day = nyDate(clock.now());
  rawBroker.listen(account);

  const settings = guardSettings(options.config);
  const broker = new GuardedBroker({
    inner: rawBroker,
    clock,
    connection: tws,
    leases: leases.leases,
    account,
    limits: settings.limits,
    intentMaxAgeMs: settings.intentMaxAgeMs,
    reconciliation: reconciler,
    orderOfRef: (ref) => rawBroker.orderOfRef(ref),
  });
  broker.setTradingState(killSwitch.state); // a HALT survives restarts
  broker.on('denial', (d: GuardDenial) => {
    if (d.action !== 'submit' || d.ref === undefined || intents.get(d.ref)?.stage === 'order') return;
    journal.append({ kind: 'intent-denied', intentId: d.ref, code: d.code, message: d.message }).catch((err: unknown) => log(`order path: the denial of ${d.ref} was not journaled: ${describe(err)}`));
  });

  // After each reconciliation: a new trading day starts the daily P&L; TWS's cash is the books' cash.
  reconciler.on('reconciled', () => {
    const today = nyDate(clock.now());
    if (today !== day) {
      day = today;
      account.newDay();
    }
    if (options.startCash === undefined) {
      void cashOf(tws).then(
        (cash) => {
          if (cash !== undefined) account.ledger.cash = cash;
        },
        (err: unknown) => log(`order path: TWS's cash is unknown (${describe(err)}); position-share limits refuse until it is`),
      );
    }
  });
  reconciler.on('alarm', (a) => log(`reconciliation: ${a.message}`));

  tws.start();

  return {
    broker,
    rawBroker,
    tws,
    reconciler,
    journal,
    intents,
    orderIds,
    leases,
    account,
    clock,
    tradingState: () => broker.state,
    setTradingState: async (s) => {
      broker.setTradingState(s); // at once: no order slips through while the file is written
      await killSwitch.set(s);
    },
    ensureMark: async (instrument, timeoutMs = 2000) => {
      // A combo is valued by its legs (shared/risk/order-limits.ts): each leg's mark, asked for together.
      const held = instrument.secType === 'BAG' ? instrument.legs.map((l) => l.instrument) : [instrument];
      await Promise.all(
        held.map(async (i) => {
          const key = instrumentKey(i);
          if (account.snapshot().marks.has(key)) return;
          const price = await snapshotPrice(tws, i, timeoutMs).catch(() => undefined);
          if (price !== undefined) account.setMark(key, price);
        }),
      );
    },
    durable: (intentId) => {
      const s = intents.get(intentId);
      if (s && (s.stage === 'denied' || s.stage === 'order')) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const list = waiting.get(intentId) ?? [];
        list.push(resolve);
        waiting.set(intentId, list);
      });
    },
    async close() {
      await reconciler.stop();
      await tws.stop();
      offIndex();
      for (const w of waiting.values()) for (const f of w) f();
      waiting.clear();
      await journal.close();
      await lock.release();
    },
  };
}

/** The intent id an entry makes durable: its order (submitted or ended before it was sent) or its denial. */
function refOf(e: JournalEntry): string | undefined {
  if (e.kind === 'order-submitted') return e.orderRef;
  if (e.kind === 'intent-denied') return e.intentId;
  if (e.kind === 'order-status' && !e.external) return e.orderRef;
  return undefined;
}

/** The account's TotalCashValue (base currency) from reqAccountSummary; undefined when TWS has none. */
function cashOf(tws: TwsConnection, timeoutMs = 5000): Promise<number | undefined> {
  const api = tws.readyApi();
  const account = tws.readyInfo()?.accounts[0];
  if (!api || !account) return Promise.reject(new Error('the TWS connection is not ready'));
  const reqId = tws.nextRequestId();
  return new Promise((resolve, reject) => {
    let cash: number | undefined;
    const onValue = (id: number, acct: string, tag: string, value: string) => {
      if (id === reqId && acct === account && tag === 'TotalCashValue' && Number.isFinite(Number(value))) cash = Number(value);
    };
    const onEnd = (id: number) => {
      if (id !== reqId) return;
      done();
      resolve(cash);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no account summary within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      api.off(EventName.accountSummary, onValue);
      api.off(EventName.accountSummaryEnd, onEnd);
      try {
        api.cancelAccountSummary(reqId);
      } catch {
        // the connection went; nothing to cancel
      }
    };
    api.on(EventName.accountSummary, onValue);
    api.on(EventName.accountSummaryEnd, onEnd);
    try {
      api.reqAccountSummary(reqId, 'All', 'TotalCashValue');
    } catch (err) {
      done();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** One snapshot quote: the last trade, else the bid/ask midpoint. */
function snapshotPrice(tws: TwsConnection, instrument: HoldableInstrument, timeoutMs: number): Promise<number | undefined> {
  const api: IBApi | undefined = tws.readyApi();
  if (!api) return Promise.resolve(undefined);
  const reqId = tws.nextRequestId();
  return new Promise((resolve) => {
    const ticks = new Map<number, number>();
    const onTick = (id: number, field: number, value: number) => {
      if (id === reqId && Number.isFinite(value) && value > 0) ticks.set(field, value);
    };
    const finish = () => {
      clearTimeout(timer);
      api.off(EventName.tickPrice, onTick);
      api.off(EventName.tickSnapshotEnd, onEnd);
      api.off(EventName.error, onError);
      // 4 last, 1 bid, 2 ask (68, 66, 67 delayed).
      const last = ticks.get(4) ?? ticks.get(68);
      const bid = ticks.get(1) ?? ticks.get(66);
      const ask = ticks.get(2) ?? ticks.get(67);
      resolve(last ?? (bid !== undefined && ask !== undefined ? (bid + ask) / 2 : (bid ?? ask)));
    };
    const onEnd = (id: number) => {
      if (id === reqId) finish();
    };
    const onError = (_err: Error, _code: number, id: number) => {
      if (id === reqId) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    api.on(EventName.tickPrice, onTick);
    api.on(EventName.tickSnapshotEnd, onEnd);
    api.on(EventName.error, onError);
    try {
      api.reqMktData(reqId, contractOf(instrument), '', true, false);
    } catch {
      finish();
    }
  });
}
