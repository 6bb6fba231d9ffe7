// The simulated broker: waiting orders fill against each new bar in backtesting.py's order
// (contingent and close orders first, then entries in submission order), with the fill rules of
// triggers.ts, the costs of costs.ts and whole-share sizing of sizing.ts. Fills go to the ledger.
import type { Ledger, OpenTrade } from '../engine/ledger.ts';
import type { BarPrices, Broker, OrderRequest } from './broker.ts';

export type { BarPrices, FillTiming } from './broker.ts';
import { commission, entryPrice, exitPrice, type CostModel } from './costs.ts';
import type { Fill, Order } from './order.ts';
import { unitsFromFraction } from './sizing.ts';
import { limitFillPrice, limitReachable, stopFillPrice, stopLimitFillable, stopLimitFillPrice, stopTriggered } from './triggers.ts';


export class SimBroker implements Broker {
  private queue: Order[] = [];
  private nextId = 1;
  readonly fills: Fill[] = [];

  constructor(
    private readonly ledger: Ledger,
    private readonly costs: CostModel,
    private readonly leverage = 1,
  ) {}

  get pending(): readonly Order[] {
    return this.queue;
  }

  submit(r: OrderRequest, front = false): number {
    // One fixed shape for every order (no spread): keeps V8 on its fast, monomorphic paths.
    const o: Order = {
      id: this.nextId++,
      symbol: r.symbol,
      size: r.size,
      kind: r.kind,
      limit: r.limit,
      stop: r.stop,
      sl: r.sl,
      tp: r.tp,
      tradeId: r.tradeId,
      contingent: r.contingent,
      tag: r.tag,
      placedBar: r.placedBar,
    };
    if (front) this.queue.unshift(o);
    else this.queue.push(o);
    return o.id;
  }

  cancel(orderId: number): boolean {
    const i = this.queue.findIndex((o) => o.id === orderId);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    return true;
  }

  /**
   * Matches the waiting orders of `symbol` against bar `bar`. `marketAt` is the price market orders
   * fill at: the bar's open (orders from the previous bar) or its close (fill = "close", orders from
   * this bar). Stop and limit orders are checked against the bar's range.
   */
  matchOrders(symbol: number, bar: number, px: BarPrices, marketAt: 'open' | 'close'): void {
    const marketPrice = marketAt === 'open' ? px.open : px.close;
    let again = true;
    while (again) {
      again = false;
      const snapshot = this.queue.slice();
      for (let k = 0; k < snapshot.length; k++) {
        const order = snapshot[k];
        if (order.symbol !== symbol || !this.queue.includes(order)) continue;
        if (marketAt === 'close' && (order.kind !== 'market' || order.placedBar !== bar)) continue;
        const price = this.fillPrice(order, px, marketPrice);
        if (price === null) continue;
        this.remove(order);
        if (order.tradeId !== undefined) this.exit(order, price, bar);
        else if (this.enter(order, price, bar, marketPrice) && order.kind === 'market' && marketAt === 'open') again = true;
      }
    }
  }

  /** Closes every open trade of `symbol` at `price` (finalize_trades) and drops its waiting orders. */
  closeAll(symbol: number, price: number, bar: number): void {
    this.queue = this.queue.filter((o) => o.symbol !== symbol);
    for (const t of [...this.ledger.open]) if (t.symbol === symbol) this.closeTrade(t, t.size, price, bar, 0, 'finalize');
  }

  /** The fill price of `order` in this bar, or null when it does not fill now. */
  private fillPrice(order: Order, px: BarPrices, marketPrice: number): number | null {
    const buy = order.size > 0;
    let stop: number | undefined;
    if (order.stop !== undefined) {
      if (!stopTriggered(buy, order.stop, px.high, px.low)) return null;
      stop = order.stop;
    }
    if (order.limit !== undefined) {
      if (stop !== undefined) {
        if (!stopLimitFillable(buy, stop, order.limit, px.high, px.low)) {
          order.stop = undefined; // triggered: from now on a plain limit order
          return null;
        }
        return stopLimitFillPrice(buy, stop, order.limit, px.open);
      }
      return limitReachable(buy, order.limit, px.high, px.low) ? limitFillPrice(buy, order.limit, px.open) : null;
    }
    return stop !== undefined ? stopFillPrice(buy, stop, px.open) : marketPrice;
  }

