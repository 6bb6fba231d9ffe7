import { OK, ERR_PERIOD, ERR_PARAM } from './status';

// State: period i32 @0 · seen i32 @4 (bars before the current one, saturating at period-1)
//        · untilResum i32 @8 (running updates left before the next exact re-sum and re-anchor)
//        · devUp f64 @16 · devDown f64 @24 · sum f64 @32 (window sum, exactly as the SMA kernel)
//        · anchor f64 @40 · s1 f64 @48 · s2 f64 @56 (sums of x - anchor and (x - anchor)² over the window)
//        · s2max f64 @64 (largest s2 since the anchor: bounds the rounding the running s2 carries)
export function bbands_state_size(period: i32, devUp: f64, devDown: f64): i32 {
  return 72;
}

export function bbands_init(st: usize, period: i32, devUp: f64, devDown: f64): i32 {
  if (period < 2 || period > 100000) return ERR_PERIOD;
  if (!(devUp >= 0.0 && devUp <= 1000.0) || !(devDown >= 0.0 && devDown <= 1000.0)) return ERR_PARAM;
  store<i32>(st, period, 0);
  store<i32>(st, 0, 4);
  store<i32>(st, 0, 8);
  store<f64>(st, devUp, 16);
  store<f64>(st, devDown, 24);
  for (let o: usize = 32; o < 72; o += 8) store<f64>(st + o, 0.0);
  return OK;
}

/** TA-Lib's variance guard: a variance below this gives a standard deviation of 0. */
const GUARD: f64 = 1e-14;
/** Bound on the rounding the running s1 and s2 carry since the anchor, as a multiple of s2max (~45 ulp). */
const DRIFT: f64 = 1e-14;
/**
 * Re-sum at once when the variance is below TRUST × that bound (a worst case of 5e-7 relative on sd,
 * i.e. ~1e-12 of the price) unless the variance is surely below the guard anyway (flat windows).
 */
const TRUST: f64 = 1e6;

/**
 * Bollinger bands, TA-Lib BBANDS with an SMA middle (indicator-conventions §3): middle = SMA(period)
 * (bit-identical to the SMA kernel), sd = population standard deviation of the same window, 0 when
 * the variance is < 1e-14; upper = middle + devUp·sd, lower = middle − devDown·sd.
 *
 * Exact per window (§4): sums of x − anchor and (x − anchor)² slide bar by bar and are re-summed from
 * scratch every `period` bars with the anchor moved to the current close (so a flat window gives
 * exactly 0); whenever the variance falls so low that the running sums' rounding could matter, the
 * window is re-summed at once. No drift over any series length.
 */
export function bbands_run(st: usize, src: usize, from: i32, to: i32, upper: usize, middle: usize, lower: usize): i32 {
  const period = load<i32>(st, 0);
  let seen = load<i32>(st, 4);
  let untilResum = load<i32>(st, 8);
  const devUp = load<f64>(st, 16);
  const devDown = load<f64>(st, 24);
  let sum = load<f64>(st, 32);
  let anchor = load<f64>(st, 40);
  let s1 = load<f64>(st, 48);
  let s2 = load<f64>(st, 56);
  let s2max = load<f64>(st, 64);
  const p = <f64>period;
  const inv = 1.0 / p;
  const back = (<usize>(period - 1)) << 3;
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    if (seen < period - 1) {
      seen++;
      store<f64>(upper + at, NaN);
      store<f64>(middle + at, NaN);
      store<f64>(lower + at, NaN);
      continue;
    }
    const x = load<f64>(src + at);
    const start = src + at - back;
    if (untilResum == 0) {
      sum = 0.0;
      for (let j = 0; j < period; j++) sum += load<f64>(start + ((<usize>j) << 3));
      anchor = x;
      s1 = 0.0;
      s2 = 0.0;
      for (let j = 0; j < period; j++) {
        const d = load<f64>(start + ((<usize>j) << 3)) - anchor;
        s1 += d;
        s2 += d * d;
      }
      s2max = s2;
      untilResum = period - 1;
    } else {
      const old = load<f64>(start - 8);
      sum += x - old;
      const a = x - anchor;
      const b = old - anchor;
      s1 += a - b;
      s2 += a * a - b * b;
      if (s2 > s2max) s2max = s2;
      untilResum--;
    }
    seen = period;
    const m1 = s1 * inv;
    let v = s2 * inv - m1 * m1;
    const bound = DRIFT * s2max;
    if (v < TRUST * bound && v + bound >= GUARD) {
      // The running sums cannot be trusted this close to 0: re-sum this window around the current close.
      anchor = x;
      s1 = 0.0;
      s2 = 0.0;
      for (let j = 0; j < period; j++) {
        const d = load<f64>(start + ((<usize>j) << 3)) - anchor;
        s1 += d;
        s2 += d * d;
      }
      s2max = s2;
      const f1 = s1 * inv;
      v = s2 * inv - f1 * f1;
    }
    const mean = sum / p;
    const sd = v < GUARD ? 0.0 : Math.sqrt(v);
    store<f64>(upper + at, mean + devUp * sd);
    store<f64>(middle + at, mean);
    store<f64>(lower + at, mean - devDown * sd);
  }
  store<i32>(st, seen, 4);
  store<i32>(st, untilResum, 8);
  store<f64>(st, sum, 32);
  store<f64>(st, anchor, 40);
  store<f64>(st, s1, 48);
  store<f64>(st, s2, 56);
  store<f64>(st, s2max, 64);
  return OK;
}
