// breakout(close, upper, lower): close > upper[i-1] -> BUY, close < lower[i-1] -> SELL. The channel
// is the PREVIOUS bar's: a channel that includes the current bar (DONCHIAN, indicator-conventions §5)
// can never be exceeded by its own bar's close, and using it would be look-ahead for anything else.
import type { SeriesRef, StrategySignal } from '../strategies/strategy.ts';
import { commonLength } from './check-inputs.ts';
import { checkScale, overshootConfidence, unitAt, unitNow, type Scale, type ScaleRef } from './confidence.ts';
import { formatOvershoot, formatValue } from './format.ts';
import { holdSignal, kindOf, type Direction, type SignalSeries } from './signal-series.ts';
import type { BandOptions } from './band-touch.ts';

/**
 * Options: `name` of the channel (e.g. 'DONCHIAN(20)', default 'channel'); `scale` for
 * confidence = min(1, overshoot / scale), the overshoot being close - upper[i-1] (lower[i-1] - close),
 * default 25 % of the previous bar's channel width upper[i-1] - lower[i-1].
 */
export type BreakoutOptions<S = Scale> = BandOptions<S>;

export const BREAKOUT_DEFAULT_SCALE_FRACTION = 0.25;

/** +1 for close > upper1, -1 for close < lower1 (the previous bar's channel), else 0 (NaN or upper1 < lower1: 0). */
export function breakoutDirection(close: number, upper1: number, lower1: number): Direction {
  if (!(upper1 >= lower1)) return 0;
  return close > upper1 ? 1 : close < lower1 ? -1 : 0;
}

/** Breakout signals over whole series; bar 0 (no previous channel) is HOLD. */
export function breakout(close: Float64Array, upper: Float64Array, lower: Float64Array, options: BreakoutOptions = {}): SignalSeries {
  const { scale } = options;
  const n = commonLength('breakout', scale instanceof Float64Array ? { close, upper, lower, scale } : { close, upper, lower });
  checkScale('breakout', scale, n);
  const name = options.name ?? 'channel';
  const signal = new Int8Array(n);
  const confidence = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const u1 = upper[i - 1];
    const l1 = lower[i - 1];
    const dir = breakoutDirection(close[i], u1, l1);
    if (dir === 0) continue;
    const c = overshootConfidence(dir > 0 ? close[i] - u1 : l1 - close[i], unitAt(scale, i, BREAKOUT_DEFAULT_SCALE_FRACTION * (u1 - l1)));
    if (c !== c) continue;
    signal[i] = dir;
    confidence[i] = c;
  }
  return {
    name: `${name} breakout`,
    length: n,
    signal,
    confidence,
    reason: (i) => breakoutReason(name, signal[i], close[i], i > 0 ? upper[i - 1] : NaN, i > 0 ? lower[i - 1] : NaN),
  };
}

/** The breakout at the current bar of a strategy: the close now against the channel at `at(1)`. */
export function breakoutAt(close: SeriesRef, upper: SeriesRef, lower: SeriesRef, options: BreakoutOptions<ScaleRef> = {}): StrategySignal {
  checkScale('breakoutAt', options.scale);
  const c0 = close.at(0);
  const u1 = upper.at(1);
  const l1 = lower.at(1);
  const dir = breakoutDirection(c0, u1, l1);
  const c = dir === 0 ? 0 : overshootConfidence(dir > 0 ? c0 - u1 : l1 - c0, unitNow(options.scale, BREAKOUT_DEFAULT_SCALE_FRACTION * (u1 - l1)));
  const fired: Direction = c === c ? dir : 0;
  const reason = breakoutReason(options.name ?? 'channel', fired, c0, u1, l1);
  return fired === 0 ? holdSignal(reason) : { signal: kindOf(fired), confidence: c, reason };
}

function breakoutReason(name: string, dir: number, close: number, upper1: number, lower1: number): string {
  const cl = formatValue(close);
  if (dir > 0) return `close ${cl} broke above the previous bar's ${name} upper ${formatValue(upper1)} ${formatOvershoot(close - upper1, upper1)}`;
  if (dir < 0) return `close ${cl} broke below the previous bar's ${name} lower ${formatValue(lower1)} ${formatOvershoot(lower1 - close, lower1)}`;
  if (close !== close || upper1 !== upper1 || lower1 !== lower1) return `HOLD: close or the previous bar's ${name} not yet defined (warm-up)`;
  if (upper1 < lower1) return `HOLD: the previous bar's ${name} is inverted`;
  if (breakoutDirection(close, upper1, lower1) !== 0) return `HOLD: close ${cl} outside the previous bar's ${name} but the confidence scale is undefined at this bar`;
  return `HOLD: close ${cl} within the previous bar's ${name} (${formatValue(lower1)} .. ${formatValue(upper1)})`;
}
