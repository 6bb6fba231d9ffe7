import type { TestSeries } from '../support/indicator-data.ts';

/** EMA: seed = mean of the first `period` closes at period-1, then k·x + (1−k)·prev. */
export function emaRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const x = s.close;
  const out = new Float64Array(s.length).fill(Number.NaN);
  if (s.length < p.period) return { value: out };
  const k = 2 / (p.period + 1);
  let seed = 0;
  for (let j = 0; j < p.period; j++) seed += x[j];
  let prev = seed / p.period;
  out[p.period - 1] = prev;
  for (let i = p.period; i < s.length; i++) out[i] = prev = k * x[i] + (1 - k) * prev;
  return { value: out };
}

export const REFERENCE = { id: 'ema', compute: emaRef };
