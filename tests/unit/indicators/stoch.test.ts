// STOCH (slow stochastic, SMA smoothing; indicator-conventions §3): hand-checked values, the HH == LL
// guard, warm-up length, streaming and TA-Lib on the same tiny series.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, stoch, STOCH } from '../../../shared/indicators/index.ts';
import { talibOutputs } from '../../support/talib.ts';
import type { TestSeries } from '../../support/indicator-data.ts';
import { stochRef } from '../../reference/stoch.ts';
import { sampleSeries } from '../../support/indicator-data.ts';
import { firstMismatch } from '../../support/compare.ts';

beforeAll(async () => {
  await ready();
});

function series(high: number[], low: number[], close: number[]): TestSeries {
  const n = close.length;
  const f = (a: number[]) => Float64Array.from(a);
  return { name: 'hand', open: f(close), high: f(high), low: f(low), close: f(close), volume: new Float64Array(n).fill(1), session: new Int32Array(n), length: n };
}

// bar:    0   1   2   3   4   5
const H = [10, 11, 12, 11, 10, 13];
const L = [8, 9, 10, 9, 7, 9];
const C = [9, 10, 11, 9, 8, 12];
// fastK 3: i=2 HH 12 LL 8 → 100·(11−8)/4 = 75;  i=3 HH 12 LL 9 → 100·(9−9)/3 = 0;
//          i=4 HH 12 LL 7 → 100·(8−7)/5 = 20;   i=5 HH 13 LL 7 → 100·(12−7)/6 = 83.333…
// slowK 2: i=3 (75+0)/2 = 37.5 · i=4 (0+20)/2 = 10 · i=5 (20+83.333…)/2 = 51.666…
// slowD 2: i=4 (37.5+10)/2 = 23.75 · i=5 (10+51.666…)/2 = 30.833…
// Published from (3−1)+(2−1)+(2−1) = 4: slow %K at 3 exists but stays NaN until %D exists.
const P = { fastK: 3, slowK: 2, slowD: 2 };

describe('STOCH', () => {
  it('matches hand-computed slow %K and %D with the warm-up of (fastK−1)+(slowK−1)+(slowD−1)', () => {
    const { k, d } = stoch(series(H, L, C), P);
    expect(Array.from(k.subarray(0, 4)).every(Number.isNaN)).toBe(true);
    expect(Array.from(d.subarray(0, 4)).every(Number.isNaN)).toBe(true);
    expect(k[4]).toBeCloseTo(10, 12);
    expect(d[4]).toBeCloseTo(23.75, 12);
    expect(k[5]).toBeCloseTo(155 / 3, 12);
    expect(d[5]).toBeCloseTo(185 / 6, 12);
  });

  it('TA-Lib gives the same numbers on the hand series', () => {
    const t = talibOutputs('stoch', series(H, L, C), P)!;
    const ours = stoch(series(H, L, C), P);
    for (const o of ['k', 'd'] as const) expect(firstMismatch(ours[o], t[o])).toBeNull();
  });

  it('fast %K is 0 when the window has no range (HH == LL), flat start and flat middle', () => {
    // Flat at 5 for 6 bars, then a rise, then flat at 7 for 6 bars.
    const c = [5, 5, 5, 5, 5, 5, 6, 7, 7, 7, 7, 7, 7];
    const { k, d } = stoch(series(c, c, c), P);
    expect(k[4]).toBe(0);
    expect(d[4]).toBe(0);
    expect(k[5]).toBe(0);
    // i=6: HH 6 LL 5 → fast 100; i=7: HH 7 LL 5 → (7−5)/2 → 100; i=8: HH 7 LL 6 → 100; i=9.. flat → 0
    expect(k[7]).toBeCloseTo(100, 12); // (100 + 100) / 2
    const last = k.length - 1;
    expect(k[last]).toBe(0);
    expect(d[last]).toBe(0);
    const t = talibOutputs('stoch', series(c, c, c), P)!;
    expect(firstMismatch(k, t.k)).toBeNull();
    expect(firstMismatch(d, t.d)).toBeNull();
  });

  it('defaults 14/3/3: the first value is at bar 17', () => {
    const s = sampleSeries()[0];
    const { k, d } = stoch(s);
    expect(Number.isNaN(k[16]) && Number.isNaN(d[16])).toBe(true);
    expect(Number.isNaN(k[17]) || Number.isNaN(d[17])).toBe(false);
    expect(new STOCH().lookback).toBe(17);
  });

  it('slowK = slowD = 1 gives the raw fast %K; fastK = 1 uses the bar\'s own range', () => {
    const raw = stoch(series(H, L, C), { fastK: 3, slowK: 1, slowD: 1 });
    expect(Array.from(raw.k.subarray(2))).toEqual(Array.from(raw.d.subarray(2)));
    expect(raw.k[2]).toBe(75);
    expect(raw.k[3]).toBe(0);
    const one = stoch(series(H, L, C), { fastK: 1, slowK: 1, slowD: 1 });
    expect(one.k[0]).toBe(50); // (9 − 8) / ((10 − 8) / 100)
  });

  it('stays in [0, 100] and equals the slow reference on long periods across a stream', () => {
    const s = sampleSeries().find((x) => x.name === 'SPY_1m.csv')!;
    const p = { fastK: 100, slowK: 30, slowD: 20 };
    const got = stoch(s, p);
    const want = stochRef(s, p);
    expect(firstMismatch(got.k, want.k)).toBeNull();
    expect(firstMismatch(got.d, want.d)).toBeNull();
    for (let i = 147; i < s.length; i++) expect(got.k[i] >= 0 && got.k[i] <= 100 && got.d[i] >= 0 && got.d[i] <= 100).toBe(true);
    const st = new STOCH(p);
    for (let i = 0; i < 1000; i++) {
      const v = st.add({ high: s.high[i], low: s.low[i], close: s.close[i] });
      expect(Object.is(v.k, got.k[i]) && Object.is(v.d, got.d[i])).toBe(true);
    }
    expect(st.isStable).toBe(true);
    st.dispose();
  });

  it('names a bad parameter', () => {
    const s = series(H, L, C);
    expect(() => stoch(s, { slowD: 0 })).toThrow("STOCH: parameter 'slowD' must be an integer in [1, 100000], got 0");
    expect(() => stoch(s, { fastK: 1.5 })).toThrow("parameter 'fastK'");
  });
});
