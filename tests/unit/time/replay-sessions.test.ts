// The TWS simulator on the shared exchange calendar: its replay days are the XNYS sessions with
// sample bars, early closes end the replayed session (and its synthetic minute path) at 13:00 ET,
// and dates past the data follow the calendar, one-off closures included.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Catalogue } from '../../../bridge/simulator/market/catalogue.ts';
import { buildBars, parseBarSize } from '../../../bridge/simulator/market/historical.ts';
import { ReplayClock } from '../../../bridge/simulator/market/replay-clock.ts';
import { ReplaySessions, sessionCloseMs } from '../../../bridge/simulator/market/replay-sessions.ts';
import { loadSampleData } from '../../../bridge/simulator/market/sample-data.ts';
import { newTapeSample } from '../../../bridge/simulator/market/symbol-tape.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';

const xnys = exchangeCalendar('XNYS');
const data = loadSampleData(fileURLToPath(new URL('../../../data/samples/', import.meta.url)));
const dates: number[] = [];
for (const s of data.symbols.values()) for (const d of s.daily.date) dates.push(d);
const sessions = new ReplaySessions(dates);
const catalogue = new Catalogue(data, sessions);
const spy = catalogue.underlying('SPY')!;
const et = (date: number, h: number, m = 0) => easternToUtc(date, h * 60 + m);

describe('replay sessions', () => {
  it('are the XNYS sessions with a sample bar, with the calendar’s open and close', () => {
    expect(sessions.first).toBe(19930129);
    expect(sessions.last).toBe(20240517);
    for (let i = 0; i < sessions.length; i++) {
      const s = xnys.session(sessions.dates[i])!;
      expect(s).toBeDefined();
      if (sessions.openMs[i] !== s.open || sessions.closeMs[i] !== s.close) throw new Error(`session ${sessions.dates[i]}`);
    }
    const i = sessions.indexOf(20121123);
    expect(sessions.closeMs[i]).toBe(et(20121123, 13));
  });

  it('a date that is not an XNYS session is dropped', () => {
    const s = new ReplaySessions([20240328, 20240329, 20240330, 20240401]);
    expect(Array.from(s.dates)).toEqual([20240328, 20240401]);
    expect(() => new ReplaySessions([20240329])).toThrow(/no XNYS session/);
  });

  it('dates past the data follow the calendar, one-off closures included', () => {
    expect(sessions.isTradingDay(20250108)).toBe(true);
    expect(sessions.isTradingDay(20250109)).toBe(false); // Carter day of mourning
    expect(sessions.tradingDayAfter(20250108)).toBe(20250110);
    expect(sessions.isTradingDay(20121029)).toBe(false);
  });

  it('options expiring on an early close stop trading at 13:00 ET', () => {
    expect(sessionCloseMs(20241129)).toBe(et(20241129, 13));
    expect(sessionCloseMs(20241122)).toBe(et(20241122, 16));
    expect(catalogue.option(spy, 20241129, 500, 'C')!.expiryMs).toBe(et(20241129, 13));
  });
});

describe('an early-close session on the tape (SPY, 2012-11-23)', () => {
  const i = spy.tape.indexOfDate(20121123);

  it('has 210 synthetic minutes that aggregate exactly to the daily bar', () => {
    const day = spy.tape.day(i);
    const d = spy.tape.daily;
    expect(day.length).toBe(210);
    expect(day.closeMs - day.openMs).toBe(210 * 60_000);
    expect(day.open[0]).toBe(d.open[i]);
    expect(day.close[209]).toBe(d.close[i]);
    expect(day.cumHigh[210]).toBe(d.high[i]);
    expect(day.cumLow[210]).toBe(d.low[i]);
    expect(day.cumVolume[210]).toBe(Math.round(d.volume[i]));
    expect(spy.tape.day(i - 1).length).toBe(390);
  });

  it('trades until 13:00 ET and then shows the close', () => {
    const out = newTapeSample();
    spy.tape.sample(et(20121123, 12, 59), out);
    expect(out.inSession).toBe(true);
    expect(out.minute).toBe(209);
    spy.tape.sample(et(20121123, 14), out);
    expect(out.inSession).toBe(false);
    expect(out.minute).toBe(210);
    expect(out.price).toBe(spy.tape.daily.close[i]);
  });

  it('historical 30-minute bars end with the 12:30 bar', () => {
    const r = buildBars({ instrument: spy, bar: parseBarSize('30 mins')!, whatToShow: 'TRADES', formatDate: 2 }, et(20121123, 0), et(20121124, 0), et(20121126, 0));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bars.time.map((t) => (t - et(20121123, 9, 30)) / 60_000)).toEqual([0, 30, 60, 90, 120, 150, 180]);
    expect(r.bars.close.at(-1)).toBeCloseTo(spy.tape.daily.close[i], 4); // bars are rounded to 4 decimals
  });

  it('the replay clock jumps from the 13:00 close to the next open', () => {
    const clock = new ReplayClock(sessions, { start: et(20121123, 12, 30), mode: 'step', speed: 1, tickIntervalMs: 250, skipClosed: true });
    clock.advance(45 * 60_000);
    expect(clock.now()).toBe(et(20121126, 9, 45));
    expect(clock.sessionDate()).toBe(20121126);
  });
});
