// US/Eastern wall time without Intl: the exchange's UTC offset from the US daylight-saving rules,
// and the TWS date formats. Covers the sample data's whole range (1993 on); years before 1987 use
// the 1987–2006 rule, which is close enough for a simulator.

import { MS_PER_DAY, daysFromCivil, daysFromYyyymmdd, isoWeekday, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';

export const TWS_TIME_ZONE = 'US/Eastern';
const HOUR = 3_600_000;

const dstCache = new Map<number, readonly [number, number]>();

/** Day number of the n-th Sunday (1-based) of a month, or the last one for n = -1. */
function sunday(year: number, month: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(year, month, 1);
    return first + ((7 - isoWeekday(first)) % 7) + (n - 1) * 7;
  }
  const last = daysFromCivil(year, month + 1, 1) - 1; // month + 1 = 13 is fine for December: Jan 1 next year
  return last - (isoWeekday(last) % 7);
}

/** [start, end) of daylight time in a year as UTC ms: 2:00 local standard → 2:00 local daylight. */
function dstRange(year: number): readonly [number, number] {
  let r = dstCache.get(year);
  if (!r) {
    const start = year >= 2007 ? sunday(year, 3, 2) : sunday(year, 4, 1);
    const end = year >= 2007 ? sunday(year, 11, 1) : sunday(year, 10, -1);
    r = [start * MS_PER_DAY + 7 * HOUR, end * MS_PER_DAY + 6 * HOUR];
    dstCache.set(year, r);
  }
  return r;
}

function yearOf(utcMs: number): number {
  return Math.floor(yyyymmddFromDays(Math.floor(utcMs / MS_PER_DAY)) / 10_000);
}

/** UTC offset of US/Eastern in minutes at an instant: -240 (EDT) or -300 (EST). */
export function easternOffsetMin(utcMs: number): number {
  const [start, end] = dstRange(yearOf(utcMs));
  return utcMs >= start && utcMs < end ? -240 : -300;
}

/** The instant of an Eastern wall-clock time: date yyyymmdd, minutes after local midnight. */
export function easternToUtc(yyyymmdd: number, minuteOfDay: number): number {
  const localMs = daysFromYyyymmdd(yyyymmdd) * MS_PER_DAY + minuteOfDay * 60_000;
  // Try EST first; if that instant is in daylight time, the wall time was EDT.
  const est = localMs + 300 * 60_000;
  return easternOffsetMin(est) === -300 ? est : localMs + 240 * 60_000;
}

/** Eastern local time as epoch-ms-like "local ms" (UTC fields read as local). */
export function easternLocalMs(utcMs: number): number {
  return utcMs + easternOffsetMin(utcMs) * 60_000;
}

/** The Eastern calendar date (yyyymmdd) of an instant. */
export function easternDate(utcMs: number): number {
  return yyyymmddFromDays(Math.floor(easternLocalMs(utcMs) / MS_PER_DAY));
}

/** Eastern midnight of a date as UTC ms. */
export function easternMidnight(yyyymmdd: number): number {
  return easternToUtc(yyyymmdd, 0);
}

const p2 = (n: number) => (n < 10 ? '0' : '') + n;

/** `yyyyMMdd` of a yyyymmdd number. */
export function formatYyyymmdd(yyyymmdd: number): string {
  return String(yyyymmdd).padStart(8, '0');
}

/** `yyyyMMdd HH:mm:ss` in Eastern time (TWS's formatDate=1 for intraday bars, without the zone). */
export function formatEastern(utcMs: number): string {
  const local = easternLocalMs(utcMs);
  const days = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - days * MS_PER_DAY;
  const s = Math.floor(msOfDay / 1000);
  return `${formatYyyymmdd(yyyymmddFromDays(days))} ${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`;
}

/** `yyyyMMdd HH:mm:ss US/Eastern`, as recent TWS prints intraday bar times and its connection time. */
export function formatEasternWithZone(utcMs: number): string {
  return `${formatEastern(utcMs)} ${TWS_TIME_ZONE}`;
}

/**
 * Parses a TWS date-time as a request carries it (endDateTime): `yyyyMMdd HH:mm:ss[ zone]`,
 * `yyyyMMdd-HH:mm:ss` (UTC), `yyyyMMdd` (end of that day). Zones: US/Eastern (the default,
 * TWS's login zone here), America/New_York, EST/EDT/ET, UTC/GMT. Returns UTC ms, or null.
 */
export function parseTwsDateTime(text: string): number | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:([ -])(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?)?$/.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900) return null;
  const date = y * 10_000 + mo * 100 + d;
  if (m[5] === undefined) return easternToUtc(date, 24 * 60) - 1000; // a date alone: the end of that day
  const h = Number(m[5]);
  const mi = Number(m[6]);
  const se = Number(m[7]);
  if (h > 23 || mi > 59 || se > 59) return null;
  const minutes = h * 60 + mi;
  const zone = m[4] === '-' ? 'UTC' : (m[8] ?? TWS_TIME_ZONE);
  if (/^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i.test(zone)) return daysFromYyyymmdd(date) * MS_PER_DAY + minutes * 60_000 + se * 1000;
  if (/^(US\/Eastern|America\/New_York|EST|EDT|ET|EST5EDT)$/i.test(zone)) return easternToUtc(date, minutes) + se * 1000;
  return null;
}
