// Historical bars (never past the replay clock), keepUpToDate updates, real-time bars, with IBApi
// and IBApiNext over TCP.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BarSizeSetting, EventName, SecType, WhatToShow, type Contract } from '@stoqey/ib';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { easternDate } from '../../../shared/time/us-eastern.ts';
import { formatYyyymmdd } from '../../../shared/time/tws-time.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { SPY, VIX, nextSimulatorEvent, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;
let nextReq = 1;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-17T12:00' });
});
afterAll(async () => {
  await sim.close();
});

interface Bar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  count: number;
  wap: number;
}

/** reqHistoricalData with IBApi; resolves with the bars (the "finished" marker removed). */
async function history(
  c: IbTestClient,
  contract: Contract,
  end: string,
  duration: string,
  barSize: string,
  what: string,
  formatDate: number,
  keepUpToDate = false,
  reqId = nextReq++,
): Promise<{ reqId: number; bars: Bar[]; finished: string }> {
  const at = c.mark();
  c.api.reqHistoricalData(reqId, contract, end, duration, barSize as BarSizeSetting, what as WhatToShow, 1, formatDate, keepUpToDate);
  await c.waitFor(EventName.historicalData, (id: number, date: string) => id === reqId && date.startsWith('finished'), { after: at });
  const rows = c.events(EventName.historicalData, (id: number) => id === reqId, at).map((e) => e.args as unknown[]);
  const finished = rows.pop()![1] as string;
  const bars = rows.map(([, date, open, high, low, close, volume, count, wap]) => ({ date, open, high, low, close, volume, count, wap }) as Bar);
  return { reqId, bars, finished };
}

/** The SPY_1d.csv row of a date as numbers. */
function csvRow(date: string): number[] {
  const text = readFileSync(new URL('../../../data/samples/SPY_1d.csv', import.meta.url), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`${date},`))!;
  return line.split(',').slice(1).map(Number);
}

