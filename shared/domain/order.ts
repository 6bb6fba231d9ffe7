// Orders: what is sent to a broker (OrderTicket) and what the broker holds (Order), in IBKR's
// vocabulary so the bridge and the TWS simulator map them one to one (docs/trading-model.md §2).
// Quantities are unsigned units (shares, contracts or combo units); the side gives the direction.
import type { Instrument } from './instrument.ts';

export type OrderSide = 'BUY' | 'SELL';
/** Market, limit, stop, stop-limit, trailing stop, market-on-close. */
export type OrderType = 'MKT' | 'LMT' | 'STP' | 'STP LMT' | 'TRAIL' | 'MOC';
export const ORDER_TYPES: readonly OrderType[] = ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL', 'MOC'];
/** Day (expires at the session close), good-till-cancelled, immediate-or-cancel. */
export type TimeInForce = 'DAY' | 'GTC' | 'IOC';
export const TIMES_IN_FORCE: readonly TimeInForce[] = ['DAY', 'GTC', 'IOC'];

/** TWS's order status strings. */
export type OrderStatus = 'PendingSubmit' | 'PreSubmitted' | 'Submitted' | 'PendingCancel' | 'Cancelled' | 'Filled' | 'Inactive';

export interface OrderTicket {
  readonly instrument: Instrument;
  readonly side: OrderSide;
  /** Units > 0: whole shares, contracts or combo units. */
  readonly quantity: number;
  readonly type: OrderType;
  /** LMT and STP LMT. For a combo: the net price per combo unit (negative = a credit). */
  readonly limitPrice?: number;
  /** STP and STP LMT trigger price (IBKR's auxPrice). */
  readonly stopPrice?: number;
  /** TRAIL: the distance of the stop from the best price, as an amount or a percent. */
  readonly trailAmount?: number;
  readonly trailPercent?: number;
  readonly tif: TimeInForce;
  /** One-cancels-all group: a fill of one cancels (or reduces) the others. */
  readonly ocaGroup?: string;
  /** A bracket child: it works only once its parent order has filled. */
  readonly parentId?: number;
  /** A protective exit (stop-loss / take-profit): it may reduce the position it protects, never open or reverse one. */
  readonly reduceOnly?: boolean;
  /**
   * Whether the order opens ('O') or closes ('C') a position (IBKR's openClose): the backtest's
   * venue charges its entry spread on opening orders only. Unset = opening.
   */
  readonly openClose?: 'O' | 'C';
  /** The intent this order carries out (IBKR's orderRef): a repeated ref must never make a second order. */
  readonly ref: string;
}

export interface Order extends Omit<OrderTicket, 'parentId' | 'ocaGroup' | 'reduceOnly'> {
  readonly id: number;
  /** Set by the broker for a bracket's children. */
  parentId?: number;
  ocaGroup?: string;
  reduceOnly?: boolean;
  status: OrderStatus;
  /** Units filled so far and their average price. */
  filled: number;
  avgFillPrice: number;
  commission: number;
  /** When it was accepted (epoch ms, the engine's clock). */
  readonly placedAt: number;
  /** STP / STP LMT / TRAIL: the trigger was hit. */
  triggered: boolean;
  /** TRAIL: the current stop price (NaN until the first price sets it). */
  trailStop: number;
}

export function remainingQuantity(o: Pick<Order, 'quantity' | 'filled'>): number {
  return Math.max(0, o.quantity - o.filled);
}

export function isDone(o: Pick<Order, 'status'>): boolean {
  return o.status === 'Filled' || o.status === 'Cancelled' || o.status === 'Inactive';
}

/** +1 for a buy, -1 for a sell. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === 'BUY' ? 1 : -1;
}
