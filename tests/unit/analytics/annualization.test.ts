import { describe, expect, it } from 'vitest';
import { annualizationPeriods, medianBarGapMs, weekendShare } from '../../../shared/analytics/index.ts';
import { googBars, utc } from '../../support/goog-canonical.ts';

const DAY = 86_400_000;
/** n dates from `start`, stepping `step` days (skipping weekends when `weekdays`). */
function dates(start: string, n: number, step: number, weekdays = false): number[] {
  const out: number[] = [];
  for (let t = utc(start); out.length < n; t += step * DAY) {
    const dow = new Date(t).getUTCDay();
    if (!weekdays || (dow !== 0 && dow !== 6)) out.push(t);
  }
  return out;
}

describe('annualisation factor P (§5.1)', () => {
  it('weekday daily bars: 252 (GOOG too)', () => {
    expect(annualizationPeriods(dates('2024-01-01', 300, 1, true))).toBe(252);
    expect(annualizationPeriods(googBars().time)).toBe(252);
  });

  it('7-day daily bars: 365 (weekend share 2/7 > 0.6·2/7)', () => {
    const t = dates('2024-01-01', 300, 1);
    expect(weekendShare(t)).toBeCloseTo(2 / 7, 2);
    expect(annualizationPeriods(t)).toBe(365);
  });

  it('a few weekend dates stay under the threshold: 252', () => {
    // 20 weekdays + 3 Saturdays: share 3/23 = 0.13 < 0.1714
    const t = [...dates('2024-01-01', 20, 1, true), utc('2024-02-03'), utc('2024-02-10'), utc('2024-02-17')].sort((a, b) => a - b);
    expect(weekendShare(t)).toBeCloseTo(3 / 23, 15);
    expect(annualizationPeriods(t)).toBe(252);
  });

  it('weekly bars: 52; monthly bars: 12', () => {
    expect(annualizationPeriods(dates('2020-01-06', 120, 7))).toBe(52);
    // first-of-month dates: gaps of 28–31 days
    const months = Array.from({ length: 60 }, (_, k) => Date.UTC(2015, k, 1));
    expect(annualizationPeriods(months)).toBe(12);
  });

  it('the median gap of the last 100 bars decides (even count: mean of the middle two)', () => {
    expect(medianBarGapMs([0, DAY, 3 * DAY])).toBe(1.5 * DAY);
    // 150 weekly bars followed by 100 daily bars: the tail is daily
    const t = [...dates('2000-01-03', 150, 7), ...dates('2003-01-06', 100, 1, true)];
    expect(annualizationPeriods(t)).toBe(252);
    expect(medianBarGapMs([5])).toBeNaN();
  });
});
