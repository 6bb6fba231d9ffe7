import { OK, ERR_PERIOD, ERR_PARAM } from './status';
import { highestAge, lowestAge } from './ranges-extreme';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period-1)
//        · hhAge i32 @8 · llAge i32 @12 (bars since the extreme) · count i32 @16 (number of ratios)
//        · hh f64 @24 · ll f64 @32 · ratios f64[count] @40 (copied from the caller's list at init)
const RATIOS: usize = 40;
/** At most this many ratio outputs (fib_run takes that many output pointers). */
const MAX_RATIOS: i32 = 10;
/** Ratios in [0, MAX_RATIO]: retracements, and extensions below the low up to the 161.8 % level. */
const MAX_RATIO: f64 = 1.618;

export function fib_state_size(period: i32, ratios: usize, count: i32): i32 {
  return 40 + 8 * min(max(count, 0), MAX_RATIOS);
}

export function fib_init(st: usize, period: i32, ratios: usize, count: i32): i32 {
  if (period < 1 || period > 100000) return ERR_PERIOD;
  if (count < 1 || count > MAX_RATIOS) return ERR_PARAM;
  for (let j = 0; j < count; j++) {
    const r = load<f64>(ratios + ((<usize>j) << 3));
    if (!(r >= 0.0 && r <= MAX_RATIO)) return ERR_PARAM;
    store<f64>(st + RATIOS + ((<usize>j) << 3), r);
  }
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<i32>(st, 0, 8);
  store<i32>(st, 0, 12);
  store<i32>(st, count, 16);
  store<f64>(st, -Infinity, 24);
  store<f64>(st, Infinity, 32);
  return OK;
}

/** The output pointer of ratio j. */
// @ts-ignore: decorator
@inline function pick(j: i32, o0: usize, o1: usize, o2: usize, o3: usize, o4: usize, o5: usize, o6: usize, o7: usize, o8: usize, o9: usize): usize {
  switch (j) {
    case 0: return o0;
    case 1: return o1;
    case 2: return o2;
    case 3: return o3;
    case 4: return o4;
    case 5: return o5;
    case 6: return o6;
    case 7: return o7;
    case 8: return o8;
    default: return o9;
  }
}

/**
 * Rolling Fibonacci retracement levels (indicator-conventions §5): HH = highest high and LL = lowest
 * low of the last `period` bars including the current one; outputs HH, LL, then for each ratio r
 * level(r) = HH − r·(HH − LL). First value at period-1. Takes one output pointer per ratio (callers
 * with fewer ratios pass fewer; the rest are unused).
 */
export function fib_run(
  st: usize, high: usize, low: usize, from: i32, to: i32, hOut: usize, lOut: usize,
  o0: usize, o1: usize, o2: usize, o3: usize, o4: usize, o5: usize, o6: usize, o7: usize, o8: usize, o9: usize,
): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  let hhAge = load<i32>(st, 8);
  let llAge = load<i32>(st, 12);
  const count = load<i32>(st, 16);
  let hh = load<f64>(st, 24);
  let ll = load<f64>(st, 32);
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
      store<f64>(hOut + at, NaN);
      store<f64>(lOut + at, NaN);
      continue;
    }
    store<f64>(hOut + at, hh);
    store<f64>(lOut + at, ll);
  }
  // The levels, one column at a time from the HH/LL columns (NaN in the warm-up carries through).
  for (let j = 0; j < count; j++) {
    const r = load<f64>(st + RATIOS + ((<usize>j) << 3));
    const dst = pick(j, o0, o1, o2, o3, o4, o5, o6, o7, o8, o9);
    for (let i = from; i < to; i++) {
      const at = <usize>i << 3;
      const top = load<f64>(hOut + at);
      store<f64>(dst + at, top - r * (top - load<f64>(lOut + at)));
    }
  }
  store<i32>(st, seen, 4);
  store<i32>(st, hhAge, 8);
  store<i32>(st, llAge, 12);
  store<f64>(st, hh, 24);
  store<f64>(st, ll, 32);
  return OK;
}
