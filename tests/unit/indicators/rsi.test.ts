// RSI (indicator-conventions §3): hand-checked Wilder values, the degenerate cases (0 without any
// movement, TA-Lib's absolute 1e-14 guard, 100 without losses) and stream == batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, rsi, RSI } from '../../../shared/indicators/index.ts';
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

const agrees = (s: TestSeries, period: number) => expect(firstMismatch(rsi(s, { period }), talibOutputs('rsi', s, { period })!.value)).toBeNull();

describe('RSI', () => {
  it('matches hand-computed Wilder values after `period` NaN', () => {
    // period 2, close 10 11 10 12 12 → moves +1 −1 +2 0
    // [2] gain (1+0)/2 = 0.5, loss (0+1)/2 = 0.5 → 50
    // [3] gain (0.5·1 + 2)/2 = 1.25, loss (0.5 + 0)/2 = 0.25 → 100·1.25/1.5 = 83.33…
    // [4] gain 0.625, loss 0.125 → 83.33…
    const s = closes([10, 11, 10, 12, 12]);
    const r = rsi(s, { period: 2 });
    expect(Number.isNaN(r[0]) && Number.isNaN(r[1])).toBe(true);
    expect(r[2]).toBe(50);
    expect(r[3]).toBeCloseTo(250 / 3, 12);
    expect(r[4]).toBeCloseTo(250 / 3, 12);
    agrees(s, 2);
  });

  it('is 0 (not 50, not NaN) while nothing moves, then 100 with gains only', () => {
    const s = closes([5, 5, 5, 5, 6, 7, 7, 8]);
    const r = rsi(s, { period: 2 });
    expect([r[2], r[3]]).toEqual([0, 0]);
    for (let i = 4; i < 8; i++) expect(r[i]).toBe(100);
    agrees(s, 2);
  });

  it('applies the absolute 1e-14 guard: moves of 1e-15 give 0, moves of 1e-13 give 100', () => {
    const tiny = closes([0, 1e-15, 2e-15, 3e-15]);
    expect(Array.from(rsi(tiny, { period: 2 })).slice(2)).toEqual([0, 0]);
    agrees(tiny, 2);
    const small = closes([0, 1e-13, 2e-13, 3e-13]);
    expect(Array.from(rsi(small, { period: 2 })).slice(2)).toEqual([100, 100]);
  });

  it('is 0 with losses only, also through the flat stretch after them (gain 0, loss decaying)', () => {
    const s = closes([9, 8, 7, 6, 6, 6, 6, 6, 6, 6, 6, 6]);
    const r = rsi(s, { period: 3 });
    for (let i = 3; i < s.length; i++) expect(r[i]).toBe(0);
    agrees(s, 3);
  });

  it('streams bar by bar to the batch values, and replace recomputes the last bar', () => {
    const c = [5, 4, 6, 8, 7, 9, 12, 11, 10, 13, 15, 14];
    const batch = rsi(closes(c), { period: 3 });
    const s = new RSI({ period: 3 });
    expect(s.lookback).toBe(3);
    c.forEach((x, i) => {
      s.add(x - 3);
      expect(Object.is(s.replace(x), batch[i])).toBe(true);
    });
    s.dispose();
  });
});
