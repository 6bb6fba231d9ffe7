import type { TestSeries } from '../support/indicator-data.ts';

/**
 * AD (conventions §3): AD[i] = AD[i−1] + ((C−L)−(H−C))/(H−L)·V from AD[−1] = 0, adding 0 when
 * H == L. Summed in double-double (hi + lo, renormalised every bar): no rounding drift.
 */
export function adRef(s: TestSeries): Record<string, Float64Array> {
  const out = new Float64Array(s.length);
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < s.length; i++) {
    const h = s.high[i];
    const l = s.low[i];
    const c = s.close[i];
    const x = h === l ? 0 : (((c - l) - (h - c)) / (h - l)) * s.volume[i];
    const t = hi + x;
    const z = t - hi;
    lo += hi - (t - z) + (x - z);
    hi = t + lo;
    lo -= hi - t;
    out[i] = hi;
  }
  return { value: out };
}

export const REFERENCE = { id: 'ad', compute: adRef };
