import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period-1)
//        · untilResum i32 @8 (running updates left before the next exact re-sum)
//        · sum f64 @16 (plain sum of the window) · wsum f64 @24 (weighted sum, newest weight period)
export function wma_state_size(period: i32): i32 {
  return 32;
}

export function wma_init(st: usize, period: i32): i32 {
  if (period < 1 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<i32>(st, 0, 8);
  store<f64>(st, 0.0, 16);
  store<f64>(st, 0.0, 24);
  return OK;
}

/**
 * Weighted moving average (conventions §3 WMA): sum_{j=1..N} j·x[i-N+j] / (N(N+1)/2).
 * Running update wsum += N·x − sum, sum += x − x[i−N], re-summed exactly every `period` bars so
 * rounding never accumulates beyond one window (TA-Lib's endless running sums drift, §4).
 * Reads back `period` bars (history period+1).
 */
export function wma_run(st: usize, src: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  let untilResum = load<i32>(st, 8);
  let sum = load<f64>(st, 16);
  let wsum = load<f64>(st, 24);
  const n = <f64>period;
  const divider = n * (n + 1.0) * 0.5; // an exact integer in f64 for period <= 100000
  const back = (<usize>period) << 3;
  let i = from;
  for (; i < to && seen < period - 1; i++) {
    seen++;
    store<f64>(dst + ((<usize>i) << 3), NaN);
  }
  while (i < to) {
    if (untilResum == 0) {
      const start = src + ((<usize>i) << 3) + 8 - back;
      let s = 0.0;
      let w = 0.0;
      let weight = 1.0;
      for (let j = 0; j < period; j++) {
        const v = load<f64>(start + ((<usize>j) << 3));
        s += v;
        w += v * weight;
        weight += 1.0;
      }
      sum = s;
      wsum = w;
      untilResum = period - 1;
      store<f64>(dst + ((<usize>i) << 3), wsum / divider);
      i++;
      continue;
    }
    const end = min(to, i + untilResum);
    untilResum -= end - i;
    for (; i < end; i++) {
      const at = (<usize>i) << 3;
      const x = load<f64>(src + at);
      wsum += n * x - sum;
      sum += x - load<f64>(src + at - back);
      store<f64>(dst + at, wsum / divider);
    }
  }
  store<i32>(st, seen, 4);
  store<i32>(st, untilResum, 8);
  store<f64>(st, sum, 16);
  store<f64>(st, wsum, 24);
  return OK;
}
