// The clock's effect on orders before (and after) each matching pass (ib-protocol.md §6 "Orders"):
// GTD orders whose time came are cancelled ("Cancelled: order expired"); orders whose cancel
// conditions hold are cancelled; held orders whose good-after time came and whose submit conditions
// hold are submitted — openOrder + orderStatus Submitted — and may fill at once.
import { awaitsActivation, hasPendingActivation } from './activation.ts';
import { conditionsHold } from './conditions.ts';
import { cancelOrder, tryFill } from './lifecycle.ts';
import { initTrailingStop } from './matching.ts';
import { openOrderMessage, orderStatusMessage } from './order-messages.ts';
import { isTerminal, type PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

/** A held order that is transmitted and not behind an unfilled parent. */
function releasable(broker: PaperBroker, o: PaperOrder): boolean {
  if (o.status !== 'PreSubmitted' || !o.transmit) return false;
  const parent = broker.book.parentOf(o);
  return !parent || parent.status === 'Filled';
}

/** Submits a held order whose time and conditions came (TWS does not check submit conditions again afterwards). */
export function activate(broker: PaperBroker, o: PaperOrder, t: number): void {
  if ((o.conditions?.length ?? 0) > 0 && !o.conditionsCancelOrder) o.conditionsMet = true;
  o.status = 'Submitted';
  initTrailingStop(broker, o, t);
  broker.sendToOwner(o, openOrderMessage(o));
  broker.sendToOwner(o, orderStatusMessage(o));
  tryFill(broker, o, t);
  if (o.tif === 'IOC' && !isTerminal(o)) cancelOrder(broker, o, t, 'ioc');
  broker.changed();
}

/** GTD expiry, cancel conditions and activation of held orders at instant t. */
export function sweepTimedOrders(broker: PaperBroker, t: number): void {
  for (const o of broker.book.open()) {
    if (isTerminal(o)) continue; // cancelled earlier in this sweep (a parent's children)
    if (o.expiresAt !== undefined && t >= o.expiresAt) {
      cancelOrder(broker, o, Math.max(o.placedAt, o.expiresAt), 'expired');
    } else if (o.conditionsCancelOrder && (o.conditions?.length ?? 0) > 0) {
      if (conditionsHold(broker, o, t)) cancelOrder(broker, o, t, 'conditions');
      else if (releasable(broker, o) && o.activeFrom !== undefined && !awaitsActivation(broker, o, t)) activate(broker, o, t);
    } else if (releasable(broker, o) && (o.activeFrom !== undefined || hasPendingActivation(o, t)) && !awaitsActivation(broker, o, t)) {
      activate(broker, o, t);
    }
  }
}
