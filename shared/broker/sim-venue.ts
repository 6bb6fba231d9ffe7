// The backtest's simulated venue: a Broker whose orders fill against replayed bars
// (docs/trading-model.md §8; backtest-model §3). Per step, for every instrument with a bar:
//   open   — resting orders the open already satisfies (a gap) fill at the open, protective exits
//            first; market orders sent now (the decisions of the previous bar) fill at the open;
//   range  — resting orders reachable within the bar's high/low fill at their price (triggers.ts):
//            protective exits first, a stop-loss before a take-profit (the adverse one first);
//   close  — market-on-close orders and market orders sent at the close (fill = "close") fill at it.
// Options and other quoted instruments carry a half-spread: buys pay mid + half, sells get mid − half.
// Fill prices then get the cost model's slippage/impact, and its spread on opening orders.
// The venue pulls bars from a feed only when it has something to match, so a step without orders
// costs nothing. Bar matching belongs here only: the engine and the live broker never see it.
import type { Fill } from '../domain/fill.ts';
import type { HoldableInstrument } from '../domain/instrument.ts';
import { instrumentKey } from '../domain/instrument.ts';
import { isDone, remainingQuantity, type Order, type OrderTicket } from '../domain/order.ts';
import { orderCommission } from '../portfolio/commissions.ts';
import type { Broker, BrokerListener, OrderChanges, SubmitResult } from './broker.ts';
import { entryPrice, exitPrice, type CostModel } from './costs.ts';
import { offTickPrice, ticketProblem } from './ibkr-rules.ts';
import { limitFillPrice, limitReachable, stopFillPrice, stopLimitFillable, stopLimitFillPrice, stopTriggered } from './triggers.ts';
import { trailingStop } from './quote-fills.ts';

/** An instrument's bar at the current step (mid prices for quoted instruments). */
export interface VenueBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Half the bid/ask spread (0 for a stock bar: the cost model's spread applies instead). */
  readonly halfSpread: number;
  /** The bar's start, epoch ms (the time of its fills). */
  readonly time: number;
}

/** Where the venue reads the current bars (the backtest driver). */
export interface BarFeed {
  /** The instrument's bar at the current step, or undefined when it has none (it cannot trade now). */
  bar(key: string, instrument: HoldableInstrument): VenueBar | undefined;
}

/** Where the current step is: orders fill at the open, within the range, at the close, or not at all. */
export type VenuePhase = 'open' | 'range' | 'close' | 'closed';

export class SimVenue implements Broker {
  private readonly orders: Order[] = [];
  private readonly listeners: BrokerListener[] = [];
  private nextId = 1;
  private phase: VenuePhase = 'closed';

  constructor(
    private readonly costs: CostModel,
    private readonly feed: BarFeed,
  ) {}

  listen(listener: BrokerListener): void {
    this.listeners.push(listener);
  }

  openOrders(): readonly Order[] {
    return this.orders;
  }

  /**
   * Accepts an order; `exits` are bracket children (a stop-loss, a take-profit): held until the
   * order has filled, then working as one OCA group. A market order sent while its instrument is
   * trading fills at once (at the open, or at the close in the close phase).
   */
  submit(ticket: OrderTicket, exits: readonly OrderTicket[] = []): SubmitResult {
    const refused = this.refusal(ticket);
    if (refused) return refused;
    for (const t of exits) {
      const r = this.refusal(t);
      if (r) return r;
    }
    const instrument = ticket.instrument as HoldableInstrument;
    const key = instrumentKey(instrument);
    const bar = this.phase === 'closed' ? undefined : this.feed.bar(key, instrument);
    const order = this.accept(ticket, bar, 'Submitted');
    const group = exits.length > 1 ? `bracket-${order.id}` : undefined;
    for (const e of exits) {
      const child = this.accept(e, bar, 'PreSubmitted');
      child.parentId = order.id;
      child.ocaGroup = e.ocaGroup ?? group;
      child.reduceOnly = true;
    }
    if (bar && this.phase !== 'range' && (order.type === 'MKT' || (order.type === 'MOC' && this.phase === 'close'))) {
      const buy = order.side === 'BUY';
      this.fill(order, key, (this.phase === 'close' ? bar.close : bar.open) + (buy ? bar.halfSpread : -bar.halfSpread), bar.time);
    } else if (order.tif === 'IOC') {
      // Immediate or cancel: what the current price allows fills now, the rest is cancelled.
      if (bar && this.phase !== 'closed') {
        const at = this.phase === 'close' ? { ...bar, open: bar.close, high: bar.close, low: bar.close } : bar;
        this.matchResting(key, [order], at, true);
      }
      if (order.status !== 'Filled') this.finish(order, 'Cancelled');
    }
    return { ok: true, order };
  }

