// DEMA (indicator-conventions §3): hand-checked values with both EMA seeds, warm-up 2·(period−1),
// constant series and stream == batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { dema, DEMA, ready } from '../../../shared/indicators/index.ts';
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

describe('DEMA', () => {
  it('matches hand-computed values: EMA1 seeded at period−1, EMA2 seeded on EMA1 at 2·period−2', () => {
    // period 2, k = 2/3, close 1 2 3 5 4
    // EMA1: [1] (1+2)/2 = 1.5 · [2] 2.5 · [3] 25/6 · [4] 73/18
    // EMA2: [2] mean(1.5, 2.5) = 2 · [3] 2 + (25/6 − 2)·2/3 = 31/9 · [4] 31/9 + (73/18 − 31/9)·2/3 = 104/27
    // DEMA: [2] 2·2.5 − 2 = 3 · [3] 50/6 − 31/9 = 44/9 · [4] 73/9 − 104/27 = 115/27
    const s = closes([1, 2, 3, 5, 4]);
    const d = dema(s, { period: 2 });
    expect(Number.isNaN(d[0]) && Number.isNaN(d[1])).toBe(true);
    expect(d[2]).toBeCloseTo(3, 14);
    expect(d[3]).toBeCloseTo(44 / 9, 14);
    expect(d[4]).toBeCloseTo(115 / 27, 14);
    expect(firstMismatch(d, talibOutputs('dema', s, { period: 2 })!.value)).toBeNull();
  });

  it('has 2·(period−1) leading NaN and is the constant on a constant series', () => {
    const d = dema(closes(Array(40).fill(7.25)), { period: 10 });
    for (let i = 0; i < 18; i++) expect(Number.isNaN(d[i])).toBe(true);
    for (let i = 18; i < 40; i++) expect(d[i]).toBe(7.25);
    expect(new DEMA().lookback).toBe(38);
  });

  it('streams bar by bar to the batch values, and replace recomputes the last bar', () => {
    const c = [5, 4, 6, 8, 7, 9, 12, 11, 10, 13, 15, 14];
    const batch = dema(closes(c), { period: 3 });
    const s = new DEMA({ period: 3 });
    c.forEach((x, i) => {
      s.add(x * 2);
      expect(Object.is(s.replace(x), batch[i])).toBe(true);
      expect(s.isStable).toBe(i >= 4);
    });
    s.dispose();
  });
});
