// THE broker interface the engine talks to. The simulated broker implements it for backtests; the
// bridge's IBKR broker will implement it for paper and live. The engine cannot tell which it holds.
import type { Order } from './order.ts';

export type OrderRequest = Omit<Order, 'id'>;

export interface Broker {
  /** Queues an order; returns its id. `front` puts it before waiting orders (closes go first). */
  submit(order: OrderRequest, front?: boolean): number;
  /** Cancels a waiting order; false when it is no longer waiting. */
  cancel(orderId: number): boolean;
  /** Orders waiting to fill, in processing order. */
  readonly pending: readonly Order[];
}
