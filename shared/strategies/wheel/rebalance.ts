// Buy-only and sell-only equity rebalancing of one symbol (wheel-rules §1.12, §2.7; T12–T19): the
// stock is bought or sold directly towards target shares = floor(weight × buying power / price), gated
// by a share minimum, a dollar minimum = max(amount, percent × NLV) and a relative drift minimum, as
// limit orders at the midpoint. Also which option stages a rebalance mode leaves to a symbol (T19).
import { stockLimitOnTick } from './pricing.ts';
import { targetShares } from './targets.ts';
import { isPrice, type Reason } from './types.ts';

/** §1.12: `equity_rebalance.mode` of a symbol. */
export type EquityRebalanceMode = 'off' | 'buy_only' | 'sell_only' | 'both';

/** T19: the option stages a rebalance mode allows: buy-only gets no puts, sell-only no calls, both neither. */
export function optionStagesFor(mode: EquityRebalanceMode): { readonly puts: boolean; readonly calls: boolean } {
  return { puts: mode === 'off' || mode === 'sell_only', calls: mode === 'off' || mode === 'buy_only' };
}

/** §1.12: the rebalance stages a mode runs: buy_rebalance for buy_only / both, sell_rebalance for sell_only / both. */
export function rebalanceStagesFor(mode: EquityRebalanceMode): { readonly buy: boolean; readonly sell: boolean } {
  return { buy: mode === 'buy_only' || mode === 'both', sell: mode === 'sell_only' || mode === 'both' };
}

/** §1.12: the policy's thresholds; a missing, zero or non-finite value is unset (as thetagang reads them). */
export interface RebalanceThresholds {
  /** `min_threshold_shares`: smallest order in shares (default 1). */
  readonly minThresholdShares?: number;
  /** `min_threshold_amount`: smallest order in dollars. */
  readonly minThresholdAmount?: number;
  /** `min_threshold_percent`: smallest order as a fraction of net liquidation (dollar minimum = max(amount, this × NLV)). */
  readonly minThresholdPercent?: number;
  /** `min_threshold_percent_relative`: smallest drift |target value − position value| / target value. */
  readonly minThresholdPercentRelative?: number;
}

/** §2.7: what one symbol's rebalance looks at. */
export interface RebalanceInput {
  /** The wheel's buying power (floor(NLV × margin_usage)); targets are its shares. */
  readonly buyingPower: number;
  /** Net liquidation (only read for `min_threshold_percent`). */
  readonly netLiquidation: number;
  /** The symbol's target weight of the buying power (0–1). */
  readonly weight: number;
  /** The market price (last). */
  readonly price: number;
  /** The quote's midpoint: the order's limit; the market price when missing. */
  readonly midpoint?: number;
  /** Shares held (fractions are floored). */
  readonly sharesHeld: number;
  readonly thresholds?: RebalanceThresholds;
}

/** §2.7: why a rebalance did or did not trade. */
export type RebalanceCode =
  | 'BUY'
  | 'SELL'
  | 'AT_TARGET'
  | 'ZERO_WEIGHT'
  | 'NO_PRICE'
  | 'BAD_INPUT'
  | 'BELOW_MIN_SHARES'
  | 'BELOW_MIN_AMOUNT'
  | 'BELOW_RELATIVE_THRESHOLD'
  | 'INSUFFICIENT_BUYING_POWER';

/** §2.7: a rebalance's verdict: an order (quantity > 0, with its limit) or none (quantity 0), and why. */
export interface RebalanceResult {
  readonly action: 'BUY' | 'SELL';
  /** Shares to trade; 0 = no order. */
  readonly quantity: number;
  /** The limit price (midpoint, else market price, on the stock tick); only with an order. */
  readonly limit?: number;
  /** Target shares (0 when the inputs are unusable). */
  readonly targetShares: number;
  readonly reason: Reason<RebalanceCode>;
}

/** The thresholds as numbers: share minimum ≥ 1, dollar minimum and relative minimum (undefined = none). */
interface Minimums {
  readonly shares: number;
  readonly amount: number | undefined;
  readonly relative: number | undefined;
  /** How the dollar minimum was made, for messages. */
  readonly amountWhy: string;
}

/** A threshold value that is set: finite and above zero. */
function set(x: number | undefined): x is number {
  return x !== undefined && Number.isFinite(x) && x > 0;
}

