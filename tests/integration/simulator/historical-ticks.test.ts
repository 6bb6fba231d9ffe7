// Historical ticks (reqHistoricalTicks: TRADES, BID_ASK, MIDPOINT) and histograms (reqHistogramData)
// from the replayed path, with the real @stoqey/ib over TCP: IBApiNext's calls resolve within 2 s
// with ticks that agree with the 1-minute bars of the same period; the wire layout decoded by
// @stoqey/ib's own Decoder (request bytes in, reply bytes out); bad requests refused on their own id.
import { lastValueFrom, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarSizeSetting, DurationUnit, EventName, WhatToShow, type Contract } from '@stoqey/ib';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { histogramData, historicalTicks, historicalTicksBidAsk, historicalTicksLast } from '../../../bridge/simulator/wire/historical-ticks-encoders.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbNextTestClient } from '../../support/ib-client.ts';
import { frame, RawTwsClient } from '../../support/ib-raw.ts';
import { bodyFields, decode } from '../../support/ib-decode.ts';
import { SPY, VIX, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-17T12:00' });
});
afterAll(async () => {
  await sim.close();
});

const split = bodyFields;

const QUICK = 2000;
const at = (date: number, hh: number, mm: number) => easternToUtc(date, hh * 60 + mm) / 1000;
/** SPY's contract fields as @stoqey/ib encodes them (conId … tradingClass, includeExpired). */
const SPY_FIELDS = [0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0];

/** The 1-minute TRADES bars of a session, by start time (epoch s). */
async function minuteBars(c: IbNextTestClient, date: number): Promise<Map<number, { high: number; low: number }>> {
  const bars = await c.next.getHistoricalData(SPY as Contract, `${date} 16:00:00 US/Eastern`, '1 D', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 2);
  return new Map(bars.map((b) => [Number(b.time), { high: b.high!, low: b.low! }]));
}

describe('wire layout of historical ticks and histograms', () => {
  it('every encoder decodes cleanly with @stoqey/ib’s Decoder', () => {
    const mid = decode(split(historicalTicks(3, [{ time: 1326470400, price: 128.655, size: 0 }], true)));
    expect(mid).toEqual({ events: [{ name: EventName.historicalTicks, args: [3, [{ time: 1326470400, price: 128.655, size: 0 }], true] }], errors: [], infos: [] });
    const ba = decode(split(historicalTicksBidAsk(4, [{ time: 1326470401, mask: 3, bid: 128.65, ask: 128.66, bidSize: 500, askSize: 300 }], false)));
    expect(ba.errors).toEqual([]);
    expect(ba.events).toEqual([
      {
        name: EventName.historicalTicksBidAsk,
        args: [4, [{ time: 1326470401, tickAttribBidAsk: { bidPastLow: true, askPastHigh: true }, priceBid: 128.65, priceAsk: 128.66, sizeBid: 500, sizeAsk: 300 }], false],
      },
    ]);
    const last = decode(split(historicalTicksLast(5, [{ time: 1326470402, mask: 0, price: 128.66, size: 200, exchange: 'ARCA', specialConditions: 'T' }], true)));
    expect(last.errors).toEqual([]);
    expect(last.events[0].args).toEqual([5, [{ time: 1326470402, tickAttribLast: { pastLimit: false, unreported: false }, price: 128.66, size: 200, exchange: 'ARCA', specialConditions: 'T' }], true]);
    expect(decode(split(historicalTicksLast(5, [], true)))).toEqual({ events: [{ name: EventName.historicalTicksLast, args: [5, [], true] }], errors: [], infos: [] });
    const hist = decode(split(histogramData(6, [{ price: 128.5, size: 1200 }, { price: 128.6, size: 300 }])));
    expect(hist).toEqual({ events: [{ name: EventName.histogramData, args: [6, [{ price: 128.5, size: 1200 }, { price: 128.6, size: 300 }]] }], errors: [], infos: [] });
  });

  it('raw request bytes in (96 ×3, 88, 89), reply bytes out that the Decoder reads without an error', async () => {
    const raw = await RawTwsClient.connect(sim.port);
    try {
      await raw.handshake(40);
      const from = raw.messages.length;
      raw.write(frame([96, 31, ...SPY_FIELDS, '20120113 10:00:00 US/Eastern', '', 10, 'TRADES', 1, 0, '']));
      raw.write(frame([96, 32, ...SPY_FIELDS, '', '20120113 15:00:00 US/Eastern', 10, 'BID_ASK', 1, 1, '']));
      raw.write(frame([96, 33, ...SPY_FIELDS, '20120113 10:00:00 US/Eastern', '', 10, 'MIDPOINT', 1, 0, '']));
      raw.write(frame([88, 34, ...SPY_FIELDS, 1, '1 weeks']));
      raw.write(frame([89, 34]));
      raw.write(frame([49, 1]));
      await raw.waitFor((m) => m[0] === '49', QUICK, from);
      const replies = raw.messages.slice(from);
      expect(replies.map((m) => [m[0], m[1]])).toEqual([['98', '31'], ['97', '32'], ['96', '33'], ['89', '34'], ['49', '1']]);
      expect(replies[0]).toHaveLength(4 + 6 * 10);
      expect(replies[1]).toHaveLength(4 + 6 * 10);
      expect(replies[2]).toHaveLength(4 + 4 * 10);
      for (const m of replies) expect(decode(m).errors).toEqual([]);
      expect(replies[0][replies[0].length - 1]).toBe('1'); // done
    } finally {
      raw.destroy();
    }
  });
});