  private refusal(t: OrderTicket): SubmitResult | undefined {
    const problem = ticketProblem(t);
    if (problem) return { ok: false, reason: problem };
    const tick = offTickPrice(t);
    if (tick !== undefined) return { ok: false, reason: `a price of the order is not a multiple of the minimum tick ${tick} (TWS error 110)` };
    if (t.instrument.secType === 'BAG' || t.instrument.secType === 'IND') return { ok: false, reason: `the backtest venue does not trade ${t.instrument.secType} contracts` };
    return undefined;
  }

  private accept(t: OrderTicket, bar: VenueBar | undefined, status: 'Submitted' | 'PreSubmitted'): Order {
    // One fixed shape for every order (no spread): keeps V8 on its fast, monomorphic paths.
    const order: Order = {
      instrument: t.instrument,
      side: t.side,
      quantity: t.quantity,
      type: t.type,
      limitPrice: t.limitPrice,
      stopPrice: t.stopPrice,
      trailAmount: t.trailAmount,
      trailPercent: t.trailPercent,
      tif: t.tif,
      ocaGroup: t.ocaGroup,
      parentId: t.parentId,
      reduceOnly: t.reduceOnly,
      openClose: t.openClose,
      ref: t.ref,
      id: this.nextId++,
      status,
      filled: 0,
      avgFillPrice: 0,
      commission: 0,
      placedAt: bar ? bar.time : NaN,
      triggered: false,
      trailStop: NaN,
    };
    this.orders.push(order);
    this.emitStatus(order);
    return order;
  }

  modify(orderId: number, changes: OrderChanges): boolean {
    const o = this.orders.find((x) => x.id === orderId);
    if (!o || isDone(o)) return false;
    Object.assign(o, changes);
    if (o.quantity <= o.filled) this.finish(o, 'Filled');
    return true;
  }

  cancel(orderId: number): boolean {
    const o = this.orders.find((x) => x.id === orderId);
    if (!o || isDone(o)) return false;
    this.finish(o, 'Cancelled');
    return true;
  }

  /** The price a market order of this side would fill at now, costs included (NaN when the instrument is not trading). */
  expectedFill(key: string, instrument: HoldableInstrument, side: 'BUY' | 'SELL', openClose: 'O' | 'C'): number {
    if (this.phase !== 'open' && this.phase !== 'close') return NaN;
    const bar = this.feed.bar(key, instrument);
    if (!bar) return NaN;
    const buy = side === 'BUY';
    const quoted = (this.phase === 'close' ? bar.close : bar.open) + (buy ? bar.halfSpread : -bar.halfSpread);
    return openClose === 'C' ? exitPrice(this.costs, buy, quoted) : entryPrice(this.costs, buy, quoted);
  }

  /** Whether any order is waiting (a step with none and nothing to send need not call open/range). */
  get busy(): boolean {
    return this.orders.length > 0;
  }

  /** The close of the step's bars: market orders sent now fill at them (fill = "close"). */
  atClose(): void {
    this.phase = 'close';
  }

