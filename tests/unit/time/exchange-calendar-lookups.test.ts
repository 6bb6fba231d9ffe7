// The ExchangeCalendar API: sessions in exchange time across DST changes, navigation between
// sessions, instant lookups, XNAS/XCBO against XNYS, caching, speed, and errors that name the input.
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../shared/errors.ts';
import { EXCHANGE_IDS, exchangeCalendar, type ExchangeId } from '../../../shared/time/exchange-calendar.ts';

const xnys = exchangeCalendar('XNYS');
const utc = (iso: string) => Date.parse(iso);
const hhmmUtc = (t: number) => new Date(t).toISOString().slice(11, 16);

describe('sessions in America/New_York', () => {
  it('open 14:30Z / close 21:00Z in winter, 13:30Z / 20:00Z in summer (2024)', () => {
    const winter = xnys.session(20240308)!;
    expect([hhmmUtc(winter.open), hhmmUtc(winter.close)]).toEqual(['14:30', '21:00']);
    const summer = xnys.session(20240311)!; // the Monday after the change
    expect([hhmmUtc(summer.open), hhmmUtc(summer.close)]).toEqual(['13:30', '20:00']);
    expect(xnys.session(20241101)!.open).toBe(utc('2024-11-01T13:30:00Z'));
    expect(xnys.session(20241104)!.open).toBe(utc('2024-11-04T14:30:00Z'));
  });

  it('follows the 2006 rules (first Sunday of April → last Sunday of October)', () => {
    expect(hhmmUtc(xnys.session(20060313)!.open)).toBe('14:30'); // EDT only from 2007 in March
    expect(hhmmUtc(xnys.session(20060331)!.open)).toBe('14:30');
    expect(hhmmUtc(xnys.session(20060403)!.open)).toBe('13:30');
    expect(hhmmUtc(xnys.session(20061027)!.open)).toBe('13:30');
    expect(hhmmUtc(xnys.session(20061030)!.open)).toBe('14:30');
  });

  it('follows the 2007 rules (second Sunday of March → first Sunday of November)', () => {
    expect(hhmmUtc(xnys.session(20070309)!.open)).toBe('14:30');
    expect(hhmmUtc(xnys.session(20070312)!.open)).toBe('13:30');
    expect(hhmmUtc(xnys.session(20071029)!.open)).toBe('13:30'); // EST already under the old rule
    expect(hhmmUtc(xnys.session(20071102)!.open)).toBe('13:30');
    expect(hhmmUtc(xnys.session(20071105)!.open)).toBe('14:30');
  });

  it('an early close is 13:00 ET: 18:00Z in winter, 17:00Z in summer', () => {
    expect(xnys.session(20241129)).toEqual({ date: 20241129, open: utc('2024-11-29T14:30:00Z'), close: utc('2024-11-29T18:00:00Z'), earlyClose: true });
    expect(xnys.session(20240703)!.close).toBe(utc('2024-07-03T17:00:00Z'));
  });
});

