import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at 2·period−1)
//        · k f64 @8 · sum1 f64 @16 · ema1 f64 @24 · sum2 f64 @32 · ema2 f64 @40 (sums: EMA seeds)
export function dema_state_size(period: i32): i32 {
  return 48;
}

export function dema_init(st: usize, period: i32): i32 {
  if (period < 2 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<f64>(st, 2.0 / <f64>(period + 1), 8);
  store<f64>(st, 0.0, 16);
  store<f64>(st, NaN, 24);
  store<f64>(st, 0.0, 32);
  store<f64>(st, NaN, 40);
  return OK;
}

/**
 * Double EMA (conventions §3 DEMA): 2·EMA1 − EMA2 with EMA2 = EMA(EMA1), each EMA seeded with the
 * mean of the first `period` values of its defined input (EMA1 at period−1, EMA2 at 2·period−2),
 * then ema = (v − ema)·k + ema as TA-Lib. First value at 2·(period−1).
 */
export function dema_run(st: usize, src: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  const k = load<f64>(st, 8);
  let sum1 = load<f64>(st, 16);
  let e1 = load<f64>(st, 24);
  let sum2 = load<f64>(st, 32);
  let e2 = load<f64>(st, 40);
  const p = <f64>period;
  const ready = 2 * period - 1; // bars after which both EMAs run freely
  let i = from;
  for (; i < to && seen < ready; i++) {
    const x = load<f64>(src + ((<usize>i) << 3));
    if (seen < period) {
      sum1 += x;
      if (seen == period - 1) e1 = sum1 / p;
    } else {
      e1 = (x - e1) * k + e1;
    }
    if (seen >= period - 1) {
      sum2 += e1;
      if (seen == ready - 1) e2 = sum2 / p;
    }
    seen++;
    store<f64>(dst + ((<usize>i) << 3), seen == ready ? 2.0 * e1 - e2 : NaN);
  }
  for (; i < to; i++) {
    const at = (<usize>i) << 3;
    const x = load<f64>(src + at);
    e1 = (x - e1) * k + e1;
    e2 = (e1 - e2) * k + e2;
    store<f64>(dst + at, 2.0 * e1 - e2);
  }
  store<i32>(st, seen, 4);
  store<f64>(st, sum1, 16);
  store<f64>(st, e1, 24);
  store<f64>(st, sum2, 32);
  store<f64>(st, e2, 40);
  return OK;
}
