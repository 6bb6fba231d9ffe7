import type { TestSeries } from '../support/indicator-data.ts';

/** WMA: a fresh weighted sum over every window, newest bar weight N, divided by N(N+1)/2. */
export function wmaRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const x = s.close;
  const n = p.period;
  const out = new Float64Array(s.length).fill(Number.NaN);
  for (let i = n - 1; i < s.length; i++) {
    let sum = 0;
    for (let j = 1; j <= n; j++) sum += j * x[i - n + j];
    out[i] = sum / ((n * (n + 1)) / 2);
  }
  return { value: out };
}

export const REFERENCE = { id: 'wma', compute: wmaRef };
