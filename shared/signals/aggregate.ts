// The weighted aggregator: score = Σ wᵢ·sᵢ·cᵢ / Σ wᵢ over ALL rules (sᵢ = +1/-1/0, cᵢ the rule's
// confidence), so score ∈ [-1, 1]; BUY when score >= threshold, SELL when score <= -threshold, else
// HOLD; confidence = |score| on BUY/SELL, 0 on HOLD. Opposite signals cancel; a rule that HOLDs
// contributes 0 but its weight stays in the denominator (one rule firing alone is diluted).
import { ParameterError } from '../errors.ts';
import type { StrategySignal } from '../strategies/strategy.ts';
import { formatScore, formatSignal } from './format.ts';
import { directionOf, holdSignal, kindOf, type Direction, type SignalSeries } from './signal-series.ts';

export interface WeightedSignals {
  readonly signals: SignalSeries;
  /** A finite weight >= 0 (0 disables the rule); the weights must not all be 0. */
  readonly weight: number;
}

export interface AggregateOptions {
  /** In (0, 1]; default 0.25. */
  readonly threshold?: number;
  /** Name of the combination; default 'weighted aggregate'. */
  readonly name?: string;
}

export interface AggregateSeries extends SignalSeries {
  /** Per bar, the signed score in [-1, 1]. */
  readonly score: Float64Array;
  readonly threshold: number;
}

export const AGGREGATE_DEFAULT_THRESHOLD = 0.25;
/** Rounding tolerance of the threshold comparison (a score of 0.25 computed as 0.2499999999999999 still counts). */
export const SCORE_EPSILON = 1e-12;

/** +1 if score >= threshold, -1 if score <= -threshold, else 0 (within SCORE_EPSILON). */
export function scoreDirection(score: number, threshold: number): Direction {
  if (score >= threshold - SCORE_EPSILON) return 1;
  if (score <= -threshold + SCORE_EPSILON) return -1;
  return 0;
}

function checkThreshold(owner: string, threshold: number): void {
  if (!(threshold > 0 && threshold <= 1)) throw new ParameterError(owner, 'threshold', `is ${threshold} (expected a number in (0, 1])`);
}

function totalWeight(owner: string, weights: readonly number[]): number {
  if (weights.length === 0) throw new ParameterError(owner, 'rules', 'is empty (expected at least one weighted rule)');
  let total = 0;
  weights.forEach((w, k) => {
    if (!(w >= 0) || w === Infinity) throw new ParameterError(owner, `weight[${k}]`, `is ${w} (expected a finite number >= 0)`);
    total += w;
  });
  if (!(total > 0)) throw new ParameterError(owner, 'weight', 'sum is 0 (expected at least one positive weight)');
  return total;
}

/** Combines whole-series rule outputs bar by bar. */
export function aggregate(rules: readonly WeightedSignals[], options: AggregateOptions = {}): AggregateSeries {
  const threshold = options.threshold ?? AGGREGATE_DEFAULT_THRESHOLD;
  checkThreshold('aggregate', threshold);
  const total = totalWeight('aggregate', rules.map((r) => r.weight));
  const n = rules[0].signals.length;
  rules.forEach((r, k) => {
    if (r.signals.length !== n) throw new ParameterError('aggregate', `rules[${k}]`, `has ${r.signals.length} bars but rules[0] has ${n} (expected equal lengths)`);
  });
  const score = new Float64Array(n);
  for (const { signals, weight } of rules) {
    if (weight === 0) continue;
    const s = signals.signal;
    const c = signals.confidence;
    for (let i = 0; i < n; i++) if (s[i] !== 0) score[i] += weight * s[i] * c[i];
  }
  const signal = new Int8Array(n);
  const confidence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = score[i] / total;
    score[i] = v;
    const dir = scoreDirection(v, threshold);
    signal[i] = dir;
    confidence[i] = dir === 0 ? 0 : Math.min(1, Math.abs(v));
  }
  const reason = (i: number): string =>
    aggregateReason(
      rules.map((r) => ({ name: r.signals.name, direction: r.signals.signal[i], confidence: r.signals.confidence[i], weight: r.weight })),
      total,
      score[i],
      threshold,
      signal[i],
    );
  return { name: options.name ?? 'weighted aggregate', length: n, signal, confidence, score, threshold, reason };
}

/** One rule's signal at the current bar, for `aggregateAt`. */
export interface WeightedSignal {
  readonly name: string;
  readonly signal: StrategySignal;
  readonly weight: number;
}

/** The same combination at the current bar of a strategy. */
export function aggregateAt(rules: readonly WeightedSignal[], options: AggregateOptions = {}): StrategySignal {
  const threshold = options.threshold ?? AGGREGATE_DEFAULT_THRESHOLD;
  checkThreshold('aggregateAt', threshold);
  const total = totalWeight('aggregateAt', rules.map((r) => r.weight));
  let sum = 0;
  for (const r of rules) if (r.weight !== 0) sum += r.weight * directionOf(r.signal.signal) * r.signal.confidence;
  const score = sum / total;
  const dir = scoreDirection(score, threshold);
  const entries = rules.map((r) => ({ name: r.name, direction: directionOf(r.signal.signal), confidence: r.signal.confidence, weight: r.weight }));
  const reason = aggregateReason(entries, total, score, threshold, dir);
  return dir === 0 ? holdSignal(reason) : { signal: kindOf(dir), confidence: Math.min(1, Math.abs(score)), reason };
}

interface Contribution {
  readonly name: string;
  readonly direction: number;
  readonly confidence: number;
  readonly weight: number;
}

function aggregateReason(entries: readonly Contribution[], total: number, score: number, threshold: number, dir: number): string {
  const fired = entries.filter((e) => e.direction !== 0 && e.weight > 0);
  const idle = entries.length - fired.length;
  const idleText = idle > 0 ? `; ${idle} of ${entries.length} rules HOLD or weight 0` : '';
  if (fired.length === 0) return `HOLD: no rule fired (all ${entries.length} rules HOLD or weight 0)`;
  const list = fired
    .map((e) => `${e.name} ${formatSignal(kindOf(e.direction), e.confidence)} × w ${e.weight} (${formatScore((e.weight * e.direction * e.confidence) / total)})`)
    .join(', ');
  const th = threshold.toFixed(2);
  const sc = formatScore(score);
  const head = dir > 0 ? `BUY: weighted score ${sc} >= ${th}` : dir < 0 ? `SELL: weighted score ${sc} <= -${th}` : `HOLD: weighted score ${sc} within ±${th}`;
  return `${head} from ${list}${idleText}`;
}
