// DONCHIAN (indicator-conventions §5): hand-checked channel including the current bar, period 1,
// rescans when the extreme leaves the window, streaming.
import { beforeAll, describe, expect, it } from 'vitest';
import { donchian, DONCHIAN, ready } from '../../../shared/indicators/index.ts';
import { sampleSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

const bars = (high: number[], low: number[]) => ({ high: Float64Array.from(high), low: Float64Array.from(low) });

// bar:    0   1   2   3   4   5
const H = [10, 11, 12, 11, 10, 13];
const L = [8, 9, 10, 9, 7, 9];
// period 3: i=2 upper 12 lower 8 middle 10 · i=3 12 9 10.5 · i=4 12 7 9.5 · i=5 13 (the current bar) 7 10

describe('DONCHIAN', () => {
  it('matches the hand-computed channel, the current bar included', () => {
    const d = donchian(bars(H, L), { period: 3 });
    expect(Array.from(d.upper)).toEqual([NaN, NaN, 12, 12, 12, 13]);
    expect(Array.from(d.lower)).toEqual([NaN, NaN, 8, 9, 7, 7]);
    expect(Array.from(d.middle)).toEqual([NaN, NaN, 10, 10.5, 9.5, 10]);
  });

  it('period 1 is the bar itself', () => {
    const d = donchian(bars(H, L), { period: 1 });
    expect(Array.from(d.upper)).toEqual(H);
    expect(Array.from(d.lower)).toEqual(L);
  });

  it('follows a falling market (the high leaves the window every bar) and a rising one', () => {
    const n = 50;
    const down = Array.from({ length: n }, (_, i) => 200 - i);
    const d = donchian(bars(down, down.map((x) => x - 1)), { period: 7 });
    for (let i = 6; i < n; i++) {
      expect(d.upper[i]).toBe(200 - (i - 6));
      expect(d.lower[i]).toBe(199 - i);
    }
    const up = donchian(bars(down.slice().reverse(), down.slice().reverse().map((x) => x - 1)), { period: 7 });
    for (let i = 6; i < n; i++) expect(up.lower[i]).toBe(150 + (i - 6));
  });

  it('ties: an equal high stays the extreme until its newest copy leaves', () => {
    const h = [5, 9, 3, 9, 2, 1, 1, 1];
    const d = donchian(bars(h, h), { period: 3 });
    expect(Array.from(d.upper)).toEqual([NaN, NaN, 9, 9, 9, 9, 2, 1]);
  });

  it('default period 20, streaming equals batch, first value at 19', () => {
    const s = sampleSeries().find((x) => x.name === 'SPY_1m.csv')!;
    const batch = donchian(s);
    const st = new DONCHIAN();
    for (let i = 0; i < 500; i++) {
      const v = st.add({ high: s.high[i], low: s.low[i] });
      expect(Object.is(v.upper, batch.upper[i]) && Object.is(v.lower, batch.lower[i]) && Object.is(v.middle, batch.middle[i])).toBe(true);
    }
    expect(Number.isNaN(batch.upper[18])).toBe(true);
    expect(batch.upper[19]).toBe(Math.max(...s.high.subarray(0, 20)));
    expect(st.lookback).toBe(19);
    st.dispose();
  });

  it('names a missing column and a bad period', () => {
    expect(() => donchian({ high: Float64Array.from(H) }, {})).toThrow("DONCHIAN: parameter 'bars' needs a 'low' column");
    expect(() => donchian(bars(H, L), { period: 0 })).toThrow("DONCHIAN: parameter 'period' must be an integer in [1, 100000], got 0");
  });
});
