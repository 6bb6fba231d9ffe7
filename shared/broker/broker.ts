// THE broker seam the engine talks to (docs/trading-model.md §7): submit, modify, cancel, and the
// order-status and fill events. The backtest's simulated venue implements it (and alone knows about
// bars); the bridge's IBKR broker implements it over the TWS API for paper and live trading. The
// engine cannot tell which it holds.
import type { Fill } from '../domain/fill.ts';
import type { Order, OrderTicket } from '../domain/order.ts';

/** What a submit answered: the accepted order, or a refusal with the broker's reason. */
export type SubmitResult = { readonly ok: true; readonly order: Order } | { readonly ok: false; readonly reason: string };

/** The changes a modification may make (same instrument and side). */
export type OrderChanges = Partial<Pick<OrderTicket, 'quantity' | 'limitPrice' | 'stopPrice' | 'trailAmount' | 'trailPercent' | 'tif'>>;

export interface BrokerListener {
  /** A fill happened (booked on the broker's side); the order shows its new filled quantity. */
  onFill(fill: Fill, order: Order): void;
  /** An order changed status (accepted, cancelled, expired, rejected). */
  onOrderStatus(order: Order): void;
}

export interface Broker {
  /**
   * Sends an order; `exits` are its bracket children (stop-loss, take-profit): held until it has
   * filled, then working as one OCA group that may only reduce the position (IBKR's parentId +
   * transmit). A refusal is returned, never thrown.
   */
  submit(ticket: OrderTicket, exits?: readonly OrderTicket[]): SubmitResult;
  /** False when the order is unknown or already done. */
  modify(orderId: number, changes: OrderChanges): boolean;
  /** False when the order is unknown or already done (a cancel always passes the kill switch). */
  cancel(orderId: number): boolean;
  /** Orders still working or held, in submission order. */
  openOrders(): readonly Order[];
  /** Attaches a listener; the function returned detaches it again (a finished run leaves nothing behind). */
  listen(listener: BrokerListener): () => void;
}
