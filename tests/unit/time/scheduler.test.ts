// Session-relative scheduling: parsing `open+30m` / `close-15m` / `10:00` entries, the next run
// strictly after an instant, and every run in a range; holidays skipped, early closes respected.
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../shared/errors.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { nextRun, parseSessionTimes, runsBetween } from '../../../shared/time/scheduler.ts';
import { easternToUtc, formatEasternDateTime } from '../../../shared/time/us-eastern.ts';

const xnys = exchangeCalendar('XNYS');
const et = (date: number, hhmm: string) => easternToUtc(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const show = (ts: number[]) => ts.map(formatEasternDateTime);

describe('parseSessionTimes', () => {
  it('reads open/close with minute or hour offsets and ET wall times', () => {
    expect(parseSessionTimes(['open', 'open+30m', 'close-15m', 'close', '10:00', 'open+1h', ' Close - 2h ', '9:45'])).toEqual([
      { anchor: 'open', offsetMin: 0, text: 'open' },
      { anchor: 'open', offsetMin: 30, text: 'open+30m' },
      { anchor: 'close', offsetMin: -15, text: 'close-15m' },
      { anchor: 'close', offsetMin: 0, text: 'close' },
      { anchor: 'wall', minuteOfDay: 600, text: '10:00' },
      { anchor: 'open', offsetMin: 60, text: 'open+1h' },
      { anchor: 'close', offsetMin: -120, text: 'close-2h' },
      { anchor: 'wall', minuteOfDay: 585, text: '9:45' },
    ]);
  });

  it('names the bad entry and its index', () => {
    expect(() => parseSessionTimes(['open', 'noon'])).toThrow(ParameterError);
    expect(() => parseSessionTimes(['open', 'noon'])).toThrow(/'times\[1\]' 'noon' is not open\[±Nm\|Nh\], close\[±Nm\|Nh\] or HH:MM/);
    expect(() => parseSessionTimes(['25:00'])).toThrow(/'times\[0\]' '25:00' is not a time of day/);
    expect(() => parseSessionTimes(['close+'])).toThrow(/'times\[0\]' 'close\+'/);
    expect(() => parseSessionTimes(['open+30s'])).toThrow(/'open\+30s'/);
    expect(() => parseSessionTimes(['open+2000m'])).toThrow(/longer than a day/);
    expect(() => parseSessionTimes([])).toThrow(/at least one entry/);
  });
});

describe('nextRun', () => {
  const times = parseSessionTimes(['open+30m', 'close-15m']);

  it('steps through the session times, strictly after the instant, skipping Good Friday', () => {
    let t = et(20240327, '16:00');
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) seen.push((t = nextRun(xnys, times, t)));
    expect(show(seen)).toEqual(['2024-03-28 10:00', '2024-03-28 15:45', '2024-04-01 10:00', '2024-04-01 15:45']);
    expect(nextRun(xnys, times, et(20240328, '10:00'))).toBe(et(20240328, '15:45'));
    expect(nextRun(xnys, times, et(20240328, '09:59'))).toBe(et(20240328, '10:00'));
  });

  it('respects early closes: close-anchored times move, wall times past 13:00 are skipped', () => {
    const t = parseSessionTimes(['15:00', 'close-15m', 'close']);
    expect(show([nextRun(xnys, t, et(20241129, '09:00'))])).toEqual(['2024-11-29 12:45']);
    expect(show([nextRun(xnys, t, et(20241129, '12:45'))])).toEqual(['2024-11-29 13:00']);
    expect(show([nextRun(xnys, t, et(20241129, '13:00'))])).toEqual(['2024-12-02 15:00']);
  });

  it('wall times are exchange-local across the DST change', () => {
    const t = parseSessionTimes(['10:00']);
    expect(nextRun(xnys, t, Date.parse('2024-03-08T00:00:00Z'))).toBe(Date.parse('2024-03-08T15:00:00Z'));
    expect(nextRun(xnys, t, Date.parse('2024-03-09T00:00:00Z'))).toBe(Date.parse('2024-03-11T14:00:00Z'));
  });

  it('refuses times that never fall inside a session', () => {
    expect(() => nextRun(xnys, parseSessionTimes(['open-5m', '03:00']), et(20240401, '00:00'))).toThrow(/none of open-5m, 03:00 falls inside a XNYS session/);
  });
});

describe('runsBetween', () => {
  it('lists every run in (from, to], over a holiday and an early close', () => {
    const times = parseSessionTimes(['15:00', 'close-15m', 'close', 'open', '09:30']);
    const runs = runsBetween(xnys, times, et(20241127, '00:00'), et(20241203, '00:00'));
    expect(show(runs)).toEqual([
      '2024-11-27 09:30', '2024-11-27 15:00', '2024-11-27 15:45', '2024-11-27 16:00',
      '2024-11-29 09:30', '2024-11-29 12:45', '2024-11-29 13:00',
      '2024-12-02 09:30', '2024-12-02 15:00', '2024-12-02 15:45', '2024-12-02 16:00',
    ]);
  });

  it('equals stepping with nextRun, with from excluded and to included', () => {
    const times = parseSessionTimes(['open', 'open+1h', 'close-30m']);
    const from = et(20240101, '00:00');
    const to = et(20240315, '10:30');
    const runs = runsBetween(xnys, times, from, to);
    const stepped: number[] = [];
    for (let t = nextRun(xnys, times, from); t <= to; t = nextRun(xnys, times, t)) stepped.push(t);
    expect(runs).toEqual(stepped);
    expect(runs.at(-1)).toBe(to);
    expect(runsBetween(xnys, times, runs[0], runs[2])).toEqual(runs.slice(1, 3));
    expect(() => runsBetween(xnys, times, to, from)).toThrow(/'fromT'/);
  });
});
