import type { TestSeries } from '../support/indicator-data.ts';

/**
 * VWAP_SESSION (conventions §5): for each bar, Σ(TP·V)/ΣV over the bars from the first bar of its
 * session (found by scanning back while the session id is unchanged) up to and including it; NaN
 * while that volume is 0. Fresh sums per bar, in double-double, so nothing carries between bars.
 */
export function vwapSessionRef(s: TestSeries): Record<string, Float64Array> {
  const out = new Float64Array(s.length);
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s.session[i] !== s.session[i - 1]) start = i;
    let pvHi = 0;
    let pvLo = 0;
    let vHi = 0;
    let vLo = 0;
    for (let j = start; j <= i; j++) {
      const x = ((s.high[j] + s.low[j] + s.close[j]) / 3) * s.volume[j];
      let t = pvHi + x;
      let z = t - pvHi;
      pvLo += pvHi - (t - z) + (x - z);
      pvHi = t;
      const v = s.volume[j];
      t = vHi + v;
      z = t - vHi;
      vLo += vHi - (t - z) + (v - z);
      vHi = t;
    }
    const vol = vHi + vLo;
    out[i] = vol === 0 ? Number.NaN : (pvHi + pvLo) / vol;
  }
  return { value: out };
}

export const REFERENCE = { id: 'vwap_session', compute: vwapSessionRef };
