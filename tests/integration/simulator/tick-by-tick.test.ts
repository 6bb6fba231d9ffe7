// Tick-by-tick data from the replayed quotes, with the real @stoqey/ib IBApi and IBApiNext over TCP:
// Last / AllLast / BidAsk / MidPoint agree with what reqMktData reports at the same instant, new
// ticks follow the replay clock, the cancel stops them, indices and a sixth stream are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName, IBApiTickType as T, SecType, TickByTickDataType, type Contract } from '@stoqey/ib';
import { firstValueFrom } from 'rxjs';
import { filter, timeout } from 'rxjs/operators';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { SPY, VIX, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00' });
});
afterAll(async () => {
  await sim.close();
});

/** A reqMktData snapshot's last price of a type. */
async function snapshot(c: IbTestClient, reqId: number, contract: Contract): Promise<(type: number) => number> {
  const at = c.mark();
  c.api.reqMktData(reqId, contract, '', true, false);
  await c.waitFor(EventName.tickSnapshotEnd, (id: number) => id === reqId, { after: at });
  return (type) => c.events(EventName.tickPrice, (id: number, t: number) => id === reqId && t === type, at).at(-1)!.args[2] as number;
}

describe('tick-by-tick data', () => {
  it('IBApiNext.getTickByTickAllLastDataUpdates emits the last trade within 2 s and a new one as the clock moves', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 1 });
    const stream = c.next.getTickByTickAllLastDataUpdates(SPY);
    const ticks: { price?: number; time?: number; size?: number }[] = [];
    const sub = stream.subscribe((t) => ticks.push({ price: t.price, time: t.time, size: t.size }));
    try {
      const first = await firstValueFrom(stream.pipe(timeout(2000)));
      expect(first.price).toBeGreaterThan(100);
      expect(first.exchange).toBe('ARCA');
      const n = ticks.length;
      sim.clock.advance(60_000);
      await firstValueFrom(stream.pipe(filter(() => ticks.length > n)));
      expect(ticks.at(-1)!.time).toBeGreaterThan(ticks[0].time!);
    } finally {
      sub.unsubscribe();
    }
  });

  it('BidAsk and MidPoint agree with reqMktData at the same instant; Last is the last trade; the cancel stops the stream', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    const at = c.mark();
    c.api.reqTickByTickData(11, SPY, TickByTickDataType.BidAsk, 0, false);
    c.api.reqTickByTickData(12, SPY, TickByTickDataType.MidPoint, 0, false);
    c.api.reqTickByTickData(13, SPY, TickByTickDataType.Last, 0, false);
    const [, , bid, ask, bidSize, askSize] = await c.waitFor(EventName.tickByTickBidAsk, (id: number) => id === 11, { after: at, timeoutMs: 2000 });
    const [, , mid] = await c.waitFor(EventName.tickByTickMidPoint, (id: number) => id === 12, { after: at, timeoutMs: 2000 });
    const [, tickType, , price, size] = await c.waitFor(EventName.tickByTickAllLast, (id: number) => id === 13, { after: at, timeoutMs: 2000 });
    const md = await snapshot(c, 14, SPY);
    expect([bid, ask]).toEqual([md(T.BID), md(T.ASK)]);
    expect(bidSize).toBeGreaterThan(0);
    expect(askSize).toBeGreaterThan(0);
    expect(mid).toBeCloseTo((md(T.BID) + md(T.ASK)) / 2, 6);
    expect(tickType).toBe(1);
    expect(price).toBe(md(T.LAST));
    expect(size).toBeGreaterThan(0);

    c.api.cancelTickByTickData(11);
    c.api.cancelTickByTickData(12);
    c.api.cancelTickByTickData(13);
    await c.sync();
    const after = c.mark();
    sim.clock.advance(5 * 60_000);
    await c.sync();
    const names = [EventName.tickByTickBidAsk, EventName.tickByTickMidPoint, EventName.tickByTickAllLast];
    expect(names.flatMap((n) => c.events(n, () => true, after))).toEqual([]);
  });

  it('an index is refused with 10189, a sixth stream with 10190, an unknown tick type with 321, each on its own id', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    c.allow(10189, 20);
    c.allow(10190, 26);
    c.allow(321, 27);
    const at = c.mark();
    c.api.reqTickByTickData(20, VIX, TickByTickDataType.Last, 0, false);
    for (let id = 21; id <= 26; id++) c.api.reqTickByTickData(id, SPY, TickByTickDataType.MidPoint, 0, false);
    c.api.reqTickByTickData(27, { ...SPY, secType: SecType.STK }, 'Trades' as never, 0, false);
    await c.waitForError(10189, 20, { after: at, timeoutMs: 2000 });
    await c.waitForError(10190, 26, { after: at, timeoutMs: 2000 });
    await c.waitForError(321, 27, { after: at, timeoutMs: 2000 });
    expect(c.events(EventName.tickByTickMidPoint, (id: number) => id >= 21 && id <= 25, at).length).toBe(5);
    for (let id = 21; id <= 25; id++) c.api.cancelTickByTickData(id);
    await c.sync();
  });
});
