// Order conditions (ib-protocol.md §6 "Conditional orders") evaluated against the replay: a price
// condition on the replayed quote of its contract with its trigger method (the shared stop-trigger
// rule, shared/broker/quote-fills.ts: last, bid/ask, mid…; isMore = at or above the price, else at
// or below), a time condition on the replay clock (isMore = at or after the time, else at or before),
// a margin condition on the account's cushion in % (shared account values), an execution condition
// (a fill of that symbol and security type in the order's account since the order was placed), a
// volume condition on the session's volume so far and a percent-change condition on the last price
// against the previous session's close.
//
// The conditions are combined LEFT TO RIGHT, each one's conjunction joining it to the next, with no
// precedence of AND over OR: `A or B and C` is `(A or B) and C` (as TWS lists and evaluates them).
// Unless conditionsIgnoreRth is set they are evaluated only while the regular session is open.

import { stopElected } from '../../../shared/broker/quote-fills.ts';
import { instrumentById } from '../account/listings.ts';
import { newQuote, type Quote } from '../market/quotes.ts';
import type { OrderCondition } from '../wire/order-conditions.ts';
import { parseOrderTime } from './order-times.ts';
import type { PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

const scratch: Quote = newQuote();

/** Why the conditions cannot be evaluated here (a 201 reason), or undefined. */
export function conditionProblem(broker: PaperBroker, conditions: readonly OrderCondition[], t: number): string | undefined {
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i];
    if (c.type === 1 || c.type === 6 || c.type === 7) {
      if (!instrumentById(broker.state.catalogue, c.conId)) return `condition ${i + 1}: conId ${c.conId} is not a contract the simulator carries`;
    } else if (c.type === 3) {
      if (parseOrderTime(c.time, t) === null) return `condition ${i + 1}: time '${c.time}' is not yyyyMMdd HH:mm:ss [time zone]`;
    } else if (c.type === 5) {
      if (c.symbol.trim() === '') return `condition ${i + 1}: an execution condition needs a symbol`;
    }
  }
  return undefined;
}

function quoteOf(broker: PaperBroker, conId: number, t: number): Quote | undefined {
  const inst = instrumentById(broker.state.catalogue, conId);
  if (!inst) return undefined;
  const q = broker.state.quotes.quote(inst, t, scratch);
  return q.valid ? q : undefined;
}

const compare = (isMore: boolean, value: number, threshold: number) => value === value && (isMore ? value >= threshold : value <= threshold);

/** Whether one condition holds for the order at instant t. */
export function conditionHolds(broker: PaperBroker, o: PaperOrder, c: OrderCondition, t: number): boolean {
  switch (c.type) {
    case 1: {
      const q = quoteOf(broker, c.conId, t);
      return q !== undefined && stopElected(c.isMore, c.price, q, c.triggerMethod, instrumentById(broker.state.catalogue, c.conId)?.secType === 'OPT');
    }
    case 3: {
      const at = parseOrderTime(c.time, t);
      return at !== null && (c.isMore ? t >= at : t <= at);
    }
    case 4:
      return compare(c.isMore, broker.values(o.account, t).cushion * 100, c.percent);
    case 5: {
      const symbol = c.symbol.toUpperCase();
      const secType = c.secType.toUpperCase();
      return broker.executions
        .all()
        .some((e) => e.account === o.account && e.time >= o.placedAt && e.contract.symbol.toUpperCase() === symbol && (secType === '' || e.contract.secType === secType));
    }
    case 6: {
      const q = quoteOf(broker, c.conId, t);
      return q !== undefined && compare(c.isMore, q.volume, c.volume);
    }
    case 7: {
      const q = quoteOf(broker, c.conId, t);
      return q !== undefined && q.close > 0 && compare(c.isMore, ((q.last - q.close) / q.close) * 100, c.percent);
    }
  }
}

/** The conditions combined left to right (no precedence); true when there are none. */
export function combineLeftToRight(conditions: readonly { conjunction: string }[], holds: (i: number) => boolean): boolean {
  if (conditions.length === 0) return true;
  let result = holds(0);
  for (let i = 1; i < conditions.length; i++) result = conditions[i - 1].conjunction === 'o' ? result || holds(i) : result && holds(i);
  return result;
}

/** Whether the order's conditions are evaluated at t: always with conditionsIgnoreRth, else inside the regular session. */
export function conditionsEvaluatedAt(broker: PaperBroker, o: PaperOrder, t: number): boolean {
  return o.conditionsIgnoreRth === true || broker.state.catalogue.calendar.isOpen(t);
}

/** Whether the order's conditions hold at t (false outside the hours they are evaluated in). */
export function conditionsHold(broker: PaperBroker, o: PaperOrder, t: number): boolean {
  const list = o.conditions ?? [];
  if (list.length === 0) return true;
  if (!conditionsEvaluatedAt(broker, o, t)) return false;
  return combineLeftToRight(list, (i) => conditionHolds(broker, o, list[i], t));
}
