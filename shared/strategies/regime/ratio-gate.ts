// The ratio gate (docs/regime-rebalance.md §2.3; wheel-rules.md §2.10): the log ratio of the rest of the basket
// (a weighted return index of the non-anchor symbols, weighted by their target weights) to the anchor must
// move enough and not trend: over `lookback_days` its daily returns need a standard deviation > 0, an
// annualized volatility (σ × √252) of at least `vol_min`, and a drift t-statistic |mean / (σ / √n)| of at
// most `drift_max`. Enabled, it gates soft-band and flow trades; disabled, it is only reported.
import { normalizedWeights, weightedReturnIndex } from './regime-gate.ts';
import { num, pct, type Reason } from './types.ts';

/** §1.1 `[strategies.<id>.ratio_gate]`. */
export interface RatioGateConfig {
  readonly enabled: boolean;
  readonly anchor: string;
  readonly driftMax: number;
  /** Annualized; unset = 0. */
  readonly volMin?: number;
}

export const TRADING_DAYS_PER_YEAR = 252;

export type RatioCode =
  | 'RATIO_OK'
  | 'RATIO_BAD_ANCHOR'
  | 'RATIO_NO_WEIGHT'
  | 'RATIO_SHORT_HISTORY'
  | 'RATIO_ZERO_VOLATILITY'
  | 'RATIO_VOL_BELOW_MIN'
  | 'RATIO_DRIFT_ABOVE_MAX';

export interface RatioGateResult {
  readonly ok: boolean;
  readonly anchor: string;
  readonly rest: readonly string[];
  /** The rest's normalized weights. */
  readonly weights: ReadonlyMap<string, number>;
  readonly dailyMean?: number;
  readonly dailyStd?: number;
  readonly annualizedVol?: number;
  readonly tstat: number;
  readonly reason: Reason<RatioCode>;
}

/** Sample mean and standard deviation (n − 1), NaN with fewer than 2 values. */
function meanStd(xs: readonly number[]): { mean: number; std: number } {
  if (xs.length < 2) return { mean: NaN, std: NaN };
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, std: Math.sqrt(v) };
}

/**
 * §2.3: the ratio gate over aligned closes (oldest first, the same length for every symbol): the last
 * `lookbackDays` daily returns of log(rest index / anchor index).
 */
export function ratioGate(
  symbols: readonly string[],
  closes: ReadonlyMap<string, readonly number[]>,
  targetWeights: ReadonlyMap<string, number>,
  gate: RatioGateConfig,
  lookbackDays: number,
  eps: number,
): RatioGateResult {
  const { anchor, driftMax } = gate;
  const volMin = Math.max(gate.volMin ?? 0, 0);
  const rest = symbols.filter((s) => s !== anchor);
  const fail = (code: RatioCode, message: string, weights: ReadonlyMap<string, number> = new Map()): RatioGateResult => ({
    ok: false,
    anchor,
    rest,
    weights,
    tstat: Infinity,
    reason: { code, message },
  });
  if (!anchor || !symbols.includes(anchor) || rest.length === 0) {
    return fail('RATIO_BAD_ANCHOR', `anchor '${anchor}' must be one of ${symbols.join(', ')} and leave at least one other symbol`);
  }
  const weights = normalizedWeights(new Map(rest.map((s) => [s, targetWeights.get(s) ?? 0])));
  if (!weights) return fail('RATIO_NO_WEIGHT', `the rest of the basket (${rest.join(', ')}) has no positive weight`);
  const length = closes.get(anchor)?.length ?? 0;
  const restIndex = weightedReturnIndex(rest, weights, closes, length, eps);
  const anchorIndex = weightedReturnIndex([anchor], new Map([[anchor, 1]]), closes, length, eps);
  const ratio = restIndex.map((r, i) => Math.log(r / anchorIndex[i]));
  const returns = ratio.slice(1).map((r, i) => r - ratio[i]);
  const last = returns.length >= lookbackDays ? returns.slice(returns.length - lookbackDays) : [];
  const { mean, std } = meanStd(last);
  const names = `${rest.join('+')} / ${anchor}`;
  if (!Number.isFinite(mean) || !Number.isFinite(std)) {
    const short = `the ratio ${names} has ${returns.length} daily returns; its lookback of ${lookbackDays} needs ${Math.max(lookbackDays, 2)}`;
    return fail('RATIO_SHORT_HISTORY', short, weights);
  }
  const tstat = std <= 0 ? Infinity : Math.abs(mean / (std / Math.sqrt(lookbackDays)));
  const annualizedVol = std * Math.sqrt(TRADING_DAYS_PER_YEAR);
  const out = { anchor, rest, weights, dailyMean: mean, dailyStd: std, annualizedVol, tstat };
  const values = `ratio ${names}: annualized volatility ${pct(annualizedVol)} (min ${pct(volMin)}), drift t-stat ${num(tstat)} (max ${driftMax})`;
  if (std <= 0) return { ...out, ok: false, reason: { code: 'RATIO_ZERO_VOLATILITY', message: `the ${names} ratio did not move over ${lookbackDays} days` } };
  if (annualizedVol < volMin) return { ...out, ok: false, reason: { code: 'RATIO_VOL_BELOW_MIN', message: `too quiet: ${values}` } };
  if (tstat > driftMax) return { ...out, ok: false, reason: { code: 'RATIO_DRIFT_ABOVE_MAX', message: `trending: ${values}` } };
  return { ...out, ok: true, reason: { code: 'RATIO_OK', message: values } };
}
