import { describe, expect, it } from 'vitest';
import { daysBetween, maxDaysCeil, meanDaysCeil } from '../../../shared/analytics/index.ts';
import { utc } from '../../support/goog-canonical.ts';

describe('calendar days and their ceilings (§5 durations)', () => {
  it('days between dates are calendar days, not bars', () => {
    expect(daysBetween(utc('2024-01-05'), utc('2024-01-08'))).toBe(3); // Fri → Mon
    expect(daysBetween(utc('2004-08-19'), utc('2013-03-01'))).toBe(3116); // the GOOG duration
    expect(daysBetween(utc('2024-02-28'), utc('2024-03-01'))).toBe(2); // leap year
  });

  it('ceil of the max and of the mean', () => {
    expect(maxDaysCeil([3, 1, 2])).toBe(3);
    expect(maxDaysCeil([2.25, 1])).toBe(3); // a fractional day rounds up
    expect(meanDaysCeil([3, 4])).toBe(4); // 3.5 → 4
    expect(meanDaysCeil([1, 2, 2])).toBe(2); // 5/3 → 2
    expect(meanDaysCeil([2, 4])).toBe(3); // exactly 3 stays 3
  });

  it('no durations: NaN', () => {
    expect(maxDaysCeil([])).toBeNaN();
    expect(meanDaysCeil([])).toBeNaN();
  });
});
