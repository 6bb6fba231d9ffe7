// THE broker interface the engine talks to. The simulated broker implements it for backtests; the
// bridge's IBKR broker will implement it for paper and live. The engine cannot tell which it holds.
import type { Order } from './order.ts';

export type OrderRequest = Omit<Order, 'id'>;

/** When market orders fill: at the next bar's open (default) or at the signal bar's close. */
export type FillTiming = 'next_open' | 'close';

/** One bar's prices, as the engine hands them to the broker. */
export interface BarPrices {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface Broker {
  /** Queues an order; returns its id. `front` puts it before waiting orders (closes go first). */
  submit(order: OrderRequest, front?: boolean): number;
  /** Cancels a waiting order; false when it is no longer waiting. */
  cancel(orderId: number): boolean;
  /** Orders waiting to fill, in processing order. */
  readonly pending: readonly Order[];
  /**
   * A new bar of `symbol` arrived (`at` 'open': orders from earlier bars may fill at its open or within
   * its range; 'close': market orders placed on this bar fill at its close). The simulated broker fills
   * here; a live broker's fills arrive on their own and it does nothing.
   */
  matchOrders(symbol: number, bar: number, px: BarPrices, at: 'open' | 'close'): void;
  /** Closes everything open in `symbol` at `price` (finalize_trades; a flatten for a live broker). */
  closeAll(symbol: number, price: number, bar: number): void;
}
