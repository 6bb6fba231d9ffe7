// indicatorts 2.2.2 (a benchmark peer in tests/bench/indicators.ts) against our kernels on real daily
// bars, so that the benchmark compares the same numbers. Its conventions differ from ours (TA-Lib,
// indicator-conventions §3) in documented ways, and the comparison is made only where both define
// the same value:
//
// - Warm-up: indicatorts never returns NaN. SMA (and BBANDS' middle band) averages the bars so far
//   during the first period−1 bars, BBANDS' deviation is 0 there, RSI is 0 at bar 0.
//   → compared from our first value on.
// - Seeding: its EMA (and so MACD) starts at x[0] instead of the mean of the first N values, and its
//   Wilder average (`rma`, used by RSI) averages from bar 0 with a 0 gain/loss for bar 0. The seed's
//   weight shrinks by (1−α) a bar, so the two agree within §6's 1e-9 once that weight is negligible.
//   → compared from our first value + BURN_IN(α) bars; before that they must differ (it is the seed).
// - ATR: its `atr()` is a *simple* moving average of the true range, not Wilder's. It is a different
//   indicator: it equals our SMA kernel run on the true range, and not our ATR. Wilder's ATR in
//   indicatorts is `rma(tr(h, l, c))` (what the benchmark times), equal to ours after the burn-in.
// - BBANDS: the multiplier is fixed at 2 (no devUp/devDown parameters): compared with BBANDS(20, 2, 2).
// - MACD returns the line and the signal; the histogram is their difference.
import { beforeAll, describe, expect, it } from 'vitest';
import { atr, bb, ema, macd, rma, rsi, sma, tr } from 'indicatorts';
import { compute, ready } from '../../../shared/indicators/index.ts';
import { firstMismatch, leadingNaN } from '../../support/compare.ts';
import { sampleSeries, type TestSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

const daily = () => sampleSeries().filter((s) => s.name.endsWith('_1d.csv'));
const spy = () => daily().find((s) => s.name === 'SPY_1d.csv')!;

/** Bars after which a seed's weight (1−α)^t is below 1e-11: far inside §6's 1e-9 tolerance. */
const BURN_IN = (alpha: number) => Math.ceil(Math.log(1e-11) / Math.log(1 - alpha));
const emaAlpha = (n: number) => 2 / (n + 1);

/** Our series and theirs from bar `from` on, judged by §6 (`firstMismatch`). */
function agreeFrom(ours: Float64Array, theirs: readonly number[], from: number) {
  return firstMismatch(ours.subarray(from), theirs.slice(from));
}

/** Largest |ours − theirs| / max(|ours|, |theirs|) over [from, to). */
function maxRelDiff(ours: Float64Array, theirs: readonly number[], from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(ours[i] - theirs[i]) / Math.max(Math.abs(ours[i]), Math.abs(theirs[i]), 1e-300));
  return m;
}

const columns = (s: TestSeries) => ({ h: Array.from(s.high), l: Array.from(s.low), c: Array.from(s.close) });
const one = (name: string, s: TestSeries, params: object) => compute(name, s, params) as Float64Array;
const many = (name: string, s: TestSeries, params: object) => compute(name, s, params) as Record<string, Float64Array>;

