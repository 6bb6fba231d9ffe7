import type { TestSeries } from '../support/indicator-data.ts';

/** Donchian channel (indicator-conventions §5): a fresh scan of the last `period` bars including the current one. */
export function donchianRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const n = s.length;
  const upper = new Float64Array(n).fill(Number.NaN);
  const middle = new Float64Array(n).fill(Number.NaN);
  const lower = new Float64Array(n).fill(Number.NaN);
  for (let i = p.period - 1; i < n; i++) {
    const highs = Array.from(s.high.subarray(i - p.period + 1, i + 1));
    const lows = Array.from(s.low.subarray(i - p.period + 1, i + 1));
    upper[i] = Math.max(...highs);
    lower[i] = Math.min(...lows);
    middle[i] = (upper[i] + lower[i]) / 2;
  }
  return { upper, middle, lower };
}

export const REFERENCE = { id: 'donchian', compute: donchianRef };
