import type { TestSeries } from '../support/indicator-data.ts';

/**
 * PVT (conventions §5): PVT[0] = 0, PVT[i] = PVT[i−1] + V[i]·(C[i]−C[i−1])/C[i−1] (0 when C[i−1]
 * is 0). Summed in double-double (hi + lo, renormalised every bar): no rounding drift.
 */
export function pvtRef(s: TestSeries): Record<string, Float64Array> {
  const out = new Float64Array(s.length);
  let hi = 0;
  let lo = 0;
  for (let i = 1; i < s.length; i++) {
    const prev = s.close[i - 1];
    const x = prev === 0 ? 0 : (s.volume[i] * (s.close[i] - prev)) / prev;
    const t = hi + x;
    const z = t - hi;
    lo += hi - (t - z) + (x - z);
    hi = t + lo;
    lo -= hi - t;
    out[i] = hi;
  }
  return { value: out };
}

export const REFERENCE = { id: 'pvt', compute: pvtRef };
