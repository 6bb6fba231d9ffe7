// The columnar form every signal rule returns: one Int8Array of directions (+1 BUY, -1 SELL,
// 0 HOLD) and one Float64Array of confidences, with the human-readable reason built lazily per bar.
import { ParameterError } from '../errors.ts';
import type { SignalKind, StrategySignal } from '../strategies/strategy.ts';

/** +1 BUY, -1 SELL, 0 HOLD. */
export type Direction = -1 | 0 | 1;

export const BUY: Direction = 1;
export const SELL: Direction = -1;
export const HOLD: Direction = 0;

/** A rule (or a combination of rules) evaluated over a whole series. */
export interface SignalSeries {
  /** What produced it, e.g. 'SMA(10) × SMA(30) crossover'; the aggregator's reasons quote it. */
  readonly name: string;
  readonly length: number;
  /** Per bar: +1 BUY, -1 SELL, 0 HOLD. */
  readonly signal: Int8Array;
  /** Per bar, in [0, 1]; always 0 on HOLD bars. */
  readonly confidence: Float64Array;
  /** Why bar `i` has its signal (also for HOLD: warm-up, no cross, vetoed, ...). Built on demand. */
  reason(i: number): string;
}

const KINDS: readonly SignalKind[] = ['SELL', 'HOLD', 'BUY'];

/** 'BUY' for +1, 'SELL' for -1, 'HOLD' for 0. */
export function kindOf(direction: number): SignalKind {
  return KINDS[Math.sign(direction) + 1];
}

/** +1 for 'BUY', -1 for 'SELL', 0 for 'HOLD'. */
export function directionOf(kind: SignalKind): Direction {
  return kind === 'BUY' ? BUY : kind === 'SELL' ? SELL : HOLD;
}

/** The `{signal, confidence, reason}` of bar `i` (the object a strategy's onBar returns). */
export function signalAt(series: SignalSeries, i: number): StrategySignal {
  if (!Number.isInteger(i) || i < 0 || i >= series.length) {
    throw new ParameterError(series.name, 'i', `is ${i} (expected an integer bar index in [0, ${series.length - 1}])`);
  }
  return { signal: kindOf(series.signal[i]), confidence: series.confidence[i], reason: series.reason(i) };
}

/** Indices of the bars with a BUY or SELL, ascending. */
export function firedAt(series: SignalSeries): Int32Array {
  const s = series.signal;
  let count = 0;
  for (let i = 0; i < s.length; i++) if (s[i] !== 0) count++;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < s.length; i++) if (s[i] !== 0) out[k++] = i;
  return out;
}

/** A HOLD signal (confidence 0) with its reason. */
export function holdSignal(reason: string): StrategySignal {
  return { signal: 'HOLD', confidence: 0, reason };
}
