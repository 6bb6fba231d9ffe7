// The simulator's market layer without sockets: US/Eastern time, the trading calendar, synthetic
// minute paths, option chain rules and conIds, the replay clock (step and realtime), the VIX model.
import { describe, expect, it, onTestFinished } from 'vitest';
import { ReplaySessions as TradingCalendar } from '../../../bridge/simulator/market/replay-sessions.ts';
import { REGULAR_SESSION_MINUTES as SESSION_MINUTES } from '../../../bridge/simulator/market/replay-sessions.ts';
import { Catalogue } from '../../../bridge/simulator/market/catalogue.ts';
import { pathPrice, pathRange, synthesizeMinutes } from '../../../shared/data/intraday-path.ts';
import { hash32 } from '../../../shared/data/seeded-hash.ts';
import { buildChain, decodeOptionConId, encodeOptionConId, occSymbol, parseOccSymbol } from '../../../bridge/simulator/market/option-chain.ts';
import { QuoteModel, newQuote } from '../../../bridge/simulator/market/quotes.ts';
import { ReplayClock } from '../../../bridge/simulator/market/replay-clock.ts';
import { loadSampleData } from '../../../bridge/simulator/market/sample-data.ts';
import { easternOffsetMin, easternToUtc } from '../../../shared/time/us-eastern.ts';
import { formatEastern, parseTwsDateTime } from '../../../shared/time/tws-time.ts';
import { DEFAULT_DATA_DIR, startSimulator } from '../../../bridge/simulator/index.ts';

const data = loadSampleData(DEFAULT_DATA_DIR);
const dates: number[] = [];
for (const s of data.symbols.values()) for (const d of s.daily.date) dates.push(d);
const calendar = new TradingCalendar(dates);
const catalogue = new Catalogue(data, calendar);

describe('US/Eastern time', () => {
  it('matches Intl’s America/New_York offset every 6 hours from 1993 to 2025, DST switches included', () => {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' });
    for (let t = Date.UTC(1993, 0, 1); t < Date.UTC(2026, 0, 1); t += 6 * 3_600_000) {
      const name = fmt.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value; // GMT-5 / GMT-4
      expect(easternOffsetMin(t), new Date(t).toISOString()).toBe(Number(name.replace('GMT', '')) * 60);
    }
  });

  it('turns Eastern wall times into instants and back', () => {
    expect(easternToUtc(20240220, 9 * 60 + 30)).toBe(Date.parse('2024-02-20T09:30:00-05:00'));
    expect(easternToUtc(20240311, 9 * 60 + 30)).toBe(Date.parse('2024-03-11T09:30:00-04:00'));
    expect(formatEastern(Date.parse('2012-07-02T13:30:05Z'))).toBe('20120702 09:30:05');
  });

  it('parses the endDateTime forms TWS accepts', () => {
    expect(parseTwsDateTime('20120103 16:00:00')).toBe(Date.parse('2012-01-03T16:00:00-05:00'));
    expect(parseTwsDateTime('20120103 16:00:00 US/Eastern')).toBe(Date.parse('2012-01-03T16:00:00-05:00'));
    expect(parseTwsDateTime('20120103-21:00:00')).toBe(Date.parse('2012-01-03T21:00:00Z'));
    expect(parseTwsDateTime('20120103 21:00:00 UTC')).toBe(Date.parse('2012-01-03T21:00:00Z'));
    expect(parseTwsDateTime('20120103')).toBe(Date.parse('2012-01-03T23:59:59-05:00'));
    expect(parseTwsDateTime('20121303 10:00:00')).toBeNull();
    expect(parseTwsDateTime('20120103 10:00:00 Mars/Olympus')).toBeNull();
    expect(parseTwsDateTime('yesterday')).toBeNull();
  });
});

describe('trading calendar', () => {
  it('uses the data’s sessions where it has them, NYSE rules elsewhere', () => {
    expect(calendar.isTradingDay(20120103)).toBe(true);
    expect(calendar.isTradingDay(20121029)).toBe(false); // Hurricane Sandy: in no sample file
    expect(calendar.isTradingDay(20120106)).toBe(true);
    expect(calendar.isTradingDay(20210105)).toBe(true); // between the daily files and the 1-minute file: rules
    expect(calendar.isTradingDay(20210402)).toBe(false); // Good Friday 2021
    expect(calendar.isTradingDay(20301128)).toBe(false); // Thanksgiving 2030
    expect(calendar.isTradingDay(20300704)).toBe(false);
    expect(calendar.isTradingDay(20300706)).toBe(false); // a Saturday
    expect(calendar.tradingDayAfter(20120106)).toBe(20120109);
  });
});

