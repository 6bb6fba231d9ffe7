import { OK, ERR_PERIOD } from './status';
import { highestAge, lowestAge } from './ranges-extreme';

// State: fastK i32 @0 · slowK i32 @4 · slowD i32 @8 · seen i32 @12 (bars before the current one,
//        saturating at fastK-1) · hhAge i32 @16 · llAge i32 @20 (bars since the extreme)
//        · nk i32 @24 (fast %K values before the current one, saturating at slowK-1) · nd i32 @28 (same
//        for slow %K, at slowD-1) · kSlot i32 @32 · dSlot i32 @36 (next slot of each ring)
//        · kUntil i32 @40 · dUntil i32 @44 (running updates left before the next exact re-sum)
//        · hh f64 @48 · ll f64 @56 · kSum f64 @64 · dSum f64 @72
//        · kRing f64[slowK] @80 (last fast %K values) · dRing f64[slowD] (last slow %K values).
// The rings live in the state (they are the smoothing windows, not the stream's bar ring), so the
// stream's compaction never moves them and its state backup restores them on `replace`.
const RINGS: usize = 80;

export function stoch_state_size(fastK: i32, slowK: i32, slowD: i32): i32 {
  return 80 + 8 * min(max(slowK, 0), 100000) + 8 * min(max(slowD, 0), 100000);
}

export function stoch_init(st: usize, fastK: i32, slowK: i32, slowD: i32): i32 {
  if (fastK < 1 || fastK > 100000 || slowK < 1 || slowK > 100000 || slowD < 1 || slowD > 100000) return ERR_PERIOD;
  store<i32>(st, fastK, 0);
  store<i32>(st, slowK, 4);
  store<i32>(st, slowD, 8);
  for (let o: usize = 12; o < 48; o += 4) store<i32>(st + o, 0);
  store<f64>(st, -Infinity, 48);
  store<f64>(st, Infinity, 56);
  store<f64>(st, 0.0, 64);
  store<f64>(st, 0.0, 72);
  memory.fill(st + RINGS, 0, (<usize>(slowK + slowD)) << 3);
  return OK;
}

/** Sum of a ring of `len` values in chronological order (the oldest is at `start`). */
// @ts-ignore: decorator
@inline function ringSum(ring: usize, start: i32, len: i32): f64 {
  let s = 0.0;
  for (let j = start; j < len; j++) s += load<f64>(ring + ((<usize>j) << 3));
  for (let j = 0; j < start; j++) s += load<f64>(ring + ((<usize>j) << 3));
  return s;
}

/**
 * Slow stochastic, TA-Lib STOCH with SMA smoothing (indicator-conventions §3): fast %K =
 * (C - LL) / ((HH - LL) / 100) over the last fastK bars including the current one (0 when HH == LL),
 * slow %K = SMA(fast %K, slowK), slow %D = SMA(slow %K, slowD); both published from
 * (fastK-1)+(slowK-1)+(slowD-1). The SMAs are exact per window (running sums re-summed every window).
 */
export function stoch_run(st: usize, high: usize, low: usize, close: usize, from: i32, to: i32, kOut: usize, dOut: usize): i32 {
  const fastK = load<i32>(st, 0);
  const slowK = load<i32>(st, 4);
  const slowD = load<i32>(st, 8);
  let seen = load<i32>(st, 12);
  let hhAge = load<i32>(st, 16);
  let llAge = load<i32>(st, 20);
  let nk = load<i32>(st, 24);
  let nd = load<i32>(st, 28);
  let kSlot = load<i32>(st, 32);
  let dSlot = load<i32>(st, 36);
  let kUntil = load<i32>(st, 40);
  let dUntil = load<i32>(st, 44);
  let hh = load<f64>(st, 48);
  let ll = load<f64>(st, 56);
  let kSum = load<f64>(st, 64);
  let dSum = load<f64>(st, 72);
  const kRing = st + RINGS;
  const dRing = kRing + ((<usize>slowK) << 3);
  const kLen = <f64>slowK;
  const dLen = <f64>slowD;
  for (let i = from; i < to; i++) {
    const at = <usize>i << 3;
    const h = load<f64>(high + at);
    const l = load<f64>(low + at);
    hhAge = highestAge(high + at, h, hh, hhAge + 1, fastK);
    hh = load<f64>(high + at - ((<usize>hhAge) << 3));
    llAge = lowestAge(low + at, l, ll, llAge + 1, fastK);
    ll = load<f64>(low + at - ((<usize>llAge) << 3));
    if (seen < fastK - 1) {
      seen++;
      store<f64>(kOut + at, NaN);
      store<f64>(dOut + at, NaN);
      continue;
    }
    // Fast %K, TA-Lib's form and guard.
    const diff = (hh - ll) / 100.0;
    const fk = diff != 0.0 ? (load<f64>(close + at) - ll) / diff : 0.0;
    // Slow %K: SMA of the last slowK fast %K values.
    let p = kRing + ((<usize>kSlot) << 3);
    const kOld = load<f64>(p);
    store<f64>(p, fk);
    if (++kSlot == slowK) kSlot = 0;
    if (nk < slowK - 1) {
      nk++;
      store<f64>(kOut + at, NaN);
      store<f64>(dOut + at, NaN);
      continue;
    }
    if (kUntil == 0) {
      kSum = ringSum(kRing, kSlot, slowK);
      kUntil = slowK - 1;
    } else {
      kSum += fk - kOld;
      kUntil--;
    }
    const sk = kSum / kLen;
    // Slow %D: SMA of the last slowD slow %K values.
    p = dRing + ((<usize>dSlot) << 3);
    const dOld = load<f64>(p);
    store<f64>(p, sk);
    if (++dSlot == slowD) dSlot = 0;
    if (nd < slowD - 1) {
      nd++;
      store<f64>(kOut + at, NaN);
      store<f64>(dOut + at, NaN);
      continue;
    }
    if (dUntil == 0) {
      dSum = ringSum(dRing, dSlot, slowD);
      dUntil = slowD - 1;
    } else {
      dSum += sk - dOld;
      dUntil--;
    }
    store<f64>(kOut + at, sk);
    store<f64>(dOut + at, dSum / dLen);
  }
  store<i32>(st, seen, 12);
  store<i32>(st, hhAge, 16);
  store<i32>(st, llAge, 20);
  store<i32>(st, nk, 24);
  store<i32>(st, nd, 28);
  store<i32>(st, kSlot, 32);
  store<i32>(st, dSlot, 36);
  store<i32>(st, kUntil, 40);
  store<i32>(st, dUntil, 44);
  store<f64>(st, hh, 48);
  store<f64>(st, ll, 56);
  store<f64>(st, kSum, 64);
  store<f64>(st, dSum, 72);
  return OK;
}
