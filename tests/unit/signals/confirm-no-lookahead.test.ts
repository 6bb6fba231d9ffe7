// Property: a confirmed 5-minute signal never depends on an hourly bar that had not closed when the
// 5-minute bar started. Rewrite the future (every minute from a cut time T on), rerun the whole
// pipeline, and every 5-minute bar that ended by T must be unchanged — signal, confidence, reason,
// and the hourly bar it saw. A control with a look-ahead alignment (the forming hourly bar) shows
// that the same perturbations do expose a leak.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { ready } from '../../../shared/indicators/index.ts';
import { prng } from '../../support/indicator-data.ts';
import { barAt, localTime, sample } from './sample-bars.ts';
import { runMtf, type MtfRun } from './mtf-fixture.ts';

beforeAll(async () => {
  await ready();
});

/** `m1` with every bar from index `from` on scaled by `factor` times a small per-bar wiggle. */
function rewriteFuture(m1: BarSeries, from: number, factor: number, rnd: () => number): BarSeries {
  const open = m1.open.slice();
  const high = m1.high.slice();
  const low = m1.low.slice();
  const close = m1.close.slice();
  for (let i = from; i < m1.length; i++) {
    const f = factor * (1 + (rnd() - 0.5) * 0.002);
    open[i] *= f;
    high[i] *= f;
    low[i] *= f;
    close[i] *= f;
  }
  return { ...m1, open, high, low, close };
}

/** A look-ahead confirmation: the trend of the hourly bar CONTAINING the 5-minute bar (still forming). */
function leakySignals(run: MtfRun): Int8Array {
  const { m5, raw, confirmed } = run;
  const H = confirmed.trend.higher;
  const out = new Int8Array(m5.length);
  let k = -1;
  for (let j = 0; j < m5.length; j++) {
    while (k + 1 < H.length && H.time[k + 1] <= m5.time[j]) k++;
    const t = k < 0 ? 0 : confirmed.trend.direction[k];
    out[j] = raw.signal[j] !== 0 && raw.signal[j] === t ? raw.signal[j] : 0;
  }
  return out;
}

describe('multi-timeframe confirmation has no look-ahead', () => {
  it('rewriting the minutes from T on changes nothing for the 5-minute bars that ended by T', () => {
    const m1 = sample('SPY_1m.csv');
    const base = runMtf(m1);
    const baseLeaky = leakySignals(base);
    const rnd = prng(20240220);
    // Cuts: the end of a sample of 5-minute bars with a raw signal (T = that bar's end, so every hourly
    // bar ending after its start is rewritten at least in part), plus random minutes, plus a hand case.
    const fired = Array.from(base.raw.signal.keys()).filter((j) => base.raw.signal[j] !== 0);
    const cuts = new Set<number>();
    for (let n = 0; n < 16; n++) cuts.add(base.m5.end[fired[Math.floor(rnd() * fired.length)]]);
    for (let n = 0; n < 12; n++) cuts.add(m1.time[1 + Math.floor(rnd() * (m1.length - 1))]);
    cuts.add(base.m5.end[barAt(base.m5, '2024-03-14 11:15')]); // 11:20, inside the 10:30-11:30 hour
    let changedAfter = 0;
    let leaks = 0;
    let n = 0;
    for (const T of cuts) {
      const from = Array.from(m1.time).findIndex((t) => t >= T);
      const run = runMtf(rewriteFuture(m1, from, n++ % 2 === 0 ? 1.03 : 0.97, rnd));
      const { m5, confirmed } = run;
      expect(m5.length).toBe(base.m5.length);
      let checked = 0;
      for (let j = 0; j < m5.length; j++) {
        if (m5.end[j] > T) {
          if (confirmed.signal[j] !== base.confirmed.signal[j] || confirmed.confidence[j] !== base.confirmed.confidence[j]) changedAfter++;
          continue;
        }
        checked++;
        if (
          confirmed.signal[j] !== base.confirmed.signal[j] ||
          confirmed.confidence[j] !== base.confirmed.confidence[j] ||
          confirmed.trend.index[j] !== base.confirmed.trend.index[j] ||
          confirmed.trend.aligned[j] !== base.confirmed.trend.aligned[j]
        ) {
          throw new Error(`cut ${localTime(m1, from)}: 5m bar ${localTime(m5, j)} changed (it ended before the cut)`);
        }
        expect(confirmed.reason(j)).toBe(base.confirmed.reason(j));
        // Every hourly bar it saw had closed by its start, hence before T: those bars are unchanged.
        const k = confirmed.trend.index[j];
        if (k >= 0) {
          expect(confirmed.trend.higher.end[k]).toBeLessThanOrEqual(m5.time[j]);
          expect(confirmed.trend.higher.close[k]).toBe(base.confirmed.trend.higher.close[k]);
        }
      }
      expect(checked).toBeGreaterThan(0);
      // The control: the forming-bar alignment does see the rewritten future before T.
      const leaky = leakySignals(run);
      for (let j = 0; j < m5.length && m5.end[j] <= T; j++) if (leaky[j] !== baseLeaky[j]) leaks++;
    }
    expect(cuts.size).toBeGreaterThanOrEqual(25);
    expect(changedAfter).toBeGreaterThan(100); // the rewrites are not vacuous
    expect(leaks).toBeGreaterThan(0); // and they would expose a look-ahead implementation
  });

  it('hand case: rewriting from 11:20 on 2024-03-14 flips the forming hour but not the 11:15 BUY', () => {
    const m1 = sample('SPY_1m.csv');
    const base = runMtf(m1);
    const j = barAt(base.m5, '2024-03-14 11:15');
    const from = barAt(m1, '2024-03-14 11:20');
    // Lift everything from 11:20 by 3 %: the 10:30-11:30 hourly close (11:29) jumps above its SMA.
    const run = runMtf(rewriteFuture(m1, from, 1.03, () => 0.5));
    const k = base.confirmed.trend.index[j];
    expect(base.confirmed.trend.direction[k + 1]).toBe(-1);
    expect(run.confirmed.trend.direction[k + 1]).toBe(1);
    expect(run.confirmed.signal[j]).toBe(1);
    expect(run.confirmed.reason(j)).toBe(base.confirmed.reason(j));
    // The leaky control reads that forming hour: vetoed before the rewrite, kept after it.
    expect(leakySignals(base)[j]).toBe(0);
    expect(leakySignals(run)[j]).toBe(1);
  });
});
