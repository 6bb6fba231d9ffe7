// Per-bar simple returns of an equity curve (§5): r_t = E[t]/E[t−1] − 1 for t = 1..N−1.
// They include the flat warm-up bars. Also the log returns used by beta.

/** Simple returns, length N−1. */
export function simpleReturns(equity: ArrayLike<number>): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const r = new Float64Array(n);
  for (let t = 1; t <= n; t++) r[t - 1] = equity[t] / equity[t - 1] - 1;
  return r;
}

/** Log returns ln(x[t]/x[t−1]), length N−1. */
export function logReturns(x: ArrayLike<number>): Float64Array {
  const n = Math.max(0, x.length - 1);
  const r = new Float64Array(n);
  for (let t = 1; t <= n; t++) r[t - 1] = Math.log(x[t] / x[t - 1]);
  return r;
}