describe('indicatorts 2.2.2 agrees with our kernels where both conventions define the value', () => {
  it('runs on the real daily samples, SPY_1d.csv included', () => {
    expect(daily().map((s) => s.name)).toContain('SPY_1d.csv');
    expect(spy().length).toBeGreaterThan(5000);
  });

  it('SMA(20): equal from our first value (bar 19); before it indicatorts averages the bars so far', () => {
    for (const s of daily()) {
      const ours = one('sma', s, { period: 20 });
      const theirs = sma(Array.from(s.close), { period: 20 });
      expect(leadingNaN(ours)).toBe(19);
      expect(theirs.slice(0, 19).every(Number.isFinite)).toBe(true);
      expect(theirs[4]).toBeCloseTo((s.close[0] + s.close[1] + s.close[2] + s.close[3] + s.close[4]) / 5, 9);
      expect(agreeFrom(ours, theirs, 19), s.name).toBeNull();
    }
  });

  it('BBANDS(20, 2, 2): all three bands equal from bar 19 (population deviation, fixed multiplier 2)', () => {
    for (const s of daily()) {
      const ours = many('bbands', s, { period: 20, devUp: 2, devDown: 2 });
      const theirs = bb(Array.from(s.close), { period: 20 });
      for (const band of ['upper', 'middle', 'lower'] as const) expect(agreeFrom(ours[band], theirs[band], 19), `${s.name} ${band}`).toBeNull();
      // Its warm-up: deviation 0, so the bands collapse onto the partial average.
      expect(theirs.upper[5]).toBe(theirs.middle[5]);
    }
  });

  it('EMA(20): seeded with x[0] instead of the first 20-bar mean; equal once the seed has decayed', () => {
    const from = 19 + BURN_IN(emaAlpha(20));
    for (const s of daily()) {
      const ours = one('ema', s, { period: 20 });
      const theirs = ema(Array.from(s.close), { period: 20 });
      expect(theirs[0]).toBe(s.close[0]);
      expect(agreeFrom(ours, theirs, from), s.name).toBeNull();
    }
    const ours = one('ema', spy(), { period: 20 });
    expect(maxRelDiff(ours, ema(Array.from(spy().close), { period: 20 }), 19, 30)).toBeGreaterThan(1e-6); // the seeds do differ
  });

  it('RSI(14): Wilder averages seeded from bar 0 instead of bars 1..14; equal once the seed has decayed', () => {
    const from = 14 + BURN_IN(1 / 14);
    for (const s of daily()) {
      const ours = one('rsi', s, { period: 14 });
      const theirs = rsi(Array.from(s.close), { period: 14 });
      expect(theirs[0]).toBe(0);
      expect(agreeFrom(ours, theirs, from), s.name).toBeNull();
    }
    expect(maxRelDiff(one('rsi', spy(), { period: 14 }), rsi(Array.from(spy().close), { period: 14 }), 14, 30)).toBeGreaterThan(1e-6);
  });

  it('MACD(12, 26, 9): line, signal and histogram (line − signal) equal once the x[0] seeds have decayed', () => {
    const from = 33 + BURN_IN(emaAlpha(26));
    for (const s of daily()) {
      const ours = many('macd', s, { fast: 12, slow: 26, signal: 9 });
      const theirs = macd(Array.from(s.close), { fast: 12, slow: 26, signal: 9 });
      const hist = theirs.macdLine.map((m, i) => m - theirs.signalLine[i]);
      expect(agreeFrom(ours.macd, theirs.macdLine, from), `${s.name} macd`).toBeNull();
      expect(agreeFrom(ours.signal, theirs.signalLine, from), `${s.name} signal`).toBeNull();
      // The histogram crosses zero: judged like §6 with the line's magnitude as the absolute floor.
      const scale = Math.max(...ours.macd.subarray(from).map(Math.abs));
      for (let i = from; i < s.length; i++) expect(Math.abs(ours.hist[i] - hist[i])).toBeLessThanOrEqual(1e-9 * scale);
    }
  });

  it("ATR(14): indicatorts' atr() is an SMA of the true range (a different indicator); rma(tr()) is Wilder's and agrees", () => {
    const from = 14 + BURN_IN(1 / 14);
    for (const s of daily()) {
      const { h, l, c } = columns(s);
      const ours = one('atr', s, { period: 14 });
      // Wilder's ATR from indicatorts' own primitives: what the benchmark times for its ATR row.
      expect(agreeFrom(ours, rma(tr(h, l, c), { period: 14 }), from), s.name).toBeNull();
      // atr(): the simple average of its true range, equal to our SMA kernel on that column …
      const { trLine, atrLine } = atr(h, l, c, { period: 14 });
      const smaOfTr = compute('sma', { close: Float64Array.from(trLine) }, { period: 14 }) as Float64Array;
      expect(agreeFrom(smaOfTr, atrLine, 13), s.name).toBeNull();
      // … and its true range is the usual one (previous close) from bar 1 on.
      for (const i of [1, 100, s.length - 1]) {
        expect(trLine[i]).toBe(Math.max(h[i] - l[i], Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1])));
      }
    }
    // … and not Wilder's ATR, even long after any seed has decayed.
    const { h, l, c } = columns(spy());
    expect(maxRelDiff(one('atr', spy(), { period: 14 }), atr(h, l, c, { period: 14 }).atrLine, from, spy().length)).toBeGreaterThan(0.05);
  });
});
