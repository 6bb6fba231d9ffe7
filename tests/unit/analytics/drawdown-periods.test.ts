import { describe, expect, it } from 'vitest';
import { drawdownPeriods, drawdownSeries, summarizeDrawdownPeriods } from '../../../shared/analytics/index.ts';
import { utc } from '../../support/goog-canonical.ts';

/** Weekday dates Thu 2024-01-04 … : Thu, Fri, Mon, Tue, Wed, Thu, Fri, Mon. */
const DATES = ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12', '2024-01-15'];
const times = (n: number) => DATES.slice(0, n).map(utc);

describe('drawdown periods (§5.2)', () => {
  it('one closed period, durations in calendar days across a weekend', () => {
    // E  = 100 110 88 99 110 121  → dd = 0 0 .2 .1 0 0 ; Z = {0, 1, 4, 5}
    // pairs (0,1) and (4,5) are adjacent; (1,4) is a period: Fri 01-05 → Wed 01-10 = 5 days
    // (3 bars), peak max(dd[1..4]) = 0.2.
    const p = drawdownPeriods(drawdownSeries([100, 110, 88, 99, 110, 121]), times(6));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ startBar: 1, endBar: 4, durationDays: 5 });
    expect(p[0].peak).toBeCloseTo(0.2, 15);
  });

  it('a drawdown still open at the end counts, up to bar N−1', () => {
    // E  = 100 120 90 130 117 104 → dd = 0 0 .25 0 .1 .2 ; Z = {0, 1, 3} ∪ {N−1 = 5}
    // (1,3): Fri 01-05 → Tue 01-09 = 4 days, peak .25 ; (3,5): Tue 01-09 → Thu 01-11 = 2 days, peak .2
    // avg peak = (.25 + .2)/2 = .225 ; max duration 4 ; mean duration 3
    const p = drawdownPeriods(drawdownSeries([100, 120, 90, 130, 117, 104]), times(6));
    expect(p.map((x) => [x.startBar, x.endBar, x.durationDays])).toEqual([[1, 3, 4], [3, 5, 2]]);
    expect(p[1].peak).toBeCloseTo(0.2, 15);
    const s = summarizeDrawdownPeriods(p);
    expect(s.avgPeak).toBeCloseTo(0.225, 15);
    expect(s.maxDurationDays).toBe(4);
    expect(s.avgDurationDays).toBe(3);
  });

  it('a dip that starts only on the last bar never counts', () => {
    // E = 100 110 120 110 → dd = 0 0 0 1/12 ; Z = {0, 1, 2, 3}: no pair is more than one bar apart
    const dd = drawdownSeries([100, 110, 120, 110]);
    expect(dd[3]).toBeCloseTo(1 / 12, 15);
    expect(drawdownPeriods(dd, times(4))).toEqual([]);
    const s = summarizeDrawdownPeriods([]);
    expect([s.avgPeak, s.maxDurationDays, s.avgDurationDays]).toEqual([NaN, NaN, NaN]);
  });

  it('... also after an earlier period, which alone is counted', () => {
    // E = 100 90 100 110 105 → dd = 0 .1 0 0 .0454… ; Z = {0, 2, 3, 4}: only (0, 2) → Thu → Mon = 4 days
    const p = drawdownPeriods(drawdownSeries([100, 90, 100, 110, 105]), times(5));
    expect(p.map((x) => [x.startBar, x.endBar, x.durationDays])).toEqual([[0, 2, 4]]);
    expect(p[0].peak).toBeCloseTo(0.1, 15);
  });

  it('rounds the mean duration up and the longest period need not be the deepest', () => {
    // E = 100 99 100 50 60 100 on Thu Fri Mon Tue Wed Thu
    // dd = 0 .01 0 .5 .4 0 ; Z = {0, 2, 5}
    // (0,2): Thu → Mon = 4 days, peak .01 (longest) ; (2,5): Mon → Thu = 3 days, peak .5 (deepest)
    // mean duration 3.5 → ceil 4 ; max 4 ; avg peak .255
    const s = summarizeDrawdownPeriods(drawdownPeriods(drawdownSeries([100, 99, 100, 50, 60, 100]), times(6)));
    expect(s.maxDurationDays).toBe(4);
    expect(s.avgDurationDays).toBe(4);
    expect(s.avgPeak).toBeCloseTo(0.255, 15);
  });
});