describe('historical bars (IBApi)', () => {
  it('daily bars (formatDate 1) are the sample file’s, ascending, ending with today’s partial session', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    const { bars } = await history(c, SPY as Contract, '', '1 M', '1 day', 'TRADES', 1);
    expect(bars.length).toBeGreaterThan(15);
    expect(bars.every((b, i) => /^\d{8}$/.test(b.date) && (i === 0 || b.date > bars[i - 1].date))).toBe(true);
    const last = bars[bars.length - 1];
    expect(last.date).toBe('20120117');
    const [o, h, l] = csvRow('2012-01-17');
    expect(last.open).toBeCloseTo(o, 4);
    expect(last.high).toBeLessThanOrEqual(h + 1e-9); // only the part of the day before noon
    expect(last.low).toBeGreaterThanOrEqual(l - 1e-9);
    const prev = bars.find((b) => b.date === '20120113')!;
    const [po, ph, pl, pc, pv] = csvRow('2012-01-13');
    expect([prev.open, prev.high, prev.low, prev.close, prev.volume]).toEqual([po, ph, pl, pc, pv].map((x, i) => (i < 4 ? Math.round(x * 1e4) / 1e4 : x)));
    expect(prev.count).toBeGreaterThan(0);
  });

  it('never returns a bar from the future while the clock steps through days (intraday and daily, fmt 1 and 2)', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let step = 0; step < 12; step++) {
      sim.clock.advance(Math.floor(60_000 + rand() * 2 * 390 * 60_000));
      const now = sim.clock.now();
      const today = formatYyyymmdd(easternDate(now));
      const minutes = await history(c, SPY as Contract, '', '1 D', '1 min', 'TRADES', 2);
      const times = minutes.bars.map((b) => Number(b.date) * 1000);
      expect(times.length).toBeGreaterThan(0);
      expect(Math.max(...times)).toBeLessThan(now);
      expect(times.every((t, i) => i === 0 || t - times[i - 1] === 60_000)).toBe(true);
      const daily = await history(c, SPY as Contract, '', '5 D', '1 day', 'TRADES', 1);
      expect(daily.bars[daily.bars.length - 1].date <= today).toBe(true);
      // an end date in the future is moved back to now
      const future = await history(c, SPY as Contract, '20300101 00:00:00 US/Eastern', '1 D', '5 mins', 'TRADES', 2);
      expect(Math.max(...future.bars.map((b) => Number(b.date) * 1000))).toBeLessThan(now);
    }
  });

  it('intraday bars with formatDate 1 carry the Eastern time zone and are clock-aligned (1 hour: 09:30, 10:00, 11:00…)', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    const { bars } = await history(c, SPY as Contract, '20120113 16:00:00 US/Eastern', '1 D', '1 hour', 'TRADES', 1);
    expect(bars.map((b) => b.date)).toEqual([
      '20120113 09:30:00 US/Eastern',
      '20120113 10:00:00 US/Eastern',
      '20120113 11:00:00 US/Eastern',
      '20120113 12:00:00 US/Eastern',
      '20120113 13:00:00 US/Eastern',
      '20120113 14:00:00 US/Eastern',
      '20120113 15:00:00 US/Eastern',
    ]);
    const [o, h, l, cl, v] = csvRow('2012-01-13');
    expect(bars[0].open).toBeCloseTo(o, 4);
    expect(bars[6].close).toBeCloseTo(cl, 4);
    expect(Math.max(...bars.map((b) => b.high))).toBeCloseTo(h, 4);
    expect(Math.min(...bars.map((b) => b.low))).toBeCloseTo(l, 4);
    expect(bars.reduce((s, b) => s + b.volume, 0)).toBe(v); // the synthetic minutes sum to the day exactly
  });

  it('weekly and monthly bars, MIDPOINT (no volume), VIX and option bars', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 4 });
    const weeks = await history(c, SPY as Contract, '', '6 M', '1 week', 'TRADES', 1);
    expect(weeks.bars.length).toBeGreaterThanOrEqual(25);
    const months = await history(c, SPY as Contract, '', '1 Y', '1 month', 'TRADES', 1);
    expect(months.bars.length).toBeGreaterThanOrEqual(12);
    const mid = await history(c, SPY as Contract, '', '2 D', '30 mins', 'MIDPOINT', 2);
    expect(mid.bars.every((b) => b.volume === -1 && b.wap === -1)).toBe(true);
    const vix = await history(c, VIX as Contract, '', '1 M', '1 day', 'TRADES', 1);
    expect(vix.bars.every((b) => b.low > 5 && b.high < 100 && b.low <= b.high)).toBe(true);
    const opt = await history(c, { symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20120217', strike: 130, right: 'C' as never }, '', '5 D', '1 hour', 'TRADES', 1);
    expect(opt.bars.every((b) => b.low >= 0 && b.low <= b.high)).toBe(true);
  });

  it('refuses bad requests: unknown contract 200, bad bar size / duration / keepUpToDate end 321, no data 162', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 5 });
    c.allow(200, 901);
    c.allow(321, 902);
    c.allow(321, 903);
    c.allow(321, 904);
    c.allow(162, 905);
    c.api.reqHistoricalData(901, { symbol: 'NOPE', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, '', '1 D', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 1, false);
    c.api.reqHistoricalData(902, SPY as Contract, '', '1 D', '7 mins' as BarSizeSetting, WhatToShow.TRADES, 1, 1, false);
    c.api.reqHistoricalData(903, SPY as Contract, '', '1 Q', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 1, false);
    c.api.reqHistoricalData(904, SPY as Contract, '20120110 12:00:00', '1 D', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 1, true);
    c.api.reqHistoricalData(905, SPY as Contract, '19900105 12:00:00', '1 D', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 1, false);
    await c.waitForError(200, 901, { after: 0 });
    await c.waitForError(321, 902, { after: 0 });
    await c.waitForError(321, 903, { after: 0 });
    await c.waitForError(321, 904, { after: 0 });
    const [err] = await c.waitForError(162, 905, { after: 0 });
    expect((err as Error).message).toMatch(/HMDS query returned no data/);
  });
});

