// The fail-closed order guard (docs/trading-model.md §11.5): a Broker around any Broker (the IBKR
// broker, or the backtest's SimVenue in tests) that lets an order or a modification reach it only when
// every check holds, in this order:
//   1. the TWS connection is ready (else NOT_CONNECTED: the inner broker is never called, so the
//      library can never queue an order and send it later — ib-protocol.md §7);
//   2. the bridge is not reconciling (RECONCILING: bridge/ib/reconcile.ts's Reconciler says so — true
//      from start and after every reconnect until a round has completed);
//   3. the order carries a runner lease stamp whose fencing token is the strategy's current one and
//      unexpired (NO_LEASE, LEASE_EXPIRED, STALE_FENCING_TOKEN — docs/trading-model.md §11.6);
//   4. the intent is fresh on the bridge's clock (STALE_INTENT);
//   5. the ticket is one IBKR accepts (ORDER_REFUSED, with the problem);
//   6. the kill switch (TRADING_HALTED / TRADING_REDUCING: only reducing orders pass);
//   7. the live limits of shared/risk/order-limits.ts against the bridge's own books.
// A cancel passes whenever the connection is ready — HALTED, REDUCING, reconciling or without a lease
// (cancels only reduce risk). A modification that only lowers the quantity passes like a cancel; any
// other is checked like a new order. Denials are returned (never thrown) with the code and its
// sentence, and emitted as 'denial' events for the journal and the app. A repeated intent id answers
// with the order it already made (orderOfRef), before any check: nothing is sent for it.
import { EventEmitter } from 'node:events';
import type { Broker, BrokerListener, OrderChanges, SubmitResult } from '../../shared/broker/broker.ts';
import { ticketProblem } from '../../shared/broker/ibkr-rules.ts';
import { isDone, type Order, type OrderTicket } from '../../shared/domain/order.ts';
import { RISK_REASONS, type RiskReason } from '../../shared/risk/denial-reason.ts';
import type { RunnerLeases } from '../../shared/risk/leases.ts';
import { checkOrder, orderStateDenial, RATE_WINDOW_MS, reduces, type AccountSnapshot, type OrderLimits } from '../../shared/risk/order-limits.ts';
import type { TradingState } from '../../shared/risk/trading-state.ts';
import type { Clock } from '../../shared/time/clock.ts';

/** Who sends an order and when it was decided: the runner lease it holds and the intent's time. */
export interface IntentStamp {
  readonly strategy: string;
  readonly device: string;
  /** The fencing token of the device's lease. */
  readonly token: number;
  /** When the intent was made, bridge time (epoch ms). */
  readonly createdAt: number;
}

/** The account as the guard needs it, open orders aside (the guard takes those from the broker). */
export type AccountView = Omit<AccountSnapshot, 'openOrders'>;

export interface OrderGuardOptions {
  readonly inner: Broker;
  /** The bridge's clock. */
  readonly clock: Clock;
  /** The TWS connection (TwsConnection satisfies it). */
  readonly connection: { isReady(): boolean };
  readonly leases: RunnerLeases;
  /** The bridge's own positions, marks and P&L (ledger-account.ts). */
  readonly account: { snapshot(): AccountView };
  readonly limits: OrderLimits;
  /** An intent older (or newer) than this on the bridge clock is refused. */
  readonly intentMaxAgeMs: number;
  /** Reconciliation (bridge/ib/reconcile.ts `Reconciler` satisfies it): no order while it says true. */
  readonly reconciliation: { isReconciling(): boolean };
  /**
   * The order an intent id (the ticket's ref) already made (IbkrBroker.orderOfRef): a repeated intent
   * answers with that order before any check — nothing is sent, so nothing can go out twice.
   */
  readonly orderOfRef?: (ref: string) => Order | undefined;
  /** The strategy an existing order belongs to (from its ref), when known: a modification must come from that strategy's lease holder. */
  readonly strategyOf?: (order: Order) => string | undefined;
}

/** One refusal, as recorded. */
export interface GuardDenial {
  readonly action: 'submit' | 'modify' | 'cancel';
  readonly code: RiskReason;
  /** The code's sentence, then the detail in parentheses. */
  readonly message: string;
  readonly time: number;
  readonly ref?: string;
  readonly orderId?: number;
  readonly strategy?: string;
  readonly device?: string;
}

