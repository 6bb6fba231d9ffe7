// The backtest's simulated venue: a Broker whose orders fill against replayed bars
// (docs/trading-model.md §8; backtest-model §3). Per step, for every instrument with a bar:
//   open   — resting orders the open already satisfies (a gap) fill at the open, protective exits
//            first; market orders sent now (the decisions of the previous bar) fill at the open;
//   range  — resting orders reachable within the bar's high/low fill at their price (triggers.ts):
//            protective exits first, a stop-loss before a take-profit (the adverse one first);
//   close  — market-on-close orders and market orders sent at the close (fill = "close") fill at it.
// Options and other quoted instruments carry a half-spread: buys pay mid + half, sells get mid − half.
// An instrument the feed gives an intraday quote path (an option on daily bars: every minute of the
// session on the simulator's path of its underlying, intraday-path.ts) trades along it instead, by
// the TWS simulator's quote rules (quote-fills.ts quoteFill): at the open an order arriving now
// fills at the touch if marketable, one already resting at its limit; then minute by minute a limit
// fills at its own price once the touch crosses it; a fill takes at most the size shown, the rest
// keeps working; at each instant the orders go in the order they were sent. So a backtest fills an
// option order when, where and as much as a paper run does. A combo of options (a roll) trades along
// its legs' paths as the simulator trades a BAG: at an instant where the legs' net touch reaches its
// limit (or at once, a market combo), all legs together at their touches, as many combo units as every
// leg's shown size allows; each leg is a fill of its own, with its own commission.
// Fill prices then get the cost model's slippage/impact, and its spread on opening orders.
// The venue pulls bars from a feed only when it has something to match, so a step without orders
// costs nothing. Bar matching belongs here only: the engine and the live broker never see it.
import type { Fill } from '../domain/fill.ts';
import type { ComboInstrument, HoldableInstrument, OptionInstrument } from '../domain/instrument.ts';
import { instrumentKey } from '../domain/instrument.ts';
import { isDone, remainingQuantity, type Order, type OrderTicket } from '../domain/order.ts';
import { fillCommission, orderCommission } from '../portfolio/commissions.ts';
import type { Broker, BrokerListener, OrderChanges, SubmitResult } from './broker.ts';
import { entryPrice, exitPrice, type CostModel } from './costs.ts';
import { offTickPrice, ticketProblem } from './ibkr-rules.ts';
import { limitFillPrice, limitReachable, stopFillPrice, stopLimitFillable, stopLimitFillPrice, stopTriggered } from './triggers.ts';
import { comboLimitCrossed, comboTouch, fillQuantity, quoteFill, touchPrice, trailingStop, type ComboLegQuote, type TouchQuote } from './quote-fills.ts';

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

/** One instant of an intraday quote path: the touch with its shown sizes, and when (epoch ms). */
export interface PathQuote extends TouchQuote {
  readonly time: number;
}

/** An instrument's quotes through the current step at instants finer than its bar. */
export interface QuotePath {
  /** Instants in the step; 0 is the bar's open. */
  readonly length: number;
  /** The quote at instant m, written into an object the path reuses. */
  at(m: number): PathQuote;
  /** No bid above `bidHigh` and no ask below `askLow` at any instant (optional: lets a walk skip unreachable limits). */
  bounds?(): { readonly bidHigh: number; readonly askLow: number };
}

/** Where the venue reads the current bars (the backtest driver). */
export interface BarFeed {
  /** The instrument's bar at the current step, or undefined when it has none (it cannot trade now). */
  bar(key: string, instrument: HoldableInstrument): VenueBar | undefined;
  /** The instrument's intraday quote path this step when it trades along one (else its bar's range applies). */
  path?(key: string, instrument: HoldableInstrument): QuotePath | undefined;
}

/** Where the current step is: orders fill at the open, within the range, at the close, or not at all. */
export type VenuePhase = 'open' | 'range' | 'close' | 'closed';

export class SimVenue implements Broker {
  private readonly orders: Order[] = [];
  private listeners: BrokerListener[] = [];
  private nextId = 1;
  private phase: VenuePhase = 'closed';

  constructor(
    private readonly costs: CostModel,
    private readonly feed: BarFeed,
  ) {}

