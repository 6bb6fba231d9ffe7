// KELTNER (indicator-conventions §5): EMA(close) ± multiplier·Wilder ATR, hand-checked values, first
// value at max(emaPeriod−1, atrPeriod) whichever of the two comes later, multiplier 0, stream == batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { ema, atr, keltner, KELTNER, ready } from '../../../shared/indicators/index.ts';
import { sampleSeries, type TestSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

function series(high: number[], low: number[], close: number[]): TestSeries {
  const n = close.length;
  const f = (a: number[]) => Float64Array.from(a);
  return { name: 'hand', open: f(close), high: f(high), low: f(low), close: f(close), volume: new Float64Array(n).fill(1), session: new Int32Array(n), length: n };
}

// The ATR bars of atr.test.ts: TR[1..4] = 2 4 4 0.5, ATR(3) [3] 10/3 [4] 43/18
const H = [10, 11, 14, 10, 10];
const L = [8, 9, 12, 9, 9.5];
const C = [9, 10, 13, 9.5, 10];

describe('KELTNER', () => {
  it('matches hand-computed values (emaPeriod 2, atrPeriod 3, multiplier 2): first value at 3', () => {
    // EMA(2), k = 2/3: [1] 9.5 · [2] 9.5 + 3.5·2/3 = 71/6 · [3] 71/6 − (7/3)·2/3 = 185/18 · [4] 545/54
    // [3] 185/18 ± 2·10/3 → 305/18, 65/18 · [4] 545/54 ± 2·43/18 = ± 258/54 → 803/54, 287/54
    const k = keltner(series(H, L, C), { emaPeriod: 2, atrPeriod: 3, multiplier: 2 });
    for (const o of [k.upper, k.middle, k.lower]) for (let i = 0; i < 3; i++) expect(Number.isNaN(o[i])).toBe(true);
    expect(k.middle[3]).toBeCloseTo(185 / 18, 13);
    expect(k.upper[3]).toBeCloseTo(305 / 18, 13);
    expect(k.lower[3]).toBeCloseTo(65 / 18, 13);
    expect(k.middle[4]).toBeCloseTo(545 / 54, 13);
    expect(k.upper[4]).toBeCloseTo(803 / 54, 13);
    expect(k.lower[4]).toBeCloseTo(287 / 54, 13);
  });

  it('starts where the later of EMA and ATR starts', () => {
    const s = series(H, L, C);
    const emaLater = keltner(s, { emaPeriod: 5, atrPeriod: 2, multiplier: 1 });
    expect(Array.from(emaLater.middle).map(Number.isNaN)).toEqual([true, true, true, true, false]);
    expect(new KELTNER().lookback).toBe(19);
    expect(new KELTNER({ emaPeriod: 5, atrPeriod: 30 }).lookback).toBe(30);
  });

  it('is exactly EMA ± multiplier·ATR of the TA-Lib-rule EMA and ATR (defaults 20/10/2 on real data)', () => {
    const s = sampleSeries()[0];
    const k = keltner(s);
    const mid = ema(s, { period: 20 });
    const a = atr(s, { period: 10 });
    for (let i = 19; i < s.length; i++) {
      expect(k.middle[i]).toBe(mid[i]);
      expect(k.upper[i]).toBe(mid[i] + 2 * a[i]);
      expect(k.lower[i]).toBe(mid[i] - 2 * a[i]);
    }
  });

  it('collapses to the middle line with multiplier 0 and on flat bars', () => {
    const k = keltner(series(H, L, C), { emaPeriod: 2, atrPeriod: 2, multiplier: 0 });
    for (let i = 2; i < 5; i++) expect([k.upper[i], k.lower[i]]).toEqual([k.middle[i], k.middle[i]]);
    const f = Array(12).fill(3);
    const flat = keltner(series(f, f, f), { emaPeriod: 4, atrPeriod: 4, multiplier: 2 });
    for (let i = 4; i < 12; i++) expect([flat.upper[i], flat.middle[i], flat.lower[i]]).toEqual([3, 3, 3]);
  });

  it('streams bar by bar to the batch values as { upper, middle, lower }', () => {
    const batch = keltner(series(H, L, C), { emaPeriod: 2, atrPeriod: 2, multiplier: 1.5 });
    const s = new KELTNER({ emaPeriod: 2, atrPeriod: 2, multiplier: 1.5 });
    C.forEach((c, i) => {
      s.add({ high: H[i] * 2, low: L[i], close: c });
      const v = s.replace({ high: H[i], low: L[i], close: c });
      expect([v.upper, v.middle, v.lower]).toEqual([batch.upper[i], batch.middle[i], batch.lower[i]]);
    });
    s.dispose();
  });
});