/** §1.12: share minimum (default 1), dollar minimum = max(amount, percent × NLV), relative minimum. */
function minimums(t: RebalanceThresholds | undefined, netLiquidation: number): Minimums {
  const shares = set(t?.minThresholdShares) ? t.minThresholdShares : 1;
  const amount = set(t?.minThresholdAmount) ? t.minThresholdAmount : undefined;
  const relative = set(t?.minThresholdPercentRelative) ? t.minThresholdPercentRelative : undefined;
  if (!set(t?.minThresholdPercent)) return { shares, amount, relative, amountWhy: amount === undefined ? '' : `min_threshold_amount ${usd(amount)}` };
  const ofNlv = t.minThresholdPercent * netLiquidation;
  const why = `max(${amount === undefined ? 'no amount' : usd(amount)}, ${pct(t.minThresholdPercent)} × NLV ${usd(netLiquidation)})`;
  return { shares, amount: amount === undefined ? ofNlv : Math.max(amount, ofNlv), relative, amountWhy: why };
}

/** Shared checks of both directions: a reason when the inputs cannot be used, else the target. */
function prepare(action: 'BUY' | 'SELL', input: RebalanceInput): RebalanceResult | { target: number; held: number; targetValue: number; min: Minimums } {
  const { buyingPower, weight, price, sharesHeld, netLiquidation, thresholds } = input;
  const none = (code: RebalanceCode, message: string): RebalanceResult => ({ action, quantity: 0, targetShares: 0, reason: { code, message } });
  if (!isPrice(price)) return none('NO_PRICE', `no usable market price (${price}): skipped`);
  if (!Number.isFinite(buyingPower) || buyingPower < 0) return none('BAD_INPUT', `buying power ${buyingPower} is not a non-negative number: skipped`);
  if (!Number.isFinite(weight) || weight < 0 || weight > 1) return none('BAD_INPUT', `weight ${weight} is not a number in [0, 1]: skipped`);
  if (!Number.isFinite(sharesHeld)) return none('BAD_INPUT', `shares held ${sharesHeld} is not a number: skipped`);
  if (set(thresholds?.minThresholdPercent) && !Number.isFinite(netLiquidation)) {
    return none('BAD_INPUT', `net liquidation ${netLiquidation} is not a number, needed by min_threshold_percent: skipped`);
  }
  const target = targetShares(weight, buyingPower, price);
  return { target, held: Math.floor(sharesHeld), targetValue: weight * buyingPower, min: minimums(thresholds, netLiquidation) };
}

/** §2.5/§2.7: the limit of a stock order: the midpoint when usable, else the market price, on the stock tick. */
function stockLimit(price: number, mid: number | undefined): { limit: number; source: string } {
  const p = isPrice(mid) ? mid : price;
  return { limit: stockLimitOnTick(p), source: isPrice(mid) ? 'midpoint' : 'market price, no midpoint' };
}

/**
 * T12–T17: buy-only rebalancing. Buy = target − held, when the drift (target value − position value) /
 * target value reaches the relative minimum, the order reaches the dollar and share minimums, capped at
 * floor(buying power / price). A symbol with no shares whose target is below one share buys 1 share when
 * the dollar minimum is below one share's price (or there is no dollar minimum and the share minimum is 1).
 */
