import { OK } from './status';
import { twoSumErr } from './volume-sum';

// One accumulation serves both VWAPs: the anchored one is the session one that never resets.
// State: session f64 @0 (NaN before the first bar) · sumPV f64 @8 · errPV f64 @16 · sumV f64 @24 · errV f64 @32

/**
 * Σ(TP·V)/ΣV with TP = (H+L+C)/3, both sums compensated (volume-sum.ts); NaN while the cumulative
 * volume is 0. With `resets`, both sums restart at every bar whose session id differs from the
 * previous bar's. `resets` is a constant at each call site, so the inlined loop has no dead check.
 */
// @ts-ignore: decorator
@inline
function runVwap(st: usize, high: usize, low: usize, close: usize, volume: usize, session: usize, resets: bool, from: i32, to: i32, dst: usize): void {
  let cur = load<f64>(st, 0);
  let spv = load<f64>(st, 8);
  let epv = load<f64>(st, 16);
  let sv = load<f64>(st, 24);
  let ev = load<f64>(st, 32);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    if (resets) {
      const id = load<f64>(session + at);
      if (id != cur) {
        cur = id;
        spv = 0.0;
        epv = 0.0;
        sv = 0.0;
        ev = 0.0;
      }
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
}

function initVwap(st: usize): i32 {
  memory.fill(st, 0, 40);
  store<f64>(st, NaN, 0);
  return OK;
}

export function vwap_state_size(): i32 {
  return 40;
}

export function vwap_init(st: usize): i32 {
  return initVwap(st);
}

/** Anchored VWAP (conventions §5): from bar 0. */
export function vwap_run(st: usize, high: usize, low: usize, close: usize, volume: usize, from: i32, to: i32, dst: usize): i32 {
  runVwap(st, high, low, close, volume, 0, false, from, to, dst);
  return OK;
}

export function vwap_session_state_size(): i32 {
  return 40;
}

export function vwap_session_init(st: usize): i32 {
  return initVwap(st);
}

/** Session VWAP (conventions §5): both sums reset at the first bar of every session. */
export function vwap_session_run(
  st: usize, high: usize, low: usize, close: usize, volume: usize, session: usize, from: i32, to: i32, dst: usize,
): i32 {
  runVwap(st, high, low, close, volume, session, true, from, to, dst);
  return OK;
}
