// The rebalance base and the basket's targets (docs/regime-rebalance.md §2.1; wheel-rules.md §2.10): the dollar
// amount the weights are shares of (`weight_base`), and per symbol its current weight, target value, target
// shares (floored) and relative drift |current weight / target weight − 1|.
import { pct, usd, type Reason } from './types.ts';

/** §1.1 `weight_base`: what the weights are fractions of. */
export const WEIGHT_BASES = ['net_liq_ex_options', 'net_liq', 'managed_stocks'] as const;
export type WeightBase = (typeof WEIGHT_BASES)[number];

export interface BaseInput {
  readonly netLiquidation: number;
  /** Market value of the account's option positions (net_liq_ex_options leaves it out). */
  readonly optionsMarketValue: number;
  /** Sum of the basket's stock values (managed_stocks). */
  readonly managedValue: number;
  readonly marginUsage: number;
}

export type BaseCode = 'BASE' | 'NO_BASE';

/**
 * §2.1: the base. net_liq_ex_options: floor((net liquidation − options' market value) × margin_usage);
 * net_liq: floor(net liquidation × margin_usage); managed_stocks: the basket's stock value. Not above 0 → NO_BASE.
 */
export function rebalanceBase(weightBase: WeightBase, b: BaseInput): { readonly value: number; readonly reason: Reason<BaseCode> } {
  let value: number;
  let how: string;
  if (weightBase === 'managed_stocks') {
    value = b.managedValue;
    how = `managed_stocks: the basket's stock value ${usd(value)}`;
  } else if (weightBase === 'net_liq_ex_options') {
    value = Math.floor((b.netLiquidation - b.optionsMarketValue) * b.marginUsage);
    how = `net_liq_ex_options: floor((NLV ${usd(b.netLiquidation)} − options ${usd(b.optionsMarketValue)}) × margin_usage ${b.marginUsage}) = ${usd(value)}`;
  } else {
    value = Math.floor(b.netLiquidation * b.marginUsage);
    how = `net_liq: floor(NLV ${usd(b.netLiquidation)} × margin_usage ${b.marginUsage}) = ${usd(value)}`;
  }
  if (!(value > 0) || !Number.isFinite(value)) {
    return { value, reason: { code: 'NO_BASE', message: `the rebalance base is not positive (${how}): nothing is traded` } };
  }
  return { value, reason: { code: 'BASE', message: `rebalance base ${how}` } };
}

/** One symbol measured against its target (§2.1). */
export interface SymbolTarget {
  readonly symbol: string;
  readonly price: number;
  /** Whole shares held (floored). */
  readonly shares: number;
  readonly value: number;
  readonly currentWeight: number;
  /** The effective target weight (after volatility weighting). */
  readonly targetWeight: number;
  readonly targetValue: number;
  /** floor(target value / price). */
  readonly targetShares: number;
  /** target shares − shares. */
  readonly shareGap: number;
  /** |current weight / target weight − 1|. */
  readonly drift: number;
}

/** §2.1: a symbol's target and drift; `weight` > 0 and `price` > 0 (the pass checks both before). */
export function symbolTarget(symbol: string, shares: number, price: number, weight: number, base: number): SymbolTarget {
  const held = Math.floor(shares);
  const value = held * price;
  const currentWeight = value / base;
  const targetValue = weight * base;
  const targetShares = Math.floor(targetValue / price);
  const drift = Math.abs(currentWeight / weight - 1);
  return { symbol, price, shares: held, value, currentWeight, targetWeight: weight, targetValue, targetShares, shareGap: targetShares - held, drift };
}

/** A symbol's target as a sentence. */
export function describeTarget(t: SymbolTarget): string {
  const target = `target ${pct(t.targetWeight)} = ${t.targetShares} sh, drift ${pct(t.drift)}`;
  return `${t.symbol} ${t.shares} sh × ${usd(t.price)} = ${usd(t.value)} (${pct(t.currentWeight)} of the base, ${target})`;
}
