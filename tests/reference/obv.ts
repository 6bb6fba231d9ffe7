import type { TestSeries } from '../support/indicator-data.ts';

/**
 * OBV (conventions §3): OBV[0] = V[0]; + V on an up close, − V on a down close. The running total
 * is carried as an unevaluated double-double (hi + lo, renormalised every bar), so the reference
 * is the cumulative sum without rounding drift.
 */
export function obvRef(s: TestSeries): Record<string, Float64Array> {
  const out = new Float64Array(s.length);
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < s.length; i++) {
    let x = 0;
    if (i === 0) x = s.volume[0];
    else if (s.close[i] > s.close[i - 1]) x = s.volume[i];
    else if (s.close[i] < s.close[i - 1]) x = -s.volume[i];
    const t = hi + x;
    const z = t - hi;
    lo += hi - (t - z) + (x - z);
    hi = t + lo;
    lo -= hi - t;
    out[i] = hi;
  }
  return { value: out };
}

export const REFERENCE = { id: 'obv', compute: obvRef };
