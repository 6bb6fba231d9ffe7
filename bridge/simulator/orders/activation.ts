// Whether an accepted order still waits to be submitted (PreSubmitted, not working): before its
// good-after time (order-times.ts) or until its submit conditions hold (conditions.ts). Orders whose
// conditions CANCEL them (conditionsCancelOrder) work normally and are cancelled by timed-orders.ts.
import { conditionsHold } from './conditions.ts';
import type { PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

/** The order has submit conditions that have not held yet. */
export function hasPendingConditions(o: PaperOrder): boolean {
  return (o.conditions?.length ?? 0) > 0 && o.conditionsCancelOrder !== true && o.conditionsMet !== true;
}

/** The order waits for a good-after time or for submit conditions (whatever else holds it back). */
export function hasPendingActivation(o: PaperOrder, t: number): boolean {
  return (o.activeFrom !== undefined && t < o.activeFrom) || hasPendingConditions(o);
}

/** Whether the order must still wait at t: its good-after time is later, or its submit conditions do not hold. */
export function awaitsActivation(broker: PaperBroker, o: PaperOrder, t: number): boolean {
  if (o.activeFrom !== undefined && t < o.activeFrom) return true;
  return hasPendingConditions(o) && !conditionsHold(broker, o, t);
}
