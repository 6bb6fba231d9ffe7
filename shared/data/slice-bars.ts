// A sub-range of a bar series as views on the same arrays (no copy).
import type { BarSeries } from './bar-series.ts';

/** Bars [from, to) of `s`, sharing memory with it. */
export function sliceBars(s: BarSeries, from: number, to: number): BarSeries {
  const a = Math.max(0, from);
  const b = Math.min(s.length, Math.max(a, to));
  const sub = (x: Float64Array) => x.subarray(a, b);
  return {
    symbol: s.symbol,
    timeframe: s.timeframe,
    length: b - a,
    time: sub(s.time),
    end: sub(s.end),
    open: sub(s.open),
    high: sub(s.high),
    low: sub(s.low),
    close: sub(s.close),
    volume: sub(s.volume),
    ...(s.session && { session: s.session.subarray(a, b) }),
    ...(s.utcOffsetMin && { utcOffsetMin: s.utcOffsetMin.subarray(a, b) }),
  };
}

/** Index of the first bar starting at or after `t` (binary search on ascending times). */
export function firstBarAtOrAfter(s: BarSeries, t: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
