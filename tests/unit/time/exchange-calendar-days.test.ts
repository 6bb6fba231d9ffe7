// Which days the US exchanges trade: holidays by rule (observed-date rules included), unscheduled
// closures, early closes, and the session count of every precise year. Facts from the NYSE's
// published holiday calendars and the public exchange_calendars project (whose XNYS sessions from
// 1993 to 2023 this calendar reproduces exactly, opens and closes included).
import { describe, expect, it } from 'vitest';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { ruleHolidays } from '../../../shared/time/holiday-rules.ts';

const xnys = exchangeCalendar('XNYS');
const yearSessions = (y: number) => xnys.sessions(y * 10_000 + 101, y * 10_000 + 1231);
const closuresOf = (y: number) => xnys.closures(y * 10_000 + 101, y * 10_000 + 1231).map((c) => c.date);

describe('full-day holidays by rule', () => {
  it('2024: the NYSE’s ten holidays', () => {
    expect(closuresOf(2024)).toEqual([20240101, 20240115, 20240219, 20240329, 20240527, 20240619, 20240704, 20240902, 20241128, 20241225]);
    expect(xnys.closure(20240329)).toBe('Good Friday');
    expect(xnys.closure(20240619)).toBe('Juneteenth National Independence Day');
  });

  it('2022: New Year’s Day on a Saturday is not moved to Friday; Juneteenth and Christmas on a Sunday move to Monday', () => {
    expect(closuresOf(2022)).toEqual([20220117, 20220221, 20220415, 20220530, 20220620, 20220704, 20220905, 20221124, 20221226]);
    expect(xnys.isSession(20211231)).toBe(true);
    expect(xnys.closure(20220620)).toBe('Juneteenth National Independence Day (observed)');
    expect(xnys.closure(20221226)).toBe('Christmas Day (observed)');
  });

  it('a Saturday New Year is never observed (2005, 2011, 2028): the Friday before trades', () => {
    for (const d of [20041231, 20101231, 20211231, 20271231]) expect(xnys.isSession(d), String(d)).toBe(true);
    expect(closuresOf(2005)[0]).toBe(20050117);
    expect(closuresOf(2011)[0]).toBe(20110117);
  });

  it('a Sunday holiday moves to Monday (New Year 2006, 2012, 2017, 2023; July 4 2010, 2021; Christmas 2011, 2016)', () => {
    for (const d of [20060102, 20120102, 20170102, 20230102, 20100705, 20210705, 20111226, 20161226]) {
      expect(xnys.isSession(d), String(d)).toBe(false);
      expect(xnys.closure(d), String(d)).toMatch(/\(observed\)$/);
    }
  });

  it('a Saturday July 4, Christmas or Juneteenth moves to Friday (2015, 2020, 2026; 2004, 2010, 2021, 2027; 2027)', () => {
    for (const d of [20150703, 20200703, 20260703, 20041224, 20101224, 20211224, 20271224, 20270618]) {
      expect(xnys.isSession(d), String(d)).toBe(false);
      expect(xnys.closure(d), String(d)).toMatch(/\(observed\)$/);
    }
  });

  it('Martin Luther King, Jr. Day from 1998, Juneteenth from 2022', () => {
    expect(xnys.isSession(19970120)).toBe(true);
    expect(xnys.closure(19980119)).toBe('Martin Luther King, Jr. Day');
    expect(xnys.isSession(20210618)).toBe(true); // Juneteenth 2021 (observed Friday federally): markets open
    expect(xnys.isSession(20230619)).toBe(false);
  });

  it('Good Friday follows Easter; Thanksgiving is the fourth Thursday, not the last', () => {
    for (const d of [19930409, 20000421, 20080321, 20110422, 20160325, 20190419, 20250418, 20260403, 20270326]) expect(xnys.closure(d), String(d)).toBe('Good Friday');
    expect(xnys.closure(20061123)).toBe('Thanksgiving Day');
    expect(xnys.isSession(20061130)).toBe(true);
  });

  it('every rule holiday is a named weekday closure; a year has 7 to 10 of them', () => {
    for (let y = 1993; y <= 2060; y++) {
      const hs = ruleHolidays(y);
      expect(hs.length).toBeGreaterThanOrEqual(7);
      expect(hs.length).toBeLessThanOrEqual(10);
      for (const h of hs) expect(xnys.closure(h.date)).toBe(h.name);
    }
  });

  it('2025–2027 match the NYSE’s published calendar', () => {
    expect(closuresOf(2025)).toEqual([20250101, 20250109, 20250120, 20250217, 20250418, 20250526, 20250619, 20250704, 20250901, 20251127, 20251225]);
    expect(closuresOf(2026)).toEqual([20260101, 20260119, 20260216, 20260403, 20260525, 20260619, 20260703, 20260907, 20261126, 20261225]);
    expect(closuresOf(2027)).toEqual([20270101, 20270118, 20270215, 20270326, 20270531, 20270618, 20270705, 20270906, 20271125, 20271224]);
  });
});