  private remove(order: Order): void {
    const i = this.queue.indexOf(order);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** An order tied to a trade (close, stop-loss, take-profit): reduce that trade. */
  private exit(order: Order, base: number, bar: number): void {
    let trade: OpenTrade | undefined;
    for (const t of this.ledger.open) if (t.id === order.tradeId) trade = t;
    if (!trade) return;
    const size = Math.sign(trade.size) * Math.min(Math.abs(trade.size), Math.abs(order.size));
    this.closeTrade(trade, size, exitPrice(this.costs, trade.size < 0, base), bar, order.id, order.tag);
  }

  private closeTrade(trade: OpenTrade, size: number, price: number, bar: number, orderId: number, tag: string): void {
    const fee = commission(this.costs, size, price);
    this.ledger.closePart(trade, size, price, bar, fee);
    this.fills.push({ orderId, symbol: trade.symbol, bar, size: -size, price, commission: fee, tag });
    // A trade that is gone takes its stop-loss / take-profit orders with it.
    if ((trade.sl !== undefined || trade.tp !== undefined) && !this.ledger.open.includes(trade)) {
      for (let k = this.queue.length - 1; k >= 0; k--) if (this.queue[k].tradeId === trade.id) this.queue.splice(k, 1);
    }
  }

  /** A stand-alone entry: size it, reduce opposite trades FIFO, open the rest. Returns true if it opened a trade with SL/TP. */
  private enter(order: Order, base: number, bar: number, mark: number): boolean {
    const buy = order.size > 0;
    const adjusted = entryPrice(this.costs, buy, base);
    const perUnit = this.costs.preset === 'none' ? this.costs.commissionRate * base + this.costs.commissionPerShare : commission(this.costs, 1, base);
    let units = Math.abs(order.size);
    if (units < 1) {
      units = unitsFromFraction(this.ledger.marginAvailableAt(mark, this.leverage), units, adjusted, perUnit, this.leverage);
      if (units === 0) return false;
    }
    let need = buy ? units : -units;
    // Hedging off: an opposite order first closes existing trades, oldest first.
    for (const t of this.ledger.open.slice()) {
      if (need === 0) break;
      if (t.symbol !== order.symbol || Math.sign(t.size) === Math.sign(need)) continue;
      const size = Math.abs(need) >= Math.abs(t.size) ? t.size : -need;
      this.closeTrade(t, size, exitPrice(this.costs, buy, base), bar, order.id, order.tag);
      need += size;
    }
    if (need === 0) return false;
    // Not enough margin for the rest: the broker cancels the order (backtesting.py does the same).
    const fee = commission(this.costs, need, adjusted);
    if (Math.abs(need) * adjusted + fee > this.ledger.marginAvailableAt(mark, this.leverage) * this.leverage + 1e-9) return false;
    const trade = this.ledger.openTrade(order.symbol, need, adjusted, bar, fee, order.tag);
    this.fills.push({ orderId: order.id, symbol: order.symbol, bar, size: need, price: adjusted, commission: fee, tag: order.tag });
    if (order.tp !== undefined) this.attach(trade, 'tp', order.tp, bar);
    if (order.sl !== undefined) this.attach(trade, 'sl', order.sl, bar);
    return order.sl !== undefined || order.tp !== undefined;
  }

  /** Stop-loss (a stop order) and take-profit (a limit order) closing `trade`, processed before other orders. */
  private attach(trade: OpenTrade, kind: 'sl' | 'tp', price: number, bar: number): void {
    trade[kind] = price;
    const base = { symbol: trade.symbol, size: -trade.size, tradeId: trade.id, contingent: kind, tag: `${trade.tag}:${kind}`, placedBar: bar } as const;
    this.submit(kind === 'sl' ? { ...base, kind: 'stop', stop: price } : { ...base, kind: 'limit', limit: price }, true);
  }
}
