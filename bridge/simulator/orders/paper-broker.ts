// The paper broker: one object holding what outlives a connection and a restart — the accounts'
// ledgers, the order book, the day's executions, the order-id high-water marks — plus the plumbing
// the order and account modules share (who gets an order's messages, marks, persistence, change
// notifications). The trading rules are the shared ones (shared/portfolio: ledger, account values,
// margin, commissions, expiry; shared/broker: order rules and quote fills); the wire side lives in
// placement.ts, matching.ts, execute-fill.ts, lifecycle.ts and ../account/*.

import { Ledger, type LedgerData } from '../../../shared/portfolio/ledger.ts';
import { accountValues, type AccountValues } from '../../../shared/portfolio/account-values.ts';
import { NO_COMMISSION, type CommissionPolicy } from '../../../shared/portfolio/commissions.ts';
import { REG_T } from '../../../shared/portfolio/margin.ts';
import type { Position } from '../../../shared/domain/position.ts';
import { instrumentKey as instrumentKeyOf } from '../../../shared/domain/instrument.ts';
import { instrumentById } from '../account/listings.ts';
import { plainInstrument } from '../market/listed.ts';
import { MarkBook } from '../account/marks.ts';
import type { Session } from '../server/session.ts';
import type { SimulatorState } from '../server/state.ts';
import { ExecutionLog, type ExecutionLogData } from './executions.ts';
import { OrderBook, type OrderBookData } from './order-book.ts';
import type { PaperOrder } from './paper-order.ts';
import { StateFile } from './state-file.ts';

/** IBKR Pro schedule of the paper account's commissions. */
export type CommissionSchedule = 'tiered' | 'fixed' | 'none';

/** The shared commission policy of a schedule. */
export function commissionPolicyOf(schedule: CommissionSchedule): CommissionPolicy {
  return schedule === 'none' ? NO_COMMISSION : { kind: schedule === 'fixed' ? 'ibkr_fixed' : 'ibkr_tiered' };
}
/** Security types an account may trade (TWS trading permissions). */
export type TradingPermission = 'STK' | 'OPT' | 'BAG';

export interface PaperBrokerOptions {
  /** Starting cash of each account, USD (default 1,000,000, like an IBKR paper account). */
  readonly initialCash?: number;
  /** IBKR Pro commission schedule (default 'tiered'). */
  readonly commissions?: CommissionSchedule;
  /** What the accounts may trade (default STK, OPT and BAG). */
  readonly permissions?: readonly TradingPermission[];
  /** Folder for the persisted state (positions, cash, orders, executions, order ids); none = memory only. */
  readonly stateDir?: string;
}

/** One account's books as persisted. */
export interface AccountBooks extends LedgerData {
  readonly account: string;
}

/** The persisted state (one JSON file, state-file.ts). Version 1 kept positions by conId with wire fields. */
export interface PaperBrokerData {
  version: 2;
  /** Replay instant of the last save. */
  clock: number;
  /** Session date the day's data (executions, realised P&L, completed orders) belongs to. */
  sessionDate: number;
  ledgers: AccountBooks[];
  book: OrderBookData;
  executions: ExecutionLogData;
  /** The server's next-valid-id book (server/order-ids.ts). */
  nextIds: [clientId: number, next: number][];
}

export type AccountListener = (account: string, conIds: readonly number[]) => void;

export class PaperBroker {
  readonly initialCash: number;
  readonly commissions: CommissionPolicy;
  readonly permissions: ReadonlySet<TradingPermission>;
  readonly ledgers = new Map<string, Ledger>();
  book = new OrderBook();
  executions = new ExecutionLog();
  /** Session date of the day's data. */
  sessionDate = 0;
  /** Client-0 sessions that asked reqAutoOpenOrders(true): they see every order's messages. */
  readonly autoBound = new Set<Session>();
  private stateRef: SimulatorState | undefined;
  private marksRef: MarkBook | undefined;
  private store: StateFile<PaperBrokerData> | undefined;
  private saved: PaperBrokerData | V1Data | undefined;
  private readonly listeners: AccountListener[] = [];
  /** Size taken from each quote side at the current instant (two orders cannot both take the same shares). */
  private liquidityAt = NaN;
  private readonly liquidity = new Map<string, number>();

  constructor(readonly options: PaperBrokerOptions = {}) {
    this.initialCash = options.initialCash ?? 1_000_000;
    this.commissions = commissionPolicyOf(options.commissions ?? 'tiered');
    this.permissions = new Set(options.permissions ?? ['STK', 'OPT', 'BAG']);
  }

  get state(): SimulatorState {
    if (!this.stateRef) throw new Error('paper broker: not attached to a simulator');
    return this.stateRef;
  }

  get marks(): MarkBook {
    return (this.marksRef ??= new MarkBook(this.state.catalogue, this.state.quotes));
  }

  /**
   * Reads the saved state (if a state dir was given and holds one) before the simulator starts, and
   * returns its replay instant so the clock can continue from there.
   */
  load(): number | undefined {
    if (!this.options.stateDir) return undefined;
    this.store = new StateFile(this.options.stateDir, () => this.toJSON(), 25, (err) => this.stateRef?.log(`paper broker: saving state failed: ${String(err)}`));
    this.saved = this.store.load() as PaperBrokerData | V1Data | undefined;
    if (this.saved && this.saved.version !== 1 && this.saved.version !== 2) throw new Error(`paper broker state ${this.store.path}: unknown version ${String((this.saved as { version: unknown }).version)}`);
    return this.saved?.clock;
  }