/** A submit's answer; a refusal carries its code (its reason is `CODE: sentence (detail)`). */
export type GuardedSubmitResult = { readonly ok: true; readonly order: Order } | { readonly ok: false; readonly reason: string; readonly code: RiskReason };
export type GuardResult = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly code: RiskReason };

export interface OrderGuardEvents {
  denial: [GuardDenial];
}

/** What a modification may change (OrderChanges): same instrument, side and type. */
const CHANGEABLE: readonly string[] = ['quantity', 'limitPrice', 'stopPrice', 'trailAmount', 'trailPercent', 'tif'];
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const sentence = (code: RiskReason, detail?: string) => (detail ? `${RISK_REASONS[code]} (${detail})` : RISK_REASONS[code]);

export class GuardedBroker extends EventEmitter<OrderGuardEvents> implements Broker {
  private tradingState: TradingState = 'ACTIVE';
  /** Times (bridge clock) of the orders sent in the last minute, oldest first. */
  private readonly sent: number[] = [];

  constructor(private readonly o: OrderGuardOptions) {
    super();
    if (!(o.intentMaxAgeMs > 0)) throw new RangeError(`intentMaxAgeMs must be > 0, got ${o.intentMaxAgeMs}`);
  }

  /** The kill switch (a `command` from a device): HALTED, REDUCING or ACTIVE. */
  setTradingState(state: TradingState): void {
    this.tradingState = state;
  }

  get state(): TradingState {
    return this.tradingState;
  }

  listen(listener: BrokerListener): () => void {
    return this.o.inner.listen(listener);
  }

  openOrders(): readonly Order[] {
    return this.o.inner.openOrders();
  }

  /**
   * The Broker seam: an order without a stamp carries no lease and is refused (NO_LEASE). Anything
   * that throws while checking (a malformed ticket, a failing account source) refuses the order.
   */
  submit(ticket: OrderTicket, exits: readonly OrderTicket[] = [], stamp?: IntentStamp): GuardedSubmitResult {
    const now = this.o.clock.now();
    const refuse = (code: RiskReason, detail?: string): GuardedSubmitResult => {
      const reason = this.record({ action: 'submit', code, detail, now, ref: typeof ticket?.ref === 'string' ? ticket.ref : undefined, stamp });
      return { ok: false, reason, code };
    };
    try {
      return this.checkedSubmit(ticket, exits, stamp, now, refuse);
    } catch (err) {
      return refuse('ORDER_REFUSED', `the order could not be checked: ${describe(err)}`);
    }
  }

  private checkedSubmit(ticket: OrderTicket, exits: readonly OrderTicket[], stamp: IntentStamp | undefined, now: number, refuse: (code: RiskReason, detail?: string) => GuardedSubmitResult): GuardedSubmitResult {
    const known = typeof ticket?.ref === 'string' ? this.o.orderOfRef?.(ticket.ref) : undefined;
    if (known) return { ok: true, order: known };
    const denied = this.verdict(ticket, exits, stamp, now);
    if (denied) return refuse(denied.code, denied.detail);
    this.markSent(now, 1 + exits.length);
    let result: SubmitResult;
    try {
      result = this.o.inner.submit(ticket, exits);
    } catch (err) {
      return refuse('ORDER_REFUSED', `the broker failed: ${describe(err)}`);
    }
    return result.ok ? result : refuse('ORDER_REFUSED', result.reason);
  }

  /**
   * The verdict `submit` would give this order now — the same checks 1–7 in the same order — without
   * sending, counting, journaling or emitting anything (the app's order preview, docs/app-protocol.md §3).
   * A check that throws is ORDER_REFUSED, as in submit.
   */
  preview(ticket: OrderTicket, stamp?: IntentStamp): GuardResult {
    try {
      const denied = this.verdict(ticket, [], stamp, this.o.clock.now());
      return denied ? { ok: false, code: denied.code, reason: `${denied.code}: ${sentence(denied.code, denied.detail)}` } : { ok: true };
    } catch (err) {
      const detail = `the order could not be checked: ${describe(err)}`;
      return { ok: false, code: 'ORDER_REFUSED', reason: `ORDER_REFUSED: ${sentence('ORDER_REFUSED', detail)}` };
    }
  }

