// Several timeframes in one run (docs/trading-model.md §9): a strategy deciding on SPY's 5-minute bars
// reads an hourly SMA, all resampled from the real 1-minute file. It decides once per completed
// 5-minute bar, sees an hourly value only once that hour has ended, and nothing it sees at a
// decision changes when every later minute is rewritten (no look-ahead).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { ready } from '../../../shared/indicators/index.ts';
import { runPortfolioBacktest } from '../../../shared/engine/backtest.ts';
import { MarketData } from '../../../shared/engine/market-data.ts';
import { resample } from '../../../shared/timeframes/resample.ts';
import { NO_INTENTS, type BarContext, type BarsRef, type InitContext, type SeriesRef, type Strategy } from '../../../shared/strategies/strategy.ts';
import { formatIsoDateTime } from '../../../shared/data/iso-time.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { parseSessionTimes } from '../../../shared/time/scheduler.ts';
import { easternOffsetMin } from '../../../shared/time/us-eastern.ts';
import { settings } from './support.ts';
import { sleeve } from './portfolio-support.ts';

await ready();

const minutes = (): BarSeries => readBarsCsv(readFileSync(new URL('../../../data/samples/SPY_1m.csv', import.meta.url), 'utf8'), 'SPY_1m.csv', { symbol: 'SPY' });

/** Records, at every decision, the 5-minute bar's time and close, the newest hourly close and the hourly SMA(3). */
class Recorder implements Strategy {
  readonly name = 'recorder';
  readonly type = 'stocks' as const;
  readonly timeframes = ['5M', '1H'];
  readonly schema = {} as Strategy['schema'];
  readonly seen: [time: number, close5: number, hourTime: number, hourClose: number, sma: number][] = [];
  private hour!: BarsRef;
  private sma!: SeriesRef;
  constructor(readonly symbols: readonly string[]) {}
  init(ctx: InitContext): void {
    this.hour = ctx.bars({ timeframe: '1h' });
    this.sma = ctx.indicator('SMA', { period: 3 }, undefined, { timeframe: '1h' });
  }
  onBar(ctx: BarContext) {
    this.seen.push([ctx.time, ctx.close.at(0), this.hour.time.at(0), this.hour.close.at(0), this.sma.at(0)]);
    return NO_INTENTS;
  }
}

function record(bars: BarSeries): Recorder['seen'] {
  let made: Recorder | undefined;
  runPortfolioBacktest({
    market: new MarketData([bars]),
    sleeves: [sleeve('mtf', (s) => (made = new Recorder(s)), { symbols: ['SPY'], timeframes: ['5m', '1h'] })],
    settings: settings(),
  });
  return made!.seen;
}

describe('multi-timeframe decisions', () => {
  const bars = minutes();
  const seen = record(bars);
  const five = resample(bars, '5m');
  const hours = resample(bars, '1h');

  it('decides once per completed 5-minute bar (after the hourly SMA has its three hours), with that bar’s close', () => {
    expect(seen.length).toBeGreaterThan(4000);
    for (const [time, close5] of seen.slice(0, 500)) {
      const j = five.time.indexOf(time);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(close5).toBe(five.close[j]);
    }
    // The first decision is the 5-minute bar that ends with the third hour (SMA(3) defined from then on).
    const firstHourEnd = hours.end[2];
    expect(seen[0][0] + 5 * 60_000).toBe(firstHourEnd);
  });

  it('sees an hourly bar only once it has ended: the newest hourly bar seen ended by the decision bar’s end', () => {
    for (const [time, , hourTime, hourClose] of seen) {
      const j = five.time.indexOf(time);
      const h = hours.time.indexOf(hourTime);
      expect(hours.end[h]).toBeLessThanOrEqual(five.end[j]);
      expect(hourClose).toBe(hours.close[h]);
      // … and it is the newest such bar.
      if (h + 1 < hours.length) expect(hours.end[h + 1]).toBeGreaterThan(five.end[j]);
    }
  });

  it('rewriting every minute after a cut changes nothing decided before it', () => {
    const cut = bars.time[Math.floor(bars.length / 2)] + 37 * 60_000; // inside an hour, inside a 5-minute bar
    const perturbed: BarSeries = { ...bars, open: bars.open.slice(), high: bars.high.slice(), low: bars.low.slice(), close: bars.close.slice() };
    for (let i = 0; i < bars.length; i++) {
      if (bars.time[i] < cut) continue;
      perturbed.open[i] *= 1.3;
      perturbed.high[i] *= 1.3;
      perturbed.low[i] *= 1.3;
      perturbed.close[i] *= 1.3;
    }
    const again = record(perturbed);
    const before = seen.filter(([time]) => five.end[five.time.indexOf(time)] <= cut);
    expect(before.length).toBeGreaterThan(1000);
    expect(again.slice(0, before.length)).toEqual(before);
    // The decision right after the cut does see the change (the test can fail).
    expect(again[before.length]).not.toEqual(seen[before.length]);
  });
});

