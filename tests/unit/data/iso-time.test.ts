import { describe, expect, it } from 'vitest';
import {
  daysFromCivil,
  daysFromYyyymmdd,
  formatIsoDate,
  isoWeekKey,
  isoWeekday,
  newIsoTimeScan,
  scanIsoTime,
  yyyymmddFromDays,
} from '../../../shared/data/iso-time.ts';

const DAY = 86_400_000;

/** Independent ISO week (the usual Date-based "nearest Thursday" algorithm). */
function isoWeekByDate(ms: number): number {
  const d = new Date(ms);
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return d.getUTCFullYear() * 100 + Math.ceil(((d.getTime() - yearStart) / DAY + 1) / 7);
}

describe('calendar arithmetic', () => {
  it('daysFromCivil / yyyymmddFromDays agree with Date.UTC for every day of 1600-2400', () => {
    const first = Math.floor(Date.UTC(1600, 0, 1) / DAY);
    const last = Math.floor(Date.UTC(2400, 11, 31) / DAY);
    for (let days = first; days <= last; days++) {
      const d = new Date(days * DAY);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth() + 1;
      const dd = d.getUTCDate();
      if (daysFromCivil(y, m, dd) !== days) throw new Error(`daysFromCivil(${y}, ${m}, ${dd}) != ${days}`);
      if (yyyymmddFromDays(days) !== y * 10000 + m * 100 + dd) throw new Error(`yyyymmddFromDays(${days})`);
      if (daysFromYyyymmdd(y * 10000 + m * 100 + dd) !== days) throw new Error(`daysFromYyyymmdd ${days}`);
      if (isoWeekday(days) !== (d.getUTCDay() || 7)) throw new Error(`isoWeekday ${days}`);
    }
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 2, 29)).toBe(11_016);
  });

  it('isoWeekKey matches the Date-based ISO week for 1990-2030, including year boundaries', () => {
    for (let days = daysFromCivil(1990, 1, 1); days <= daysFromCivil(2030, 12, 31); days++) {
      if (isoWeekKey(days) !== isoWeekByDate(days * DAY)) throw new Error(`isoWeekKey ${formatIsoDate(days * DAY)}`);
    }
    expect(isoWeekKey(daysFromCivil(2004, 12, 31))).toBe(200453);
    expect(isoWeekKey(daysFromCivil(2005, 1, 1))).toBe(200453);
    expect(isoWeekKey(daysFromCivil(2005, 1, 3))).toBe(200501);
    expect(isoWeekKey(daysFromCivil(2008, 12, 29))).toBe(200901);
    expect(isoWeekKey(daysFromCivil(2010, 1, 3))).toBe(200953);
  });

  it('formatIsoDate prints the UTC calendar date of an instant', () => {
    expect(formatIsoDate(0)).toBe('1970-01-01');
    expect(formatIsoDate(Date.UTC(2024, 1, 20, 23, 59, 59, 999))).toBe('2024-02-20');
    expect(formatIsoDate(Date.UTC(1969, 11, 31, 12))).toBe('1969-12-31');
    expect(formatIsoDate(Date.UTC(2000, 1, 29))).toBe('2000-02-29');
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 7_777_777_777) {
      expect(formatIsoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });
});

describe('scanIsoTime', () => {
  const scan = (s: string) => {
    const out = newIsoTimeScan();
    const err = scanIsoTime(s, 0, s.length, out);
    return { err, ...out };
  };

  it('reads dates as UTC midnight', () => {
    expect(scan('2010-04-27')).toEqual({ err: null, epochMs: Date.UTC(2010, 3, 27), hasTime: false, localDate: 20100427, offsetMin: 0 });
  });

  it('reads datetimes with an offset, Z, optional seconds and fractional seconds', () => {
    const cases = [
      '2024-02-20T09:30:00-05:00',
      '2024-02-20T09:30-05:00',
      '2024-03-11T09:30:00-04:00',
      '2024-02-20T14:30:00Z',
      '2024-02-20T14:30Z',
      '2024-02-20T14:30:05.123Z',
      '2024-02-20T14:30:05.1+01:00',
      '2024-12-31T23:59:59.999+14:00',
      '2024-01-01T00:00:00+05:45',
    ];
    for (const s of cases) {
      const r = scan(s);
      expect(r.err, s).toBeNull();
      expect(r.hasTime).toBe(true);
      expect(r.epochMs, s).toBe(Date.parse(s));
      expect(r.localDate).toBe(Number(s.slice(0, 10).replaceAll('-', '')));
    }
    expect(scan('2024-02-20T09:30:00-05:00').offsetMin).toBe(-300);
    expect(scan('2024-01-01T00:00:00+05:45').offsetMin).toBe(345);
    expect(scan('2024-02-20T14:30:05.123456Z').epochMs).toBe(Date.UTC(2024, 1, 20, 14, 30, 5, 123));
  });

  it('rejects impossible dates, bad formats and bad offsets', () => {
    const bad = [
      '',
      '2023-02-30',
      '2023-02-29',
      '1900-02-29',
      '2023-13-01',
      '2023-00-10',
      '2023-01-00',
      '2023-1-05',
      '20230105',
      '2023/01/05',
      '2023-01-05 ',
      'yesterday',
      '2024-02-20T09:30:00',
      '2024-02-20T09:30',
      '2024-02-20 09:30:00-05:00',
      '2024-02-20T9:30:00-05:00',
      '2024-02-20T24:00:00-05:00',
      '2024-02-20T09:60:00-05:00',
      '2024-02-20T09:30:60-05:00',
      '2024-02-20T09:30:0-05:00',
      '2024-02-20T09:30:00.-05:00',
      '2024-02-20T09:30:00-5:00',
      '2024-02-20T09:30:00-0500',
      '2024-02-20T09:30:00-05',
      '2024-02-20T09:30:00+25:00',
      '2024-02-20T09:30:00-05:60',
      '2024-02-20T09:30:00z',
      '2024-02-20T09:30:00ZZ',
      '2024-02-20T09:30:00 -05:00',
    ];
    for (const s of bad) expect(scan(s).err, s).toEqual(expect.any(String));
    expect(scan('2023-02-30').err).toMatch(/day 30 does not exist in 2023-02/);
    expect(scan('2024-02-20T09:30:00+25:00').err).toMatch(/offset \+25:00 is out of range/);
  });

  it('reads only its range of a longer string', () => {
    const line = 'x,2024-02-20T09:30:00-05:00,1';
    const out = newIsoTimeScan();
    expect(scanIsoTime(line, 2, 27, out)).toBeNull();
    expect(out.epochMs).toBe(Date.parse('2024-02-20T09:30:00-05:00'));
    expect(scanIsoTime('2024-02-20,2', 0, 10, out)).toBeNull();
    expect(scanIsoTime('2024-02-20T09:30:5', 0, 18, out)).toMatch(/seconds/);
  });
});
