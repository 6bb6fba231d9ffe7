// The engine's broker seam (shared/broker/broker.ts, trading-model §7) over the TWS API, so the same
// strategy objects that run in a backtest run against TWS / IB Gateway (docs/bridge.md §3).
//
// submit(ticket, exits) is synchronous, as the seam demands, and fails closed:
//   1. a ref (the intent id) seen before answers with that order — from this process, or from the
//      journal through the IntentIndex — and never makes a second order;
//   2. refusals are returned, never thrown: a malformed ticket (the shared ibkr-rules), an index, a
//      connection that is not ready (P3: the library would queue the order and send it later), no
//      order id reserved yet;
//   3. order ids come from the OrderIdStore's durable high-water mark (`takeReserved`): available at
//      once, never reused across crashes, reconnects or a Gateway that rolls nextValidId back (P4);
//   4. the accepted Order comes back in PendingSubmit. Then, asynchronously: a combo's legs get their
//      conIds (ContractResolver), every order of the group is journaled ('order-submitted', fsync'd),
//      and only then — if the connection is still ready on the same session — placeOrder is called
//      (a bracket's parent and children with transmit=false on all but the last, ib-protocol §6). Any
//      failure on the way arrives as onOrderStatus with status Inactive or Cancelled and a `reason`.
// Events from TWS: orderStatus is journaled (repeats dropped: IBKR sends most statuses twice) and
// then reported; execDetails and commissionReport are joined by execId into one Fill, journaled both,
// and onFill is called once per execId, before the status that the fill completes (an order's fills
// are always reported before its final status). openOrder updates an order's fields (a modification
// shows there once TWS took it) and its permId. Errors naming one of our order ids attach their text
// as the order's `reason`; a hard error before TWS acknowledged the order ends it as Inactive.
// Orders placed by others are not this broker's: reconciliation flags them.
import { EventName, type CommissionReport, type Contract, type Execution, type IBApi, type Order as IbOrder, type OrderState } from '@stoqey/ib';
import type { Broker, BrokerListener, OrderChanges, SubmitResult } from '../../shared/broker/broker.ts';
import { offTickPrice, ticketProblem } from '../../shared/broker/ibkr-rules.ts';
import type { Fill } from '../../shared/domain/fill.ts';
import { instrumentKey, type HoldableInstrument, type Instrument } from '../../shared/domain/instrument.ts';
import { isDone, type Order, type OrderStatus, type OrderTicket } from '../../shared/domain/order.ts';
import type { Clock } from '../../shared/time/clock.ts';
import type { IntentIndex } from '../journal/intent-index.ts';
import type { ExecutionEntry, JournalEntry } from '../journal/journal-entry.ts';
import type { Journal } from '../journal/journal.ts';
import type { OrderIdStore } from '../journal/order-id-store.ts';
import { parseTwsDateTime } from '../../shared/time/tws-time.ts';
import { ContractResolver, contractOf } from './contract-mapping.ts';
import { ExecutionJoin } from './execution-join.ts';
import { ibOrderOf } from './order-fields.ts';
import type { TwsConnection } from './tws-connection.ts';

/** An order as this broker reports it: the shared Order plus why it ended (or the last TWS error). */
export type ReportedOrder = Order & { reason?: string; permId?: number };

export interface IbkrBrokerOptions {
  readonly conn: TwsConnection;
  /** The same store the connection feeds nextValidId into. */
  readonly orderIds: OrderIdStore;
  readonly journal: Journal;
  /** Built from the journal and kept current by its owner (journal.onAppend → apply). */
  readonly intents: IntentIndex;
  /** The account every order names (P11); default: the first account TWS announced. */
  readonly account?: string;
  /** placedAt stamps (default: the system clock). */
  readonly clock?: Clock;
  readonly resolver?: ContractResolver;
  /** Ids reserved ahead durably (default 64); refilled when half are used. */
  readonly idBlock?: number;
  /** A fill whose commission report has not come after this long is reported with commission 0 (default 10 000 ms). */
  readonly commissionWaitMs?: number;
  /** After a hard error on an order TWS has not acknowledged, how long to wait for its status before ending it Inactive (default 500 ms). */
  readonly errorGraceMs?: number;
  /** Problems an operator must see (a listener threw, the journal failed, an unknown status). */
  readonly onProblem?: (message: string) => void;
}

