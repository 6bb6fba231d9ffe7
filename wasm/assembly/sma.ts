import { OK, ERR_PERIOD, ERR_LENGTH } from './status';

/** Index of the first SMA value: period - 1. */
export function sma_lookback(period: i32): i32 {
  return period - 1;
}

/**
 * Simple moving average of `n` f64 values at `src`, written to `dst` (NaN during the warm-up).
 * Exact per window: a running sum, re-summed from scratch every `period` bars so that
 * rounding never accumulates beyond one window (TA-Lib's endless running sum drifts).
 */
export function sma_batch(src: usize, n: i32, period: i32, dst: usize): i32 {
  if (period < 1) return ERR_PERIOD;
  if (n < 0) return ERR_LENGTH;
  const lb = period - 1;
  const warm = min<i32>(lb, n);
  for (let i = 0; i < warm; i++) store<f64>(dst + ((<usize>i) << 3), NaN);
  if (n <= lb) return OK;
  const p = <f64>period;
  let sum = 0.0;
  let anchor = lb; // next index at which the window sum is recomputed exactly
  for (let i = lb; i < n; i++) {
    if (i == anchor) {
      sum = 0.0;
      const start = <usize>(i - lb) << 3;
      for (let j = 0; j < period; j++) sum += load<f64>(src + start + ((<usize>j) << 3));
      anchor = i + period;
    } else {
      sum += load<f64>(src + ((<usize>i) << 3)) - load<f64>(src + ((<usize>(i - period)) << 3));
    }
    store<f64>(dst + ((<usize>i) << 3), sum / p);
  }
  return OK;
}
