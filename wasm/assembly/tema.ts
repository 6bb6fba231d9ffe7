import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at 3·period−2)
//        · k f64 @8 · sum1 @16 · ema1 @24 · sum2 @32 · ema2 @40 · sum3 @48 · ema3 @56 (f64; sums: EMA seeds)
export function tema_state_size(period: i32): i32 {
  return 64;
}

export function tema_init(st: usize, period: i32): i32 {
  if (period < 2 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<f64>(st, 2.0 / <f64>(period + 1), 8);
  for (let o: usize = 16; o < 64; o += 16) {
    store<f64>(st + o, 0.0);
    store<f64>(st + o, NaN, 8);
  }
  return OK;
}

/**
 * Triple EMA (conventions §3 TEMA): 3·EMA1 − 3·EMA2 + EMA3 (TA-Lib's order: e3 + (3·e1 − 3·e2)),
 * EMA2 = EMA(EMA1), EMA3 = EMA(EMA2), each seeded with the mean of the first `period` values of
 * its defined input (at period−1, 2·period−2, 3·period−3). First value at 3·(period−1).
 */
export function tema_run(st: usize, src: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  const k = load<f64>(st, 8);
  let sum1 = load<f64>(st, 16);
  let e1 = load<f64>(st, 24);
  let sum2 = load<f64>(st, 32);
  let e2 = load<f64>(st, 40);
  let sum3 = load<f64>(st, 48);
  let e3 = load<f64>(st, 56);
  const p = <f64>period;
  const ready = 3 * period - 2; // bars after which all three EMAs run freely
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
      if (seen < 2 * period - 1) {
        sum2 += e1;
        if (seen == 2 * period - 2) e2 = sum2 / p;
      } else {
        e2 = (e1 - e2) * k + e2;
      }
    }
    if (seen >= 2 * period - 2) {
      sum3 += e2;
      if (seen == ready - 1) e3 = sum3 / p;
    }
    seen++;
    store<f64>(dst + ((<usize>i) << 3), seen == ready ? e3 + (3.0 * e1 - 3.0 * e2) : NaN);
  }
  for (; i < to; i++) {
    const at = (<usize>i) << 3;
    const x = load<f64>(src + at);
    e1 = (x - e1) * k + e1;
    e2 = (e1 - e2) * k + e2;
    e3 = (e2 - e3) * k + e3;
    store<f64>(dst + at, e3 + (3.0 * e1 - 3.0 * e2));
  }
  store<i32>(st, seen, 4);
  store<f64>(st, sum1, 16);
  store<f64>(st, e1, 24);
  store<f64>(st, sum2, 32);
  store<f64>(st, e2, 40);
  store<f64>(st, sum3, 48);
  store<f64>(st, e3, 56);
  return OK;
}