interface Tracked {
  readonly order: ReportedOrder;
  /** The instrument as sent (combo legs with conIds). */
  instrument: Instrument;
  /** placeOrder was called (or may have been, for an order restored from the journal). */
  placed: boolean;
  /** TWS reported a status for it. */
  acked: boolean;
  cancelAsked: boolean;
  /** The connection session it was accepted on. */
  session: number;
  /** TWS's last status and cumulative filled units (applied once the fills up to it were reported). */
  tws?: { status: OrderStatus; filled: number; avgFillPrice: number };
  /** Units reported through onFill so far, per leg key for combos (the order's own key otherwise). */
  readonly delivered: Map<string, number>;
  /** Σ price × qty of the reported fills (single orders' average price). */
  notional: number;
}

const DONE_STATUSES: ReadonlySet<string> = new Set(['Filled', 'Cancelled', 'Inactive']);
const TWS_STATUS: Readonly<Record<string, OrderStatus>> = {
  PendingSubmit: 'PendingSubmit',
  ApiPending: 'PendingSubmit',
  PreSubmitted: 'PreSubmitted',
  Submitted: 'Submitted',
  PendingCancel: 'PendingCancel',
  ApiCancelled: 'Cancelled',
  Cancelled: 'Cancelled',
  Filled: 'Filled',
  Inactive: 'Inactive',
};
/** Errors about an order that do not end it (warnings below 2000). */
const ORDER_WARNINGS: ReadonlySet<number> = new Set([399, 404, 161, 202, 10147, 10148]);
const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const finite = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

export class IbkrBroker implements Broker {
  private readonly conn: TwsConnection;
  private readonly store: OrderIdStore;
  private readonly journal: Journal;
  private readonly intents: IntentIndex;
  private readonly clock: Clock;
  readonly resolver: ContractResolver;
  private readonly idBlock: number;
  private listeners: BrokerListener[] = [];
  /** Every order known (this process's and the journal's), in submission order. */
  private readonly byId = new Map<number, Tracked>();
  private readonly byPerm = new Map<number, Tracked>();
  private readonly byRef = new Map<string, Tracked>();
  private readonly attached = new WeakSet<IBApi>();
  /** Executions joined with their commissions by execId, reported once each. */
  private readonly fills: ExecutionJoin<Tracked>;
  private refilling: Promise<void> | undefined;
  /** placeOrder calls happen in submission (= order id) order. */
  private sendChain: Promise<void> = Promise.resolve();
  private readonly readyWaiters = new Set<() => void>();

  constructor(private readonly options: IbkrBrokerOptions) {
    this.conn = options.conn;
    this.store = options.orderIds;
    this.journal = options.journal;
    this.intents = options.intents;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.resolver = options.resolver ?? new ContractResolver(options.conn);
    this.idBlock = options.idBlock ?? 64;
    this.fills = new ExecutionJoin<Tracked>({
      journal: this.journal,
      waitMs: options.commissionWaitMs ?? 10_000,
      deliver: (entry, commission, t) => this.deliverFill(entry, commission, t),
      problem: (m) => this.problem(m),
    });
    this.restore(this.journal.entries);
    this.conn.on('client', (api) => this.attach(api));
    this.conn.on('ready', (r) => {
      this.attach(r.api);
      this.refill();
    });
    const api = this.conn.readyApi();
    if (api) {
      this.attach(api);
      this.refill();
    }
  }

  // ---- the seam --------------------------------------------------------------------------------

