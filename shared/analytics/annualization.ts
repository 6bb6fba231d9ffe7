// Annualisation factor P (§5.1), as backtesting.py infers it from the bar times: the median gap
// of the last 100 bars, in whole days, picks weekly (52) or monthly (12) data; anything else is
// daily: 365 when more than 0.6·2/7 of the dates fall on a weekend (a 7-day market), else 252.

import { MS_PER_DAY, isoWeekday } from '../data/iso-time.ts';

export const TRADING_DAYS_PER_YEAR = 252;
export const CALENDAR_DAYS_PER_YEAR = 365;
/** Weekend share above which daily data counts as a 7-day market (upstream: `> 2/7 · 0.6`). */
export const WEEKEND_SHARE_THRESHOLD = (2 / 7) * 0.6;

/** Median gap between consecutive times among the last 100, in ms; NaN with fewer than 2 times. */
export function medianBarGapMs(times: ArrayLike<number>): number {
  const from = Math.max(0, times.length - 100);
  const gaps: number[] = [];
  for (let i = from + 1; i < times.length; i++) gaps.push(times[i] - times[i - 1]);
  if (gaps.length === 0) return Number.NaN;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
}

/** Share of the times whose UTC date is a Saturday or Sunday. */
export function weekendShare(times: ArrayLike<number>): number {
  if (times.length === 0) return 0;
  let weekend = 0;
  for (let i = 0; i < times.length; i++) if (isoWeekday(Math.floor(times[i] / MS_PER_DAY)) >= 6) weekend++;
  return weekend / times.length;
}

/**
 * P for bars at `times`: 52 (median gap 7 days), 12 (28–31 days), 1 (365–366 days), else 365 when
 * the weekend share exceeds 0.6·2/7, else 252.
 */
export function annualizationPeriods(times: ArrayLike<number>): number {
  const gapDays = Math.floor(medianBarGapMs(times) / MS_PER_DAY);
  if (gapDays === 7) return 52;
  if (gapDays >= 28 && gapDays <= 31) return 12;
  if (gapDays === 365 || gapDays === 366) return 1;
  return weekendShare(times) > WEEKEND_SHARE_THRESHOLD ? CALENDAR_DAYS_PER_YEAR : TRADING_DAYS_PER_YEAR;
}
