// The execution policy of the wheel's option orders (wheel-rules.md §2.5.1): where a symbol's first limit is
// set (buy_price / sell_price — the pass prices with it through pricing.ts), how long an order works
// (fill_timeout), and the repricing steps toward the midpoint that the live order loop takes
// (repriceOrder: never wider, never across credit ↔ debit, on the tick, or a reason why not).
import { roundToTick } from '../../broker/ibkr-rules.ts';
import type { WheelConfig } from './config.ts';
import type { WheelOrder } from './pass.ts';
import { repriceLimit, wheelOptionTick, type LimitResult, type OptionQuote, type OrderPrice, type RepriceCode } from './pricing.ts';
import { midpoint } from './types.ts';

/** §2.5.1: how a symbol's option orders are priced and worked. */
export interface ExecutionPolicy {
  /** Where a BUY's first limit is set (closes, roll combos). */
  readonly buyPrice: OrderPrice;
  /** Where a SELL's first limit is set (new writes). */
  readonly sellPrice: OrderPrice;
  /** Seconds an order works before the loop cancels its unfilled rest; undefined: until the session ends (DAY). */
  readonly fillTimeout?: number;
  /** Repricing steps toward the midpoint (0: none; thetagang's adjust_price_after_delay is 1). */
  readonly repriceSteps: number;
  /** [min, max] seconds the loop waits before each step (thetagang's price_update_delay). */
  readonly priceUpdateDelay: readonly [number, number];
}

/** One level as written (`[orders]`, `[orders.symbol_overrides.<SYM>]`): a key left out inherits. */
export type ExecutionLevel = Partial<ExecutionPolicy>;

/** The policy when nothing is set: thetagang's prices (§2.5), no repricing, its [30, 60] s delay. */
export const DEFAULT_EXECUTION_POLICY: ExecutionPolicy = { buyPrice: 'model', sellPrice: 'model', repriceSteps: 0, priceUpdateDelay: [30, 60] };

/** §2.5.1: the policy from its levels, most specific first: per key, the first level that sets it. */
export function resolveExecutionPolicy(levels: readonly (ExecutionLevel | undefined)[]): ExecutionPolicy {
  const pick = <K extends keyof ExecutionPolicy>(key: K): ExecutionPolicy[K] | undefined => levels.find((l) => l?.[key] !== undefined)?.[key];
  const d = DEFAULT_EXECUTION_POLICY;
  const fillTimeout = pick('fillTimeout');
  return {
    buyPrice: pick('buyPrice') ?? d.buyPrice,
    sellPrice: pick('sellPrice') ?? d.sellPrice,
    ...(fillTimeout !== undefined && { fillTimeout }),
    repriceSteps: pick('repriceSteps') ?? d.repriceSteps,
    priceUpdateDelay: pick('priceUpdateDelay') ?? d.priceUpdateDelay,
  };
}

/** §2.5.1: a symbol's policy: `[orders.symbol_overrides.<SYM>]` (and its adjust_price_after_delay) over `[orders]`. */
export function symbolExecutionPolicy(c: WheelConfig, symbol: string): ExecutionPolicy {
  return resolveExecutionPolicy([c.execution?.symbols.get(symbol), c.execution?.defaults]);
}

/**
 * §2.5.1: the share of the remaining way to the midpoint that step `step` of `steps` moves: 1 / (steps + 2 −
 * step), so that with an unmoved midpoint the limit stands at step / (steps + 1) of the first distance after
 * each step (3 steps from an ask 0.40 above the midpoint: 0.30, 0.20, 0.10 above it), one step short of the
 * midpoint; reprice_steps = 1 is thetagang's half-way.
 */
export function repriceFraction(step: number, steps: number): number {
  return 1 / (steps + 2 - step);
}

/** The order the loop works: its symbol, side, working limit and contract (a roll's legs). */
export type WorkingOrder = Pick<WheelOrder, 'symbol' | 'action' | 'limit' | 'contract' | 'legs'>;

/** The current quote of a working order: the option's, or one per leg of a combo in the order of its legs. */
export type RepriceQuote = OptionQuote | readonly OptionQuote[];

/**
 * The order's current midpoint: the option's (bid + ask) / 2; a combo's is each leg's midpoint × ratio,
 * added for legs on the order's side and subtracted for the others (a roll: mid(old) − mid(new)). NaN
 * without a two-sided quote on every leg.
 * @throws RangeError when a combo's quotes do not match its legs one for one.
 */
