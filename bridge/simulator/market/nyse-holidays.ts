// NYSE full-day holidays by rule, for dates the sample data does not cover (option expiries and
// trading-hours strings reach past the last bar). Inside the data's range the calendar uses the
// data's own trading days, which also include one-off closures (2001-09-11, Sandy 2012...).

import { daysFromCivil, isoWeekday, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';

const cache = new Map<number, ReadonlySet<number>>();

/** Observed date (yyyymmdd): Saturday → Friday, Sunday → Monday. */
function observed(days: number): number {
  const wd = isoWeekday(days);
  return yyyymmddFromDays(wd === 6 ? days - 1 : wd === 7 ? days + 1 : days);
}

function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((weekday - isoWeekday(first) + 7) % 7) + (n - 1) * 7;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - ((isoWeekday(last) - weekday + 7) % 7);
}

/** Easter Sunday (anonymous Gregorian computus) as a day number. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

function holidays(year: number): ReadonlySet<number> {
  let set = cache.get(year);
  if (set) return set;
  const s = new Set<number>();
  const newYear = daysFromCivil(year, 1, 1);
  if (isoWeekday(newYear) !== 6) s.add(observed(newYear)); // a Saturday New Year is not moved to Friday
  if (year >= 1998) s.add(yyyymmddFromDays(nthWeekday(year, 1, 1, 3))); // Martin Luther King Jr. Day
  s.add(yyyymmddFromDays(nthWeekday(year, 2, 1, 3))); // Washington's Birthday
  s.add(yyyymmddFromDays(easter(year) - 2)); // Good Friday
  s.add(yyyymmddFromDays(lastWeekday(year, 5, 1))); // Memorial Day
  if (year >= 2022) s.add(observed(daysFromCivil(year, 6, 19))); // Juneteenth
  s.add(observed(daysFromCivil(year, 7, 4)));
  s.add(yyyymmddFromDays(nthWeekday(year, 9, 1, 1))); // Labor Day
  s.add(yyyymmddFromDays(nthWeekday(year, 11, 4, 4))); // Thanksgiving
  s.add(observed(daysFromCivil(year, 12, 25)));
  set = s;
  cache.set(year, set);
  return set;
}

/** True for a weekday that is not an NYSE holiday by rule. */
export function isRuleTradingDay(yyyymmdd: number): boolean {
  const days = daysFromCivil(Math.floor(yyyymmdd / 10_000), Math.floor(yyyymmdd / 100) % 100, yyyymmdd % 100);
  if (isoWeekday(days) > 5) return false;
  return !holidays(Math.floor(yyyymmdd / 10_000)).has(yyyymmdd);
}
