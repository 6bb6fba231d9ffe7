import { OK, ERR_PERIOD } from './status';
import { highestAge, lowestAge } from './ranges-extreme';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period-1)
//        · hhAge i32 @8 · llAge i32 @12 (bars since the extreme) · hh f64 @16 · ll f64 @24
export function willr_state_size(period: i32): i32 {
  return 32;
}

export function willr_init(st: usize, period: i32): i32 {
  if (period < 2 || period > 100000) return ERR_PERIOD;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<i32>(st, 0, 8);
  store<i32>(st, 0, 12);
  store<f64>(st, -Infinity, 16);
  store<f64>(st, Infinity, 24);
  return OK;
}

/**
 * Williams %R, TA-Lib WILLR (indicator-conventions §3): (HH - C) / ((HH - LL) / -100) over the last
 * `period` bars including the current one, in [-100, 0]; 0 when HH == LL. First value at period-1.
 */
export function willr_run(st: usize, high: usize, low: usize, close: usize, from: i32, to: i32, dst: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  let hhAge = load<i32>(st, 8);
  let llAge = load<i32>(st, 12);
  let hh = load<f64>(st, 16);
  let ll = load<f64>(st, 24);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const h = load<f64>(high + at);
    const l = load<f64>(low + at);
    hhAge = highestAge(high + at, h, hh, hhAge + 1, period);
    hh = load<f64>(high + at - ((<usize>hhAge) << 3));
    llAge = lowestAge(low + at, l, ll, llAge + 1, period);
    ll = load<f64>(low + at - ((<usize>llAge) << 3));
    if (seen < period - 1) {
      seen++;
      store<f64>(dst + at, NaN);
      continue;
    }
    const diff = (hh - ll) / -100.0;
    store<f64>(dst + at, diff != 0.0 ? (hh - load<f64>(close + at)) / diff : 0.0);
  }
  store<i32>(st, seen, 4);
  store<i32>(st, hhAge, 8);
  store<i32>(st, llAge, 12);
  store<f64>(st, hh, 16);
  store<f64>(st, ll, 24);
  return OK;
}
