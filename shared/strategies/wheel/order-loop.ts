// The live order loop's decisions (wheel-rules.md §2.5.1, §6.3): after a --submit places the pass's orders,
// each unfilled option order is worked by its symbol's execution policy — every price_update_delay it is
// repriced one step toward the midpoint (repriceOrder: never wider, never across credit and debit), and
// once fill_timeout has passed its unfilled rest is cancelled. Pure: the caller supplies the time, the
// quotes and the fills, and carries out the action (modify or cancel through the bridge).
import { repriceOrder, type ExecutionPolicy, type RepriceQuote, type WorkingOrder } from './execution-policy.ts';
import type { Reason } from './types.ts';

/** One order the loop works. */
export interface LoopOrder {
  readonly order: WorkingOrder;
  readonly policy: ExecutionPolicy;
  /** When it was placed (epoch ms). */
  readonly placedAt: number;
  /** Repricing steps taken so far. */
  readonly steps: number;
  /** When the next step is due (epoch ms). */
  readonly nextAt: number;
}

export type LoopCode = 'REPRICED' | 'KEPT' | 'FILL_TIMEOUT' | 'DONE' | 'WAITING';

export type LoopAction =
  | { readonly kind: 'reprice'; readonly limit: number; readonly reason: Reason<LoopCode> }
  | { readonly kind: 'cancel'; readonly reason: Reason<LoopCode> }
  | { readonly kind: 'keep'; readonly reason: Reason<LoopCode> }
  /** Nothing left to do for this order: it works as placed (a DAY order until the close). */
  | { readonly kind: 'done'; readonly reason: Reason<LoopCode> };

/** A delay drawn from price_update_delay [min, max] seconds, in ms; `random` in [0, 1). */
export function updateDelayMs(policy: Pick<ExecutionPolicy, 'priceUpdateDelay'>, random: number): number {
  const [min, max] = policy.priceUpdateDelay;
  return Math.round((min + Math.max(0, Math.min(1, random)) * Math.max(0, max - min)) * 1000);
}

/** A new order in the loop, its first step one delay after it was placed. */
export function startLoop(order: WorkingOrder, policy: ExecutionPolicy, placedAt: number, random: number): LoopOrder {
  return { order, policy, placedAt, steps: 0, nextAt: placedAt + updateDelayMs(policy, random) };
}

/** Whether the loop has anything to do for an order with this policy (a step or a time-out). */
export function worksOrder(policy: ExecutionPolicy, order: WorkingOrder): boolean {
  return order.contract.secType !== 'STK' && (policy.repriceSteps > 0 || policy.fillTimeout !== undefined);
}

/**
 * The loop's decision for an unfilled order at `now`: cancel its rest once fill_timeout has passed; else,
 * when a step is due, reprice toward the midpoint (or keep the limit, with repriceOrder's reason); else
 * wait. With every step taken and no fill_timeout the loop is done with it. `next` is the order's state
 * after the action (the new limit, the step counted, the next step's time from `random`).
 */
export function loopStep(o: LoopOrder, now: number, quote: RepriceQuote | undefined, minimumCredit: number, random: number): { action: LoopAction; next: LoopOrder } {
  const p = o.policy;
  if (p.fillTimeout !== undefined && now >= o.placedAt + p.fillTimeout * 1000) {
    return { action: { kind: 'cancel', reason: { code: 'FILL_TIMEOUT', message: `not filled within fill_timeout ${p.fillTimeout} s: the unfilled rest is cancelled` } }, next: o };
  }
  if (o.steps >= p.repriceSteps || o.order.contract.secType === 'STK') {
    if (p.fillTimeout !== undefined) return { action: { kind: 'keep', reason: { code: 'WAITING', message: `works at ${o.order.limit} until fill_timeout ${p.fillTimeout} s` } }, next: o };
    return { action: { kind: 'done', reason: { code: 'DONE', message: `works at ${o.order.limit} as placed (${p.repriceSteps} repricing step(s) taken, no fill_timeout)` } }, next: o };
  }
  if (now < o.nextAt) return { action: { kind: 'keep', reason: { code: 'WAITING', message: `step ${o.steps + 1} due in ${Math.ceil((o.nextAt - now) / 1000)} s` } }, next: o };
  const step = o.steps + 1;
  const r = quote === undefined ? undefined : repriceOrder(o.order, quote, step, p, minimumCredit);
  const next: LoopOrder = { ...o, steps: step, nextAt: now + updateDelayMs(p, random) };
  if (r?.limit === undefined) {
    const why = r ? r.reason.message : 'not repriced: no quote for it now';
    return { action: { kind: 'keep', reason: { code: 'KEPT', message: `step ${step} of ${p.repriceSteps}: ${why}` } }, next };
  }
  return {
    action: { kind: 'reprice', limit: r.limit, reason: { code: 'REPRICED', message: `step ${step} of ${p.repriceSteps}: ${r.reason.message}` } },
    next: { ...next, order: { ...o.order, limit: r.limit } },
  };
}