  /** The step's bars open: resting orders the opens already satisfy fill at them. */
  open(): void {
    this.phase = 'open';
    if (this.orders.length > 0) this.matchAll(true);
  }

  /** The rest of the bars: resting orders within their high/low, then market-on-close orders at the closes. */
  range(): void {
    this.phase = 'range';
    if (this.orders.length > 0) this.matchAll(false);
    this.phase = 'close';
    if (!this.orders.some(isMoc)) return; // resting orders without an MOC: no copy per step
    for (const o of [...this.orders]) {
      if (o.status !== 'Submitted' || o.type !== 'MOC') continue;
      const bar = this.feed.bar(instrumentKey(o.instrument), o.instrument as HoldableInstrument);
      if (bar) this.fill(o, instrumentKey(o.instrument), bar.close, bar.time);
    }
  }

  /** The step is over: market orders sent from now on wait for their instrument's next bar. */
  end(): void {
    this.phase = 'closed';
  }

  /** The session ended: DAY and IOC orders expire. */
  endSession(): void {
    if (!this.orders.some(expiresWithSession)) return; // only GTC orders rest: nothing to copy
    for (const o of [...this.orders]) if (expiresWithSession(o) && !isDone(o)) this.finish(o, 'Cancelled');
  }

  /** A fill of `qty` (signed) at `price` outside any order, with its commission (finalize_trades closes at a given price). */
  fillAt(instrument: HoldableInstrument, qty: number, price: number, time: number, ref: string): Fill {
    return { orderId: 0, instrument, qty, price, commission: orderCommission(this.costs.commission, instrument, qty, price), time, ref };
  }

  /** Cancels every open order (end of a run). */
  cancelAll(): void {
    for (const o of [...this.orders]) this.finish(o, 'Cancelled');
  }

  /** Every instrument with working orders and a bar now, its orders in matching order. */
  private matchAll(atOpen: boolean): void {
    const byKey = new Map<string, Order[]>();
    for (const o of this.orders) {
      if (o.status !== 'Submitted' || o.type === 'MOC') continue;
      const key = instrumentKey(o.instrument);
      const list = byKey.get(key);
      if (list) list.push(o);
      else byKey.set(key, [o]);
    }
    for (const [key, list] of byKey) {
      const bar = this.feed.bar(key, list[0].instrument as HoldableInstrument);
      if (bar) this.matchResting(key, list.length > 1 ? list.sort(byPriority) : list, bar, atOpen);
    }
  }

  /** One pass over an instrument's working orders; `atOpen` matches against the open price alone. */
  private matchResting(key: string, orders: readonly Order[], b: VenueBar, atOpen: boolean): void {
    for (const o of orders) {
      if (o.status !== 'Submitted' || o.type === 'MOC') continue;
      const buy = o.side === 'BUY';
      const s = buy ? b.halfSpread : -b.halfSpread;
      const open = b.open + s;
      const high = (atOpen ? b.open : b.high) + s;
      const low = (atOpen ? b.open : b.low) + s;
      const price = this.triggerPrice(o, buy, open, high, low);
      if (price !== null) this.fill(o, key, price, b.time);
    }
  }

