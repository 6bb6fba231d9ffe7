// The US equity and options exchanges' scheduled holidays and early closes, by rule (NYSE Rule 7.2
// and the exchanges' yearly calendars; facts checked against the public exchange_calendars
// project). Years before 1993 get today's rules, which is only approximately right for them.
//
// Full-day holidays:
// - New Year's Day: January 1; a Sunday moves to Monday, a Saturday is not observed (the Friday
//   before ends a yearly accounting period, so NYSE Rule 7.2 keeps it open: 2005, 2011, 2022);
// - Martin Luther King, Jr. Day: third Monday of January, from 1998;
// - Washington's Birthday: third Monday of February;
// - Good Friday: two days before Easter Sunday;
// - Memorial Day: last Monday of May;
// - Juneteenth National Independence Day: June 19, from 2022;
// - Independence Day: July 4;
// - Labor Day: first Monday of September;
// - Thanksgiving Day: fourth Thursday of November;
// - Christmas Day: December 25.
// Juneteenth, Independence Day and Christmas on a Saturday are observed the Friday before, on a
// Sunday the Monday after.
//
// Early closes at 13:00 ET, from 1993 (before that the NYSE closed such days at 14:00; not modelled):
// - the day after Thanksgiving;
// - Christmas Eve on a Monday to Thursday;
// - July 3 on a Monday, Tuesday or Thursday (from 1995) and on a Wednesday (from 2013); before 2013,
//   when July 4 was a Thursday, the Friday after (July 5) closed early instead of the Wednesday.

import { daysFromCivil, isoWeekday, yyyymmddFromDays } from '../data/iso-time.ts';

/** A dated, named day (yyyymmdd). */
export interface NamedDay {
  readonly date: number;
  readonly name: string;
}

const MONDAY = 1;
const THURSDAY = 4;

/** Day number of the n-th given ISO weekday (1 = Monday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((weekday - isoWeekday(first) + 7) % 7) + (n - 1) * 7;
}

/** Day number of the last given ISO weekday of a month. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - ((isoWeekday(last) - weekday + 7) % 7);
}

/** Easter Sunday (anonymous Gregorian computus) as a day number. */
export function easterSunday(year: number): number {
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

/** A fixed-date holiday's observed day number: Saturday → Friday, Sunday → Monday. */
function nearestWeekday(days: number): number {
  const wd = isoWeekday(days);
  return wd === 6 ? days - 1 : wd === 7 ? days + 1 : days;
}

/** The full-day holidays of a year by rule, in date order (all on weekdays). */
export function ruleHolidays(year: number): NamedDay[] {
  const out: { days: number; name: string }[] = [];
  const add = (days: number, name: string) => out.push({ days, name });
  const newYear = daysFromCivil(year, 1, 1);
  const newYearWd = isoWeekday(newYear);
  if (newYearWd === 7) add(newYear + 1, "New Year's Day (observed)");
  else if (newYearWd !== 6) add(newYear, "New Year's Day");
  if (year >= 1998) add(nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King, Jr. Day');
  add(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday");
  add(easterSunday(year) - 2, 'Good Friday');
  add(lastWeekday(year, 5, MONDAY), 'Memorial Day');
  const fixed = (month: number, day: number, name: string) => {
    const days = daysFromCivil(year, month, day);
    const obs = nearestWeekday(days);
    add(obs, obs === days ? name : `${name} (observed)`);
  };
  if (year >= 2022) fixed(6, 19, 'Juneteenth National Independence Day');
  fixed(7, 4, 'Independence Day');
  add(nthWeekday(year, 9, MONDAY, 1), 'Labor Day');
  add(nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving Day');
  fixed(12, 25, 'Christmas Day');
  return out.sort((a, b) => a.days - b.days).map((h) => ({ date: yyyymmddFromDays(h.days), name: h.name }));
}

/** The 13:00 ET early closes of a year by rule, in date order (none before 1993). */
export function ruleEarlyCloses(year: number): NamedDay[] {
  if (year < 1993) return [];
  const out: NamedDay[] = [];
  const july3 = daysFromCivil(year, 7, 3);
  const july3Wd = isoWeekday(july3);
  if (year >= 1995) {
    if (july3Wd === 1 || july3Wd === 2 || july3Wd === 4 || (july3Wd === 3 && year >= 2013)) {
      out.push({ date: yyyymmddFromDays(july3), name: 'day before Independence Day' });
    } else if (july3Wd === 3) {
      out.push({ date: yyyymmddFromDays(july3 + 2), name: 'day after Independence Day' }); // Friday July 5, before 2013
    }
  }
  out.push({ date: yyyymmddFromDays(nthWeekday(year, 11, THURSDAY, 4) + 1), name: 'day after Thanksgiving' });
  const christmasEve = daysFromCivil(year, 12, 24);
  if (isoWeekday(christmasEve) <= 4) out.push({ date: yyyymmddFromDays(christmasEve), name: 'Christmas Eve' });
  return out;
}
