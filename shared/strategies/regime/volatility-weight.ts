// Volatility weighting (docs/regime-rebalance.md §2.1; wheel-rules.md §2.10): `[symbols.<SYM>.volatility_weight]`
// scales a symbol's target weight by target_vol / realized volatility (σ of daily log returns over
// `lookback_days` × √252), clamped to [min_weight, max_weight], moved from the previous effective weight by a
// smoothing factor (its own for increases and decreases), held when the move is within `rebalance_band`.
// Without usable history the static weight is kept. Weights are not renormalized: the rest stays cash.
import { TRADING_DAYS_PER_YEAR } from './ratio-gate.ts';
import { num, pct, type Reason } from './types.ts';

/** §1.2 `[symbols.<SYM>.volatility_weight]`. */
export interface VolatilityWeightConfig {
  readonly enabled: boolean;
  readonly targetVol: number;
  readonly lookbackDays: number;
  readonly minWeight: number;
  readonly maxWeight: number;
  readonly rebalanceBand: number;
  readonly smoothingFactor: number;
  readonly increaseSmoothingFactor?: number;
  readonly decreaseSmoothingFactor?: number;
}

/** thetagang's defaults of the optional keys. */
export const VOLATILITY_WEIGHT_DEFAULTS = { enabled: false, rebalanceBand: 0, smoothingFactor: 0.3 } as const;

export type VolatilityWeightCode = 'STATIC_WEIGHT' | 'VOLATILITY_WEIGHT' | 'VOLATILITY_FALLBACK';

export interface VolatilityWeightResult {
  readonly weight: number;
  readonly realizedVol?: number;
  readonly reason: Reason<VolatilityWeightCode>;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(x, hi));

/**
 * §2.1: the effective weight of a symbol with static weight `base`, its daily closes (oldest first; the last
 * lookback_days + 1 are read) and its previous effective weight (undefined: start from `base`).
 */
export function volatilityWeight(base: number, closes: readonly number[], vw: VolatilityWeightConfig | undefined, previous?: number): VolatilityWeightResult {
  if (!vw || !vw.enabled) return { weight: base, reason: { code: 'STATIC_WEIGHT', message: `static weight ${pct(base)}` } };
  const fallback = (why: string): VolatilityWeightResult => ({
    weight: base,
    reason: { code: 'VOLATILITY_FALLBACK', message: `${why}: static weight ${pct(base)} kept` },
  });
  const need = vw.lookbackDays + 1;
  if (closes.length < need) return fallback(`${closes.length} of the ${need} closes volatility_weight.lookback_days needs`);
  const span = closes.slice(closes.length - need);
  if (span.some((c) => !(c > 0))) return fallback('a close in the volatility window is not a positive number');
  const returns = span.slice(1).map((c, i) => Math.log(c / span[i]));
  const mean = returns.reduce((a, r) => a + r, 0) / returns.length;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
  const realizedVol = Math.sqrt(variance) * Math.sqrt(TRADING_DAYS_PER_YEAR);
  if (!(realizedVol > 0) || !Number.isFinite(realizedVol)) return fallback(`realized volatility ${realizedVol} is not positive`);
  const raw = (base * vw.targetVol) / realizedVol;
  const target = clamp(raw, vw.minWeight, vw.maxWeight);
  const prev = previous ?? base;
  let smoothing = vw.smoothingFactor;
  if (target > prev) smoothing = vw.increaseSmoothingFactor ?? smoothing;
  else if (target < prev) smoothing = vw.decreaseSmoothingFactor ?? smoothing;
  const moved = Math.abs(target - prev) < vw.rebalanceBand ? prev : prev + smoothing * (target - prev);
  const weight = clamp(moved, vw.minWeight, vw.maxWeight);
  const how =
    `base ${pct(base)} × target_vol ${pct(vw.targetVol)} / realized ${pct(realizedVol)} = ${pct(raw)}, clamped to ${pct(target)}; ` +
    `from ${pct(prev)} with smoothing ${num(smoothing)} (band ${pct(vw.rebalanceBand)}) → ${pct(weight)}`;
  return { weight, realizedVol, reason: { code: 'VOLATILITY_WEIGHT', message: how } };
}
