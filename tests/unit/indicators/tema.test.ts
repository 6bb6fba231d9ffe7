// TEMA (indicator-conventions §3): hand-checked values with the three EMA seeds, warm-up
// 3·(period−1), constant series and stream == batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, tema, TEMA } from '../../../shared/indicators/index.ts';
import { talibOutputs } from '../../support/talib.ts';
import { firstMismatch } from '../../support/compare.ts';
import type { TestSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

function closes(c: number[]): TestSeries {
  const n = c.length;
  const f = Float64Array.from(c);
  return { name: 'hand', open: f, high: f, low: f, close: f, volume: new Float64Array(n).fill(1), session: new Int32Array(n), length: n };
}

describe('TEMA', () => {
  it('matches hand-computed values: EMA3 seeded on EMA2 at 3·period−3', () => {
    // period 2, k = 2/3, close 1 2 3 5 4 (EMA1, EMA2 as in dema.test.ts)
    // EMA1 [3] 25/6 [4] 73/18 · EMA2 [2] 2 [3] 31/9 [4] 104/27
    // EMA3: [3] mean(2, 31/9) = 49/18 · [4] 49/18 + (104/27 − 49/18)·2/3 = 563/162
    // TEMA: [3] 3·25/6 − 3·31/9 + 49/18 = 44/9 · [4] 3·73/18 − 3·104/27 + 563/162 = 331/81
    const s = closes([1, 2, 3, 5, 4]);
    const t = tema(s, { period: 2 });
    for (let i = 0; i < 3; i++) expect(Number.isNaN(t[i])).toBe(true);
    expect(t[3]).toBeCloseTo(44 / 9, 14);
    expect(t[4]).toBeCloseTo(331 / 81, 14);
    expect(firstMismatch(t, talibOutputs('tema', s, { period: 2 })!.value)).toBeNull();
  });

  it('has 3·(period−1) leading NaN and is the constant on a constant series', () => {
    const t = tema(closes(Array(40).fill(0.5)), { period: 5 });
    for (let i = 0; i < 12; i++) expect(Number.isNaN(t[i])).toBe(true);
    for (let i = 12; i < 40; i++) expect(t[i]).toBe(0.5);
    expect(new TEMA().lookback).toBe(57);
  });

  it('streams bar by bar to the batch values, and replace recomputes the last bar', () => {
    const c = [5, 4, 6, 8, 7, 9, 12, 11, 10, 13, 15, 14];
    const batch = tema(closes(c), { period: 3 });
    const s = new TEMA({ period: 3 });
    c.forEach((x, i) => {
      s.add(x * 2);
      expect(Object.is(s.replace(x), batch[i])).toBe(true);
      expect(s.isStable).toBe(i >= 6);
    });
    s.dispose();
  });
});
