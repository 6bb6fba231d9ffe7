import type { TestSeries } from '../support/indicator-data.ts';

/**
 * Slow stochastic (indicator-conventions §3 STOCH): fast %K from a fresh max/min scan of every window,
 * slow %K and %D as fresh means of every window; both NaN before (fastK-1)+(slowK-1)+(slowD-1).
 */
export function stochRef(s: TestSeries, p: { fastK: number; slowK: number; slowD: number }): Record<string, Float64Array> {
  const n = s.length;
  const fast = new Float64Array(n).fill(Number.NaN);
  for (let i = p.fastK - 1; i < n; i++) {
    let hh = -Infinity;
    let ll = Infinity;
    for (let j = i - p.fastK + 1; j <= i; j++) {
      hh = Math.max(hh, s.high[j]);
      ll = Math.min(ll, s.low[j]);
    }
    fast[i] = hh === ll ? 0 : (100 * (s.close[i] - ll)) / (hh - ll);
  }
  const mean = (x: Float64Array, len: number, first: number): Float64Array => {
    const out = new Float64Array(n).fill(Number.NaN);
    for (let i = first + len - 1; i < n; i++) {
      let sum = 0;
      for (let j = i - len + 1; j <= i; j++) sum += x[j];
      out[i] = sum / len;
    }
    return out;
  };
  const slowK = mean(fast, p.slowK, p.fastK - 1);
  const d = mean(slowK, p.slowD, p.fastK - 1 + p.slowK - 1);
  const first = p.fastK - 1 + p.slowK - 1 + p.slowD - 1;
  const k = slowK.map((v, i) => (i < first ? Number.NaN : v));
  return { k, d };
}

export const REFERENCE = { id: 'stoch', compute: stochRef };
