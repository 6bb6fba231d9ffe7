// ATR (indicator-conventions §3): hand-checked Wilder values with price gaps, TR only from bar 1
// (bar 0's range is never used), period 1 = the true range, stream == batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { atr, ATR, ready } from '../../../shared/indicators/index.ts';
import { talibOutputs } from '../../support/talib.ts';
import { firstMismatch } from '../../support/compare.ts';
import type { TestSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

function series(high: number[], low: number[], close: number[]): TestSeries {
  const n = close.length;
  const f = (a: number[]) => Float64Array.from(a);
  return { name: 'hand', open: f(close), high: f(high), low: f(low), close: f(close), volume: new Float64Array(n).fill(1), session: new Int32Array(n), length: n };
}

// bar:   0   1   2   3    4
const H = [10, 11, 14, 10, 10];
const L = [8, 9, 12, 9, 9.5];
const C = [9, 10, 13, 9.5, 10];
// TR: [1] max(2, |11−9|, |9−9|) = 2 · [2] gap up max(2, |14−10|, |12−10|) = 4
//     [3] gap down max(1, |10−13|, |9−13|) = 4 · [4] max(0.5, |10−9.5|, |9.5−9.5|) = 0.5

describe('ATR', () => {
  it('matches hand-computed values: seed mean(TR[1..N]) at N, then (ATR·(N−1) + TR)/N', () => {
    // period 3: [3] (2+4+4)/3 = 10/3 · [4] (10/3·2 + 0.5)/3 = 43/18
    const s = series(H, L, C);
    const a = atr(s, { period: 3 });
    for (let i = 0; i < 3; i++) expect(Number.isNaN(a[i])).toBe(true);
    expect(a[3]).toBeCloseTo(10 / 3, 14);
    expect(a[4]).toBeCloseTo(43 / 18, 14);
    expect(firstMismatch(a, talibOutputs('atr', s, { period: 3 })!.value)).toBeNull();
  });

  it("never uses bar 0's range (only its close)", () => {
    const wide = series([1000, ...H.slice(1)], [-1000, ...L.slice(1)], C);
    expect(Array.from(atr(wide, { period: 3 }))).toEqual(Array.from(atr(series(H, L, C), { period: 3 })));
  });

  it('period 1 is the true range from bar 1', () => {
    const s = series(H, L, C);
    expect(Array.from(atr(s, { period: 1 }))).toEqual([NaN, 2, 4, 4, 0.5]);
    expect(firstMismatch(atr(s, { period: 1 }), talibOutputs('atr', s, { period: 1 })!.value)).toBeNull();
  });

  it('is 0 on flat bars (H == L == C) and NaN for exactly `period` bars', () => {
    const f = Array(20).fill(42);
    const a = atr(series(f, f, f), { period: 14 });
    for (let i = 0; i < 14; i++) expect(Number.isNaN(a[i])).toBe(true);
    for (let i = 14; i < 20; i++) expect(a[i]).toBe(0);
  });

  it('streams bar by bar to the batch values, and replace recomputes the last bar', () => {
    const batch = atr(series(H, L, C), { period: 2 });
    const s = new ATR({ period: 2 });
    C.forEach((c, i) => {
      s.add({ high: H[i] + 5, low: L[i] - 5, close: c + 1 });
      expect(Object.is(s.replace({ high: H[i], low: L[i], close: c }), batch[i])).toBe(true);
    });
    expect(() => s.add(10)).toThrow("ATR: parameter 'bar' needs 'high'");
    s.dispose();
  });
});
