// Two equity curves on one time axis: the union of their times, each curve NaN (a gap) where it has
// no step, so results on different series or ranges share one chart.

export interface Curve {
  readonly times: Float64Array;
  readonly equity: Float64Array;
}

export interface MergedCurves {
  readonly time: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
}

/** Merges two curves with ascending times. */
export function mergeCurves(a: Curve, b: Curve): MergedCurves {
  const n = a.times.length;
  const m = b.times.length;
  const time = new Float64Array(n + m);
  const va = new Float64Array(n + m);
  const vb = new Float64Array(n + m);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < n || j < m) {
    const ta = i < n ? a.times[i] : Infinity;
    const tb = j < m ? b.times[j] : Infinity;
    const t = Math.min(ta, tb);
    time[k] = t;
    va[k] = ta === t ? a.equity[i++] : NaN;
    vb[k] = tb === t ? b.equity[j++] : NaN;
    k++;
  }
  return { time: time.slice(0, k), a: va.slice(0, k), b: vb.slice(0, k) };
}
