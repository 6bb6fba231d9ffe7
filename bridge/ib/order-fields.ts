// A shared OrderTicket as the @stoqey/ib Order placeOrder sends (docs/bridge.md §3.1): action,
// quantity, type, prices (auxPrice is the stop price, or a TRAIL's amount), time in force, the
// bracket's parentId and transmit flag, the OCA group, orderRef = the intent id, the account (P11),
// and openClose for options. One to one with the shared vocabulary: no trading rule here.
import { OrderAction, type OrderType as IbOrderType, type TimeInForce as IbTif, type Order as IbOrder } from '@stoqey/ib';
import type { OrderTicket } from '../../shared/domain/order.ts';

export interface Placement {
  /** False holds the order at TWS until a later order of its group is sent with true. */
  readonly transmit: boolean;
  /** A bracket child's parent order id. */
  readonly parentId?: number;
  readonly account?: string;
  /** The OCA group (the order's own, or its bracket's). */
  readonly ocaGroup?: string;
  /** A protective exit: its OCA group reduces the others on a fill (ocaType 2) instead of cancelling them (1). */
  readonly protective?: boolean;
}

export function ibOrderOf(orderId: number, ticket: OrderTicket, how: Placement): IbOrder {
  const o: IbOrder = {
    orderId,
    action: ticket.side === 'BUY' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: ticket.quantity,
    orderType: ticket.type as IbOrderType,
    tif: ticket.tif as IbTif,
    transmit: how.transmit,
    orderRef: ticket.ref,
  };
  if (how.account) o.account = how.account;
  if (how.parentId !== undefined) o.parentId = how.parentId;
  if (ticket.limitPrice !== undefined && (ticket.type === 'LMT' || ticket.type === 'STP LMT')) o.lmtPrice = ticket.limitPrice;
  if (ticket.stopPrice !== undefined && (ticket.type === 'STP' || ticket.type === 'STP LMT')) o.auxPrice = ticket.stopPrice;
  if (ticket.type === 'TRAIL') {
    if (ticket.trailPercent !== undefined) o.trailingPercent = ticket.trailPercent;
    else o.auxPrice = ticket.trailAmount;
  }
  const oca = how.ocaGroup ?? ticket.ocaGroup;
  if (oca) {
    o.ocaGroup = oca;
    o.ocaType = how.protective ? 2 : 1;
  }
  if (ticket.openClose && ticket.instrument.secType === 'OPT') o.openClose = ticket.openClose;
  return o;
}
