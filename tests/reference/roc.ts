import type { TestSeries } from '../support/indicator-data.ts';

/** ROC in percent: (x[i]/x[i−N] − 1)·100, 0 when x[i−N] is 0. */
export function rocRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const x = s.close;
  const out = new Float64Array(s.length).fill(Number.NaN);
  for (let i = p.period; i < s.length; i++) out[i] = x[i - p.period] === 0 ? 0 : (x[i] / x[i - p.period] - 1) * 100;
  return { value: out };
}

export const REFERENCE = { id: 'roc', compute: rocRef };
