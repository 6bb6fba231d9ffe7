import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (saturates at period) · k f64 @8 · sum f64 @16 (seed sum) · ema f64 @24
export function ema_state_size(period: i32): i32 {
  return 32;
}

export function ema_init(st: usize, period: i32): i32 {
  if (period < 1 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<f64>(st, 2.0 / (<f64>period + 1.0), 8);
  store<f64>(st, 0.0, 16);
  store<f64>(st, NaN, 24);
  return OK;
}

/**
 * Exponential moving average, TA-Lib default: seeded with the mean of the first `period` values at
 * index period-1, then ema = (x - ema)·k + ema with k = 2/(period+1).
 */
export function ema_run(st: usize, src: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  const k = load<f64>(st, 8);
  let sum = load<f64>(st, 16);
  let ema = load<f64>(st, 24);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const x = load<f64>(src + at);
    if (seen < period) {
      sum += x;
      seen++;
      if (seen == period) ema = sum / <f64>period;
    } else {
      ema = (x - ema) * k + ema;
    }
    store<f64>(dst + at, ema);
  }
  store<i32>(st, seen, 4);
  store<f64>(st, sum, 16);
  store<f64>(st, ema, 24);
  return OK;
}