describe('keepUpToDate', () => {
  it('IBApi: HISTORICAL_DATA first, then HISTORICAL_DATA_UPDATE for the current bar as the clock moves; cancel stops them', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 11 });
    const { reqId, bars } = await history(c, SPY as Contract, '', '1800 S', '1 min', 'TRADES', 2, true);
    expect(bars.length).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      const at = c.mark();
      sim.clock.advance(45_000);
      await c.sync();
      const updates = c.events(EventName.historicalDataUpdate, (id: number) => id === reqId, at).map((e) => e.args as unknown[]);
      expect(updates.length).toBeGreaterThan(0);
      const [, date, open, high, low, close] = updates[updates.length - 1] as [number, string, number, number, number, number];
      const start = Number(date) * 1000;
      expect(start).toBeLessThanOrEqual(sim.clock.now());
      expect(start).toBe(Math.floor(sim.clock.now() / 60_000) * 60_000);
      expect(low).toBeLessThanOrEqual(Math.min(open, close));
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
    }
    c.api.cancelHistoricalData(reqId);
    await c.sync();
    const at = c.mark();
    sim.clock.advance(60_000);
    await c.sync();
    expect(c.events(EventName.historicalDataUpdate, (id: number) => id === reqId, at)).toHaveLength(0);
  });

  it('IBApiNext: getHistoricalData resolves, getHistoricalDataUpdates emits as the clock moves and cancels on unsubscribe', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 12 });
    const bars = await c.next.getHistoricalData(SPY as Contract, '', '2 D', BarSizeSetting.MINUTES_FIVE, WhatToShow.TRADES, 1, 2);
    expect(bars.length).toBeGreaterThan(10);
    expect(Number(bars[bars.length - 1].time) * 1000).toBeLessThan(sim.clock.now());
    const updates: string[] = [];
    const sub = c.next.getHistoricalDataUpdates(SPY as Contract, BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 2).subscribe((b) => updates.push(b.time!));
    await nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 12 && id === 20);
    sim.clock.advance(61_000);
    sim.clock.advance(61_000);
    await c.next.getCurrentTime();
    expect(new Set(updates).size).toBeGreaterThanOrEqual(2);
    const cancelled = nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 12 && id === 25);
    sub.unsubscribe();
    await cancelled;
    expect(sim.clients().find((x) => x.clientId === 12)?.historicalSubscriptions).toBe(0);
  });
});

describe('pacing violation (162)', () => {
  it('IBApi gets 162 with the request id; IBApiNext getHistoricalData rejects with 162', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 21 });
    c.allow(162, 951);
    sim.faults.historicalPacingViolation(1);
    c.api.reqHistoricalData(951, SPY as Contract, '', '1 D', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 1, false);
    const [err] = await c.waitForError(162, 951);
    expect((err as Error).message).toMatch(/pacing violation/);
    const ok = await history(c, SPY as Contract, '', '1 D', '1 hour', 'TRADES', 1); // the switch was for one request
    expect(ok.bars.length).toBeGreaterThan(0);

    const n = await IbNextTestClient.connect({ port: sim.port, clientId: 22 });
    n.allow(162);
    sim.faults.historicalPacingViolation(1);
    await expect(n.next.getHistoricalData(SPY as Contract, '', '1 D', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 1)).rejects.toMatchObject({ code: 162 });
  });
});

describe('real-time bars', () => {
  it('IBApi: one 5-second bar per completed 5 s of replay time, aligned and never ahead of the clock', async () => {
    const rt = await startTestSimulator({ start: '2012-01-17T12:00:02' });
    onTestFinished(() => rt.close());
    const c = await IbTestClient.connect({ port: rt.port, clientId: 31 });
    c.api.reqRealTimeBars(61, SPY as Contract, 5, WhatToShow.TRADES, false);
    await c.sync();
    const at = c.mark();
    rt.clock.advance(21_000); // 12:00:02 → 12:00:23: bars 12:00:00, :05, :10, :15 are complete
    await c.sync();
    const bars = c.events(EventName.realtimeBar, (id: number) => id === 61, at).map((e) => e.args as number[]);
    expect(bars.length).toBe(4);
    for (const [, time, open, high, low, close, volume] of bars) {
      expect(time % 5).toBe(0);
      expect((time + 5) * 1000).toBeLessThanOrEqual(rt.clock.now());
      expect(low).toBeLessThanOrEqual(Math.min(open, close));
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
      expect(volume).toBeGreaterThanOrEqual(0);
    }
    expect(bars.map((b) => b[1])).toEqual([0, 1, 2, 3].map((k) => bars[0][1] + 5 * k));
    c.api.cancelRealTimeBars(61);
  });

  it('IBApiNext: getRealTimeBars emits bars as the clock moves', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 32 });
    const times: number[] = [];
    const sub = c.next.getRealTimeBars(SPY as Contract, WhatToShow.MIDPOINT, false).subscribe((b) => times.push(Number(b.time)));
    await nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 32 && id === 50);
    sim.clock.advance(30_000);
    await c.next.getCurrentTime();
    expect(times.length).toBeGreaterThanOrEqual(5);
    sub.unsubscribe();
  });
});