export function rebalanceBuy(input: RebalanceInput): RebalanceResult {
  const p = prepare('BUY', input);
  if ('reason' in p) return p;
  const { target, held, targetValue, min } = p;
  const { price, buyingPower, weight } = input;
  const sizing = `target ${target} sh (${weight} × BP ${usd(buyingPower)} / ${usd(price)}), held ${held}`;
  const none = (code: RebalanceCode, message: string): RebalanceResult => ({ action: 'BUY', quantity: 0, targetShares: target, reason: { code, message } });
  if (weight === 0) return none('ZERO_WEIGHT', `not bought: weight 0, ${sizing}`);
  let qty = target - held;
  if (min.relative !== undefined && targetValue > 0 && qty > 0) {
    const drift = (targetValue - held * price) / targetValue;
    if (drift < min.relative) {
      const message = `not bought: ${sizing}; position ${pct(drift)} below its target value, under the relative threshold ${pct(min.relative)}`;
      return none('BELOW_RELATIVE_THRESHOLD', message);
    }
  }
  let why = `${sizing} → buy ${qty}`;
  if (qty <= 0) {
    if (held !== 0 || !(targetValue > 0)) return none('AT_TARGET', `not bought: at or above target, ${sizing}`);
    // No shares and a target below one share: one share may be bought (§2.7).
    const below = `target value ${usd(targetValue)} is below one share (${usd(price)})`;
    if (min.amount !== undefined && !(min.amount < price)) {
      return none('BELOW_MIN_AMOUNT', `not bought: ${below}; 1 sh = ${usd(price)} is below the dollar minimum ${usd(min.amount)} (${min.amountWhy})`);
    }
    if (min.amount === undefined && min.shares > 1) return none('BELOW_MIN_SHARES', `not bought: ${below}; 1 sh is below min_threshold_shares ${min.shares}`);
    qty = 1;
    why = `${below}, held 0 → buy 1 sh${min.amount === undefined ? '' : ` (dollar minimum ${usd(min.amount)} < one share)`}`;
  }
  // (thetagang's "round up to 1 share" inside this branch cannot trigger: qty ≥ 1 costs ≥ one share.)
  const amount = qty * price;
  if (min.amount !== undefined && amount < min.amount) {
    const below = `${qty} sh × ${usd(price)} = ${usd(amount)} is below the dollar minimum ${usd(min.amount)} (${min.amountWhy})`;
    return none('BELOW_MIN_AMOUNT', `not bought: ${sizing}; ${below}`);
  }
  if (qty < min.shares) return none('BELOW_MIN_SHARES', `not bought: ${sizing}; ${qty} sh is below min_threshold_shares ${min.shares}`);
  if (amount > buyingPower) {
    const capped = Math.floor(buyingPower / price);
    const short = `${qty} sh × ${usd(price)} = ${usd(amount)} exceeds buying power ${usd(buyingPower)}, which pays for ${capped} sh`;
    if (capped === 0) return none('INSUFFICIENT_BUYING_POWER', `not bought: ${short}`);
    if (min.amount !== undefined && capped * price < min.amount) {
      return none('INSUFFICIENT_BUYING_POWER', `not bought: ${short}, below the dollar minimum ${usd(min.amount)}`);
    }
    if (capped < min.shares) return none('INSUFFICIENT_BUYING_POWER', `not bought: ${short}, below min_threshold_shares ${min.shares}`);
    qty = capped;
    why = `${why}; capped at ${capped} sh by buying power ${usd(buyingPower)}`;
  }
  const { limit, source } = stockLimit(price, input.midpoint);
  return { action: 'BUY', quantity: qty, limit, targetShares: target, reason: { code: 'BUY', message: `${why} at limit ${limit} (${source})` } };
}

/**
 * T18: sell-only rebalancing. Sell = held − target, when the drift (position value − target value) /
 * target value reaches the relative minimum and the order reaches the dollar and share minimums. A weight
 * of 0 targets 0 shares, so every share is sold (as thetagang does).
 */
export function rebalanceSell(input: RebalanceInput): RebalanceResult {
  const p = prepare('SELL', input);
  if ('reason' in p) return p;
  const { target, held, targetValue, min } = p;
  const { price, buyingPower, weight } = input;
  const sizing = `target ${target} sh (${weight} × BP ${usd(buyingPower)} / ${usd(price)}), held ${held}`;
  const none = (code: RebalanceCode, message: string): RebalanceResult => ({ action: 'SELL', quantity: 0, targetShares: target, reason: { code, message } });
  const qty = held - target;
  if (min.relative !== undefined && targetValue > 0 && qty > 0) {
    const drift = (held * price - targetValue) / targetValue;
    if (drift < min.relative) {
      const message = `not sold: ${sizing}; position ${pct(drift)} above its target value, under the relative threshold ${pct(min.relative)}`;
      return none('BELOW_RELATIVE_THRESHOLD', message);
    }
  }
  if (qty <= 0) return none('AT_TARGET', `not sold: at or below target, ${sizing}`);
  const amount = qty * price;
  if (min.amount !== undefined && amount < min.amount) {
    const below = `${qty} sh × ${usd(price)} = ${usd(amount)} is below the dollar minimum ${usd(min.amount)} (${min.amountWhy})`;
    return none('BELOW_MIN_AMOUNT', `not sold: ${sizing}; ${below}`);
  }
  if (qty < min.shares) return none('BELOW_MIN_SHARES', `not sold: ${sizing}; ${qty} sh is below min_threshold_shares ${min.shares}`);
  const { limit, source } = stockLimit(price, input.midpoint);
  const message = `${sizing} → sell ${qty} sh at limit ${limit} (${source})`;
  return { action: 'SELL', quantity: qty, limit, targetShares: target, reason: { code: 'SELL', message } };
}

/** Dollars with at most 2 decimals. */
function usd(x: number): string {
  return Number.isFinite(x) ? `$${Math.round(x * 100) / 100}` : `$${x}`;
}

/** A fraction as a percentage with 1 decimal. */
function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