describe('scheduled and gated decisions', () => {
  const bars = minutes();
  const calendar = exchangeCalendar('XNYS');
  const run = (over: Partial<Parameters<typeof sleeve>[2]>) => {
    let made: Recorder | undefined;
    runPortfolioBacktest({
      market: new MarketData([bars]),
      sleeves: [sleeve('mtf', (s) => (made = new Recorder(s)), { symbols: ['SPY'], timeframes: ['5m', '1h'], ...over })],
      settings: settings(),
    });
    return made!.seen.map(([time]) => formatIsoDateTime(time + 5 * 60_000, easternOffsetMin(time)));
  };

  it('a schedule (open+30m, close-15m) decides on the 5-minute bars ending at 10:00 and 15:45 of every session', () => {
    const at = run({ schedule: { calendar, times: parseSessionTimes(['open+30m', 'close-15m']) } });
    const sessions = new Set(Array.from(bars.session!)).size;
    // The first two sessions fall inside the hourly SMA's warm-up (three hours) at 10:00.
    expect(at.length).toBeGreaterThan(2 * sessions - 3);
    expect(new Set(at.map((s) => s.slice(11, 16)))).toEqual(new Set(['10:00', '15:45']));
    expect(at[0].slice(0, 10)).toBe('2024-02-20');
  });

  it('the market-hours gate (skip 60 minutes after the open and 30 before the close) leaves only the bars inside the window', () => {
    const at = run({ marketHours: { calendar, rule: { delayAfterOpenMin: 60, delayBeforeCloseMin: 30, whenClosed: 'skip' } } });
    const ends = at.map((s) => s.slice(11, 16));
    expect(ends.every((hhmm) => hhmm > '10:30' && hhmm <= '15:30')).toBe(true);
    expect(ends).toContain('10:35');
    expect(ends).toContain('15:30');
    // 'continue' runs anyway: every bar decides.
    const all = run({ marketHours: { calendar, rule: { delayAfterOpenMin: 60, delayBeforeCloseMin: 30, whenClosed: 'continue' } } });
    expect(all.length).toBeGreaterThan(at.length);
  });

  it('a scheduled run at the open inside a 30-minute delay: "wait" runs it at the first bar of the window (10:05), "skip" drops it', () => {
    const schedule = { calendar, times: parseSessionTimes(['open', 'close-15m']) };
    const rule = { delayAfterOpenMin: 30, delayBeforeCloseMin: 0 };
    const waited = run({ schedule, marketHours: { calendar, rule: { ...rule, whenClosed: 'wait' } } }).map((s) => s.slice(11, 16));
    const skipped = run({ schedule, marketHours: { calendar, rule: { ...rule, whenClosed: 'skip' } } }).map((s) => s.slice(11, 16));
    expect(new Set(waited)).toEqual(new Set(['10:05', '15:45']));
    expect(new Set(skipped)).toEqual(new Set(['15:45']));
    expect(waited.filter((t) => t === '15:45').length).toBe(skipped.length);
  });
});