  listen(listener: BrokerListener): () => void {
    this.listeners.push(listener);
    // A new array (copy on write): a dispatch under way keeps the list it started with.
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
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
    if (ticket.instrument.secType === 'BAG') return this.submitCombo(ticket, ticket.instrument, exits);
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
    const path = bar && this.phase === 'open' ? this.pathOf(key, instrument) : undefined;
    if (path) {
      // Along a path a market or IOC order trades at the open's quote when sent (as a stock's market
      // order does); limits meet it after every order of the step is sent. The rest works in the range.
      if (order.type === 'MKT' || order.tif === 'IOC') {
        this.walk([{ key, path, orders: [order], barTime: bar!.time }], 0, 1);
        this.triedAtOpen.add(order);
        if (order.tif === 'IOC' && order.status !== 'Filled') this.finish(order, 'Cancelled');
      }
    } else if (bar && this.phase !== 'range' && (order.type === 'MKT' || (order.type === 'MOC' && this.phase === 'close'))) {
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
    if (t.instrument.secType === 'IND') return { ok: false, reason: 'the backtest venue does not trade IND contracts' };
    if (t.instrument.secType === 'BAG' && !t.instrument.legs.every((l) => l.instrument.secType === 'OPT')) return { ok: false, reason: 'the backtest venue trades combos of options only' };
    return undefined;
  }

  /** A combo order: no bracket; a market or IOC one sent at the open meets the open's quotes at once. */
  private submitCombo(ticket: OrderTicket, combo: ComboInstrument, exits: readonly OrderTicket[]): SubmitResult {
    if (exits.length > 0) return { ok: false, reason: 'a combo order takes no bracket exits' };
    const first = combo.legs[0].instrument as OptionInstrument;
    const bar = this.phase === 'closed' ? undefined : this.feed.bar(instrumentKey(first), first);
    const order = this.accept(ticket, bar, 'Submitted');
    if (bar && this.phase === 'open' && (order.type === 'MKT' || order.tif === 'IOC')) {
      this.walk([], 0, 1, [order]);
      this.triedAtOpen.add(order);
    }
    if (order.tif === 'IOC' && order.status !== 'Filled') this.finish(order, 'Cancelled');
    return { ok: true, order };
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
    this.triedAtOpen.clear();
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

  /** Every instrument with working orders and a bar now, its orders in matching order; then the quote paths. */
  private matchAll(atOpen: boolean): void {
    const byKey = new Map<string, Order[]>();
    let combos: Order[] | undefined;
    for (const o of this.orders) {
      if (o.status !== 'Submitted' || o.type === 'MOC') continue;
      if (o.instrument.secType === 'BAG') {
        (combos ??= []).push(o);
        continue;
      }
      const key = instrumentKey(o.instrument);
      const list = byKey.get(key);
      if (list) list.push(o);
      else byKey.set(key, [o]);
    }
    let walks: PathGroup[] | undefined;
    for (const [key, list] of byKey) {
      const instrument = list[0].instrument as HoldableInstrument;
      const bar = this.feed.bar(key, instrument);
      if (!bar) continue;
      const path = this.pathOf(key, instrument);
      if (!path) this.matchResting(key, list.length > 1 ? list.sort(byPriority) : list, bar, atOpen);
      else if (!atOpen) (walks ??= []).push({ key, path, orders: list, barTime: bar.time });
    }
    if (walks || (combos && !atOpen)) this.walk(walks ?? [], 0, Infinity, atOpen ? undefined : combos);
  }

  private pathOf(key: string, instrument: HoldableInstrument): QuotePath | undefined {
    return this.feed.path ? this.feed.path(key, instrument) : undefined;
  }

  /** Released bracket children while walking a path: they arrive at the instant their parent filled. */
  private walking = false;
  private released: Order[] = [];
  /** Orders that met the open's quote when sent (market, IOC): the range's walk starts them at the next instant. */
  private readonly triedAtOpen = new Set<Order>();
  /** Units taken from each instrument's bid and ask at instant `at` (shown sizes are shared by the orders of an instant). */
  private readonly taken = new Map<string, { at: number; bid: number; ask: number }>();
  private readonly view = { bid: NaN, ask: NaN, last: NaN, bidSize: 0, askSize: 0 };
  /** Each working combo's legs: what each has filled, at what average, for what commission. */
  private readonly comboLegs = new Map<Order, ComboLegState[]>();

  private takenOf(key: string, time: number): { at: number; bid: number; ask: number } {
    let t = this.taken.get(key);
    if (!t) {
      if (this.taken.size >= 64) this.taken.clear();
      this.taken.set(key, (t = { at: time, bid: 0, ask: 0 }));
    } else if (t.at !== time) {
      t.at = time;
      t.bid = t.ask = 0;
    }
    return t;
  }

  /**
   * Working orders along their instruments' quote paths over instants [from, to), as the simulator
   * matches them: at each instant every order in the order it was sent, by the quote rules, with the
   * sizes earlier fills of the instant left on its instrument. Orders placed at this step's open
   * (`placedAt` = the bar's time) arrive at instant 0; the others are resting.
   */
  private walk(single: readonly PathGroup[], from: number, toAt: number, combos?: readonly Order[]): void {
    const view = this.view;
    const groups = combos ? [...single] : single;
    const entries: PathEntry[] = [];
    groups.forEach((grp, g) => {
      const b = grp.path.bounds?.();
      for (const o of grp.orders) if (!b || !unreachableLimit(o, b.bidHigh, b.askLow)) entries.push({ o, g, legs: undefined });
    });
    if (combos) for (const o of combos) this.comboEntry(o, groups as PathGroup[], entries);
    if (entries.length === 0) return;
    let to = toAt;
    if (to === Infinity) {
      to = 0;
      for (const grp of groups) if (grp.path.length > to) to = grp.path.length;
    }
    entries.sort((a, b) => a.o.id - b.o.id);
    const arriving = new Set<Order>();
    if (from === 0) for (const { o, g } of entries) if (o.placedAt === groups[g].barTime && !this.triedAtOpen.has(o)) arriving.add(o);
    this.walking = true;
    try {
      for (let m = from; m < to; m++) {
        let working = 0;
        for (let i = 0; i < entries.length; i++) {
          const { o, g, legs } = entries[i];
          if (o.status !== 'Submitted') continue;
          working++;
          if (legs) {
            if (!(m === 0 && this.triedAtOpen.has(o))) this.comboAt(o, legs, groups, m);
            continue;
          }
          const grp = groups[g];
          if (m >= grp.path.length || (m === 0 && this.triedAtOpen.has(o))) continue;
          const q = grp.path.at(m);
          const taken = this.takenOf(grp.key, q.time);
          view.bid = q.bid;
          view.ask = q.ask;
          view.last = q.last;
          view.bidSize = Math.max(0, q.bidSize - taken.bid);
          view.askSize = Math.max(0, q.askSize - taken.ask);
          const f = quoteFill(o, view, remainingQuantity(o), !arriving.has(o), o.instrument.secType === 'OPT');
          if (!f) continue;
          if (o.side === 'BUY') taken.ask += f.qty;
          else taken.bid += f.qty;
          this.fill(o, grp.key, f.price, q.time, f.qty);
          for (const c of this.released.sort(byId)) {
            const cg = groups.findIndex((x) => x.key === instrumentKey(c.instrument));
            if (cg < 0) continue; // another instrument's child: it works from the next step
            entries.push({ o: c, g: cg, legs: undefined });
            arriving.add(c);
          }
          this.released.length = 0;
        }
        arriving.clear();
        if (working === 0) break;
      }
    } finally {
      this.walking = false;
      this.released.length = 0;
    }
  }

  /**
   * A combo's entry in a walk: a group (a path) per leg, added when no order of the leg's own has one;
   * none when a leg has no path now (it cannot trade this step) or the limit is out of the legs' reach.
   */
  private comboEntry(o: Order, groups: PathGroup[], entries: PathEntry[]): void {
    const combo = o.instrument as ComboInstrument;
    const buy = o.side === 'BUY';
    const legs: ComboLegState[] = this.comboLegs.get(o) ?? combo.legs.map((l) => ({ g: -1, instrument: l.instrument as OptionInstrument, ratio: l.ratio, buy: l.action === 'BUY', quote: { bid: NaN, ask: NaN, last: NaN, bidSize: 0, askSize: 0 }, filled: 0, avg: 0, commission: 0 }));
    // The best net price any instant could show, signed so that the order's side pays it: for a buy,
    // legs bought at their lowest ask less legs sold at their highest bid; for a sell, the negative of
    // the most it could get.
    let best = 0;
    for (const leg of legs) {
      const key = instrumentKey(leg.instrument);
      let g = groups.findIndex((x) => x.key === key);
      if (g < 0) {
        const bar = this.feed.bar(key, leg.instrument);
        const barTime = bar ? bar.time : NaN;
        const path = bar ? this.pathOf(key, leg.instrument) : undefined;
        if (!path) return;
        g = groups.push({ key, path, orders: [], barTime }) - 1;
      }
      leg.g = g;
      const b = groups[g].path.bounds?.();
      if (b) best += (leg.buy === buy ? 1 : -1) * leg.ratio * (leg.buy === buy ? b.askLow : b.bidHigh);
      else best = NaN;
    }
    if (o.type === 'LMT' && o.limitPrice !== undefined && best === best && (buy ? o.limitPrice < best - 1e-6 : o.limitPrice > -best + 1e-6)) return;
    this.comboLegs.set(o, legs);
    entries.push({ o, g: legs[0].g, legs });
  }

  /** A combo at instant m (the simulator's planCombo): its net touch from the legs' quotes and what is left of their shown sizes. */
  private comboAt(o: Order, legs: readonly ComboLegState[], groups: readonly PathGroup[], m: number): void {
    let time = 0;
    for (const leg of legs) {
      const grp = groups[leg.g];
      if (m >= grp.path.length) return;
      const q = grp.path.at(m);
      const taken = this.takenOf(grp.key, q.time);
      time = q.time;
      const v = leg.quote;
      v.bid = q.bid;
      v.ask = q.ask;
      v.last = q.last;
      v.bidSize = Math.max(0, q.bidSize - taken.bid);
      v.askSize = Math.max(0, q.askSize - taken.ask);
    }
    const buy = o.side === 'BUY';
    const touch = comboTouch(legs);
    if (o.type === 'LMT' && (o.limitPrice === undefined || !comboLimitCrossed(buy, o.limitPrice, touch))) return;
    const net = buy ? touch.buyPrice : touch.sellPrice;
    if (net !== net) return;
    const qty = fillQuantity(remainingQuantity(o), buy ? touch.buySize : touch.sellSize);
    if (qty <= 0) return;
    const prices = legs.map((leg) => touchPrice(buy === leg.buy, leg.quote));
    legs.forEach((leg) => {
      const taken = this.takenOf(groups[leg.g].key, time);
      if (buy === leg.buy) taken.ask += qty * leg.ratio;
      else taken.bid += qty * leg.ratio;
    });
    this.fillCombo(o, legs, qty, prices, time);
  }

  /**
   * Books `qty` combo units: each leg a fill of its own at its touch (after the cost model's slippage
   * and impact, as a closing fill: no entry spread on a quoted option), paying what its leg's
   * commission grows by (IBKR's minimum is per order and leg, as the simulator charges it).
   */
  private fillCombo(o: Order, legs: readonly ComboLegState[], qty: number, prices: readonly number[], time: number): void {
    const buy = o.side === 'BUY';
    const fills: Fill[] = [];
    let net = 0;
    let commission = 0;
    legs.forEach((leg, i) => {
      const legBuy = buy === leg.buy;
      const units = qty * leg.ratio;
      const price = exitPrice(this.costs, legBuy, prices[i]);
      const filled = leg.filled + units;
      const avg = (leg.avg * leg.filled + price * units) / filled;
      const c = fillCommission(this.costs.commission, leg.instrument, filled, avg, leg.commission);
      leg.filled = filled;
      leg.avg = avg;
      leg.commission += c;
      commission += c;
      net += (leg.buy ? 1 : -1) * leg.ratio * price;
      fills.push({ orderId: o.id, instrument: leg.instrument, qty: legBuy ? units : -units, price, commission: c, time, ref: o.ref });
    });
    o.avgFillPrice = (o.avgFillPrice * o.filled + net * qty) / (o.filled + qty);
    o.filled += qty;
    o.commission += commission;
    if (o.filled >= o.quantity) this.finish(o, 'Filled', false);
    const listeners = this.listeners;
    for (const f of fills) for (let i = 0; i < listeners.length; i++) listeners[i].onFill(f, o);
    this.emitStatus(o);
    this.afterFill(o, instrumentKey(o.instrument));
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

  /** Fills `qty` (default: the whole remaining quantity) of `o` at the quoted price `quoted` (the side's touch, before costs). */
  private fill(o: Order, key: string, quoted: number, time: number, qty = remainingQuantity(o)): void {
    const buy = o.side === 'BUY';
    const price = o.openClose === 'C' ? exitPrice(this.costs, buy, quoted) : entryPrice(this.costs, buy, quoted);
    const instrument = o.instrument as HoldableInstrument;
    const avg = o.filled > 0 ? (o.avgFillPrice * o.filled + price * qty) / (o.filled + qty) : price;
    // A part of an order pays what the order's commission grows by (IBKR's minimum is per order).
    const commission = o.filled === 0 && qty === remainingQuantity(o) ? orderCommission(this.costs.commission, instrument, qty, price) : fillCommission(this.costs.commission, instrument, o.filled + qty, avg, o.commission);
    o.avgFillPrice = avg;
    o.filled += qty;
    o.commission += commission;
    const fill: Fill = { orderId: o.id, instrument, qty: buy ? qty : -qty, price, commission, time, ref: o.ref };
    if (o.filled >= o.quantity) this.finish(o, 'Filled', false);
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i].onFill(fill, o);
    this.emitStatus(o);
    this.afterFill(o, key);
  }

  private afterFill(o: Order, key: string): void {
    if (this.orders.length === 0) return;
    if (o.ocaGroup) for (const peer of [...this.orders]) if (peer !== o && peer.ocaGroup === o.ocaGroup && !isDone(peer)) this.finish(peer, 'Cancelled');
    if (o.status !== 'Filled') return; // a partial fill: children wait for the rest
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
    if (released && this.walking) this.released.push(...released);
    else if (released && this.phase === 'range') {
      const bar = this.feed.bar(key, o.instrument as HoldableInstrument);
      if (bar) this.matchResting(key, released.sort(byPriority), bar, false);
    }
  }

  private finish(o: Order, status: 'Filled' | 'Cancelled', emit = true): void {
    o.status = status;
    if (o.instrument.secType === 'BAG') this.comboLegs.delete(o);
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
const byId = (a: Order, b: Order) => a.id - b.id;

/** A plain limit the path's touch never reaches: a sell above every bid, a buy below every ask. */
function unreachableLimit(o: Order, bidHigh: number, askLow: number): boolean {
  if (o.type !== 'LMT' || o.limitPrice === undefined) return false;
  return o.side === 'SELL' ? o.limitPrice > bidHigh : o.limitPrice < askLow;
}

/** An order in a walk: a single instrument's in group g, or a combo's with its legs' groups. */
interface PathEntry {
  readonly o: Order;
  readonly g: number;
  readonly legs: readonly ComboLegState[] | undefined;
}

/** A combo's leg in the venue: its walk group this step, its quote at the instant being matched (reused), and its fills so far. */
interface ComboLegState extends ComboLegQuote {
  g: number;
  readonly instrument: OptionInstrument;
  readonly ratio: number;
  /** A BUY leg (bought when the combo is bought). */
  readonly buy: boolean;
  readonly quote: { bid: number; ask: number; last: number; bidSize: number; askSize: number };
  filled: number;
  avg: number;
  commission: number;
}

/** An instrument's working orders and its quote path this step. */
interface PathGroup {
  readonly key: string;
  readonly path: QuotePath;
  readonly orders: readonly Order[];
  readonly barTime: number;
}
const expiresWithSession = (o: Order) => o.tif !== 'GTC';

/** Matching priority: protective stops, protective limits, then everything else; then submission order. */
function byPriority(a: Order, b: Order): number {
  return rank(a) - rank(b) || a.id - b.id;
}

function rank(o: Order): number {
  if (!o.reduceOnly) return 2;
  return o.type === 'LMT' ? 1 : 0;
}