  listen(listener: BrokerListener): () => void {
    this.listeners.push(listener);
    // A new array (copy on write): a report under way keeps the list it started with.
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** How many listeners are attached (a finished strategy run leaves none behind). */
  get listenerCount(): number {
    return this.listeners.length;
  }

  openOrders(): readonly Order[] {
    const out: Order[] = [];
    for (const t of this.byId.values()) if (!isDone(t.order)) out.push(t.order);
    return out;
  }

  /** Orders can be submitted now: the connection is ready and order ids are reserved. */
  isReady(): boolean {
    return this.conn.isReady() && this.store.reservedCount() > 0;
  }

  /** Resolves once isReady() (now or later); rejects after `timeoutMs`. */
  whenReady(timeoutMs = 5000): Promise<void> {
    if (this.isReady()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.isReady()) return;
        clearTimeout(timer);
        this.readyWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.readyWaiters.delete(check);
        reject(new Error(`IBKR broker not ready within ${timeoutMs} ms (connection ${this.conn.state}, ${this.store.reservedCount()} order ids reserved)`));
      }, timeoutMs);
      this.readyWaiters.add(check);
      if (this.conn.isReady()) this.refill();
    });
  }

  /** The order that carries out an intent id, if any. */
  orderOfRef(ref: string): ReportedOrder | undefined {
    return this.existing(ref)?.order;
  }

  submit(ticket: OrderTicket, exits: readonly OrderTicket[] = []): SubmitResult {
    if (typeof ticket?.ref !== 'string' || ticket.ref === '') return { ok: false, reason: 'every order needs its intent id as ref (IBKR orderRef)' };
    const known = this.existing(ticket.ref);
    if (known) return { ok: true, order: known.order };
    const seen = this.intents.get(ticket.ref);
    // The journal links the intent to an order this broker has no ticket for (reconciliation found it): never a second one.
    if (seen?.stage === 'order') return { ok: false, reason: `intent ${ticket.ref} already has order ${seen.orderId ?? '?'} (${seen.status ?? 'status unknown'}); an intent id never makes a second order` };
    if (seen?.stage === 'denied') return { ok: false, reason: `intent ${ticket.ref} was denied before (${seen.code ?? 'denied'}); an intent id is never reused` };
    for (const t of [ticket, ...exits]) {
      const problem = this.refusal(t);
      if (problem) return { ok: false, reason: problem };
    }
    const ready = this.conn.readyInfo();
    if (!ready) return { ok: false, reason: `the TWS connection is not ready (${this.conn.state}): no order is sent while disconnected` };
    const needed = 1 + exits.length;
    if (this.store.reservedCount() < needed) {
      this.refill();
      return { ok: false, reason: 'no order id is reserved yet (the id store is writing its high-water mark); try again' };
    }
    const now = this.clock.now();
    const parent = this.track(ticket, this.store.takeReserved()!, ready.session, now);
    const group = [parent];
    const oca = exits.length > 1 ? `bracket-${parent.order.id}` : undefined;
    for (const e of exits) {
      const child = this.track(e, this.store.takeReserved()!, ready.session, now);
      child.order.parentId = parent.order.id;
      child.order.ocaGroup = e.ocaGroup ?? oca;
      child.order.reduceOnly = true;
      group.push(child);
    }
    if (this.store.reservedCount() < this.idBlock / 2) this.refill();
    this.send(group);
    return { ok: true, order: parent.order };
  }

  modify(orderId: number, changes: OrderChanges): boolean {
    const t = this.byId.get(orderId);
    if (!t || isDone(t.order) || t.cancelAsked) return false;
    const api = this.conn.readyApi();
    if (!api || !t.placed) return false;
    const ticket: OrderTicket = { ...this.ticketOf(t.order, t.instrument), ...changes };
    if (this.refusal(ticket)) return false;
    const session = this.conn.readyInfo()!.session;
    void this.journal.append({ kind: 'order-submitted', orderId, orderRef: t.order.ref, ticket, ...(t.order.permId ? { permId: t.order.permId } : {}) }).then(
      () => {
        const now = this.conn.readyApi();
        if (!now || this.conn.readyInfo()?.session !== session || isDone(t.order)) return;
        const parentAlive = t.order.parentId !== undefined && !isDone(this.byId.get(t.order.parentId)?.order ?? { status: 'Filled' });
        this.place(now, t, ticket, { transmit: true, parentId: parentAlive ? t.order.parentId : undefined });
      },
      (err: unknown) => this.problem(`order ${orderId}: the modification was not journaled, so not sent: ${describe(err)}`),
    );
    return true;
  }

  cancel(orderId: number): boolean {
    const t = this.byId.get(orderId);
    if (!t || isDone(t.order) || t.cancelAsked) return false;
    if (!t.placed) {
      // Still on its way (journaling): it will not be sent.
      t.cancelAsked = true;
      return true;
    }
    const api = this.conn.readyApi();
    if (!api) return false;
    t.cancelAsked = true;
    void this.journal.append({ kind: 'cancel', orderId, orderRef: t.order.ref }).then(
      () => {
        const now = this.conn.readyApi();
        if (!now) {
          t.cancelAsked = false;
          this.problem(`order ${orderId}: the connection went down before the cancel could be sent`);
          return;
        }
        try {
          now.cancelOrder(orderId, '');
        } catch (err) {
          t.cancelAsked = false;
          this.problem(`order ${orderId}: cancelOrder failed: ${describe(err)}`);
        }
      },
      (err: unknown) => {
        t.cancelAsked = false;
        this.problem(`order ${orderId}: the cancel was not journaled, so not sent: ${describe(err)}`);
      },
    );
    return true;
  }

  // ---- submitting --------------------------------------------------------------------------------

  private refusal(t: OrderTicket): string | undefined {
    if (!t || typeof t !== 'object' || !t.instrument) return 'not an order ticket';
    if (t.instrument.secType === 'IND') return `${instrumentKey(t.instrument)}: an index cannot be traded`;
    const problem = ticketProblem(t);
    if (problem) return problem;
    const tick = offTickPrice(t);
    if (tick !== undefined) return `a price of the order is not a multiple of the minimum tick ${tick} (TWS error 110)`;
    if (typeof t.ref !== 'string' || t.ref === '') return 'every order needs its intent id as ref (IBKR orderRef)';
    return undefined;
  }

  private existing(ref: string): Tracked | undefined {
    const mine = this.byRef.get(ref);
    if (mine) return mine;
    const seen = this.intents.get(ref);
    if (seen?.stage === 'order' && seen.orderId !== undefined) return this.byId.get(seen.orderId);
    return undefined;
  }

  private track(ticket: OrderTicket, id: number, session: number, now: number): Tracked {
    const order: ReportedOrder = {
      instrument: ticket.instrument,
      side: ticket.side,
      quantity: ticket.quantity,
      type: ticket.type,
      limitPrice: ticket.limitPrice,
      stopPrice: ticket.stopPrice,
      trailAmount: ticket.trailAmount,
      trailPercent: ticket.trailPercent,
      tif: ticket.tif,
      ocaGroup: ticket.ocaGroup,
      parentId: ticket.parentId,
      reduceOnly: ticket.reduceOnly,
      openClose: ticket.openClose,
      ref: ticket.ref,
      id,
      status: 'PendingSubmit',
      filled: 0,
      avgFillPrice: 0,
      commission: 0,
      placedAt: now,
      triggered: false,
      trailStop: Number.NaN,
    };
    const t: Tracked = { order, instrument: ticket.instrument, placed: false, acked: false, cancelAsked: false, session, delivered: new Map(), notional: 0 };
    this.byId.set(id, t);
    if (!this.byRef.has(ticket.ref)) this.byRef.set(ticket.ref, t);
    return t;
  }

  /**
   * Resolve → journal (concurrently with other submits) → placeOrder (still ready, same session), in
   * submission order: TWS refuses an id below one it has already seen (103), so a submit whose
   * contract lookup is slow holds back the ones after it.
   */
  private send(group: Tracked[]): void {
    const prepared = this.prepare(group);
    const turn = this.sendChain.then(() => prepared).then((ok) => (ok ? this.dispatch(group) : undefined));
    this.sendChain = turn.catch((err: unknown) => this.problem(`order ${group[0].order.id}: ${describe(err)}`));
  }

  /** Contract conIds, then 'order-submitted' for every order of the group; false when it failed (orders ended). */
  private async prepare(group: Tracked[]): Promise<boolean> {
    const parent = group[0];
    try {
      const instrument = await this.resolver.resolve(parent.instrument);
      for (const t of group) t.instrument = t.instrument === parent.instrument ? instrument : t.instrument;
    } catch (err) {
      await this.failGroup(group, 'Inactive', `the contract could not be resolved: ${describe(err)}`);
      return false;
    }
    for (const t of group) this.resolver.learn(t.instrument);
    try {
      await Promise.all(group.map((t) => this.journal.append({ kind: 'order-submitted', orderId: t.order.id, orderRef: t.order.ref, ticket: this.ticketOf(t.order, t.instrument) })));
    } catch (err) {
      await this.failGroup(group, 'Inactive', `the order was not journaled, so it was not sent: ${describe(err)}`);
      return false;
    }
    return true;
  }

  private async dispatch(group: Tracked[]): Promise<void> {
    const parent = group[0];
    const ready = this.conn.readyInfo();
    if (!ready) return this.failGroup(group, 'Cancelled', `the TWS connection is not ready (${this.conn.state}): the order was not sent`);
    if (ready.session !== parent.session) return this.failGroup(group, 'Cancelled', 'the TWS connection was replaced before the order was sent: it was not sent');
    if (parent.cancelAsked) return this.failGroup(group, 'Cancelled', 'cancelled before it was sent');
    for (let i = 0; i < group.length; i++) {
      const t = group[i];
      t.placed = true;
      const ok = this.place(ready.api, t, this.ticketOf(t.order, t.instrument), { transmit: i === group.length - 1, parentId: i === 0 ? undefined : parent.order.id, bracketChild: i > 0 });
      if (!ok) return this.failGroup(group.slice(i), 'Inactive', t.order.reason ?? 'placeOrder failed');
    }
  }

  /** One placeOrder; false (with the reason on the order) when the library threw. */
  private place(api: IBApi, t: Tracked, ticket: OrderTicket, how: { transmit: boolean; parentId?: number; bracketChild?: boolean }): boolean {
    const account = this.options.account ?? this.conn.readyInfo()?.accounts[0];
    const protective = how.bracketChild === true || t.order.reduceOnly === true;
    try {
      api.placeOrder(t.order.id, contractOf(t.instrument), ibOrderOf(t.order.id, ticket, { transmit: how.transmit, parentId: how.parentId, account, ocaGroup: t.order.ocaGroup, protective }));
      return true;
    } catch (err) {
      t.order.reason = `placeOrder failed: ${describe(err)}`;
      return false;
    }
  }

  /** Ends orders that never reached TWS (journaled as such), children first so the parent's status comes last. */
  private async failGroup(group: readonly Tracked[], status: 'Inactive' | 'Cancelled', reason: string): Promise<void> {
    for (const t of [...group].reverse()) {
      if (isDone(t.order)) continue;
      t.order.reason = reason;
      await this.finishLocally(t, status, reason);
    }
  }

  private async finishLocally(t: Tracked, status: 'Inactive' | 'Cancelled', reason: string): Promise<void> {
    try {
      await this.journal.appendOrderStatus({ kind: 'order-status', orderId: t.order.id, permId: 0, status, filled: t.order.filled, remaining: Math.max(0, t.order.quantity - t.order.filled), avgFillPrice: t.order.avgFillPrice, orderRef: t.order.ref, message: reason });
    } catch (err) {
      this.problem(`order ${t.order.id}: its end (${status}: ${reason}) was not journaled: ${describe(err)}`);
    }
    t.order.status = status;
    this.emitStatus(t.order);
  }

  /** The ticket an order stands for (what is journaled and sent). */
  private ticketOf(o: Order, instrument: Instrument = o.instrument): OrderTicket {
    const t: Record<string, unknown> = { instrument, side: o.side, quantity: o.quantity, type: o.type, tif: o.tif, ref: o.ref };
    for (const k of ['limitPrice', 'stopPrice', 'trailAmount', 'trailPercent', 'ocaGroup', 'parentId', 'reduceOnly', 'openClose'] as const) if (o[k] !== undefined) t[k] = o[k];
    return t as unknown as OrderTicket;
  }

  /**
   * A placeOrder that is not one of this broker's orders (the order preview's whatIf) under an order id
   * from the same block, in the send order: after every order submitted before it has been placed (or
   * failed), before any submitted after it — TWS refuses an id below one it has already seen (103), so a
   * whatIf placed ahead of a real order still resolving its contract would get that order refused.
   * Resolves with the id used; rejects (nothing placed) when no id is reserved or TWS is not ready at its turn.
   */
  placeOutOfBand(place: (api: IBApi, orderId: number) => void): Promise<number> {
    const id = this.store.takeReserved();
    if (this.store.reservedCount() < this.idBlock / 2) this.refill();
    if (id === undefined) return Promise.reject(new Error('no order id is reserved yet (the id store is writing its high-water mark); try again'));
    const turn = this.sendChain.then(() => {
      const ready = this.conn.readyInfo();
      if (!ready) throw new Error(`the TWS connection is not ready (${this.conn.state})`);
      place(ready.api, id);
      return id;
    });
    this.sendChain = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Keeps a block of order ids reserved ahead on disk. */
  private refill(): void {
    if (this.refilling) return;
    this.refilling = this.store
      .reserveAhead(this.idBlock)
      .then(
        () => undefined,
        (err: unknown) => this.problem(`order ids could not be reserved: ${describe(err)}`),
      )
      .finally(() => {
        this.refilling = undefined;
        for (const w of [...this.readyWaiters]) w();
      });
  }

  // ---- events from TWS ---------------------------------------------------------------------------

  private attach(api: IBApi): void {
    if (this.attached.has(api)) return;
    this.attached.add(api);
    const guard =
      <A extends unknown[]>(what: string, fn: (...args: A) => void) =>
      (...args: A) => {
        try {
          fn(...args);
        } catch (err) {
          this.problem(`${what}: ${describe(err)}`);
        }
      };
    api.on(EventName.orderStatus, guard('orderStatus', (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number, _p?: number, _l?: number, clientId?: number) => this.onStatus(orderId, status, filled, remaining, avgFillPrice, permId, clientId)));
    api.on(EventName.openOrder, guard('openOrder', (orderId: number, contract: Contract, order: IbOrder, state: OrderState) => this.onOpenOrder(orderId, contract, order, state)));
    api.on(EventName.execDetails, guard('execDetails', (_reqId: number, contract: Contract, execution: Execution) => this.onExecution(contract, execution)));
    api.on(EventName.commissionReport, guard('commissionReport', (report: CommissionReport) => this.onCommission(report)));
    api.on(EventName.error, guard('error', (err: Error, code: number, reqId: number) => this.onError(err, code, reqId)));
  }

  /** Our order for an id / permId TWS names (another client's order with the same id is not ours). */
  private mine(orderId: unknown, permId: unknown, clientId?: unknown): Tracked | undefined {
    if (typeof permId === 'number' && permId > 0) {
      const t = this.byPerm.get(permId);
      if (t) return t;
    }
    if (typeof orderId !== 'number' || orderId <= 0) return undefined;
    if (typeof clientId === 'number' && clientId !== this.conn.clientId) return undefined;
    const t = this.byId.get(orderId);
    if (t && typeof permId === 'number' && permId > 0) {
      if (t.order.permId && t.order.permId !== permId) return undefined;
      t.order.permId = permId;
      this.byPerm.set(permId, t);
    }
    return t;
  }

  private onStatus(orderId: number, rawStatus: string, filled: number, remaining: number, avgFillPrice: number, permId: number | undefined, clientId: number | undefined): void {
    const t = this.mine(orderId, permId, clientId);
    if (!t) return;
    const status = TWS_STATUS[String(rawStatus)];
    if (!status) return this.problem(`order ${orderId}: unknown status '${String(rawStatus)}' ignored`);
    t.acked = true;
    const next = { status, filled: finite(filled), avgFillPrice: finite(avgFillPrice) };
    const last = t.tws;
    if (last && last.status === next.status && last.filled === next.filled && last.avgFillPrice === next.avgFillPrice) return; // IBKR repeats statuses
    if (last && DONE_STATUSES.has(last.status)) return; // a done order stays done
    t.tws = next;
    void this.journal
      .appendOrderStatus({ kind: 'order-status', orderId: t.order.id, permId: finite(permId), status, filled: next.filled, remaining: finite(remaining), avgFillPrice: next.avgFillPrice, orderRef: t.order.ref })
      .then(
        () => this.applyStatus(t),
        (err: unknown) => this.problem(`order ${orderId}: status ${status} not journaled, not reported: ${describe(err)}`),
      );
  }

  /** Reports TWS's status once every fill up to its filled quantity was reported. */
  private applyStatus(t: Tracked): void {
    const tws = t.tws;
    if (!tws || isDone(t.order)) return;
    if (this.deliveredUnits(t) < tws.filled) return; // its fills come first (applyStatus runs again after each)
    if (t.order.status === tws.status) return;
    t.order.status = tws.status;
    if (tws.status === 'Cancelled' && t.order.reason === undefined) t.order.reason = 'cancelled';
    if (t.instrument.secType === 'BAG' && tws.filled > 0) {
      t.order.filled = tws.filled;
      t.order.avgFillPrice = tws.avgFillPrice;
    }
    this.emitStatus(t.order);
  }

  private onOpenOrder(orderId: number, _contract: Contract, o: IbOrder, _state: OrderState): void {
    const t = this.mine(orderId, o?.permId, o?.clientId);
    if (!t || !o) return;
    // A modification shows here once TWS took it.
    const ord = t.order as { -readonly [K in keyof ReportedOrder]: ReportedOrder[K] };
    if (typeof o.totalQuantity === 'number' && o.totalQuantity > 0) ord.quantity = o.totalQuantity;
    if (typeof o.lmtPrice === 'number' && Number.isFinite(o.lmtPrice) && (ord.type === 'LMT' || ord.type === 'STP LMT')) ord.limitPrice = o.lmtPrice;
    if (typeof o.auxPrice === 'number' && Number.isFinite(o.auxPrice)) {
      if (ord.type === 'STP' || ord.type === 'STP LMT') ord.stopPrice = o.auxPrice;
      else if (ord.type === 'TRAIL' && ord.trailPercent === undefined) ord.trailAmount = o.auxPrice;
    }
    if (typeof o.tif === 'string' && (o.tif === 'DAY' || o.tif === 'GTC' || o.tif === 'IOC')) ord.tif = o.tif;
  }

  private onError(err: Error, code: number, reqId: number): void {
    if (typeof reqId !== 'number' || reqId <= 0 || code >= 2000) return;
    const t = this.byId.get(reqId);
    if (!t || isDone(t.order)) return;
    const text = `${code}: ${err?.message ?? String(err)}`;
    t.order.reason = text;
    // A hard error before TWS acknowledged the order: it never reached the book (200, 103, 110, 321, …)
    // — unless a status follows within the grace period (a 201 rejection comes with Inactive).
    if (!t.acked && t.placed && !ORDER_WARNINGS.has(code)) {
      const timer = setTimeout(() => {
        if (t.acked || isDone(t.order)) return;
        t.acked = true;
        void this.finishLocally(t, 'Inactive', text);
      }, this.options.errorGraceMs ?? 500);
      timer.unref?.();
    }
  }

  private onExecution(contract: Contract, e: Execution): void {
    const execId = typeof e?.execId === 'string' ? e.execId : '';
    if (execId === '' || this.fills.has(execId)) return;
    const t = this.mine(e.orderId, e.permId, e.clientId);
    if (!t || String(contract?.secType).toUpperCase() === 'BAG') return; // a combo's legs carry its fills
    const qty = finite(e.shares);
    const price = finite(e.price, Number.NaN);
    if (!(qty > 0) || !Number.isFinite(price)) return this.problem(`execution ${execId}: shares ${String(e.shares)} / price ${String(e.price)} not usable`);
    const instrument = this.fillInstrument(t, contract);
    if (!instrument) return this.problem(`execution ${execId} of order ${t.order.id}: its contract (${String(contract?.secType)} ${String(contract?.symbol)} conId ${String(contract?.conId)}) is not one of the order's`);
    this.fills.execution(
      {
        kind: 'execution',
        execId,
        orderId: t.order.id,
        permId: finite(e.permId),
        orderRef: typeof e.orderRef === 'string' ? e.orderRef : t.order.ref,
        instrument,
        side: String(e.side).toUpperCase().startsWith('B') ? 'BUY' : 'SELL',
        qty,
        price,
        execTime: (typeof e.time === 'string' ? parseTwsDateTime(e.time) : null) ?? this.clock.now(),
      },
      t,
    );
  }

  private onCommission(r: CommissionReport): void {
    const execId = typeof r?.execId === 'string' ? r.execId : '';
    this.fills.commission(execId, r?.commission, typeof r?.currency === 'string' && r.currency !== '' ? r.currency : 'USD');
  }

  /** onFill for an execution of `t` whose execution and commission are durable; then the status it completes. */
  private deliverFill(e: ExecutionEntry, commission: number, t: Tracked): void {
    const key = instrumentKey(e.instrument);
    t.delivered.set(key, (t.delivered.get(key) ?? 0) + e.qty);
    const o = t.order;
    o.commission += commission;
    if (t.instrument.secType !== 'BAG') {
      t.notional += e.price * e.qty;
      o.filled = t.delivered.get(key)!;
      o.avgFillPrice = t.notional / o.filled;
    } else {
      o.filled = this.deliveredUnits(t);
    }
    const fill: Fill = { orderId: o.id, instrument: e.instrument, qty: e.side === 'BUY' ? e.qty : -e.qty, price: e.price, commission, time: e.execTime, ref: o.ref, execId: e.execId };
    for (const l of this.listeners) {
      try {
        l.onFill(fill, o);
      } catch (err) {
        this.problem(`a broker listener's onFill threw: ${describe(err)}`);
      }
    }
    this.applyStatus(t);
  }

  /** The holdable instrument an execution of `t` traded (a combo's leg by conId). */
  private fillInstrument(t: Tracked, contract: Contract): HoldableInstrument | undefined {
    const inst = t.instrument;
    const conId = typeof contract?.conId === 'number' ? contract.conId : undefined;
    if (inst.secType !== 'BAG') {
      if (inst.secType === 'IND') return undefined;
      if (inst.conId === undefined && conId !== undefined && conId > 0) {
        const learned = { ...inst, conId } as HoldableInstrument;
        t.instrument = learned;
        this.resolver.learn(learned);
        return learned;
      }
      return inst;
    }
    const leg = inst.legs.find((l) => l.instrument.conId !== undefined && l.instrument.conId === conId);
    return leg?.instrument;
  }

  /** Units of the order reported through onFill (a combo: whole combo units all legs have reached). */
  private deliveredUnits(t: Tracked): number {
    const inst = t.instrument;
    if (inst.secType !== 'BAG') return t.delivered.get(instrumentKey(inst)) ?? 0;
    let units = Infinity;
    for (const l of inst.legs) units = Math.min(units, (t.delivered.get(instrumentKey(l.instrument)) ?? 0) / l.ratio);
    return Number.isFinite(units) ? units : 0;
  }

  // ---- restart -----------------------------------------------------------------------------------

  /** Orders, statuses and executions from the journal: what an earlier run of the bridge sent and saw. */
  private restore(entries: readonly JournalEntry[]): void {
    for (const e of entries) {
      switch (e.kind) {
        case 'order-submitted': {
          const known = this.byId.get(e.orderId);
          if (known) {
            const o = known.order as { -readonly [K in keyof ReportedOrder]: ReportedOrder[K] };
            Object.assign(o, { quantity: e.ticket.quantity, limitPrice: e.ticket.limitPrice, stopPrice: e.ticket.stopPrice, trailAmount: e.ticket.trailAmount, trailPercent: e.ticket.trailPercent, tif: e.ticket.tif });
            break;
          }
          const t = this.track(e.ticket, e.orderId, -1, Date.parse(e.time));
          t.placed = true;
          t.instrument = e.ticket.instrument;
          if (e.ticket.parentId !== undefined) t.order.parentId = e.ticket.parentId;
          this.resolver.learn(e.ticket.instrument);
          break;
        }
        case 'order-status': {
          const t = this.byId.get(e.orderId);
          if (!t || e.external) break;
          t.acked = e.permId !== 0;
          if (e.permId) {
            t.order.permId = e.permId;
            this.byPerm.set(e.permId, t);
          }
          t.tws = { status: e.status, filled: e.filled, avgFillPrice: e.avgFillPrice };
          t.order.status = e.status;
          t.order.filled = e.filled;
          t.order.avgFillPrice = e.avgFillPrice;
          if (e.message) t.order.reason = e.message;
          break;
        }
        case 'execution': {
          this.fills.history(e.execId);
          const t = this.byId.get(e.orderId);
          if (t) {
            const key = instrumentKey(e.instrument);
            t.delivered.set(key, (t.delivered.get(key) ?? 0) + e.qty);
            t.notional += e.price * e.qty;
          }
          break;
        }
        case 'commission':
          this.fills.commissionHistory(e.execId);
          break;
        default:
          break;
      }
    }
  }

  // ---- reporting ---------------------------------------------------------------------------------

  private emitStatus(o: Order): void {
    for (const l of this.listeners) {
      try {
        l.onOrderStatus(o);
      } catch (err) {
        this.problem(`a broker listener's onOrderStatus threw: ${describe(err)}`);
      }
    }
  }

  private problem(message: string): void {
    try {
      (this.options.onProblem ?? ((m: string) => console.warn(`ibkr-broker: ${m}`)))(message);
    } catch {
      // a reporting hook that throws must not break the order path
    }
  }
}