describe('navigation', () => {
  it('sessions(from, to) is inclusive and ordered, across years and the 1993/2027 edges', () => {
    const s = xnys.sessions(20231229, 20240103);
    expect(s.map((x) => x.date)).toEqual([20231229, 20240102, 20240103]);
    expect(xnys.sessions(20240106, 20240107)).toEqual([]);
    const edge = xnys.sessions(19921228, 19930106).map((x) => x.date);
    expect(edge).toEqual([19921228, 19921229, 19921230, 19921231, 19930104, 19930105, 19930106]);
    const late = xnys.sessions(20271229, 20280104).map((x) => x.date);
    expect(late).toEqual([20271229, 20271230, 20271231, 20280103, 20280104]);
  });

  it('nextSession / previousSession are strictly after / before the date', () => {
    expect(xnys.nextSession(20240328).date).toBe(20240401); // over Good Friday and a weekend
    expect(xnys.nextSession(20240401).date).toBe(20240402);
    expect(xnys.previousSession(20240401).date).toBe(20240328);
    expect(xnys.previousSession(20240102).date).toBe(20231229);
    expect(xnys.nextSession(20271231).date).toBe(20280103);
    expect(xnys.previousSession(19930104).date).toBe(19921231);
  });

  it('sessionAt(t) is the session with open <= t < close; lastSessionAtOrBefore(t) the last one opened', () => {
    const s = xnys.session(20240328)!;
    expect(xnys.sessionAt(s.open)).toBe(s);
    expect(xnys.sessionAt(s.close - 1)).toBe(s);
    expect(xnys.sessionAt(s.close)).toBeUndefined();
    expect(xnys.sessionAt(s.open - 1)).toBeUndefined();
    expect(xnys.lastSessionAtOrBefore(s.open - 1)!.date).toBe(20240327);
    expect(xnys.lastSessionAtOrBefore(utc('2024-03-30T12:00:00Z'))).toBe(s); // over Good Friday
    expect(xnys.lastSessionAtOrBefore(utc('2024-01-01T15:00:00Z'))!.date).toBe(20231229);
    expect(xnys.sessionAt(utc('2024-11-29T18:30:00Z'))).toBeUndefined(); // after an early close
    expect(xnys.lastSessionAtOrBefore(utc('1993-01-01T12:00:00Z'))!.date).toBe(19921231);
    expect(xnys.lastSessionAtOrBefore(utc('1850-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('agrees with a linear scan for every session boundary ±1 ms of 2012', () => {
    const all = xnys.sessions(20111201, 20130131);
    for (let i = 1; i < all.length - 1; i++) {
      const s = all[i];
      if (s.date < 20120101 || s.date > 20121231) continue;
      expect(xnys.sessionAt(s.open)).toBe(s);
      expect(xnys.sessionAt(s.open - 1)).toBeUndefined();
      expect(xnys.sessionAt(s.close - 1)).toBe(s);
      expect(xnys.sessionAt(s.close)).toBeUndefined();
      expect(xnys.lastSessionAtOrBefore(s.open - 1)).toBe(all[i - 1]);
      expect(xnys.nextSession(s.date)).toBe(all[i + 1]);
      expect(xnys.previousSession(s.date)).toBe(all[i - 1]);
    }
  });

  it('closure says why a date has no session', () => {
    expect(xnys.closure(20240328)).toBeUndefined();
    expect(xnys.closure(20240330)).toBe('weekend');
    expect(xnys.closure(20241225)).toBe('Christmas Day');
    expect(xnys.closure(20121029)).toBe('Hurricane Sandy');
  });

  it('answers per-bar lookups fast (precomputed arrays, binary search)', () => {
    const t0 = utc('1993-02-01T00:00:00Z');
    const span = utc('2027-12-01T00:00:00Z') - t0;
    const start = performance.now();
    let n = 0;
    for (let i = 0; i < 200_000; i++) {
      const t = t0 + ((i * 7_919_000_003) % span);
      if (xnys.sessionAt(t)) n++;
      if (xnys.isSession(19930104 + (i % 28))) n++;
    }
    expect(n).toBeGreaterThan(0);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('XNAS and XCBO', () => {
  it('have the NYSE’s sessions, hours, early closes and closures from 1993 to 2027 and beyond', () => {
    const want = xnys.sessions(19930101, 20301231);
    for (const id of ['XNAS', 'XCBO'] as const) {
      const cal = exchangeCalendar(id);
      expect(cal.id).toBe(id);
      expect(cal.timeZone).toBe('America/New_York');
      expect(cal.sessions(19930101, 20301231)).toEqual(want);
      expect(cal.closures(19930101, 20301231)).toEqual(xnys.closures(19930101, 20301231));
      expect(cal.session(20241129)!.close).toBe(utc('2024-11-29T18:00:00Z'));
    }
    expect(exchangeCalendar('XNAS').name).toMatch(/Nasdaq/);
    expect(exchangeCalendar('XCBO').name).toMatch(/Cboe/);
  });

  it('one cached instance per id; EXCHANGE_IDS lists them', () => {
    expect(EXCHANGE_IDS).toEqual(['XNYS', 'XNAS', 'XCBO']);
    for (const id of EXCHANGE_IDS) expect(exchangeCalendar(id)).toBe(exchangeCalendar(id));
  });
});

describe('errors name what and where', () => {
  it('an unknown exchange names the valid ids', () => {
    expect(() => exchangeCalendar('XLON' as ExchangeId)).toThrow(ParameterError);
    expect(() => exchangeCalendar('XLON' as ExchangeId)).toThrow(/'XLON'.*XNYS, XNAS, XCBO/);
  });

  it('bad dates, ranges and instants', () => {
    expect(() => xnys.isSession(20240230)).toThrow(/exchange calendar XNYS: parameter 'yyyymmdd' 20240230 is not a valid yyyymmdd date/);
    expect(() => xnys.session(2024)).toThrow(ParameterError);
    expect(() => xnys.session(20241.5)).toThrow(/yyyymmdd date number/);
    expect(() => xnys.sessions(20241231, 20240101)).toThrow(/'fromYyyymmdd' 20241231 is after toYyyymmdd 20240101/);
    expect(() => xnys.nextSession(25000101)).toThrow(/outside the supported years/);
    expect(() => xnys.sessionAt(Number.NaN)).toThrow(/parameter 't'/);
  });
});
