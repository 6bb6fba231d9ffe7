import { OK } from './status';
import { twoSumErr } from './volume-sum';

// State: session f64 @0 (NaN before the first bar) · sumPV f64 @8 · errPV f64 @16 · sumV f64 @24 · errV f64 @32
export function vwap_session_state_size(): i32 {
  return 40;
}

export function vwap_session_init(st: usize): i32 {
  memory.fill(st, 0, 40);
  store<f64>(st, NaN, 0);
  return OK;
}

/**
 * Session VWAP (conventions §5): the anchored VWAP with both sums reset at the first bar of every
 * session (a bar whose session id differs from the previous bar's); NaN while the session's
 * cumulative volume is 0. Both sums compensated (volume-sum.ts).
 */
export function vwap_session_run(
  st: usize, high: usize, low: usize, close: usize, volume: usize, session: usize, from: i32, to: i32, dst: usize,
): i32 {
  let cur = load<f64>(st, 0);
  let spv = load<f64>(st, 8);
  let epv = load<f64>(st, 16);
  let sv = load<f64>(st, 24);
  let ev = load<f64>(st, 32);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const id = load<f64>(session + at);
    if (id != cur) {
      cur = id;
      spv = 0.0;
      epv = 0.0;
      sv = 0.0;
      ev = 0.0;
    }
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
  store<f64>(st, cur, 0);
  store<f64>(st, spv, 8);
  store<f64>(st, epv, 16);
  store<f64>(st, sv, 24);
  store<f64>(st, ev, 32);
  return OK;
}
