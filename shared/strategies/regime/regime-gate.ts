// The regime gate (docs/regime-rebalance.md §2.3; wheel-rules.md §2.10; T38): a proxy of the basket (a
// weighted return index of its aligned daily closes, weighted by what is held) is "choppy" — worth
// rebalancing — when over the last `lookback_days` its choppiness √Σr² / |Σr| is at least `choppiness_min` and
// its efficiency ratio |net move| / Σ|moves| is at most `efficiency_max`. A soft-band trade needs it.
import { num, type Reason } from './types.ts';

/**
 * A weighted return index: 1 on the first day, then each day × Σ weight × close / previous close (each close
 * at least eps, the day's factor at least eps). `closes` are aligned oldest first, `length` points long.
 */
export function weightedReturnIndex(
  symbols: readonly string[],
  weights: ReadonlyMap<string, number>,
  closes: ReadonlyMap<string, readonly number[]>,
  length: number,
  eps = 0,
): number[] {
  const index = [1];
  for (let i = 1; i < length; i++) {
    let factor = 0;
    for (const s of symbols) {
      const c = closes.get(s)!;
      factor += weights.get(s)! * (Math.max(c[i], eps) / Math.max(c[i - 1], eps));
    }
    index.push(index[i - 1] * Math.max(factor, eps));
  }
  return index;
}

/** Weights scaled to sum to 1, or undefined when they do not sum to a positive value. */
export function normalizedWeights(weights: ReadonlyMap<string, number>): Map<string, number> | undefined {
  let total = 0;
  for (const w of weights.values()) total += w;
  if (!(total > 0)) return undefined;
  return new Map([...weights].map(([s, w]) => [s, w / total]));
}

/**
 * §2.3: the proxy's weights: each held symbol's share of the basket's stock value; with nothing held, the
 * target weights (normalized by the index).
 */
export function proxyWeights(values: ReadonlyMap<string, number>, targetWeights: ReadonlyMap<string, number>): Map<string, number> {
  const held = [...values].filter(([, v]) => v > 0);
  if (held.length === 0) return new Map(targetWeights);
  const invested = held.reduce((a, [, v]) => a + v, 0);
  return new Map(held.map(([s, v]) => [s, v / invested]));
}

export type RegimeCode = 'REGIME_OK' | 'CHOPPINESS_BELOW_MIN' | 'EFFICIENCY_ABOVE_MAX' | 'SHORT_HISTORY';

export interface RegimeGateResult {
  readonly ok: boolean;
  readonly choppiness: number;
  readonly efficiency: number;
  readonly reason: Reason<RegimeCode>;
}

export interface RegimeGateSettings {
  readonly lookbackDays: number;
  readonly choppinessMin: number;
  readonly efficiencyMax: number;
  readonly eps: number;
}

/**
 * §2.3 on the last lookback_days + 1 points of `series`: r = log returns (points at least eps),
 * choppiness = √Σr² / max(|Σr|, eps), efficiency = |last − first| / max(Σ|Δ|, eps).
 */
export function regimeGate(series: readonly number[], s: RegimeGateSettings): RegimeGateResult {
  const need = s.lookbackDays + 1;
  if (series.length < need) {
    const message = `the proxy has ${series.length} of the ${need} daily points lookback_days ${s.lookbackDays} needs`;
    return { ok: false, choppiness: NaN, efficiency: NaN, reason: { code: 'SHORT_HISTORY', message } };
  }
  const w = series.slice(series.length - need);
  let sumSq = 0;
  let sum = 0;
  let path = 0;
  for (let i = 1; i < w.length; i++) {
    const r = Math.log(Math.max(w[i], s.eps) / Math.max(w[i - 1], s.eps));
    sumSq += r * r;
    sum += r;
    path += Math.abs(w[i] - w[i - 1]);
  }
  const choppiness = Math.sqrt(sumSq) / Math.max(Math.abs(sum), s.eps);
  const efficiency = Math.abs(w[w.length - 1] - w[0]) / Math.max(path, s.eps);
  const chopOk = choppiness >= s.choppinessMin;
  const erOk = efficiency <= s.efficiencyMax;
  const chop = `choppiness ${num(choppiness)} (min ${s.choppinessMin})`;
  const values = `${chop}, efficiency ratio ${num(efficiency)} (max ${s.efficiencyMax}) over ${s.lookbackDays} days`;
  if (!chopOk) return { ok: false, choppiness, efficiency, reason: { code: 'CHOPPINESS_BELOW_MIN', message: `trending, not choppy: ${values}` } };
  if (!erOk) return { ok: false, choppiness, efficiency, reason: { code: 'EFFICIENCY_ABOVE_MAX', message: `trending, too efficient: ${values}` } };
  return { ok: true, choppiness, efficiency, reason: { code: 'REGIME_OK', message: `choppy: ${values}` } };
}
