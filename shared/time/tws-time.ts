// TWS's date and time text formats (wire formats of the API), on the shared US/Eastern helpers:
// `yyyyMMdd`, `yyyyMMdd HH:mm:ss`, `yyyyMMdd HH:mm:ss US/Eastern`, and the endDateTime forms a
// request may carry.

import { MS_PER_DAY, daysFromYyyymmdd, yyyymmddFromDays } from '../data/iso-time.ts';
import { easternLocalMs, easternToUtc } from './us-eastern.ts';

/** The zone name TWS prints and assumes (its login zone here). */
export const TWS_TIME_ZONE = 'US/Eastern';

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
