import type { TestSeries } from '../support/indicator-data.ts';

/** Williams %R (indicator-conventions §3): -100·(HH − C)/(HH − LL) over a fresh scan of every window; 0 when HH == LL. */
export function willrRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const out = new Float64Array(s.length).fill(Number.NaN);
  for (let i = p.period - 1; i < s.length; i++) {
    let hh = -Infinity;
    let ll = Infinity;
    for (let j = i - p.period + 1; j <= i; j++) {
      hh = Math.max(hh, s.high[j]);
      ll = Math.min(ll, s.low[j]);
    }
    out[i] = hh === ll ? 0 : (-100 * (hh - s.close[i])) / (hh - ll);
  }
  return { value: out };
}

export const REFERENCE = { id: 'willr', compute: willrRef };