describe('historical ticks with IBApiNext', () => {
  it('getHistoricalTicksLast: trades from a start, inside the minute bars’ ranges, ascending, done within 2 s', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 1 });
    const started = Date.now();
    const ticks = await lastValueFrom(c.next.getHistoricalTicksLast(SPY as Contract, '20120113 10:00:00 US/Eastern', null, 200, 1).pipe(timeout(QUICK)));
    expect(Date.now() - started).toBeLessThan(QUICK);
    expect(ticks).toHaveLength(200);
    const bars = await minuteBars(c, 20120113);
    const t0 = at(20120113, 10, 0);
    for (const [i, t] of ticks.entries()) {
      expect(t.time!).toBeGreaterThanOrEqual(t0);
      if (i > 0) expect(t.time!).toBeGreaterThan(ticks[i - 1].time!);
      const bar = bars.get(t.time! - (t.time! % 60))!;
      expect(t.price!).toBeGreaterThanOrEqual(Math.floor(bar.low * 100) / 100 - 1e-9);
      expect(t.price!).toBeLessThanOrEqual(Math.ceil(bar.high * 100) / 100 + 1e-9);
      expect(t.size!).toBeGreaterThan(0);
      expect(t.exchange).toMatch(/^[A-Z]+$/);
      expect(t.specialConditions).toBe('');
    }
  });

  it('getHistoricalTicksBidAsk: the last ticks before an end, bid below ask, sizes only when asked', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 2 });
    const end = '20120113 15:00:00 US/Eastern';
    const ticks = await lastValueFrom(c.next.getHistoricalTicksBidAsk(SPY as Contract, '', end, 100, 1, false).pipe(timeout(QUICK)));
    expect(ticks).toHaveLength(100);
    expect(ticks[ticks.length - 1].time!).toBeLessThan(at(20120113, 15, 0));
    expect(ticks.every((t, i) => t.priceBid! < t.priceAsk! && t.sizeBid! > 0 && (i === 0 || t.time! > ticks[i - 1].time!))).toBe(true);
    const priceOnly = await lastValueFrom(c.next.getHistoricalTicksBidAsk(SPY as Contract, '', end, 100, 1, true).pipe(timeout(QUICK)));
    // ignoring size changes leaves fewer ticks per second, so 100 of them reach further back
    expect(priceOnly[0].time!).toBeLessThan(ticks[0].time!);
    expect(priceOnly.every((t, i) => i === 0 || t.priceBid !== priceOnly[i - 1].priceBid || t.priceAsk !== priceOnly[i - 1].priceAsk)).toBe(true);
  });

  it('getHistoricalTicksMid: midpoints that change tick to tick, inside the bars, never after the replay clock', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 3 });
    const ticks = await lastValueFrom(c.next.getHistoricalTicksMid(SPY as Contract, '', '20300101 00:00:00 US/Eastern', 50, 1).pipe(timeout(QUICK)));
    expect(ticks).toHaveLength(50);
    const now = sim.clock.now() / 1000;
    expect(ticks[ticks.length - 1].time!).toBeLessThan(now);
    expect(ticks.every((t, i) => i === 0 || t.price !== ticks[i - 1].price)).toBe(true);
    const bars = await minuteBars(c, 20120113);
    const friday = await lastValueFrom(c.next.getHistoricalTicksMid(SPY as Contract, '20120113 11:00:00 US/Eastern', '', 100, 1).pipe(timeout(QUICK)));
    for (const t of friday) {
      const bar = bars.get(t.time! - (t.time! % 60))!;
      expect(Math.abs(t.price! - (bar.high + bar.low) / 2)).toBeLessThan(bar.high - bar.low + 0.02);
    }
  });

  it('useRth = 0 reaches into the pre-market (Form T trades); useRth = 1 starts at the open', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 4 });
    const start = '20120113 07:00:00 US/Eastern';
    const all = await lastValueFrom(c.next.getHistoricalTicksLast(SPY as Contract, start, null, 20, 0).pipe(timeout(QUICK)));
    expect(all).toHaveLength(20);
    expect(all[0].time!).toBeLessThan(at(20120113, 9, 30));
    expect(all[0].specialConditions).toBe('T');
    const rth = await lastValueFrom(c.next.getHistoricalTicksLast(SPY as Contract, start, null, 20, 1).pipe(timeout(QUICK)));
    expect(rth[0].time!).toBeGreaterThanOrEqual(at(20120113, 9, 30));
  });

  it('an index trades at its level; ticks skip closed days: back from a Sunday to Friday, forward from a Saturday to the next open', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 5 });
    const vix = await lastValueFrom(c.next.getHistoricalTicksLast(VIX as Contract, '20120113 10:00:00 US/Eastern', null, 20, 1).pipe(timeout(QUICK)));
    expect(vix.length).toBe(20);
    expect(vix.every((t) => t.price! > 5 && t.price! < 80)).toBe(true);
    const weekend = await lastValueFrom(c.next.getHistoricalTicksMid(SPY as Contract, '', '20120115 12:00:00 US/Eastern', 10, 1).pipe(timeout(QUICK)));
    expect(weekend.length).toBe(10); // the last ticks before the end: Friday's close
    expect(weekend[9].time!).toBeLessThan(at(20120113, 16, 0));
    const forward = await lastValueFrom(c.next.getHistoricalTicksMid(SPY as Contract, '20120114 12:00:00 US/Eastern', '', 10, 1).pipe(timeout(QUICK)));
    expect(forward[0].time!).toBeGreaterThanOrEqual(at(20120117, 9, 30)); // from Saturday forward: Tuesday's open (Monday was a holiday)
  });

  it('bad requests are refused with 321 on their own id (whatToShow, start and end both set, numberOfTicks 0, index BID_ASK)', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 6 });
    const refuse = async (obs: { pipe: (...a: never[]) => unknown }, reqId: number, text: RegExp) => {
      c.allow(321, reqId);
      const err = await lastValueFrom(obs.pipe(timeout(QUICK) as never) as never).catch((e: { code: number; error: Error }) => e);
      expect(err).toMatchObject({ code: 321 });
      expect((err as { error: Error }).error.message).toMatch(text);
    };
    const api = (c.next as unknown as { api: { reqHistoricalTicks: (...a: unknown[]) => void } }).api;
    // IBApiNext assigns request ids itself; the first request of this client is 1 onwards
    await refuse(c.next.getHistoricalTicksLast(SPY as Contract, '20120113 10:00:00', '20120113 11:00:00', 10, 1) as never, 1, /exactly one of startDateTime and endDateTime/);
    await refuse(c.next.getHistoricalTicksMid(SPY as Contract, '20120113 10:00:00', '', 0, 1) as never, 2, /numberOfTicks 0/);
    await refuse(c.next.getHistoricalTicksBidAsk(VIX as Contract, '20120113 10:00:00', '', 10, 1, false) as never, 3, /no bid or ask/);
    const from = c.mark();
    c.allow(321, 900);
    api.reqHistoricalTicks(900, SPY, '20120113 10:00:00', '', 10, 'BID', 1, false);
    const [, code, reqId] = (await c.waitFor(EventName.error, (_e: unknown, _code: number, id: number) => id === 900, { after: from, timeoutMs: QUICK })) as [Error, number, number];
    expect([code, reqId]).toEqual([321, 900]);
  });
});