describe('unscheduled closures', () => {
  const cases: [number, RegExp][] = [
    [19940427, /Nixon/],
    [20010911, /September 11/],
    [20010912, /September 11/],
    [20010913, /September 11/],
    [20010914, /September 11/],
    [20040611, /Reagan/],
    [20070102, /Ford/],
    [20121029, /^Hurricane Sandy$/],
    [20121030, /^Hurricane Sandy$/],
    [20181205, /Bush/],
    [20250109, /Carter/],
  ];
  it.each(cases)('%i is closed (%s)', (date, why) => {
    expect(xnys.isSession(date)).toBe(false);
    expect(xnys.session(date)).toBeUndefined();
    expect(xnys.closure(date)).toMatch(why);
  });

  it('the days around them trade', () => {
    expect(xnys.previousSession(20010911).date).toBe(20010910);
    expect(xnys.nextSession(20010911).date).toBe(20010917);
    expect(xnys.nextSession(20121026).date).toBe(20121031);
  });
});

describe('early closes (13:00 ET)', () => {
  const early = [
    [20240703, 'July 3 on a Wednesday, 2013 on'],
    [20241129, 'day after Thanksgiving'],
    [20241224, 'Christmas Eve on a Tuesday'],
    [20130703, 'first Wednesday July 3'],
    [20190703, 'Wednesday July 3'],
    [20191224, 'Christmas Eve on a Tuesday'],
    [20120703, 'July 3 on a Tuesday'],
    [20080703, 'July 3 on a Thursday'],
    [20230703, 'July 3 on a Monday'],
    [20020705, 'Friday July 5 before 2013'],
    [19960705, 'Friday July 5 before 2013'],
    [19971226, 'ad hoc: day after Christmas'],
    [19991231, 'ad hoc: New Year’s Eve 1999'],
    [20031226, 'ad hoc: day after Christmas'],
    [20251224, 'Christmas Eve on a Wednesday'],
    [20261127, 'day after Thanksgiving'],
  ] as const;
  it.each(early)('%i closes at 13:00 ET (%s)', (date) => {
    const s = xnys.session(date)!;
    expect(s.earlyClose).toBe(true);
    expect(s.close - s.open).toBe(3.5 * 3_600_000);
  });

  const full = [
    [20120705, 'July 5 after a Wednesday July 4'],
    [20130705, 'Friday July 5 from 2013 on'],
    [20190705, 'Friday July 5 from 2013 on'],
    [20020703, 'Wednesday July 3 before 2013'],
    [20081226, 'day after a Thursday Christmas'],
    [20141226, 'day after a Thursday Christmas'],
    [20251226, 'day after a Thursday Christmas'],
    [20211223, 'Thursday before a Friday observed Christmas'],
    [20260702, 'Thursday before a Friday observed July 4'],
    [20241231, 'New Year’s Eve'],
  ] as const;
  it.each(full)('%i is a full session (%s)', (date) => {
    const s = xnys.session(date)!;
    expect(s.earlyClose).toBe(false);
    expect(s.close - s.open).toBe(6.5 * 3_600_000);
  });
});

describe('sessions per year', () => {
  // [sessions, early closes]
  const YEARS: Record<number, [number, number]> = {
    1993: [253, 1], 1994: [252, 1], 1995: [252, 2], 1996: [254, 3], 1997: [253, 4], 1998: [252, 2], 1999: [252, 2],
    2000: [252, 2], 2001: [248, 3], 2002: [252, 3], 2003: [252, 4], 2004: [252, 1], 2005: [252, 1], 2006: [251, 2],
    2007: [251, 3], 2008: [253, 3], 2009: [252, 2], 2010: [252, 1], 2011: [252, 1], 2012: [250, 3], 2013: [252, 3],
    2014: [252, 3], 2015: [252, 2], 2016: [252, 1], 2017: [251, 2], 2018: [251, 3], 2019: [252, 3], 2020: [253, 2],
    2021: [252, 1], 2022: [251, 1], 2023: [250, 2], 2024: [252, 3], 2025: [250, 3], 2026: [251, 2], 2027: [251, 1],
  };
  it.each(Object.entries(YEARS))('%s: %j', (year, [n, early]) => {
    const s = yearSessions(Number(year));
    expect(s.length).toBe(n);
    expect(s.filter((x) => x.earlyClose).length).toBe(early);
  });

  it('2024 runs from January 2 to December 31', () => {
    const s = yearSessions(2024);
    expect(s[0].date).toBe(20240102);
    expect(s.at(-1)!.date).toBe(20241231);
  });
});

describe('outside 1993–2027: rules only', () => {
  it('applies the holiday and early-close rules after 2027', () => {
    expect(xnys.closure(20301128)).toBe('Thanksgiving Day');
    expect(xnys.closure(20300419)).toBe('Good Friday');
    expect(xnys.closure(20280619)).toBe('Juneteenth National Independence Day');
    expect(xnys.session(20301129)!.earlyClose).toBe(true);
    expect(xnys.session(20301224)!.earlyClose).toBe(true);
    expect(yearSessions(2030).length).toBe(261 - 10); // 261 weekdays, ten holidays all on weekdays
  });

  it('has no special days before 1993 (documented): no early closes, no one-off closures', () => {
    expect(xnys.session(19921127)!.earlyClose).toBe(false); // the NYSE closed at 14:00 that day
    expect(xnys.isSession(19850927)).toBe(true); // Hurricane Gloria closed it
    expect(xnys.closure(19920101)).toBe("New Year's Day");
  });
});
