import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period)
export function roc_state_size(period: i32): i32 {
  return 8;
}

export function roc_init(st: usize, period: i32): i32 {
  if (period < 1 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  return OK;
}

/**
 * Rate of change in percent (conventions §3 ROC): (x[i]/x[i−N] − 1)·100, 0 when x[i−N] is 0
 * (TA-Lib). Reads back `period` bars (history period+1).
 */
export function roc_run(st: usize, src: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  const back = (<usize>period) << 3;
  let i = from;
  for (; i < to && seen < period; i++) {
    seen++;
    store<f64>(dst + ((<usize>i) << 3), NaN);
  }
  for (; i < to; i++) {
    const at = (<usize>i) << 3;
    const old = load<f64>(src + at - back);
    store<f64>(dst + at, old != 0.0 ? (load<f64>(src + at) / old - 1.0) * 100.0 : 0.0);
  }
  store<i32>(st, seen, 4);
  return OK;
}