  /** Binds the broker to the server state and applies the saved state read by load(). */
  attach(state: SimulatorState): void {
    this.stateRef = state;
    // Fills, positions, cash, orders and the highest order ids reach the disk before any reply that
    // announces them leaves the server (state-file.ts; ib-protocol.md §6 "Durability").
    state.onBeforeSend(() => this.store?.commit());
    for (const a of state.accounts) this.ledgers.set(a, Ledger.withCash(this.initialCash));
    this.sessionDate = state.clock.sessionDate();
    const saved = this.saved?.version === 1 ? upgradeV1(this.saved, state) : this.saved;
    this.saved = undefined;
    if (!saved) return;
    for (const l of saved.ledgers) this.ledgers.set(l.account, new Ledger(l));
    this.book = new OrderBook(saved.book);
    this.executions = new ExecutionLog(saved.executions);
    this.sessionDate = saved.sessionDate;
    for (const [clientId, next] of saved.nextIds) state.orderIds.noteUsed(clientId, next - 1);
  }

  toJSON(): PaperBrokerData {
    return {
      version: 2,
      clock: this.state.now(),
      sessionDate: this.sessionDate,
      ledgers: [...this.ledgers].map(([account, l]) => ({ account, ...l.toJSON() })),
      book: this.book.toJSON(),
      executions: this.executions.toJSON(),
      nextIds: this.state.orderIds.entries(),
    };
  }

  /** Something persisted changed: committed before the next reply is sent (or within 25 ms). */
  changed(): void {
    this.store?.markDirty();
  }

  /** Writes any pending change now (close, tests). */
  async save(): Promise<void> {
    if (this.store) {
      this.store.markDirty();
      await this.store.flush();
    }
  }

  ledger(account: string): Ledger {
    const l = this.ledgers.get(account);
    if (!l) throw new Error(`paper broker: unknown account ${account}`);
    return l;
  }

  /** The account an order names ("" = the first managed account), or undefined when it is not managed. */
  resolveAccount(account: string): string | undefined {
    if (!account) return this.state.accounts[0];
    return this.ledgers.has(account) ? account : undefined;
  }

  values(account: string, t = this.state.now()): AccountValues {
    return accountValues(this.ledger(account), this.marks.at(t), REG_T);
  }

  /** A position of an account by the conId of its instrument. */
  positionByConId(account: string, conId: number): Position | undefined {
    for (const p of this.ledger(account).positions.values()) if (p.instrument.conId === conId) return p;
    return undefined;
  }

  onAccountChange(fn: AccountListener): void {
    this.listeners.push(fn);
  }

  /** Positions or cash of `account` changed (fills, expiry): the account module pushes updates. */
  accountChanged(account: string, conIds: readonly number[]): void {
    for (const fn of this.listeners) fn(account, conIds);
    this.changed();
  }

  /** Queues a message for the order's owner (and client-0 auto-bind sessions). */
  sendToOwner(o: PaperOrder, body: string): void {
    const s = this.state.byClientId.get(o.clientId);
    if (s) s.send(body);
    for (const a of this.autoBound) if (a !== s && a.phase === 'ready') a.send(body);
  }

  /** Sends whatever other connections have queued (a request can affect other clients' orders). */
  flushAll(): void {
    for (const s of this.state.sessions) s.flush();
  }

  /** Shown size still available on one side of a quote at instant t. */
  available(conId: number, buy: boolean, shown: number, t: number): number {
    if (t !== this.liquidityAt) {
      this.liquidity.clear();
      this.liquidityAt = t;
    }
    return Math.max(0, shown - (this.liquidity.get(`${conId}:${buy ? 'B' : 'S'}`) ?? 0));
  }

  take(conId: number, buy: boolean, size: number, t: number): void {
    this.available(conId, buy, 0, t);
    const k = `${conId}:${buy ? 'B' : 'S'}`;
    this.liquidity.set(k, (this.liquidity.get(k) ?? 0) + size);
  }

  /** Saves the state one last time (the replay clock included, so a restart continues from here). */
  async close(): Promise<void> {
    await this.save();
  }
}

/** Version 1 of the state file: positions by conId with their wire fields (converted on load). */
interface V1Data {
  version: 1;
  clock: number;
  sessionDate: number;
  ledgers: { account: string; cash: number; realizedToday: number; positions: { conId: number; qty: number; avgCost: number; realizedToday: number; dayStartValue: number; dayCashFlow: number }[] }[];
  book: OrderBookData;
  executions: ExecutionLogData;
  nextIds: [clientId: number, next: number][];
}

function upgradeV1(v1: V1Data, state: SimulatorState): PaperBrokerData {
  const ledgers: AccountBooks[] = v1.ledgers.map((l) => ({
    account: l.account,
    cash: l.cash,
    realizedToday: l.realizedToday,
    positions: l.positions.flatMap((p) => {
      const inst = instrumentById(state.catalogue, p.conId);
      if (!inst) {
        state.log(`paper broker: a saved position in conId ${p.conId} has no listing any more; dropped`);
        return [];
      }
      const instrument = plainInstrument(inst);
      return [{ key: instrumentKeyOf(instrument), instrument, qty: p.qty, avgCost: p.avgCost, realized: 0, realizedToday: p.realizedToday, dayStartValue: p.dayStartValue, dayCashFlow: p.dayCashFlow }];
    }),
  }));
  // Version 1 orders predate the shared order model: open ones cannot be carried over.
  const open = v1.book.orders.filter((o) => !['Filled', 'Cancelled', 'Inactive'].includes((o as { status: string }).status));
  if (open.length > 0) state.log(`paper broker: ${open.length} open order(s) of an older state version were dropped`);
  return { version: 2, clock: v1.clock, sessionDate: v1.sessionDate, ledgers, book: { orders: [], highestIds: v1.book.highestIds, nextPermId: v1.book.nextPermId }, executions: v1.executions, nextIds: v1.nextIds };
}
