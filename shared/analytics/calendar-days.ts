// Calendar-day arithmetic on bar times (epoch ms). backtesting.py reports durations as calendar
// days and rounds a maximum or a mean up to a whole day (pandas `Timedelta.ceil('D')`, §5, §5.2).

import { MS_PER_DAY } from '../data/iso-time.ts';

/** Calendar days from time `a` to time `b` (fractional if the times are not both midnights). */
export function daysBetween(a: number, b: number): number {
  return (b - a) / MS_PER_DAY;
}

/** ceil(max(days)); NaN when empty. */
export function maxDaysCeil(days: ArrayLike<number>): number {
  if (days.length === 0) return Number.NaN;
  let m = -Infinity;
  for (let i = 0; i < days.length; i++) if (days[i] > m) m = days[i];
  return Math.ceil(m);
}

/** ceil(mean(days)); NaN when empty. */
export function meanDaysCeil(days: ArrayLike<number>): number {
  if (days.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < days.length; i++) s += days[i];
  return Math.ceil(s / days.length);
}
