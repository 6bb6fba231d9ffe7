import type { TestSeries } from '../support/indicator-data.ts';

/** SMA: a fresh sum over every window. */
export function smaRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const x = s.close;
  const out = new Float64Array(s.length).fill(Number.NaN);
  for (let i = p.period - 1; i < s.length; i++) {
    let sum = 0;
    for (let j = i - p.period + 1; j <= i; j++) sum += x[j];
    out[i] = sum / p.period;
  }
  return { value: out };
}

export const REFERENCE = { id: 'sma', compute: smaRef };
