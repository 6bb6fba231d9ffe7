import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period)
//        · untilResum i32 @8 (running updates left before the next exact re-sum) · sum f64 @16
export function sma_state_size(period: i32): i32 {
  return 24;
}

export function sma_init(st: usize, period: i32): i32 {
  if (period < 1 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<i32>(st, 0, 8);
  store<f64>(st, 0.0, 16);
  return OK;
}

/**
 * Simple moving average. Exact per window: a running sum, re-summed from scratch every `period`
 * bars so rounding never accumulates beyond one window (TA-Lib's endless running sum drifts).
 */
export function sma_run(st: usize, src: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  let untilResum = load<i32>(st, 8);
  let sum = load<f64>(st, 16);
  const p = <f64>period;
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    if (seen < period - 1) {
      seen++;
      store<f64>(dst + at, NaN);
      continue;
    }
    if (untilResum == 0) {
      sum = 0.0;
      const start = src + at - ((<usize>(period - 1)) << 3);
      for (let j = 0; j < period; j++) sum += load<f64>(start + ((<usize>j) << 3));
      untilResum = period - 1;
    } else {
      sum += load<f64>(src + at) - load<f64>(src + at - ((<usize>period) << 3));
      untilResum--;
    }
    seen = period;
    store<f64>(dst + at, sum / p);
  }
  store<i32>(st, seen, 4);
  store<i32>(st, untilResum, 8);
  store<f64>(st, sum, 16);
  return OK;
}
