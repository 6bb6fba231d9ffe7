import type { TestSeries } from '../support/indicator-data.ts';

/**
 * VWAP anchored at bar 0 (conventions §5): Σ(TP·V)/ΣV with TP = (H+L+C)/3, NaN while ΣV is 0.
 * Both sums in double-double (hi + lo, renormalised every bar): no rounding drift.
 */
export function vwapRef(s: TestSeries): Record<string, Float64Array> {
  const out = new Float64Array(s.length);
  const pv = [0, 0];
  const vol = [0, 0];
  const add = (acc: number[], x: number) => {
    const t = acc[0] + x;
    const z = t - acc[0];
    const lo = acc[1] + (acc[0] - (t - z) + (x - z));
    acc[0] = t + lo;
    acc[1] = lo - (acc[0] - t);
  };
  for (let i = 0; i < s.length; i++) {
    const tp = (s.high[i] + s.low[i] + s.close[i]) / 3;
    add(pv, tp * s.volume[i]);
    add(vol, s.volume[i]);
    out[i] = vol[0] === 0 ? Number.NaN : pv[0] / vol[0];
  }
  return { value: out };
}

export const REFERENCE = { id: 'vwap', compute: vwapRef };
