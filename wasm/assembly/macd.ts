import { OK, ERR_PERIOD, ERR_PARAM } from './status';

// State: fast i32 @0 · slow i32 @4 · signal i32 @8 · seen i32 @12 (bars before the current one,
//        saturating at slow+signal−1) · kFast f64 @16 · kSlow @24 · kSig @32 · sumFast @40 · emaFast @48
//        · sumSlow @56 · emaSlow @64 · sumSig @72 · emaSig @80 (f64; sums: EMA seeds)
export function macd_state_size(fast: i32, slow: i32, signal: i32): i32 {
  return 88;
}

export function macd_init(st: usize, fast: i32, slow: i32, signal: i32): i32 {
  if (fast < 2 || fast > 100000 || slow < 2 || slow > 100000 || signal < 2 || signal > 100000) return ERR_PERIOD;
  if (fast >= slow) return ERR_PARAM;
  store<i32>(st, fast, 0);
  store<i32>(st, slow, 4);
  store<i32>(st, signal, 8);
  store<i32>(st, 0, 12);
  store<f64>(st, 2.0 / <f64>(fast + 1), 16);
  store<f64>(st, 2.0 / <f64>(slow + 1), 24);
  store<f64>(st, 2.0 / <f64>(signal + 1), 32);
  for (let o: usize = 40; o < 88; o += 16) {
    store<f64>(st + o, 0.0);
    store<f64>(st + o, NaN, 8);
  }
  return OK;
}

/**
 * MACD (conventions §3 MACD, TA-Lib): both EMAs start at slow−1 — the slow one seeded with
 * mean(x[0..slow−1]), the fast one with mean(x[slow−fast..slow−1]); line = fast − slow; signal =
 * EMA(line) seeded with mean(line[slow−1..slow+signal−2]); hist = line − signal. All three outputs
 * NaN before slow+signal−2.
 */
export function macd_run(st: usize, src: usize, from: i32, to: i32, outMacd: usize, outSignal: usize, outHist: usize): i32 {
  const fast = load<i32>(st, 0);
  const slow = load<i32>(st, 4);
  const signal = load<i32>(st, 8);
  let seen = load<i32>(st, 12);
  const kf = load<f64>(st, 16);
  const ks = load<f64>(st, 24);
  const kg = load<f64>(st, 32);
  let sumF = load<f64>(st, 40);
  let ef = load<f64>(st, 48);
  let sumS = load<f64>(st, 56);
  let es = load<f64>(st, 64);
  let sumG = load<f64>(st, 72);
  let eg = load<f64>(st, 80);
  const ready = slow + signal - 1; // bars after which every EMA runs freely
  let i = from;
  for (; i < to && seen < ready; i++) {
    const at = (<usize>i) << 3;
    const x = load<f64>(src + at);
    if (seen < slow) {
      sumS += x;
      if (seen >= slow - fast) sumF += x;
      if (seen == slow - 1) {
        es = sumS / <f64>slow;
        ef = sumF / <f64>fast;
      }
    } else {
      es = (x - es) * ks + es;
      ef = (x - ef) * kf + ef;
    }
    let line = NaN;
    if (seen >= slow - 1) {
      line = ef - es;
      sumG += line;
      if (seen == ready - 1) eg = sumG / <f64>signal;
    }
    seen++;
    if (seen == ready) {
      store<f64>(outMacd + at, line);
      store<f64>(outSignal + at, eg);
      store<f64>(outHist + at, line - eg);
    } else {
      store<f64>(outMacd + at, NaN);
      store<f64>(outSignal + at, NaN);
      store<f64>(outHist + at, NaN);
    }
  }
  for (; i < to; i++) {
    const at = (<usize>i) << 3;
    const x = load<f64>(src + at);
    es = (x - es) * ks + es;
    ef = (x - ef) * kf + ef;
    const line = ef - es;
    eg = (line - eg) * kg + eg;
    store<f64>(outMacd + at, line);
    store<f64>(outSignal + at, eg);
    store<f64>(outHist + at, line - eg);
  }
  store<i32>(st, seen, 12);
  store<f64>(st, sumF, 40);
  store<f64>(st, ef, 48);
  store<f64>(st, sumS, 56);
  store<f64>(st, es, 64);
  store<f64>(st, sumG, 72);
  store<f64>(st, eg, 80);
  return OK;
}