  /** The (side-shifted) price at which `o` fills in this bar, or null. */
  private triggerPrice(o: Order, buy: boolean, open: number, high: number, low: number): number | null {
    switch (o.type) {
      case 'MKT':
        return open;
      case 'LMT':
        return limitReachable(buy, o.limitPrice!, high, low) ? limitFillPrice(buy, o.limitPrice!, open) : null;
      case 'STP':
        return stopTriggered(buy, o.stopPrice!, high, low) ? stopFillPrice(buy, o.stopPrice!, open) : null;
      case 'STP LMT': {
        if (o.triggered) return limitReachable(buy, o.limitPrice!, high, low) ? limitFillPrice(buy, o.limitPrice!, open) : null;
        if (!stopTriggered(buy, o.stopPrice!, high, low)) return null;
        o.triggered = true;
        // Triggered in this bar: fillable only when the limit lies beyond the stop; else it waits as a limit.
        return stopLimitFillable(buy, o.stopPrice!, o.limitPrice!, high, low) ? stopLimitFillPrice(buy, o.stopPrice!, o.limitPrice!, open) : null;
      }
      case 'TRAIL': {
        // The stop follows the open, is tested against the bar's adverse side, then ratchets with its
        // favourable side for the next bar (never tested against a high and a low of unknown order).
        o.trailStop = trailingStop(buy, o.trailStop, open, o.trailAmount, o.trailPercent);
        if (stopTriggered(buy, o.trailStop, high, low)) return stopFillPrice(buy, o.trailStop, open);
        o.trailStop = trailingStop(buy, o.trailStop, buy ? low : high, o.trailAmount, o.trailPercent);
        return null;
      }
      default:
        return null;
    }
  }

  /** Fills the whole remaining quantity of `o` at the quoted price `quoted` (the side's touch, before costs). */
  private fill(o: Order, key: string, quoted: number, time: number): void {
    const buy = o.side === 'BUY';
    const price = o.openClose === 'C' ? exitPrice(this.costs, buy, quoted) : entryPrice(this.costs, buy, quoted);
    const qty = remainingQuantity(o);
    const instrument = o.instrument as HoldableInstrument;
    const commission = orderCommission(this.costs.commission, instrument, qty, price);
    o.avgFillPrice = price;
    o.filled += qty;
    o.commission += commission;
    const fill: Fill = { orderId: o.id, instrument, qty: buy ? qty : -qty, price, commission, time, ref: o.ref };
    this.finish(o, 'Filled', false);
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i].onFill(fill, o);
    this.emitStatus(o);
    this.afterFill(o, key);
  }

  private afterFill(o: Order, key: string): void {
    if (this.orders.length === 0) return;
    if (o.ocaGroup) for (const peer of [...this.orders]) if (peer !== o && peer.ocaGroup === o.ocaGroup && !isDone(peer)) this.finish(peer, 'Cancelled');
    let released: Order[] | undefined;
    for (const child of this.orders) {
      if (child.parentId !== o.id || child.status !== 'PreSubmitted') continue;
      child.status = 'Submitted';
      this.emitStatus(child);
      (released ??= []).push(child);
    }
    // Children released by a fill within the bar's range work in this bar too (pessimistic: a
    // stop-loss can fill in the entry bar). Released at the open, the range phase tests them; released
    // at the close, the bar's range is already past and they start with the next bar.
    if (released && this.phase === 'range') {
      const bar = this.feed.bar(key, o.instrument as HoldableInstrument);
      if (bar) this.matchResting(key, released.sort(byPriority), bar, false);
    }
  }

  private finish(o: Order, status: 'Filled' | 'Cancelled', emit = true): void {
    o.status = status;
    const orders = this.orders;
    if (orders[orders.length - 1] === o) orders.pop();
    else {
      const i = orders.indexOf(o);
      if (i >= 0) orders.splice(i, 1);
    }
    if (status === 'Cancelled' && orders.length > 0) for (const child of [...orders]) if (child.parentId === o.id) this.finish(child, 'Cancelled');
    if (emit) this.emitStatus(o);
  }

  private emitStatus(o: Order): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i].onOrderStatus(o);
  }
}

const isMoc = (o: Order) => o.type === 'MOC';
const expiresWithSession = (o: Order) => o.tif !== 'GTC';

/** Matching priority: protective stops, protective limits, then everything else; then submission order. */
function byPriority(a: Order, b: Order): number {
  return rank(a) - rank(b) || a.id - b.id;
}

function rank(o: Order): number {
  if (!o.reduceOnly) return 2;
  return o.type === 'LMT' ? 1 : 0;
}