describe('histogram data with IBApiNext', () => {
  it('getHistogramData resolves within 2 s: prices inside the period’s range, sizes summing to its volume', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 7 });
    const started = Date.now();
    const entries = await c.next.getHistogramData(SPY as Contract, true, 1, DurationUnit.WEEK);
    expect(Date.now() - started).toBeLessThan(QUICK);
    expect(entries.length).toBeGreaterThan(10);
    const bars = await c.next.getHistoricalData(SPY as Contract, '', '1 W', BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 2);
    const lo = Math.min(...bars.map((b) => b.low!));
    const hi = Math.max(...bars.map((b) => b.high!));
    const volume = bars.reduce((s, b) => s + b.volume!, 0);
    expect(entries.every((e, i) => e.price! >= lo - 0.1 && e.price! <= hi && e.size! > 0 && (i === 0 || e.price! > entries[i - 1].price!))).toBe(true);
    const total = entries.reduce((s, e) => s + e.size!, 0);
    expect(Math.abs(total - volume) / volume).toBeLessThan(0.001);
    // a long period from daily bars; an index counts time at each level
    expect((await c.next.getHistogramData(SPY as Contract, true, 3, DurationUnit.MONTH)).length).toBeGreaterThan(10);
    expect((await c.next.getHistogramData(VIX as Contract, true, 2, DurationUnit.DAY)).length).toBeGreaterThan(3);
  });

  it('a bad period is refused with 321 on its own id', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 8 });
    c.allow(321, 1);
    const err = await c.next.getHistogramData(SPY as Contract, true, 2, 'FORTNIGHT' as DurationUnit).catch((e: { code: number; reqId: number }) => e);
    expect(err).toMatchObject({ code: 321, reqId: 1 });
  });
});