describe('price paths', () => {
  it('the intra-minute path starts at the open, ends at the close and touches high and low', () => {
    const r = { hi: 0, lo: 0 };
    expect(pathPrice(10, 12, 9, 11, 0)).toBe(10);
    expect(pathPrice(10, 12, 9, 11, 1)).toBe(11);
    expect(pathRange(10, 12, 9, 11, 0, 1, r)).toEqual({ hi: 12, lo: 9 });
    expect(pathRange(10, 12, 9, 11, 0, 0.2, r).hi).toBe(10); // an up bar visits its low first
  });

  it('synthetic minutes aggregate exactly to their daily bar, deterministically', () => {
    const spy = data.symbols.get('SPY')!.daily;
    const cols = () => ({ open: new Float64Array(390), high: new Float64Array(390), low: new Float64Array(390), close: new Float64Array(390), volume: new Float64Array(390) });
    for (let i = 0; i < spy.length; i += 97) {
      const m = cols();
      synthesizeMinutes(hash32(7, spy.date[i]), spy.open[i], spy.high[i], spy.low[i], spy.close[i], spy.volume[i], m);
      expect(m.open[0]).toBe(spy.open[i]);
      expect(m.close[SESSION_MINUTES - 1]).toBe(spy.close[i]);
      expect(Math.max(...m.high)).toBe(spy.high[i]);
      expect(Math.min(...m.low)).toBe(spy.low[i]);
      expect(m.volume.reduce((a, b) => a + b, 0)).toBe(Math.round(spy.volume[i]));
      for (let k = 0; k < SESSION_MINUTES; k++) {
        expect(m.low[k]).toBeLessThanOrEqual(Math.min(m.open[k], m.close[k]));
        expect(m.high[k]).toBeGreaterThanOrEqual(Math.max(m.open[k], m.close[k]));
        if (k > 0) expect(m.open[k]).toBe(m.close[k - 1]);
      }
      const again = cols();
      synthesizeMinutes(hash32(7, spy.date[i]), spy.open[i], spy.high[i], spy.low[i], spy.close[i], spy.volume[i], again);
      expect(again.close).toEqual(m.close);
    }
  });
});

describe('option chains', () => {
  const spy = catalogue.underlying('SPY')!;

  it('conIds decode back to their contract and OCC symbols round-trip', () => {
    for (const [expiry, strike, right] of [[20120120, 127, 'C'], [20240517, 512.5, 'P'], [20340630, 2047.5, 'C']] as const) {
      const id = encodeOptionConId(3, expiry, strike, right);
      expect(id).toBeGreaterThan(1e9);
      expect(id).toBeLessThan(2 ** 31);
      expect(decodeOptionConId(id)).toEqual({ slot: 3, expiry, strike, right });
      expect(parseOccSymbol(occSymbol('SPY', expiry, right, strike))).toEqual({ root: 'SPY', expiry, right, strike });
    }
    expect(encodeOptionConId(0, 20120120, 127.3, 'C')).toBe(-1); // not on the half-dollar grid
    expect(decodeOptionConId(756733)).toBeNull();
    expect(encodeOptionConId(0, 20350101, 100, 'C')).toBe(-1); // past the 14-bit expiry range (2034-11)
  });

  it('moves a monthly expiry off a holiday (April 2014: Good Friday was the third Friday)', () => {
    const chain = buildChain(spy.spec, 20140303, 185, calendar);
    const dates = chain.expiries.map((e) => e.date);
    expect(dates).toContain(20140417);
    expect(dates).not.toContain(20140418);
  });

  it('lists daily expiries for SPY in 2024, $1 strikes near $500 and $5 further out', () => {
    const chain = buildChain(spy.spec, 20240220, 496.76, calendar);
    const kinds = chain.expiries.slice(0, 5).map((e) => [e.date, e.kind]);
    expect(kinds).toEqual([
      [20240220, 'daily'],
      [20240221, 'daily'],
      [20240222, 'daily'],
      [20240223, 'weekly'],
      [20240226, 'daily'],
    ]);
    const monthly = chain.expiries.find((e) => e.kind === 'monthly')!;
    expect(monthly.date).toBe(20240315);
    for (let k = 460; k <= 540; k++) expect(monthly.strikes).toContain(k);
    expect(monthly.strikes).toContain(400);
    expect(monthly.strikes).not.toContain(401);
  });
});

