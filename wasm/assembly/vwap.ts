import { OK } from './status';
import { twoSumErr } from './volume-sum';

// State: sumPV f64 @0 · errPV f64 @8 · sumV f64 @16 · errV f64 @24
export function vwap_state_size(): i32 {
  return 32;
}

export function vwap_init(st: usize): i32 {
  memory.fill(st, 0, 32);
  return OK;
}

/**
 * Anchored VWAP (conventions §5): Σ(TP·V)/ΣV from bar 0 with TP = (H+L+C)/3; NaN only while the
 * cumulative volume is 0. Both sums compensated (volume-sum.ts).
 */
export function vwap_run(st: usize, high: usize, low: usize, close: usize, volume: usize, from: i32, to: i32, dst: usize): i32 {
  let spv = load<f64>(st, 0);
  let epv = load<f64>(st, 8);
  let sv = load<f64>(st, 16);
  let ev = load<f64>(st, 24);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const v = load<f64>(volume + at);
    const pv = ((load<f64>(high + at) + load<f64>(low + at) + load<f64>(close + at)) / 3.0) * v;
    const t = spv + pv;
    epv += twoSumErr(spv, pv, t);
    spv = t;
    const u = sv + v;
    ev += twoSumErr(sv, v, u);
    sv = u;
    const vol = sv + ev;
    store<f64>(dst + at, vol == 0.0 ? NaN : (spv + epv) / vol);
  }
  store<f64>(st, spv, 0);
  store<f64>(st, epv, 8);
  store<f64>(st, sv, 16);
  store<f64>(st, ev, 24);
  return OK;
}
