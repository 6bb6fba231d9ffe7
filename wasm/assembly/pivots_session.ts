import { OK } from './status';

// State: session f64 @0 (NaN before the first bar) · the current session's max high @8, min low @16,
// last close @24 (NaN before the first bar) · the levels from the previous session, p r1 r2 r3 s1 s2 s3 @32..@80.
export function pivots_session_state_size(): i32 {
  return 88;
}

export function pivots_session_init(st: usize): i32 {
  for (let o: usize = 0; o < 88; o += 8) store<f64>(st + o, NaN);
  return OK;
}

/**
 * Floor pivots from the previous session (conventions §5): the PIVOTS formulas with H = max high,
 * L = min low, C = last close of the previous session (contiguous bars sharing a session id),
 * repeated on every bar of the current session; NaN throughout the first session. Levels are
 * computed once per session change, so a bar costs a compare, the high/low update and 7 stores.
 */
export function pivots_session_run(
  st: usize, high: usize, low: usize, close: usize, session: usize, from: i32, to: i32,
  p: usize, r1: usize, r2: usize, r3: usize, s1: usize, s2: usize, s3: usize,
): i32 {
  let cur = load<f64>(st, 0);
  let hh = load<f64>(st, 8);
  let ll = load<f64>(st, 16);
  let cc = load<f64>(st, 24);
  let lp = load<f64>(st, 32);
  let lr1 = load<f64>(st, 40);
  let lr2 = load<f64>(st, 48);
  let lr3 = load<f64>(st, 56);
  let ls1 = load<f64>(st, 64);
  let ls2 = load<f64>(st, 72);
  let ls3 = load<f64>(st, 80);
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const id = load<f64>(session + at);
    const h = load<f64>(high + at);
    const l = load<f64>(low + at);
    if (id != cur) {
      // New session: the finished one's H, L, C give this session's levels (NaN after no session).
      lp = (hh + ll + cc) / 3.0;
      const range = hh - ll;
      lr1 = 2.0 * lp - ll;
      lr2 = lp + range;
      lr3 = hh + 2.0 * (lp - ll);
      ls1 = 2.0 * lp - hh;
      ls2 = lp - range;
      ls3 = ll - 2.0 * (hh - lp);
      cur = id;
      hh = h;
      ll = l;
    } else {
      if (h > hh) hh = h;
      if (l < ll) ll = l;
    }
    cc = load<f64>(close + at);
    store<f64>(p + at, lp);
    store<f64>(r1 + at, lr1);
    store<f64>(r2 + at, lr2);
    store<f64>(r3 + at, lr3);
    store<f64>(s1 + at, ls1);
    store<f64>(s2 + at, ls2);
    store<f64>(s3 + at, ls3);
  }
  store<f64>(st, cur, 0);
  store<f64>(st, hh, 8);
  store<f64>(st, ll, 16);
  store<f64>(st, cc, 24);
  store<f64>(st, lp, 32);
  store<f64>(st, lr1, 40);
  store<f64>(st, lr2, 48);
  store<f64>(st, lr3, 56);
  store<f64>(st, ls1, 64);
  store<f64>(st, ls2, 72);
  store<f64>(st, ls3, 80);
  return OK;
}