export function orderMidpoint(order: WorkingOrder, quote: RepriceQuote): number {
  if (order.contract.secType !== 'BAG') {
    const q = Array.isArray(quote) ? undefined : (quote as OptionQuote);
    if (!q) throw new RangeError(`orderMidpoint: an ${order.symbol} ${order.contract.secType} order takes one quote, got a list`);
    return midpoint(q.bid, q.ask);
  }
  const legs = order.legs ?? [];
  const quotes = Array.isArray(quote) ? (quote as readonly OptionQuote[]) : [];
  if (quotes.length !== legs.length || legs.length === 0) {
    throw new RangeError(`orderMidpoint: the ${order.symbol} combo has ${legs.length} legs, got ${Array.isArray(quote) ? quotes.length : 'a single'} quote(s)`);
  }
  let mid = 0;
  legs.forEach((leg, i) => (mid += (leg.action === order.action ? 1 : -1) * leg.ratio * midpoint(quotes[i].bid, quotes[i].ask)));
  return mid;
}

export type RepriceOrderCode = RepriceCode | 'AT_MIDPOINT' | 'NO_STEP_LEFT' | 'NOT_AN_OPTION';

/**
 * §2.5.1: the limit of repricing step `step` (1, 2, … ≤ reprice_steps) of a working order, toward its current
 * midpoint by repriceFraction, on the contract's tick (a combo's in cents), with a credit combo kept at
 * minimum_credit or more (pricing.ts repriceLimit). No new limit (limit undefined) with the reason when:
 * the step is past reprice_steps (NO_STEP_LEFT), the order is for shares (NOT_AN_OPTION), a leg has no
 * two-sided quote (NO_MIDPOINT), the limit already is the midpoint on the tick (AT_MIDPOINT), the move would
 * widen the spread — a SELL higher, a BUY lower, e.g. a SELL placed at the bid or a midpoint that moved away
 * (WOULD_WIDEN_SPREAD) — would flip a credit into a debit or the reverse (WOULD_FLIP_SIGN), or rounds to the
 * same limit (UNCHANGED).
 *
 * The live order loop's contract: place the order at the pass's limit; before each step wait a delay drawn
 * from price_update_delay [min, max] seconds; if the order is not filled, call this with its working limit,
 * the current quote and the step's number, and on REPRICED modify the order's limit (the unfilled quantity
 * only), otherwise keep it and log the reason; stop after reprice_steps steps or the fill; once fill_timeout
 * seconds have passed since the order was placed, cancel its unfilled rest (without fill_timeout the DAY order
 * works until the close).
 * @throws RangeError for a step that is not a whole number ≥ 1, or combo quotes that do not match its legs.
 */
export function repriceOrder(
  order: WorkingOrder,
  quote: RepriceQuote,
  step: number,
  policy: Pick<ExecutionPolicy, 'repriceSteps'>,
  minimumCredit: number,
): LimitResult<RepriceOrderCode> {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`repriceOrder: step must be a whole number ≥ 1, got ${step}`);
  const skip = (code: RepriceOrderCode, message: string): LimitResult<RepriceOrderCode> => ({ limit: undefined, reason: { code, message } });
  if (order.contract.secType === 'STK') {
    return skip('NOT_AN_OPTION', `not repriced: ${order.symbol} shares keep their limit (the execution policy reprices option orders)`);
  }
  if (step > policy.repriceSteps) {
    return skip('NO_STEP_LEFT', `not repriced: step ${step} is past reprice_steps ${policy.repriceSteps} (limit stays ${order.limit})`);
  }
  const combo = order.contract.secType === 'BAG';
  const mid = orderMidpoint(order, quote);
  if (Number.isFinite(mid) && roundToTick(mid, wheelOptionTick(order.symbol, mid, combo), 'nearest') === order.limit) {
    return skip('AT_MIDPOINT', `not repriced: ${order.action} limit ${order.limit} already is the midpoint ${Number(mid.toFixed(4))} on the tick`);
  }
  const fraction = repriceFraction(step, policy.repriceSteps);
  return repriceLimit({ symbol: order.symbol, action: order.action, oldLimit: order.limit, midpoint: mid, minimumCredit, combo, fraction });
}
