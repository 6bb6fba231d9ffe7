// WMA (indicator-conventions §3): hand-checked values, period 1, the exact re-sum (no drift after a
// huge-to-small jump, §4) and stream == batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, wma, WMA } from '../../../shared/indicators/index.ts';
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

describe('WMA', () => {
  it('matches hand-computed values after period−1 NaN', () => {
    // period 3, divider 1+2+3 = 6: i=2 (1·1+2·2+3·3)/6 = 14/6 · i=3 (2+6+12)/6 = 20/6
    //                              i=4 (3+8+15)/6 = 26/6 · i=5 (4+10+30)/6 = 44/6
    const s = closes([1, 2, 3, 4, 5, 10]);
    const w = wma(s, { period: 3 });
    expect(Number.isNaN(w[0]) && Number.isNaN(w[1])).toBe(true);
    expect(w[2]).toBeCloseTo(14 / 6, 14);
    expect(w[3]).toBeCloseTo(20 / 6, 14);
    expect(w[4]).toBeCloseTo(26 / 6, 14);
    expect(w[5]).toBeCloseTo(44 / 6, 14);
    expect(firstMismatch(w, talibOutputs('wma', s, { period: 3 })!.value)).toBeNull();
  });

  it('period 1 is the close itself', () => {
    const c = [3, 1.5, 7, 2.25];
    expect(Array.from(wma(closes(c), { period: 1 }))).toEqual(c);
  });

  it('re-sums each window exactly: no residue of 1e12 prices once they left the window', () => {
    // period 4: bars 4.. are small integers; a carried running sum would keep ~1e-3 of rounding error
    // from the 1e12 stretch. Window [1,2,3,4] at bar 7: (1+4+9+16)/10 = 3; then +1 per bar.
    const c = [1e12 + 0.3, 1e12 + 0.7, 1e12 + 0.1, 1e12 + 0.9, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const w = wma(closes(c), { period: 4 });
    for (let i = 7; i < c.length; i++) expect(w[i]).toBe(i - 4);
  });

  it('streams bar by bar to the batch values, and replace recomputes the last bar', () => {
    const c = [5, 4, 6, 8, 7, 9, 12, 11, 10, 13, 15, 14];
    const batch = wma(closes(c), { period: 4 });
    const s = new WMA({ period: 4 });
    expect(s.lookback).toBe(3);
    c.forEach((x, i) => {
      s.add(x + 100);
      expect(Object.is(s.replace(x), batch[i])).toBe(true);
      expect(s.isStable).toBe(i >= 3);
    });
    s.dispose();
  });
});
