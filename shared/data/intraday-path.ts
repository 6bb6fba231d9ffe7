// Price paths below the data's resolution, deterministic for a given bar — the one intraday model the
// TWS simulator's tape and the backtest's venue share (docs/trading-model.md §8):
// - inside a minute bar: open → first extreme → second extreme → close, piecewise linear, with the
//   extremes at 1/3 and 2/3 of the minute (an up bar visits its low first, a down bar its high);
// - inside a daily bar (when no real 1-minute data exists): one synthetic minute per minute of the
//   session (390, or 210 on a 13:00 early close) from a seeded Brownian bridge, scaled so the day's
//   open, high, low, close and volume are met exactly.

import { hash32, hashString, mulberry32 as prng } from './seeded-hash.ts';

/** Price at fraction f ∈ [0, 1] of a bar with the given OHLC. */
export function pathPrice(o: number, h: number, l: number, c: number, f: number): number {
  const up = c >= o;
  const a = up ? l : h;
  const b = up ? h : l;
  if (f <= 0) return o;
  if (f >= 1) return c;
  if (f < 1 / 3) return o + (a - o) * (f * 3);
  if (f < 2 / 3) return a + (b - a) * (f * 3 - 1);
  return b + (c - b) * (f * 3 - 2);
}

/** Reusable result of pathRange. */
export interface Range {
  hi: number;
  lo: number;
}

/** Highest and lowest price of the path over [f0, f1] ⊆ [0, 1]. */
export function pathRange(o: number, h: number, l: number, c: number, f0: number, f1: number, out: Range): Range {
  const p0 = pathPrice(o, h, l, c, f0);
  const p1 = pathPrice(o, h, l, c, f1);
  let hi = p0 > p1 ? p0 : p1;
  let lo = p0 < p1 ? p0 : p1;
  const up = c >= o;
  const a = up ? l : h;
  const b = up ? h : l;
  if (f0 < 1 / 3 && f1 > 1 / 3) {
    if (a > hi) hi = a;
    if (a < lo) lo = a;
  }
  if (f0 < 2 / 3 && f1 > 2 / 3) {
    if (b > hi) hi = b;
    if (b < lo) lo = b;
  }
  out.hi = hi;
  out.lo = lo;
  return out;
}


/** Columns of one session's minute bars, one entry per minute of the session (all the same length). */
export interface MinuteColumns {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * The n + 1 points of the Brownian bridge from o to c that touches h and l (point k is minute k's
 * open, point n the close), drawing from `gauss`; writes `p` (length n + 1).
 */
function bridgePoints(gauss: () => number, o: number, h: number, l: number, c: number, p: Float64Array): void {
  const n = p.length - 1;
  // Random walk, then the bridge B_i = W_i - (i/n)·W_n (B_0 = B_n = 0).
  p[0] = 0;
  for (let i = 1; i <= n; i++) p[i] = p[i - 1] + gauss();
  const wn = p[n];
  let iHi = 1;
  let iLo = 1;
  for (let i = 0; i <= n; i++) {
    p[i] -= (wn * i) / n;
    if (i > 0 && i < n) {
      if (p[i] > p[iHi]) iHi = i;
      if (p[i] < p[iLo]) iLo = i;
    }
  }
  if (!(p[iHi] > 0)) {
    iHi = iLo === n >> 1 ? (n >> 1) + 1 : n >> 1;
    p[iHi] = 1e-9;
  }
  if (!(p[iLo] < 0)) {
    iLo = iHi === n >> 2 ? (n >> 2) + 1 : n >> 2;
    p[iLo] = -1e-9;
  }
  // Scale up-moves and down-moves separately so the path touches h at iHi and l at iLo exactly.
  const base = (i: number) => o + ((c - o) * i) / n;
  const up = Math.max(0, h - base(iHi)) / p[iHi];
  const down = Math.max(0, base(iLo) - l) / -p[iLo];
  for (let i = 0; i <= n; i++) {
    const d = p[i];
    let x = base(i) + (d >= 0 ? d * up : d * down);
    if (x > h) x = h;
    if (x < l) x = l;
    p[i] = x;
  }
  p[0] = o;
  p[n] = c;
  p[iHi] = h;
  p[iLo] = l;
}

/**
 * Only the points of synthesizeMinutes's path (no wiggles, no volume): `p` (length minutes + 1) gets
 * the minutes' opens and the close, the same numbers synthesizeMinutes gives for the same seed and bar.
 */
export function synthesizePoints(seed: number, o: number, h: number, l: number, c: number, p: Float64Array): void {
  if (p.length < 5) throw new RangeError(`synthesizePoints: a session needs at least 4 minutes, got ${p.length - 1}`);
  const rand = prng(seed);
  bridgePoints(() => rand() + rand() + rand() + rand() - 2, o, h, l, c, p);
}

/**
 * Fills `out` with minute bars (as many as its columns hold, at least 4) whose aggregate is exactly
 * the daily bar (o, h, l, c, v), from a Brownian bridge seeded by `seed`: the same seed, bar and
 * session length always give the same minutes.
 */
export function synthesizeMinutes(seed: number, o: number, h: number, l: number, c: number, v: number, out: MinuteColumns): void {
  const n = out.open.length;
  if (n < 4) throw new RangeError(`synthesizeMinutes: a session needs at least 4 minutes, got ${n}`);
  const rand = prng(seed);
  const gauss = () => rand() + rand() + rand() + rand() - 2; // ~N(0, 1/3), bounded, cheap
  const p = new Float64Array(n + 1);
  bridgePoints(gauss, o, h, l, c, p);
  // Minute k spans points k..k+1; a small wiggle beyond the two ends, inside the day's range.
  const typical = (h - l) / Math.sqrt(n) / 4;
  for (let k = 0; k < n; k++) {
    const a = p[k];
    const b = p[k + 1];
    out.open[k] = a;
    out.close[k] = b;
    out.high[k] = Math.min(h, Math.max(a, b) + Math.abs(gauss()) * typical);
    out.low[k] = Math.max(l, Math.min(a, b) - Math.abs(gauss()) * typical);
  }
  // U-shaped intraday volume, integers summing to the day's volume.
  const total = Math.max(0, Math.round(v));
  let weightSum = 0;
  for (let k = 0; k < n; k++) {
    const w = 1 + 1.5 * (Math.exp(-k / 30) + Math.exp(-(n - 1 - k) / 30));
    out.volume[k] = w;
    weightSum += w;
  }
  let given = 0;
  for (let k = 0; k < n; k++) {
    const share = Math.floor((out.volume[k] / weightSum) * total);
    out.volume[k] = share;
    given += share;
  }
  out.volume[n - 1] += total - given;
}

/** The seed of `symbol`'s synthetic minutes on session `date` (yyyymmdd). */
export function sessionSeed(symbol: string, date: number): number {
  return hash32(hashString(symbol), date);
}

/**
 * The synthetic minutes of `symbol`'s session `date` (yyyymmdd) from its daily bar: the Brownian
 * bridge seeded by the symbol and the date, so every reader of the same bar gets the same minutes.
 */
export function synthesizeSession(symbol: string, date: number, o: number, h: number, l: number, c: number, v: number, out: MinuteColumns): void {
  synthesizeMinutes(sessionSeed(symbol, date), o, h, l, c, v, out);
}