  /** Checks 1–7 of a new order (and its bracket exits): the first denial, or undefined when it may go. */
  private verdict(ticket: OrderTicket, exits: readonly OrderTicket[], stamp: IntentStamp | undefined, now: number): { code: RiskReason; detail?: string } | undefined {
    const gate = this.gate(now, stamp);
    if (gate) return gate;
    for (const t of [ticket, ...exits]) {
      const problem = ticketProblem(t);
      if (problem) return { code: 'ORDER_REFUSED', detail: problem };
      if (this.o.limits.allowedOrderTypes && !this.o.limits.allowedOrderTypes.includes(t.type)) {
        return { code: 'ORDER_TYPE_NOT_ALLOWED', detail: `${t.type}${t === ticket ? '' : ' (a bracket exit)'}; allowed: ${this.o.limits.allowedOrderTypes.join(', ') || 'none'}` };
      }
    }
    const account = this.snapshot();
    const kill = orderStateDenial(this.tradingState, reduces(ticket, account));
    if (kill) return { code: kill, detail: `${ticket.side} ${ticket.quantity} ${ticket.instrument.symbol} does not only reduce a position` };
    const check = checkOrder(ticket, account, this.o.limits, this.sent, now, { extra: exits.length });
    if (!check.ok) return { code: check.reason, detail: check.detail };
    return undefined;
  }

  /** The Broker seam's modify: false when refused (the 'denial' event says why; tryModify returns it). */
  modify(orderId: number, changes: OrderChanges, stamp?: IntentStamp): boolean {
    return this.tryModify(orderId, changes, stamp).ok;
  }

  tryModify(orderId: number, changes: OrderChanges, stamp?: IntentStamp): GuardResult {
    const now = this.o.clock.now();
    let order: Order | undefined;
    const refuse = (code: RiskReason, detail?: string): GuardResult => {
      const reason = this.record({ action: 'modify', code, detail, now, ref: order?.ref, orderId, stamp });
      return { ok: false, reason, code };
    };
    try {
      order = this.o.inner.openOrders().find((x) => x.id === orderId && !isDone(x));
      return this.checkedModify(order, orderId, changes, stamp, now, refuse);
    } catch (err) {
      return refuse('ORDER_REFUSED', `the modification could not be checked: ${describe(err)}`);
    }
  }

  private checkedModify(order: Order | undefined, orderId: number, changes: OrderChanges, stamp: IntentStamp | undefined, now: number, refuse: (code: RiskReason, detail?: string) => GuardResult): GuardResult {
    if (!this.o.connection.isReady()) return refuse('NOT_CONNECTED');
    if (!order) return refuse('UNKNOWN_ORDER', `order ${orderId}`);
    const keys = Object.keys(changes).filter((k) => (changes as Record<string, unknown>)[k] !== undefined);
    const foreign = keys.filter((k) => !CHANGEABLE.includes(k));
    if (foreign.length > 0) return refuse('ORDER_REFUSED', `a modification may change ${CHANGEABLE.join(', ')}, not ${foreign.join(', ')}`);
    const lowersOnly = keys.length === 1 && keys[0] === 'quantity' && changes.quantity! < order.quantity && changes.quantity! >= order.filled && Number.isInteger(changes.quantity);
    if (!lowersOnly) {
      const gate = this.gate(now, stamp);
      if (gate) return refuse(gate.code, gate.detail);
      const owner = this.o.strategyOf?.(order);
      if (owner !== undefined && owner !== stamp!.strategy) return refuse('NO_LEASE', `order ${orderId} belongs to strategy ${owner}, the lease is for ${stamp!.strategy}`);
      const changed: OrderTicket = { ...order, ...Object.fromEntries(keys.map((k) => [k, (changes as Record<string, unknown>)[k]])) };
      const problem = ticketProblem(changed);
      if (problem) return refuse('ORDER_REFUSED', problem);
      // Checked as the order it becomes: the part still to fill, in place of the working order.
      const rest: OrderTicket = { ...changed, quantity: changed.quantity - order.filled };
      const account = this.snapshot();
      const reducing = order.reduceOnly === true || reduces(rest, account, orderId);
      const kill = orderStateDenial(this.tradingState, reducing);
      if (kill) return refuse(kill, `the modified order ${orderId} does not only reduce a position`);
      if (!order.reduceOnly) {
        const check = checkOrder(rest, account, this.o.limits, this.sent, now, { replaces: orderId });
        if (!check.ok) return refuse(check.reason, check.detail);
      }
      this.markSent(now, 1);
    }
    let done: boolean;
    try {
      done = this.o.inner.modify(orderId, changes);
    } catch (err) {
      return refuse('ORDER_REFUSED', `the broker failed: ${describe(err)}`);
    }
    return done ? { ok: true } : refuse('UNKNOWN_ORDER', `order ${orderId}`);
  }

