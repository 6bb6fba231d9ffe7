// crossover(a, b): BUY when a crosses above b, SELL when it crosses below — strictly on both bars
// (a[i-1] < b[i-1] and a[i] > b[i]), exactly `crossAbove` of the strategy API.
import { crossAbove, type SeriesRef, type StrategySignal } from '../strategies/strategy.ts';
import { checkScale, overshootConfidence, unitAt, unitNow, type Scale, type ScaleRef } from './confidence.ts';
import { commonLength } from './check-inputs.ts';
import { formatOvershoot, formatValue } from './format.ts';
import { holdSignal, kindOf, type Direction, type SignalSeries } from './signal-series.ts';

export interface CrossoverOptions<S = Scale> {
  /** Names of `a` and `b` for the reason, e.g. ['SMA(10)', 'SMA(30)']; default ['a', 'b']. */
  readonly names?: readonly [string, string];
  /**
   * Confidence = min(1, (a[i] - b[i]) / scale) for a BUY (b[i] - a[i] for a SELL): the gap after the
   * cross. Default scale: 1 % of |b[i]| (a gap of 1 % of the crossed line is full confidence).
   */
  readonly scale?: S;
}

/** The default scale: 1 % of the crossed line's value. */
export const CROSSOVER_DEFAULT_SCALE_FRACTION = 0.01;

/** +1 if a crossed above b (a1 < b1 and a0 > b0; index 1 = previous bar), -1 for the opposite, else 0 (NaN: 0). */
export function crossDirection(a1: number, b1: number, a0: number, b0: number): Direction {
  if (a1 < b1 && a0 > b0) return 1;
  if (a1 > b1 && a0 < b0) return -1;
  return 0;
}

/** Crossover signals over whole series. */
export function crossover(a: Float64Array, b: Float64Array, options: CrossoverOptions = {}): SignalSeries {
  const { scale } = options;
  const n = commonLength('crossover', scale instanceof Float64Array ? { a, b, scale } : { a, b });
  checkScale('crossover', scale, n);
  const [aName, bName] = options.names ?? ['a', 'b'];
  const signal = new Int8Array(n);
  const confidence = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const dir = crossDirection(a[i - 1], b[i - 1], a[i], b[i]);
    if (dir === 0) continue;
    const c = overshootConfidence(dir * (a[i] - b[i]), unitAt(scale, i, CROSSOVER_DEFAULT_SCALE_FRACTION * Math.abs(b[i])));
    if (c !== c) continue; // the scale is undefined at this bar (e.g. ATR warm-up): HOLD
    signal[i] = dir;
    confidence[i] = c;
  }
  return {
    name: `${aName} × ${bName} crossover`,
    length: n,
    signal,
    confidence,
    reason: (i) => crossoverReason(aName, bName, signal[i], i > 0 ? a[i - 1] : NaN, i > 0 ? b[i - 1] : NaN, a[i], b[i]),
  };
}

/** The crossover at the current bar of a strategy (`at(0)` now, `at(1)` the previous bar). */
export function crossoverAt(a: SeriesRef, b: SeriesRef, options: CrossoverOptions<ScaleRef> = {}): StrategySignal {
  checkScale('crossoverAt', options.scale);
  const [aName, bName] = options.names ?? ['a', 'b'];
  const dir: Direction = crossAbove(a, b) ? 1 : crossAbove(b, a) ? -1 : 0;
  const a0 = a.at(0);
  const b0 = b.at(0);
  const c = dir === 0 ? 0 : overshootConfidence(dir * (a0 - b0), unitNow(options.scale, CROSSOVER_DEFAULT_SCALE_FRACTION * Math.abs(b0)));
  const fired: Direction = c === c ? dir : 0;
  const reason = crossoverReason(aName, bName, fired, a.at(1), b.at(1), a0, b0);
  return fired === 0 ? holdSignal(reason) : { signal: kindOf(fired), confidence: c, reason };
}

function crossoverReason(aName: string, bName: string, dir: number, a1: number, b1: number, a0: number, b0: number): string {
  if (dir !== 0) {
    const way = dir > 0 ? 'above' : 'below';
    return `${aName} crossed ${way} ${bName} ${formatOvershoot(dir * (a0 - b0), b0)}: ${formatValue(a0)} ${dir > 0 ? '>' : '<'} ${formatValue(b0)}`;
  }
  if (a1 !== a1 || b1 !== b1 || a0 !== a0 || b0 !== b0) return `HOLD: ${aName} or ${bName} not yet defined (warm-up)`;
  if (crossDirection(a1, b1, a0, b0) !== 0) return `HOLD: ${aName} crossed ${bName} but the confidence scale is undefined at this bar`;
  const rel = a0 > b0 ? 'above' : a0 < b0 ? 'below' : 'equal to';
  return `HOLD: no strict cross (${aName} ${formatValue(a0)} ${rel} ${bName} ${formatValue(b0)})`;
}
