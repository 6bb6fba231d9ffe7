// America/New_York wall time without Intl: offsets against Intl's tz database, both DST rule sets,
// wall time ↔ UTC conversions and the message formats.
import { describe, expect, it } from 'vitest';
import {
  easternDate,
  easternLocalMs,
  easternMidnight,
  easternMinuteOfDay,
  easternOffsetMin,
  easternToUtc,
  formatDashedDate,
  formatEasternDateTime,
  formatEasternHhmm,
} from '../../../shared/time/us-eastern.ts';

const HOUR = 3_600_000;

describe('easternOffsetMin', () => {
  it('matches Intl’s America/New_York offset every hour from 1967 to 2039', () => {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' });
    for (let t = Date.UTC(1967, 0, 1); t < Date.UTC(2040, 0, 1); t += HOUR) {
      const name = fmt.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value; // GMT-5 / GMT-4
      const want = Number(name.replace('GMT', '')) * 60;
      if (easternOffsetMin(t) !== want) throw new Error(`${new Date(t).toISOString()}: ${easternOffsetMin(t)} != ${want}`);
    }
  });

  it('switches at 02:00 local on the 2006 rule days (first Sunday of April, last Sunday of October)', () => {
    expect(easternOffsetMin(Date.parse('2006-04-02T06:59:59Z'))).toBe(-300);
    expect(easternOffsetMin(Date.parse('2006-04-02T07:00:00Z'))).toBe(-240);
    expect(easternOffsetMin(Date.parse('2006-10-29T05:59:59Z'))).toBe(-240);
    expect(easternOffsetMin(Date.parse('2006-10-29T06:00:00Z'))).toBe(-300);
    expect(easternOffsetMin(Date.parse('2006-03-13T12:00:00Z'))).toBe(-300); // the 2007 rule would say EDT
  });

  it('switches at 02:00 local on the 2007 rule days (second Sunday of March, first Sunday of November)', () => {
    expect(easternOffsetMin(Date.parse('2007-03-11T06:59:59Z'))).toBe(-300);
    expect(easternOffsetMin(Date.parse('2007-03-11T07:00:00Z'))).toBe(-240);
    expect(easternOffsetMin(Date.parse('2007-11-04T05:59:59Z'))).toBe(-240);
    expect(easternOffsetMin(Date.parse('2007-11-04T06:00:00Z'))).toBe(-300);
    expect(easternOffsetMin(Date.parse('2007-04-01T12:00:00Z'))).toBe(-240);
  });
});

describe('wall time ↔ UTC', () => {
  it('turns Eastern wall times into instants, in winter and in summer', () => {
    expect(easternToUtc(20240220, 9 * 60 + 30)).toBe(Date.parse('2024-02-20T09:30:00-05:00'));
    expect(easternToUtc(20240311, 9 * 60 + 30)).toBe(Date.parse('2024-03-11T09:30:00-04:00'));
    expect(easternToUtc(20061030, 16 * 60)).toBe(Date.parse('2006-10-30T16:00:00-05:00'));
    expect(easternToUtc(20071030, 16 * 60)).toBe(Date.parse('2007-10-30T16:00:00-04:00'));
  });

  it('reads a skipped spring wall time as daylight time and a repeated autumn one as the later instant', () => {
    expect(easternToUtc(20240310, 2 * 60 + 30)).toBe(Date.parse('2024-03-10T02:30:00-04:00'));
    expect(easternToUtc(20241103, 60 + 30)).toBe(Date.parse('2024-11-03T01:30:00-05:00'));
  });

  it('gives the local date, minute of day and midnight of an instant', () => {
    const t = Date.parse('2024-07-03T03:30:00Z'); // 23:30 EDT on July 2
    expect(easternDate(t)).toBe(20240702);
    expect(easternMinuteOfDay(t)).toBe(23 * 60 + 30);
    expect(easternLocalMs(t)).toBe(Date.parse('2024-07-02T23:30:00Z'));
    expect(easternMidnight(20240702)).toBe(Date.parse('2024-07-02T00:00:00-04:00'));
    expect(easternMidnight(20240102)).toBe(Date.parse('2024-01-02T00:00:00-05:00'));
    // minuteOfDay may run past midnight: day k of 2023 at 10:15, through both DST changes
    for (let k = 0; k < 365; k++) expect(easternMinuteOfDay(easternToUtc(20230101, k * 24 * 60 + 615))).toBe(615);
  });

  it('formats dates and wall times for messages', () => {
    expect(formatDashedDate(20240401)).toBe('2024-04-01');
    expect(formatEasternHhmm(Date.parse('2024-11-29T18:00:00Z'))).toBe('13:00');
    expect(formatEasternDateTime(Date.parse('2024-04-01T13:30:00Z'))).toBe('2024-04-01 09:30');
  });
});
