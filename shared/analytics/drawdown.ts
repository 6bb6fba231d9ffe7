// The drawdown curve: dd[t] = 1 − E[t] / max(E[0..t]), a positive fraction (backtesting.py, §5),
// and empyrical's maximum drawdown min_t(E[t]/max(E[0..t]) − 1), a negative fraction (§6).

/** dd[t] = 1 − E[t]/max(E[0..t]); 0 at every new high. */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const dd = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let t = 0; t < equity.length; t++) {
    if (equity[t] > peak) peak = equity[t];
    dd[t] = 1 - equity[t] / peak;
  }
  return dd;
}

/** max(dd), 0 when there is no drawdown (numpy `nan_to_num(dd.max())`). Positive fraction. */
export function maxDrawdownDepth(dd: ArrayLike<number>): number {
  let m = 0;
  for (let t = 0; t < dd.length; t++) if (dd[t] > m) m = dd[t];
  return m;
}

/** empyrical `max_drawdown`: min_t(E[t]/max(E[0..t]) − 1), ≤ 0; NaN for an empty curve. */
export function maxDrawdownOfEquity(equity: ArrayLike<number>): number {
  if (equity.length === 0) return Number.NaN;
  let peak = -Infinity;
  let worst = 0;
  for (let t = 0; t < equity.length; t++) {
    if (equity[t] > peak) peak = equity[t];
    const d = equity[t] / peak - 1;
    if (d < worst) worst = d;
  }
  return worst;
}
