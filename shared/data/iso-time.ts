// Calendar arithmetic and a strict ISO 8601 date/datetime scanner, without `Date` objects.
// Day numbers are days since 1970-01-01 (proleptic Gregorian, UTC).

export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a civil date (month 1-12). Hinnant's days-from-civil; exact for any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = month > 2 ? month - 3 : month + 9; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number as yyyymmdd (e.g. 20240220). Inverse of `daysFromCivil`. */
export function yyyymmddFromDays(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

/** Day number of a yyyymmdd date. */
export function daysFromYyyymmdd(yyyymmdd: number): number {
  return daysFromCivil(Math.floor(yyyymmdd / 10_000), Math.floor(yyyymmdd / 100) % 100, yyyymmdd % 100);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO weekday of a day number: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** ISO 8601 week of a day number as isoYear*100 + week (e.g. 200453 for 2004-12-31, 200501 for 2005-01-03). */
export function isoWeekKey(days: number): number {
  const thursday = days - isoWeekday(days) + 4; // the week's Thursday decides its ISO year
  const isoYear = Math.floor(yyyymmddFromDays(thursday) / 10_000);
  const week = Math.floor((thursday - daysFromCivil(isoYear, 1, 1)) / 7) + 1;
  return isoYear * 100 + week;
}

/** UTC calendar date of an epoch-ms instant as `YYYY-MM-DD`. */
export function formatIsoDate(epochMs: number): string {
  const ymd = yyyymmddFromDays(Math.floor(epochMs / MS_PER_DAY));
  const year = Math.floor(ymd / 10_000);
  const y = year < 0 ? '-' + String(-year).padStart(4, '0') : String(year).padStart(4, '0');
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const pad2 = (v: number): string => (v < 10 ? '0' : '') + v;

/** `YYYY-MM-DDTHH:MM:SS±HH:MM`: the instant `epochMs` in local time at a UTC offset of `offsetMin` minutes. */
export function formatIsoDateTime(epochMs: number, offsetMin: number): string {
  const local = epochMs + offsetMin * 60_000;
  const msOfDay = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  const secs = Math.floor(msOfDay / 1000);
  const abs = Math.abs(offsetMin);
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  return `${formatIsoDate(local)}T${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}${zone}`;
}

/** What `scanIsoTime` found; one instance is reused across calls (no per-row allocation). */
export interface IsoTimeScan {
  /** The instant, epoch ms UTC (a date alone: UTC midnight of that date). */
  epochMs: number;
  /** True for a datetime (`...T09:30:00-05:00`), false for a date alone (`2024-02-20`). */
  hasTime: boolean;
  /** The written (local) calendar date as yyyymmdd. */
  localDate: number;
  /** The written UTC offset in minutes (`Z` = 0; 0 for a date alone). */
  offsetMin: number;
}

export function newIsoTimeScan(): IsoTimeScan {
  return { epochMs: 0, hasTime: false, localDate: 0, offsetMin: 0 };
}

const C0 = 48; // '0'

/** The 2-digit decimal at s[i], or -1 when either char is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - C0;
  const b = s.charCodeAt(i + 1) - C0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Scans `text[start, end)` as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM)` into `out`.
 * Returns null on success, else what was expected (for an error message). Fractional seconds beyond
 * milliseconds are truncated. Offsets must be within ±18:00.
 */
export function scanIsoTime(text: string, start: number, end: number, out: IsoTimeScan): string | null {
  const len = end - start;
  if (len < 10) return 'expected an ISO date YYYY-MM-DD or datetime YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)';
  const y1 = two(text, start);
  const y2 = two(text, start + 2);
  const month = two(text, start + 5);
  const day = two(text, start + 8);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) {
    return 'expected an ISO date YYYY-MM-DD or datetime YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)';
  }
  const year = y1 * 100 + y2;
  if (month < 1 || month > 12) return `month ${month} is not 01-12`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${day} does not exist in ${year}-${text.slice(start + 5, start + 7)}`;
  const days = daysFromCivil(year, month, day);
  out.localDate = year * 10_000 + month * 100 + day;
  if (len === 10) {
    out.hasTime = false;
    out.offsetMin = 0;
    out.epochMs = days * MS_PER_DAY;
    return null;
  }

  let i = start + 10;
  if (text.charCodeAt(i) !== 84 /* T */ || len < 16 || text.charCodeAt(i + 3) !== 58 /* : */) {
    return 'expected a time THH:MM after the date';
  }
  const hour = two(text, i + 1);
  const minute = two(text, i + 4);
  if (hour < 0 || minute < 0) return 'expected a time THH:MM after the date';
  if (hour > 23) return `hour ${hour} is not 00-23`;
  if (minute > 59) return `minute ${minute} is not 00-59`;
  i += 6;
  let second = 0;
  let ms = 0;
  if (i < end && text.charCodeAt(i) === 58) {
    second = i + 3 <= end ? two(text, i + 1) : -1;
    if (second < 0) return 'expected seconds :SS';
    if (second > 59) return `second ${second} is not 00-59`;
    i += 3;
    if (i < end && text.charCodeAt(i) === 46 /* . */) {
      i++;
      let digits = 0;
      while (i < end) {
        const c = text.charCodeAt(i) - C0;
        if (c < 0 || c > 9) break;
        if (digits < 3) ms = ms * 10 + c;
        digits++;
        i++;
      }
      if (digits === 0) return 'expected digits after the decimal point of the seconds';
      for (let k = digits; k < 3; k++) ms *= 10;
    }
  }

  let offsetMin: number;
  const sign = text.charCodeAt(i);
  if (sign === 90 /* Z */ && i + 1 === end) {
    offsetMin = 0;
  } else if ((sign === 43 || sign === 45) && i + 6 === end && text.charCodeAt(i + 3) === 58) {
    const oh = two(text, i + 1);
    const om = two(text, i + 4);
    if (oh < 0 || om < 0) return 'expected a UTC offset Z or ±HH:MM';
    if (oh > 18 || om > 59 || (oh === 18 && om > 0)) return `UTC offset ${text.slice(i, end)} is out of range (expected -18:00 to +18:00)`;
    offsetMin = (oh * 60 + om) * (sign === 45 ? -1 : 1);
  } else {
    return i >= end ? 'expected a UTC offset Z or ±HH:MM after the time' : 'expected a UTC offset Z or ±HH:MM';
  }
  out.hasTime = true;
  out.offsetMin = offsetMin;
  out.epochMs = days * MS_PER_DAY + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 + ms;
  return null;
}
