// thresholdCross(x, level, direction): x crossing a fixed level, strictly like the crossover —
// 'up': x[i-1] < level and x[i] > level; 'down': x[i-1] > level and x[i] < level. Touching the level
// (equality on either bar) is no cross, so 29 -> 30 -> 31 never crosses 30.
import { ParameterError } from '../errors.ts';
import type { SeriesRef, SignalKind, StrategySignal } from '../strategies/strategy.ts';
import { checkFinite, commonLength } from './check-inputs.ts';
import { checkScale, overshootConfidence, unitAt, unitNow, type Scale, type ScaleRef } from './confidence.ts';
import { formatValue } from './format.ts';
import { directionOf, holdSignal, type Direction, type SignalSeries } from './signal-series.ts';

export type CrossDirection = 'up' | 'down';

export interface ThresholdCrossOptions<S = Scale> {
  /** Name of `x` for the reason, e.g. 'RSI(14)'; default 'x'. */
  readonly name?: string;
  /** What a cross emits; default BUY for 'up' (e.g. RSI up through 30), SELL for 'down'. */
  readonly signal?: Exclude<SignalKind, 'HOLD'>;
  /**
   * Confidence = min(1, |x[i] - level| / scale): how far past the level x closed. Default scale 10
   * (x units), suited to 0-100 oscillators (RSI, STOCH, WILLR); pass one for other units.
   */
  readonly scale?: S;
}

export const THRESHOLD_DEFAULT_SCALE = 10;

/** Whether x crossed `level` strictly the given way from the previous bar (x1) to this one (x0); NaN: false. */
export function levelCrossed(x1: number, x0: number, level: number, direction: CrossDirection): boolean {
  return direction === 'up' ? x1 < level && x0 > level : x1 > level && x0 < level;
}

function setup(owner: string, level: number, direction: CrossDirection, options: ThresholdCrossOptions<Scale | ScaleRef>) {
  checkFinite(owner, 'level', level);
  if (direction !== 'up' && direction !== 'down') throw new ParameterError(owner, 'direction', `is '${String(direction)}' (expected 'up' or 'down')`);
  const kind = options.signal ?? (direction === 'up' ? 'BUY' : 'SELL');
  if (kind !== 'BUY' && kind !== 'SELL') throw new ParameterError(owner, 'signal', `is '${String(kind)}' (expected 'BUY' or 'SELL')`);
  return { name: options.name ?? 'x', kind, emit: directionOf(kind) };
}

/** Threshold-cross signals over a whole series. */
export function thresholdCross(x: Float64Array, level: number, direction: CrossDirection, options: ThresholdCrossOptions = {}): SignalSeries {
  const { name, kind, emit } = setup('thresholdCross', level, direction, options);
  const { scale } = options;
  const n = commonLength('thresholdCross', scale instanceof Float64Array ? { x, scale } : { x });
  checkScale('thresholdCross', scale, n);
  const signal = new Int8Array(n);
  const confidence = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    if (!levelCrossed(x[i - 1], x[i], level, direction)) continue;
    const c = overshootConfidence(Math.abs(x[i] - level), unitAt(scale, i, THRESHOLD_DEFAULT_SCALE));
    if (c !== c) continue;
    signal[i] = emit;
    confidence[i] = c;
  }
  return {
    name: `${name} ${direction} through ${formatValue(level)}`,
    length: n,
    signal,
    confidence,
    reason: (i) => thresholdReason(name, level, direction, kind, signal[i], i > 0 ? x[i - 1] : NaN, x[i]),
  };
}

/** The threshold cross at the current bar of a strategy. */
export function thresholdCrossAt(x: SeriesRef, level: number, direction: CrossDirection, options: ThresholdCrossOptions<ScaleRef> = {}): StrategySignal {
  const { name, kind, emit } = setup('thresholdCrossAt', level, direction, options);
  checkScale('thresholdCrossAt', options.scale);
  const x1 = x.at(1);
  const x0 = x.at(0);
  const crossed = levelCrossed(x1, x0, level, direction);
  const c = crossed ? overshootConfidence(Math.abs(x0 - level), unitNow(options.scale, THRESHOLD_DEFAULT_SCALE)) : 0;
  const fired: Direction = crossed && c === c ? emit : 0;
  const reason = thresholdReason(name, level, direction, kind, fired, x1, x0);
  return fired === 0 ? holdSignal(reason) : { signal: kind, confidence: c, reason };
}

function thresholdReason(name: string, level: number, direction: CrossDirection, kind: SignalKind, dir: number, x1: number, x0: number): string {
  const lv = formatValue(level);
  if (dir !== 0) {
    return `${name} crossed ${direction} through ${lv} by ${formatValue(Math.abs(x0 - level))}: ${formatValue(x1)} -> ${formatValue(x0)}`;
  }
  if (x1 !== x1 || x0 !== x0) return `HOLD: ${name} not yet defined (warm-up)`;
  if (levelCrossed(x1, x0, level, direction)) return `HOLD: ${name} crossed ${direction} through ${lv} but the confidence scale is undefined at this bar`;
  return `HOLD: ${name} did not cross ${direction} through ${lv} (${formatValue(x1)} -> ${formatValue(x0)}; a ${kind} needs a strict cross)`;
}
