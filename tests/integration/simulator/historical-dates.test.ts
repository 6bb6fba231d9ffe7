// Bar dates as TWS sends them and the extended session of useRTH = 0, with the real @stoqey/ib over
// TCP: day, week and month bars carry `yyyyMMdd` whatever formatDate is (also in keepUpToDate
// updates); intraday bars `yyyyMMdd HH:mm:ss US/Eastern` (1) or epoch seconds (2); head timestamps
// in the intraday format; useRTH = 0 adds the pre-market (04:00–09:30 ET) and after-hours
// (16:00–20:00 ET) bars of stocks, joined to the regular session's prices, and useRTH = 1 does not.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BarSizeSetting, EventName, WhatToShow, type Bar, type Contract } from '@stoqey/ib';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { easternMinuteOfDay, easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { SPY, VIX, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-17T12:00' });
});
afterAll(async () => {
  await sim.close();
});

const FRIDAY_END = '20120113 20:00:00 US/Eastern';
const minuteOf = (b: Bar) => easternMinuteOfDay(Number(b.time) * 1000);

describe('bar dates', () => {
  it('day, week and month bars are yyyyMMdd with formatDate 1 and 2 alike', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 1 });
    for (const [size, duration] of [
      [BarSizeSetting.DAYS_ONE, '1 M'],
      [BarSizeSetting.WEEKS_ONE, '3 M'],
      [BarSizeSetting.MONTHS_ONE, '1 Y'],
    ] as const) {
      const one = await c.next.getHistoricalData(SPY as Contract, '', duration, size, WhatToShow.TRADES, 1, 1);
      const two = await c.next.getHistoricalData(SPY as Contract, '', duration, size, WhatToShow.TRADES, 1, 2);
      expect(one.length, size).toBeGreaterThan(2);
      expect(one.every((b) => /^\d{8}$/.test(b.time!)), size).toBe(true);
      expect(two.map((b) => b.time)).toEqual(one.map((b) => b.time));
    }
    const vix = await c.next.getHistoricalData(VIX as Contract, '', '5 D', BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 2);
    expect(vix.map((b) => b.time)).toEqual(['20120110', '20120111', '20120112', '20120113', '20120117']);
  });

  it('a keepUpToDate daily bar is yyyyMMdd with formatDate 2; intraday bars are epoch seconds (2) or Eastern with the zone (1)', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 2 });
    const updates: Bar[] = [];
    const sub = c.next.getHistoricalDataUpdates(SPY as Contract, BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 2).subscribe((b) => updates.push(b));
    try {
      const deadline = Date.now() + 2000;
      while (updates.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(updates[0]?.time).toBe('20120117');
    } finally {
      sub.unsubscribe();
    }
    const epoch = await c.next.getHistoricalData(SPY as Contract, '20120113 16:00:00 US/Eastern', '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 1, 2);
    expect(epoch[0].time).toBe(String(easternToUtc(20120113, 9 * 60 + 30) / 1000));
    const text = await c.next.getHistoricalData(SPY as Contract, '20120113 16:00:00 US/Eastern', '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 1, 1);
    expect(text[0].time).toBe('20120113 09:30:00 US/Eastern');
  });

  it('head timestamps use the intraday bar format; useRTH = 0 starts at the first pre-market', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 3 });
    expect(await c.next.getHeadTimestamp(SPY as Contract, WhatToShow.TRADES, true, 1)).toBe('19930129 09:30:00 US/Eastern');
    expect(await c.next.getHeadTimestamp(SPY as Contract, WhatToShow.TRADES, true, 2)).toBe(String(easternToUtc(19930129, 9 * 60 + 30) / 1000));
    expect(await c.next.getHeadTimestamp(SPY as Contract, WhatToShow.TRADES, false, 1)).toBe('19930129 04:00:00 US/Eastern');
  });
});

