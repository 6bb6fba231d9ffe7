import { OK } from './status';
import { twoSumErr } from './volume-sum';

// State: seen i32 @0 (0 before the first bar, then 1) · prevClose f64 @8 · sum f64 @16 · err f64 @24
export function pvt_state_size(): i32 {
  return 32;
}

export function pvt_init(st: usize): i32 {
  store<i32>(st, 0, 0);
  store<f64>(st, 0.0, 8);
  store<f64>(st, 0.0, 16);
  store<f64>(st, 0.0, 24);
  return OK;
}

/**
 * Price-volume trend (conventions §5): PVT[0] = 0, PVT[i] = PVT[i−1] + V[i]·(C[i]−C[i−1])/C[i−1];
 * a previous close of 0 adds 0 (as ROC's zero guard) instead of an infinity. Compensated sum.
 */
export function pvt_run(st: usize, close: usize, volume: usize, from: i32, to: i32, dst: usize): i32 {
  let seen = load<i32>(st, 0);
  let prev = load<f64>(st, 8);
  let s = load<f64>(st, 16);
  let e = load<f64>(st, 24);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const c = load<f64>(close + at);
    let x = 0.0;
    if (seen == 0) seen = 1;
    else if (prev != 0.0) x = (load<f64>(volume + at) * (c - prev)) / prev;
    const t = s + x;
    e += twoSumErr(s, x, t);
    s = t;
    prev = c;
    store<f64>(dst + at, s + e);
  }
  store<i32>(st, seen, 0);
  store<f64>(st, prev, 8);
  store<f64>(st, s, 16);
  store<f64>(st, e, 24);
  return OK;
}
