import { OK, ERR_PERIOD, ERR_PARAM } from './status';
import { trueRange } from './atr';

// State: emaPeriod i32 @0 · atrPeriod i32 @4 · seen i32 @8 (bars before the current one, saturating
//        at `ready`) · k f64 @16 · multiplier f64 @24 · sum f64 @32 (EMA seed) · ema f64 @40
//        · atr f64 @48 (sum of TR[1..atrPeriod] during its warm-up, then the Wilder average)
export function keltner_state_size(emaPeriod: i32, atrPeriod: i32, multiplier: f64): i32 {
  return 56;
}

export function keltner_init(st: usize, emaPeriod: i32, atrPeriod: i32, multiplier: f64): i32 {
  if (emaPeriod < 1 || emaPeriod > 100000 || atrPeriod < 1 || atrPeriod > 100000) return ERR_PERIOD;
  if (!(multiplier >= 0.0 && multiplier <= 1000.0)) return ERR_PARAM;
  store<i32>(st, emaPeriod, 0);
  store<i32>(st, atrPeriod, 4);
  store<i32>(st, 0, 8);
  store<f64>(st, 2.0 / <f64>(emaPeriod + 1), 16);
  store<f64>(st, multiplier, 24);
  store<f64>(st, 0.0, 32);
  store<f64>(st, NaN, 40);
  store<f64>(st, 0.0, 48);
  return OK;
}

/**
 * Keltner channel (conventions §5): middle = EMA(close, emaPeriod) by the TA-Lib EMA rule,
 * upper/lower = middle ± multiplier·ATR(atrPeriod) by the TA-Lib Wilder ATR rule (TR from bar 1,
 * seeded with mean(TR[1..atrPeriod])). First value at max(emaPeriod−1, atrPeriod). History 2.
 */
export function keltner_run(
  st: usize, high: usize, low: usize, close: usize, from: i32, to: i32,
  outUpper: usize, outMiddle: usize, outLower: usize,
): i32 {
  const emaPeriod = load<i32>(st, 0);
  const atrPeriod = load<i32>(st, 4);
  let seen = load<i32>(st, 8);
  const k = load<f64>(st, 16);
  const m = load<f64>(st, 24);
  let sum = load<f64>(st, 32);
  let ema = load<f64>(st, 40);
  let atr = load<f64>(st, 48);
  const pe = <f64>emaPeriod;
  const pa = <f64>atrPeriod;
  const pa1 = <f64>(atrPeriod - 1);
  // bars after which both run freely: the EMA after emaPeriod bars, the ATR after atrPeriod+1
  const ready = max(emaPeriod, atrPeriod + 1);
  let i = from;
  for (; i < to && seen < ready; i++) {
    const at = (<usize>i) << 3;
    const x = load<f64>(close + at);
    if (seen < emaPeriod) {
      sum += x;
      if (seen == emaPeriod - 1) ema = sum / pe;
    } else {
      ema = (x - ema) * k + ema;
    }
    if (seen > 0) {
      const tr = trueRange(high, low, close, at);
      if (seen < atrPeriod) atr += tr;
      else if (seen == atrPeriod) atr = (atr + tr) / pa;
      else atr = (atr * pa1 + tr) / pa;
    }
    seen++;
    if (seen == ready) {
      const band = m * atr;
      store<f64>(outUpper + at, ema + band);
      store<f64>(outMiddle + at, ema);
      store<f64>(outLower + at, ema - band);
    } else {
      store<f64>(outUpper + at, NaN);
      store<f64>(outMiddle + at, NaN);
      store<f64>(outLower + at, NaN);
    }
  }
  for (; i < to; i++) {
    const at = (<usize>i) << 3;
    ema = (load<f64>(close + at) - ema) * k + ema;
    atr = (atr * pa1 + trueRange(high, low, close, at)) / pa;
    const band = m * atr;
    store<f64>(outUpper + at, ema + band);
    store<f64>(outMiddle + at, ema);
    store<f64>(outLower + at, ema - band);
  }
  store<i32>(st, seen, 8);
  store<f64>(st, sum, 32);
  store<f64>(st, ema, 40);
  store<f64>(st, atr, 48);
  return OK;
}
