import { OK } from './status';

// State: prevHigh f64 @0 · prevLow f64 @8 · prevClose f64 @16 (NaN before the first bar, so bar 0's levels are NaN)
export function pivots_state_size(): i32 {
  return 24;
}

export function pivots_init(st: usize): i32 {
  store<f64>(st, NaN, 0);
  store<f64>(st, NaN, 8);
  store<f64>(st, NaN, 16);
  return OK;
}

/**
 * Classic floor pivots from the previous bar (conventions §5): with H, L, C of bar i−1,
 * P = (H+L+C)/3, R1 = 2P−L, S1 = 2P−H, R2 = P+(H−L), S2 = P−(H−L), R3 = H+2(P−L), S3 = L−2(H−P).
 * Outputs p r1 r2 r3 s1 s2 s3; bar 0 is NaN (the NaN previous bar propagates).
 */
export function pivots_run(
  st: usize, high: usize, low: usize, close: usize, from: i32, to: i32,
  p: usize, r1: usize, r2: usize, r3: usize, s1: usize, s2: usize, s3: usize,
): i32 {
  let h = load<f64>(st, 0);
  let l = load<f64>(st, 8);
  let c = load<f64>(st, 16);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const pp = (h + l + c) / 3.0;
    const range = h - l;
    store<f64>(p + at, pp);
    store<f64>(r1 + at, 2.0 * pp - l);
    store<f64>(r2 + at, pp + range);
    store<f64>(r3 + at, h + 2.0 * (pp - l));
    store<f64>(s1 + at, 2.0 * pp - h);
    store<f64>(s2 + at, pp - range);
    store<f64>(s3 + at, l - 2.0 * (h - pp));
    h = load<f64>(high + at);
    l = load<f64>(low + at);
    c = load<f64>(close + at);
  }
  store<f64>(st, h, 0);
  store<f64>(st, l, 8);
  store<f64>(st, c, 16);
  return OK;
}
