import { OK } from './status';
import { twoSumErr } from './volume-sum';

// State: sum f64 @0 · err f64 @8
export function ad_state_size(): i32 {
  return 16;
}

export function ad_init(st: usize): i32 {
  store<f64>(st, 0.0, 0);
  store<f64>(st, 0.0, 8);
  return OK;
}

/**
 * Chaikin accumulation/distribution line, TA-Lib AD (conventions §3): AD[i] = AD[i−1] +
 * ((C−L)−(H−C))/(H−L)·V with AD[−1] = 0; a bar whose range H−L is not positive adds 0 (TA-Lib
 * tests `H−L > 0`, so H == L adds 0). Compensated sum (volume-sum.ts).
 */
export function ad_run(st: usize, high: usize, low: usize, close: usize, volume: usize, from: i32, to: i32, dst: usize): i32 {
  let s = load<f64>(st, 0);
  let e = load<f64>(st, 8);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const h = load<f64>(high + at);
    const l = load<f64>(low + at);
    const c = load<f64>(close + at);
    const range = h - l;
    // The bar's money-flow volume, masked to +0 when range <= 0 (integer mask, not a branch: V8
    // compiles an f64 `select` as a branch, and flat bars are common in thin intraday data).
    const mfv = (((c - l) - (h - c)) / range) * load<f64>(volume + at);
    const x = reinterpret<f64>(reinterpret<i64>(mfv) & -<i64>(range > 0.0));
    const t = s + x;
    e += twoSumErr(s, x, t);
    s = t;
    store<f64>(dst + at, s + e);
  }
  store<f64>(st, s, 0);
  store<f64>(st, e, 8);
  return OK;
}
