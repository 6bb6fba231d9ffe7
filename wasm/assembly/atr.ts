import { OK, ERR_PERIOD } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period+1)
//        · atr f64 @8 (sum of TR[1..period] during the warm-up, then the Wilder average)
export function atr_state_size(period: i32): i32 {
  return 16;
}

export function atr_init(st: usize, period: i32): i32 {
  if (period < 1 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<f64>(st, 0.0, 8);
  return OK;
}

/** True range of bar i (i >= 1): max(H−L, |H−C[i−1]|, |L−C[i−1]|), TA-Lib's TRANGE order. */
// @ts-ignore: decorator
@inline export function trueRange(high: usize, low: usize, close: usize, at: usize): f64 {
  const h = load<f64>(high + at);
  const l = load<f64>(low + at);
  const c = load<f64>(close + at - 8);
  return max(max(h - l, abs(c - h)), abs(c - l));
}

/**
 * Wilder ATR (conventions §3 ATR): TR from bar 1 only; ATR[N] = mean(TR[1..N]); then
 * ATR = (ATR·(N−1) + TR)/N in TA-Lib's operation order. Reads back one bar (history 2).
 */
export function atr_run(st: usize, high: usize, low: usize, close: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  let atr = load<f64>(st, 8);
  const p = <f64>period;
  const pm1 = <f64>(period - 1);
  let i = from;
  for (; i < to && seen <= period; i++) {
    const at = (<usize>i) << 3;
    let out = NaN;
    if (seen > 0) {
      atr += trueRange(high, low, close, at);
      if (seen == period) out = atr = atr / p;
    }
    seen++;
    store<f64>(dst + at, out);
  }
  for (; i < to; i++) {
    const at = (<usize>i) << 3;
    atr = (atr * pm1 + trueRange(high, low, close, at)) / p;
    store<f64>(dst + at, atr);
  }
  store<i32>(st, seen, 4);
  store<f64>(st, atr, 8);
  return OK;
}
