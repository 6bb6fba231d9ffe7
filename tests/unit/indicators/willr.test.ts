// WILLR (indicator-conventions §3): hand-checked values, the HH == LL guard, range and warm-up.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, willr, WILLR } from '../../../shared/indicators/index.ts';
import { talibOutputs } from '../../support/talib.ts';
import { sampleSeries, type TestSeries } from '../../support/indicator-data.ts';
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
// period 3: i=2 HH 12 LL 8 C 11 → −100·1/4 = −25 · i=3 HH 12 LL 9 C 9 → −100·3/3 = −100
//           i=4 HH 12 LL 7 C 8 → −100·4/5 = −80 · i=5 HH 13 LL 7 C 12 → −100·1/6 = −16.666…

describe('WILLR', () => {
  it('matches hand-computed values after period−1 NaN', () => {
    const w = willr(series(H, L, C), { period: 3 });
    expect(Number.isNaN(w[0]) && Number.isNaN(w[1])).toBe(true);
    expect(w[2]).toBeCloseTo(-25, 12);
    expect(w[3]).toBeCloseTo(-100, 12);
    expect(w[4]).toBeCloseTo(-80, 12);
    expect(w[5]).toBeCloseTo(-100 / 6, 12);
    expect(firstMismatch(w, talibOutputs('willr', series(H, L, C), { period: 3 })!.value)).toBeNull();
  });

  it('is 0 when HH == LL (flat start, flat middle), and 0 (or −0) at the high', () => {
    const c = [5, 5, 5, 5, 6, 7, 7, 7, 7];
    const w = willr(series(c, c, c), { period: 3 });
    expect(w[2]).toBe(0);
    expect(w[3]).toBe(0);
    expect(w[5] === 0).toBe(true); // close at the high: (7 − 7)/… = −0, TA-Lib's sign too
    expect(w[8]).toBe(0);
    expect(firstMismatch(w, talibOutputs('willr', series(c, c, c), { period: 3 })!.value)).toBeNull();
  });

  it('stays in [−100, 0] on real data with the default period 14 (first value at 13)', () => {
    const s = sampleSeries()[0];
    const w = willr(s);
    expect(Number.isNaN(w[12])).toBe(true);
    for (let i = 13; i < s.length; i++) expect(w[i] >= -100 && w[i] <= 0).toBe(true);
    expect(new WILLR().lookback).toBe(13);
  });

  it('rescans correctly when the extreme leaves the window (steadily falling and rising highs)', () => {
    const n = 40;
    const down = Array.from({ length: n }, (_, i) => 100 - i);
    const w = willr(series(down, down.map((x) => x - 2), down.map((x) => x - 1)), { period: 5 });
    // window [i−4, i]: HH = high[i−4] = 104 − i, LL = low[i] = 98 − i, C = 99 − i → −100·5/6
    for (let i = 4; i < n; i++) expect(w[i]).toBeCloseTo(-500 / 6, 12);
  });

  it('rejects period 1 (TA-Lib needs 2)', () => {
    expect(() => willr(series(H, L, C), { period: 1 })).toThrow("WILLR: parameter 'period' must be an integer in [2, 100000], got 1");
  });
});