describe('quote model', () => {
  it('VIX tracks SPY’s volatility: plausible levels, and it rises when SPY falls', () => {
    const model = new QuoteModel();
    const q = newQuote();
    const vix = catalogue.vix!;
    const spyDaily = data.symbols.get('SPY')!.daily;
    const levels: number[] = [];
    const spyMoves: number[] = [];
    for (let i = spyDaily.length - 600; i < spyDaily.length; i++) {
      const close = easternToUtc(spyDaily.date[i], 16 * 60) - 1;
      model.quote(vix, close, q);
      levels.push(q.last);
      spyMoves.push(Math.log(spyDaily.close[i] / spyDaily.close[i - 1]));
    }
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...levels)).toBeLessThan(60);
    let cov = 0;
    for (let i = 1; i < levels.length; i++) cov += Math.log(levels[i] / levels[i - 1]) * spyMoves[i];
    expect(cov).toBeLessThan(0);
  });
});

describe('replay clock', () => {
  const open = (d: number) => easternToUtc(d, 9 * 60 + 30);

  it('step mode: moves only when told, through trading time, firing one date change per session crossed', () => {
    const clock = new ReplayClock(calendar, { start: open(20120105), mode: 'step', speed: 1, tickIntervalMs: 250, skipClosed: true });
    const changes: [number, number][] = [];
    const moves: number[] = [];
    clock.onDateChange((d, p) => changes.push([d, p]));
    clock.onAdvance((now) => moves.push(now));
    clock.advance(60_000);
    expect(clock.now()).toBe(open(20120105) + 60_000);
    clock.advance(390 * 60_000); // past the close: the rest continues at the next open (Friday)
    expect(clock.now()).toBe(open(20120106) + 60_000);
    clock.advance(2 * 390 * 60_000); // across the weekend: Monday, then Tuesday
    expect(clock.now()).toBe(open(20120110) + 60_000);
    expect(changes).toEqual([
      [20120106, 20120105],
      [20120109, 20120106],
      [20120110, 20120109],
    ]);
    expect(moves).toHaveLength(3);
    clock.advanceTo(open(20120105)); // never backwards
    expect(clock.now()).toBe(open(20120110) + 60_000);
    expect(() => clock.advance(-1)).toThrow(/>= 0/);
  });

  it('a start outside a session snaps to the next open; the clock stops at the last close of the data', () => {
    const clock = new ReplayClock(calendar, { start: Date.parse('2012-01-07T12:00:00Z'), mode: 'step', speed: 1, tickIntervalMs: 250, skipClosed: true });
    expect(clock.now()).toBe(open(20120109));
    clock.advanceTo(Date.parse('2030-01-01T00:00:00Z'));
    expect(clock.ended).toBe(true);
    expect(clock.now()).toBe(calendar.closeMs[calendar.length - 1]);
  });

  it('without skipClosed time runs linearly through nights', () => {
    const clock = new ReplayClock(calendar, { start: open(20120105), mode: 'step', speed: 1, tickIntervalMs: 250, skipClosed: false });
    clock.advance(24 * 3_600_000);
    expect(clock.now()).toBe(open(20120106));
  });

  it('refuses to be moved from one of its own listeners', () => {
    const clock = new ReplayClock(calendar, { start: open(20120105), mode: 'step', speed: 1, tickIntervalMs: 250, skipClosed: true });
    clock.onAdvance(() => clock.advance(1));
    expect(() => clock.advance(1000)).toThrow(/listener/);
  });

  it('realtime mode advances by speed × real time on its own', async () => {
    const sim = await startSimulator({ port: 0, clock: 'realtime', speed: 3600, tickIntervalMs: 10, start: '2012-01-05' });
    onTestFinished(() => sim.close());
    const t0 = sim.clock.now();
    await new Promise<void>((resolve) => {
      const off = sim.clock.onAdvance((now) => {
        if (now - t0 >= 60_000) {
          off();
          resolve();
        }
      });
    });
    expect(sim.clock.now() - t0).toBeGreaterThanOrEqual(60_000);
    sim.clock.pause();
    const paused = sim.clock.now();
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.clock.now()).toBe(paused);
  });
});
