// ROC (indicator-conventions §3): percent, not a fraction; 0 when the base close is 0; stream == batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, roc, ROC } from '../../../shared/indicators/index.ts';
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

describe('ROC', () => {
  it('matches hand-computed percentages, and 0 when the close `period` bars ago is 0', () => {
    // period 2: [2] (15/10 − 1)·100 = 50 · [3] (0/20 − 1)·100 = −100 · [4] (30/15 − 1)·100 = 100
    //           [5] base close[3] = 0 → 0 (not Infinity)
    const s = closes([10, 20, 15, 0, 30, 45]);
    const r = roc(s, { period: 2 });
    expect(Array.from(r)).toEqual([NaN, NaN, 50, -100, 100, 0]);
    expect(firstMismatch(r, talibOutputs('roc', s, { period: 2 })!.value)).toBeNull();
  });

  it('is 0 on a flat series and has exactly `period` leading NaN (10 by default)', () => {
    const r = roc(closes(Array(15).fill(4)));
    for (let i = 0; i < 10; i++) expect(Number.isNaN(r[i])).toBe(true);
    for (let i = 10; i < 15; i++) expect(r[i]).toBe(0);
    expect(new ROC().lookback).toBe(10);
  });

  it('streams bar by bar to the batch values, and replace recomputes the last bar', () => {
    const c = [5, 4, 6, 8, 0, 9, 12, 11, 10, 13, 15, 14];
    const batch = roc(closes(c), { period: 3 });
    const s = new ROC({ period: 3 });
    c.forEach((x, i) => {
      s.add(x + 2);
      expect(Object.is(s.replace(x), batch[i])).toBe(true);
    });
    s.dispose();
  });
});
