import type { TestSeries } from '../support/indicator-data.ts';

/** EMA of the defined (non-NaN) part of `x`: seed = mean of its first n values, then k·v + (1−k)·prev. */
function emaDefined(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  let start = 0;
  while (start < x.length && Number.isNaN(x[start])) start++;
  if (x.length - start < n) return out;
  const k = 2 / (n + 1);
  let seed = 0;
  for (let j = start; j < start + n; j++) seed += x[j];
  let prev = seed / n;
  out[start + n - 1] = prev;
  for (let i = start + n; i < x.length; i++) out[i] = prev = k * x[i] + (1 - k) * prev;
  return out;
}

/** TEMA = 3·EMA1 − 3·EMA2 + EMA3, EMA2 = EMA(EMA1), EMA3 = EMA(EMA2). */
export function temaRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const e1 = emaDefined(s.close, p.period);
  const e2 = emaDefined(e1, p.period);
  const e3 = emaDefined(e2, p.period);
  return { value: e1.map((v, i) => 3 * v - 3 * e2[i] + e3[i]) };
}

export const REFERENCE = { id: 'tema', compute: temaRef };
