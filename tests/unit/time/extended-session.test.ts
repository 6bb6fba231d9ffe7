// The US equity extended session around the exchange calendar (shared/time/extended-session.ts):
// pre-market 04:00 ET to the open, after-hours from the close to 20:00 ET (17:00 ET after a 13:00
// early close), only on session days, across the daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { extendedSession, extendedSessionAt } from '../../../shared/time/extended-session.ts';
import { easternToUtc, formatEasternDateTime } from '../../../shared/time/us-eastern.ts';

const XNYS = exchangeCalendar('XNYS');
const et = (t: number) => formatEasternDateTime(t);

describe('extendedSession', () => {
  it('runs 04:00–20:00 ET around a regular 09:30–16:00 session, in winter and summer time', () => {
    for (const date of [20240111, 20240711]) {
      const s = extendedSession(XNYS, date)!;
      const d = `${String(date).slice(0, 4)}-${String(date).slice(4, 6)}-${String(date).slice(6)}`;
      expect([et(s.preOpen), et(s.open), et(s.close), et(s.postClose)]).toEqual([`${d} 04:00`, `${d} 09:30`, `${d} 16:00`, `${d} 20:00`]);
    }
  });

  it('ends the after-hours at 17:00 ET on an early-close day and has none on a holiday or weekend', () => {
    const friday = extendedSession(XNYS, 20231124)!; // day after Thanksgiving, 13:00 close
    expect(friday.earlyClose).toBe(true);
    expect([et(friday.close), et(friday.postClose)]).toEqual(['2023-11-24 13:00', '2023-11-24 17:00']);
    expect(extendedSession(XNYS, 20231123)).toBeUndefined(); // Thanksgiving
    expect(extendedSession(XNYS, 20231125)).toBeUndefined(); // Saturday
  });
});

describe('extendedSessionAt', () => {
  it('names the phase of an instant: pre, regular, post; undefined at night', () => {
    const phase = (min: number) => extendedSessionAt(XNYS, easternToUtc(20240111, min))?.phase;
    expect([phase(3 * 60 + 59), phase(4 * 60), phase(9 * 60 + 29), phase(9 * 60 + 30), phase(15 * 60 + 59), phase(16 * 60), phase(19 * 60 + 59), phase(20 * 60)]).toEqual([
      undefined,
      'pre',
      'pre',
      'regular',
      'regular',
      'post',
      'post',
      undefined,
    ]);
    expect(extendedSessionAt(XNYS, easternToUtc(20231124, 17 * 60))).toBeUndefined();
    expect(extendedSessionAt(XNYS, easternToUtc(20231124, 16 * 60 + 59))?.phase).toBe('post');
  });
});