  /** The Broker seam's cancel: false when refused (not connected, or the order is unknown or done). */
  cancel(orderId: number): boolean {
    return this.tryCancel(orderId).ok;
  }

  /** A cancel passes the kill switch, reconciliation and leases; only a missing connection stops it. */
  tryCancel(orderId: number): GuardResult {
    const now = this.o.clock.now();
    const refuse = (code: RiskReason, detail?: string): GuardResult => {
      const reason = this.record({ action: 'cancel', code, detail, now, orderId });
      return { ok: false, reason, code };
    };
    if (!this.o.connection.isReady()) return refuse('NOT_CONNECTED', `cancel of order ${orderId}`);
    let done: boolean;
    try {
      done = this.o.inner.cancel(orderId);
    } catch (err) {
      return refuse('ORDER_REFUSED', `the broker failed: ${describe(err)}`);
    }
    return done ? { ok: true } : refuse('UNKNOWN_ORDER', `order ${orderId}`);
  }

  /**
   * A Broker for a runner inside the bridge (the paper engine): every submit and modify is stamped
   * with `lease` and the bridge's time now. The lease is still checked on every order.
   */
  runner(lease: Omit<IntentStamp, 'createdAt'>): Broker {
    const stamp = (): IntentStamp => ({ ...lease, createdAt: this.o.clock.now() });
    return {
      submit: (ticket, exits) => this.submit(ticket, exits, stamp()),
      modify: (orderId, changes) => this.modify(orderId, changes, stamp()),
      cancel: (orderId) => this.cancel(orderId),
      openOrders: () => this.openOrders(),
      listen: (l) => this.listen(l),
    };
  }

  /** Checks 1–4: connection, reconciliation, lease, freshness. */
  private gate(now: number, stamp: IntentStamp | undefined): { code: RiskReason; detail?: string } | undefined {
    if (!this.o.connection.isReady()) return { code: 'NOT_CONNECTED' };
    if (this.o.reconciliation.isReconciling()) return { code: 'RECONCILING' };
    if (!stamp) return { code: 'NO_LEASE', detail: 'the order carries no lease' };
    const lease = this.o.leases.check(stamp.strategy, stamp.device, stamp.token, now);
    if (lease) return { code: lease, detail: `strategy ${stamp.strategy}, device ${stamp.device}, token ${stamp.token}` };
    const age = now - stamp.createdAt;
    if (!Number.isFinite(age) || Math.abs(age) > this.o.intentMaxAgeMs) {
      return { code: 'STALE_INTENT', detail: Number.isFinite(age) ? `made ${age} ms ${age < 0 ? 'ahead of' : 'before'} the bridge clock, at most ${this.o.intentMaxAgeMs} ms` : 'no valid time' };
    }
    return undefined;
  }

  private snapshot(): AccountSnapshot {
    return { ...this.o.account.snapshot(), openOrders: this.o.inner.openOrders().filter((x) => !isDone(x)) };
  }

  private markSent(now: number, n: number): void {
    while (this.sent.length > 0 && this.sent[0] <= now - RATE_WINDOW_MS) this.sent.shift();
    for (let i = 0; i < n; i++) this.sent.push(now);
  }

  /** Emits the denial (a listener's error never reaches the order path) and returns its reason text. */
  private record(d: { action: GuardDenial['action']; code: RiskReason; detail?: string; now: number; ref?: string; orderId?: number; stamp?: IntentStamp }): string {
    const message = sentence(d.code, d.detail);
    const denial: GuardDenial = { action: d.action, code: d.code, message, time: d.now, ref: d.ref, orderId: d.orderId, strategy: d.stamp?.strategy, device: d.stamp?.device };
    try {
      this.emit('denial', denial);
    } catch {
      // The record is best effort; the refusal itself stands.
    }
    return `${d.code}: ${message}`;
  }
}