describe('useRTH = 0: the extended session', () => {
  it('1-hour bars run 04:00–20:00 ET with useRTH = 0 and 09:30–16:00 with useRTH = 1', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 4 });
    const all = await c.next.getHistoricalData(SPY as Contract, FRIDAY_END, '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 0, 1);
    expect(all.map((b) => b.time!.slice(9, 14))).toEqual(['04:00', '05:00', '06:00', '07:00', '08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00', '19:00']);
    const rth = await c.next.getHistoricalData(SPY as Contract, FRIDAY_END, '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 1, 1);
    expect(rth.map((b) => b.time!.slice(9, 14))).toEqual(['09:30', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00']);
    // regular hours are the same bars; the 09:00 bar holds the pre-market half hour and the open
    expect(all.slice(6, 12)).toEqual(rth.slice(1, 7));
    expect(all[5].high!).toBeGreaterThanOrEqual(rth[0].high! - 1e-9);
    expect(all[5].close).toBe(rth[0].close);
    expect(all[5].volume!).toBeGreaterThan(rth[0].volume!);
  });

  it('5-minute bars: pre-market from the previous close to the open, after-hours from the close toward the next open, small volume', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 5 });
    const daily = await c.next.getHistoricalData(SPY as Contract, '', '5 D', BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 1);
    const day = (d: string) => daily.find((b) => b.time === d)!;
    const bars = await c.next.getHistoricalData(SPY as Contract, FRIDAY_END, '1 D', BarSizeSetting.MINUTES_FIVE, WhatToShow.TRADES, 0, 2);
    const pre = bars.filter((b) => minuteOf(b) < 9 * 60 + 30);
    const regular = bars.filter((b) => minuteOf(b) >= 9 * 60 + 30 && minuteOf(b) < 16 * 60);
    const post = bars.filter((b) => minuteOf(b) >= 16 * 60);
    expect([pre.length, regular.length, post.length]).toEqual([66, 78, 48]);
    expect(minuteOf(pre[0])).toBe(4 * 60);
    expect(minuteOf(post[post.length - 1])).toBe(19 * 60 + 55);
    expect(pre[0].open).toBeCloseTo(day('20120112').close!, 4);
    expect(regular[0].open).toBeCloseTo(day('20120113').open!, 4);
    expect(post[0].open).toBeCloseTo(day('20120113').close!, 4);
    expect(post[post.length - 1].close).toBeCloseTo(day('20120117').open!, 4); // Monday 16 January was a holiday
    const volume = (list: Bar[]) => list.reduce((s, b) => s + b.volume!, 0);
    expect(volume(pre) + volume(post)).toBeLessThan(volume(regular) * 0.05);
    expect(volume(pre)).toBeGreaterThan(0);
    const rth = await c.next.getHistoricalData(SPY as Contract, FRIDAY_END, '1 D', BarSizeSetting.MINUTES_FIVE, WhatToShow.TRADES, 1, 2);
    expect(rth.every((b) => minuteOf(b) >= 9 * 60 + 30 && minuteOf(b) < 16 * 60)).toBe(true);
    expect(rth).toEqual(regular);
  });

  it('an index keeps the regular session with useRTH = 0', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 6 });
    const vix = await c.next.getHistoricalData(VIX as Contract, FRIDAY_END, '1 D', BarSizeSetting.HOURS_ONE, WhatToShow.TRADES, 0, 1);
    expect(vix[0].time).toBe('20120113 09:30:00 US/Eastern');
  });
});

describe('a replay clock running in the after-hours (skipClosed off)', () => {
  it('useRTH = 0 bars reach up to now and real-time bars stream; useRTH = 1 stops at the 16:00 close', async () => {
    const late = await startTestSimulator({ start: '2012-01-13T17:00', skipClosed: false });
    onTestFinished(() => late.close());
    const c = await IbTestClient.connect({ port: late.port, clientId: 7 });
    c.api.reqRealTimeBars(71, SPY as Contract, 5, WhatToShow.TRADES, false);
    c.api.reqRealTimeBars(72, SPY as Contract, 5, WhatToShow.TRADES, true);
    await c.sync();
    const mark = c.mark();
    late.clock.advance(20_000);
    await c.sync();
    const extended = c.events(EventName.realtimeBar, (id: number) => id === 71, mark).map((e) => e.args as number[]);
    expect(extended.map((b) => b[1])).toEqual([0, 5, 10, 15].map((k) => easternToUtc(20120113, 17 * 60) / 1000 + k));
    expect(extended.every(([, , open, high, low, close]) => low <= Math.min(open, close) && high >= Math.max(open, close) && low > 100)).toBe(true);
    expect(c.events(EventName.realtimeBar, (id: number) => id === 72, mark)).toEqual([]);
    c.api.cancelRealTimeBars(71);
    c.api.cancelRealTimeBars(72);

    const n = await IbNextTestClient.connect({ port: late.port, clientId: 8 });
    const all = await n.next.getHistoricalData(SPY as Contract, '', '1 D', BarSizeSetting.MINUTES_THIRTY, WhatToShow.TRADES, 0, 2);
    const lastStart = Number(all[all.length - 1].time) * 1000;
    expect(lastStart).toBe(easternToUtc(20120113, 17 * 60));
    const rth = await n.next.getHistoricalData(SPY as Contract, '', '1 D', BarSizeSetting.MINUTES_THIRTY, WhatToShow.TRADES, 1, 2);
    expect(Number(rth[rth.length - 1].time) * 1000).toBe(easternToUtc(20120113, 15 * 60 + 30));
  });
});
