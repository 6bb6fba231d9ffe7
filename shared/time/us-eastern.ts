// America/New_York wall time without Intl or Date: the UTC offset from the US daylight-saving
// rules, and conversions between Eastern wall times and UTC instants (epoch ms).
//
// Daylight time runs from 02:00 local standard time to 02:00 local daylight time:
// - 2007 on: second Sunday of March → first Sunday of November;
// - 1987–2006: first Sunday of April → last Sunday of October;
// - 1967–1986: last Sunday of April → last Sunday of October (1974 and 1975 began early, on
//   January 6 and February 23); earlier years use this rule too, an approximation.

import { MS_PER_DAY, daysFromCivil, daysFromYyyymmdd, isoWeekday, yyyymmddFromDays } from '../data/iso-time.ts';

export const EASTERN_TIME_ZONE = 'America/New_York';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Eastern standard / daylight offsets from UTC, minutes. */
export const EST_OFFSET_MIN = -300;
export const EDT_OFFSET_MIN = -240;

const dstCache = new Map<number, readonly [number, number]>();

/** Day number of the n-th Sunday (1-based) of a month, or the last one for n = -1. */
function sunday(year: number, month: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(year, month, 1);
    return first + ((7 - isoWeekday(first)) % 7) + (n - 1) * 7;
  }
  const last = daysFromCivil(year, month + 1, 1) - 1; // month 13 is January of the next year
  return last - (isoWeekday(last) % 7);
}

/** First and last day (day numbers) of daylight time in a year. */
function dstDays(year: number): readonly [number, number] {
  if (year >= 2007) return [sunday(year, 3, 2), sunday(year, 11, 1)];
  if (year >= 1987) return [sunday(year, 4, 1), sunday(year, 10, -1)];
  if (year === 1974) return [daysFromCivil(1974, 1, 6), sunday(year, 10, -1)];
  if (year === 1975) return [daysFromCivil(1975, 2, 23), sunday(year, 10, -1)];
  return [sunday(year, 4, -1), sunday(year, 10, -1)];
}

/** [start, end) of daylight time in a year as UTC ms: 02:00 EST (07:00 UTC) → 02:00 EDT (06:00 UTC). */
function dstRange(year: number): readonly [number, number] {
  let r = dstCache.get(year);
  if (!r) {
    const [start, end] = dstDays(year);
    r = [start * MS_PER_DAY + 7 * HOUR, end * MS_PER_DAY + 6 * HOUR];
    dstCache.set(year, r);
  }
  return r;
}

function yearOf(utcMs: number): number {
  return Math.floor(yyyymmddFromDays(Math.floor(utcMs / MS_PER_DAY)) / 10_000);
}

/** UTC offset of America/New_York in minutes at an instant: -240 (EDT) or -300 (EST). */
export function easternOffsetMin(utcMs: number): number {
  const [start, end] = dstRange(yearOf(utcMs));
  return utcMs >= start && utcMs < end ? EDT_OFFSET_MIN : EST_OFFSET_MIN;
}

/**
 * The instant (UTC ms) of an Eastern wall-clock time: date yyyymmdd, minutes after local midnight
 * (may exceed 1440 to reach into the next day). A wall time skipped by the spring change is read as
 * daylight time; one repeated in the autumn is the later (standard-time) instant.
 */
export function easternToUtc(yyyymmdd: number, minuteOfDay: number): number {
  const localMs = daysFromYyyymmdd(yyyymmdd) * MS_PER_DAY + minuteOfDay * MINUTE;
  // Try EST first; if that instant is in daylight time, the wall time was EDT.
  const est = localMs - EST_OFFSET_MIN * MINUTE;
  return easternOffsetMin(est) === EST_OFFSET_MIN ? est : localMs - EDT_OFFSET_MIN * MINUTE;
}

/** Eastern local time as "local ms": epoch-ms-like, with UTC fields that read as the local wall time. */
export function easternLocalMs(utcMs: number): number {
  return utcMs + easternOffsetMin(utcMs) * MINUTE;
}

/** The Eastern calendar date (yyyymmdd) of an instant. */
export function easternDate(utcMs: number): number {
  return yyyymmddFromDays(Math.floor(easternLocalMs(utcMs) / MS_PER_DAY));
}

/**
 * The session date (yyyymmdd) a time belongs to: a daily bar's stamp (UTC midnight, as BarSeries and
 * the engine stamp daily steps) is its UTC date; any other instant (a fill inside the session) its
 * Eastern date.
 */
export function sessionDateOf(time: number): number {
  return time % MS_PER_DAY === 0 ? yyyymmddFromDays(time / MS_PER_DAY) : easternDate(time);
}

/** Minutes after Eastern local midnight of an instant (fractional below the minute). */
export function easternMinuteOfDay(utcMs: number): number {
  const local = easternLocalMs(utcMs);
  return (local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY) / MINUTE;
}

/** Eastern midnight of a date as UTC ms. */
export function easternMidnight(yyyymmdd: number): number {
  return easternToUtc(yyyymmdd, 0);
}

const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** `YYYY-MM-DD` of a yyyymmdd number. */
export function formatDashedDate(yyyymmdd: number): string {
  const y = Math.floor(yyyymmdd / 10_000);
  return `${String(y).padStart(4, '0')}-${p2(Math.floor(yyyymmdd / 100) % 100)}-${p2(yyyymmdd % 100)}`;
}

/** `HH:MM` Eastern wall time of an instant (seconds dropped). */
export function formatEasternHhmm(utcMs: number): string {
  const m = Math.floor(easternMinuteOfDay(utcMs));
  return `${p2(Math.floor(m / 60))}:${p2(m % 60)}`;
}

/** `YYYY-MM-DD HH:MM` Eastern wall time of an instant, for messages (append ' ET'). */
export function formatEasternDateTime(utcMs: number): string {
  return `${formatDashedDate(easternDate(utcMs))} ${formatEasternHhmm(utcMs)}`;
}
