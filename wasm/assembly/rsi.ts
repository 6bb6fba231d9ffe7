import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period+1)
//        · gain f64 @8 · loss f64 @16 (sums of the first `period` moves, then Wilder averages)
export function rsi_state_size(period: i32): i32 {
  return 24;
}

export function rsi_init(st: usize, period: i32): i32 {
  if (period < 2 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<f64>(st, 0.0, 8);
  store<f64>(st, 0.0, 16);
  return OK;
}

/** 100·g/(g+l), 0 when g+l is within 1e-14 of 0 (TA-Lib's TA_IS_ZERO guard, conventions §3). */
// @ts-ignore: decorator
@inline function rsiOf(gain: f64, loss: f64): f64 {
  const total = gain + loss;
  return total > -1e-14 && total < 1e-14 ? 0.0 : 100.0 * (gain / total);
}

/**
 * Wilder RSI (conventions §3 RSI): d = x[i] − x[i−1]; the averages of max(d,0) and max(−d,0) over
 * bars 1..N seed RSI[N]; then avg = (avg·(N−1) + move)/N, in TA-Lib's operation order (adding
 * the other side's +0 instead of branching changes no bit).
 * Reads back one bar (history 2).
 */
export function rsi_run(st: usize, src: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  let gain = load<f64>(st, 8);
  let loss = load<f64>(st, 16);
  const p = <f64>period;
  const pm1 = <f64>(period - 1);
  let i = from;
  for (; i < to && seen <= period; i++) {
    const at = (<usize>i) << 3;
    let out = NaN;
    if (seen > 0) {
      const d = load<f64>(src + at) - load<f64>(src + at - 8);
      gain += max(d, 0.0);
      loss += max(-d, 0.0);
      if (seen == period) {
        gain /= p;
        loss /= p;
        out = rsiOf(gain, loss);
      }
    }
    seen++;
    store<f64>(dst + at, out);
  }
  for (; i < to; i++) {
    const at = (<usize>i) << 3;
    const d = load<f64>(src + at) - load<f64>(src + at - 8);
    gain = (gain * pm1 + max(d, 0.0)) / p;
    loss = (loss * pm1 + max(-d, 0.0)) / p;
    store<f64>(dst + at, rsiOf(gain, loss));
  }
  store<i32>(st, seen, 4);
  store<f64>(st, gain, 8);
  store<f64>(st, loss, 16);
  return OK;
}
