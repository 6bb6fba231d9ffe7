// bandTouch(close, upper, lower): mean reversion — close <= lower -> BUY, close >= upper -> SELL
// (touching counts). Both at once (a zero-width band with the close on it) or an inverted band
// (upper < lower) is HOLD.
import type { SeriesRef, StrategySignal } from '../strategies/strategy.ts';
import { commonLength } from './check-inputs.ts';
import { checkScale, overshootConfidence, unitAt, unitNow, type Scale, type ScaleRef } from './confidence.ts';
import { formatOvershoot, formatValue } from './format.ts';
import { holdSignal, kindOf, type Direction, type SignalSeries } from './signal-series.ts';

export interface BandOptions<S = Scale> {
  /** Name of the band for the reason, e.g. 'BBANDS(20, 2)'; default 'band'. */
  readonly name?: string;
  /**
   * Confidence = min(1, overshoot / scale), the overshoot being how far the close is past the band
   * (0 on an exact touch: the signal fires with no strength). Default scale: 25 % of the band width
   * upper - lower (for BBANDS(20, 2, 2), one standard deviation).
   */
  readonly scale?: S;
}

export const BAND_DEFAULT_SCALE_FRACTION = 0.25;

/** +1 for close <= lower, -1 for close >= upper, 0 otherwise, for both, for NaN or for upper < lower. */
export function bandDirection(close: number, upper: number, lower: number): Direction {
  if (!(upper >= lower)) return 0; // NaN or inverted
  const buy = close <= lower;
  const sell = close >= upper;
  return buy === sell ? 0 : buy ? 1 : -1;
}

/** Band-touch signals over whole series. */
export function bandTouch(close: Float64Array, upper: Float64Array, lower: Float64Array, options: BandOptions = {}): SignalSeries {
  const { scale } = options;
  const n = commonLength('bandTouch', scale instanceof Float64Array ? { close, upper, lower, scale } : { close, upper, lower });
  checkScale('bandTouch', scale, n);
  const name = options.name ?? 'band';
  const signal = new Int8Array(n);
  const confidence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dir = bandDirection(close[i], upper[i], lower[i]);
    if (dir === 0) continue;
    const c = overshootConfidence(dir > 0 ? lower[i] - close[i] : close[i] - upper[i], unitAt(scale, i, BAND_DEFAULT_SCALE_FRACTION * (upper[i] - lower[i])));
    if (c !== c) continue;
    signal[i] = dir;
    confidence[i] = c;
  }
  return {
    name: `${name} touch`,
    length: n,
    signal,
    confidence,
    reason: (i) => bandReason(name, signal[i], close[i], upper[i], lower[i]),
  };
}

/** The band touch at the current bar of a strategy. */
export function bandTouchAt(close: SeriesRef, upper: SeriesRef, lower: SeriesRef, options: BandOptions<ScaleRef> = {}): StrategySignal {
  checkScale('bandTouchAt', options.scale);
  const c0 = close.at(0);
  const u0 = upper.at(0);
  const l0 = lower.at(0);
  const dir = bandDirection(c0, u0, l0);
  const c = dir === 0 ? 0 : overshootConfidence(dir > 0 ? l0 - c0 : c0 - u0, unitNow(options.scale, BAND_DEFAULT_SCALE_FRACTION * (u0 - l0)));
  const fired: Direction = c === c ? dir : 0;
  const reason = bandReason(options.name ?? 'band', fired, c0, u0, l0);
  return fired === 0 ? holdSignal(reason) : { signal: kindOf(fired), confidence: c, reason };
}

function bandReason(name: string, dir: number, close: number, upper: number, lower: number): string {
  const cl = formatValue(close);
  if (dir > 0) return `close ${cl} at or below the lower ${name} ${formatValue(lower)} ${formatOvershoot(lower - close, lower)} (mean reversion)`;
  if (dir < 0) return `close ${cl} at or above the upper ${name} ${formatValue(upper)} ${formatOvershoot(close - upper, upper)} (mean reversion)`;
  if (close !== close || upper !== upper || lower !== lower) return `HOLD: close or ${name} not yet defined (warm-up)`;
  if (upper < lower) return `HOLD: ${name} is inverted (upper ${formatValue(upper)} < lower ${formatValue(lower)})`;
  if (close <= lower && close >= upper) return `HOLD: ${name} has zero width at the close ${cl} (touches both sides)`;
  if (bandDirection(close, upper, lower) !== 0) return `HOLD: close ${cl} outside the ${name} but the confidence scale is undefined at this bar`;
  return `HOLD: close ${cl} inside the ${name} (${formatValue(lower)} .. ${formatValue(upper)})`;
}
