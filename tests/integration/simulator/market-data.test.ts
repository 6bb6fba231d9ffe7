// Streaming and snapshot market data, delayed data, greeks, generic ticks and the line limit, with
// IBApi and IBApiNext over TCP. Time moves only through the step clock; sync() is the barrier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName, IBApiNextTickType, IBApiTickType as T, MarketDataType, SecType, type Contract } from '@stoqey/ib';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { SPY, VIX, nextSimulatorEvent, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00' });
});
afterAll(async () => {
  await sim.close();
});

const SPY_CALL: Contract = { symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20120120', strike: 127, right: 'C' as never };
const SPY_PUT: Contract = { ...SPY_CALL, right: 'P' as never };

/** The latest tickPrice value of a type for a request (after a mark). */
function lastPrice(c: IbTestClient, reqId: number, type: number, after = 0): number | undefined {
  const ev = c.events(EventName.tickPrice, (id: number, t: number) => id === reqId && t === type, after);
  return ev.length ? (ev[ev.length - 1].args[2] as number) : undefined;
}

function lastSize(c: IbTestClient, reqId: number, type: number, after = 0): number | undefined {
  const ev = c.events(EventName.tickSize, (id: number, t: number) => id === reqId && t === type, after);
  return ev.length ? (ev[ev.length - 1].args[2] as number) : undefined;
}

describe('streaming stock quotes (IBApi)', () => {
  it('sends type, params, then bid/ask/last/sizes/volume/high/low/close/open, and changes as the clock moves', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    c.api.reqMktData(1, SPY as Contract, '', false, false);
    await c.sync();
    expect(c.events(EventName.marketDataType)[0].args).toEqual([1, 1]);
    expect(c.events(EventName.tickReqParams)).toHaveLength(1);
    const bid = lastPrice(c, 1, T.BID)!;
    const ask = lastPrice(c, 1, T.ASK)!;
    const last = lastPrice(c, 1, T.LAST)!;
    expect(bid).toBeLessThan(ask);
    expect(bid).toBeLessThanOrEqual(last);
    expect(last).toBeLessThanOrEqual(ask);
    expect(lastSize(c, 1, T.BID_SIZE)).toBeGreaterThan(0);
    expect(lastSize(c, 1, T.ASK_SIZE)).toBeGreaterThan(0);
    expect(lastSize(c, 1, T.VOLUME)).toBeGreaterThan(0);
    expect(lastPrice(c, 1, T.CLOSE)).toBe(125.5); // 2011-12-30 close in SPY_1d.csv
    expect(lastPrice(c, 1, T.OPEN)).toBe(127.76); // 2012-01-03 open (127.760002)
    expect(lastPrice(c, 1, T.HIGH)!).toBeGreaterThanOrEqual(lastPrice(c, 1, T.LOW)!);
    expect(c.events(EventName.tickString, (id: number, t: number) => id === 1 && t === T.LAST_TIMESTAMP)[0].args[2]).toBe(String(sim.clock.now() / 1000));

    const at = c.mark();
    const volumeBefore = lastSize(c, 1, T.VOLUME)!;
    sim.clock.advance(5 * 60_000);
    await c.sync();
    expect(c.events(EventName.tickPrice, (id: number) => id === 1, at).length + c.events(EventName.tickSize, (id: number) => id === 1, at).length).toBeGreaterThan(0);
    expect(lastSize(c, 1, T.VOLUME, at)).toBeGreaterThan(volumeBefore);

    // Cancel: no more ticks for that id, the line is released.
    c.api.cancelMktData(1);
    await c.sync();
    const after = c.mark();
    sim.clock.advance(60_000);
    await c.sync();
    expect(c.events(EventName.tickPrice, (id: number) => id === 1, after)).toHaveLength(0);
    expect(sim.clients().find((x) => x.clientId === 1)?.marketDataLines).toBe(0);
  });

  it('answers a duplicate request id with 322 and a cancel of an unknown id with 300', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    c.allow(322, 5);
    c.allow(300, 6);
    c.api.reqMktData(5, SPY as Contract, '', false, false);
    c.api.reqMktData(5, SPY as Contract, '', false, false);
    await c.waitForError(322, 5);
    c.api.cancelMktData(6);
    await c.waitForError(300, 6);
  });

  it('answers an unknown contract with 200 and an ambiguous option with 200', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    c.allow(200);
    c.api.reqMktData(7, { symbol: 'NOPE', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, '', false, false);
    await c.waitForError(200, 7);
    c.api.reqMktData(8, { symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20120120' }, '', false, false);
    const [err] = await c.waitForError(200, 8);
    expect((err as Error).message).toMatch(/ambiguous/);
  });

  it('streams VIX (synthesised from SPY) as an index: a plausible last price, no bid/ask', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 4 });
    c.api.reqMktData(9, VIX as Contract, '', false, false);
    await c.sync();
    const vix = lastPrice(c, 9, T.LAST)!;
    expect(vix).toBeGreaterThan(8);
    expect(vix).toBeLessThan(80);
    expect(lastPrice(c, 9, T.BID)).toBeUndefined();
    expect(lastPrice(c, 9, T.CLOSE)).toBeGreaterThan(8);
  });

  it('fills the generic ticks it knows (100,101,104,106,221,233,236) and ignores the others', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 5 });
    c.api.reqMktData(10, SPY as Contract, '100,101,104,106,221,233,236,999', false, false);
    await c.sync();
    const generic = c.events(EventName.tickGeneric, (id: number) => id === 10).map((e) => e.args[1]);
    expect(generic).toEqual(expect.arrayContaining([T.OPTION_HISTORICAL_VOL, T.OPTION_IMPLIED_VOL, T.SHORTABLE, T.HALTED]));
    const sizes = c.events(EventName.tickSize, (id: number) => id === 10).map((e) => e.args[1]);
    expect(sizes).toEqual(expect.arrayContaining([T.OPTION_CALL_OPEN_INTEREST, T.OPTION_PUT_OPEN_INTEREST, T.OPTION_CALL_VOLUME, T.OPTION_PUT_VOLUME]));
    expect(lastPrice(c, 10, T.MARK_PRICE)).toBeGreaterThan(0);
    const rt = c.events(EventName.tickString, (id: number, t: number) => id === 10 && t === T.RT_VOLUME);
    expect(String(rt[0].args[2])).toMatch(/^[\d.]+;\d+;\d+;\d+;[\d.]+;true$/);
    const hv = c.events(EventName.tickGeneric, (id: number, t: number) => id === 10 && t === T.OPTION_HISTORICAL_VOL)[0].args[2] as number;
    expect(hv).toBeGreaterThan(0.03);
    expect(hv).toBeLessThan(1);
  });
});

describe('snapshots', () => {
  it('IBApi: the current ticks then tickSnapshotEnd, without holding a line', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 11 });
    c.api.reqMktData(21, SPY as Contract, '', true, false);
    await c.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 21);
    expect(lastPrice(c, 21, T.LAST)).toBeGreaterThan(0);
    expect(sim.clients().find((x) => x.clientId === 11)?.marketDataLines).toBe(0);
  });

  it('IBApiNext: getMarketDataSnapshot resolves with bid, ask and last', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 12 });
    const snap = await c.next.getMarketDataSnapshot(SPY as Contract, '', false);
    const bid = snap.get(T.BID)!.value!;
    const ask = snap.get(T.ASK)!.value!;
    expect(bid).toBeLessThan(ask);
    expect(snap.get(T.BID_SIZE)?.value).toBeGreaterThan(0);
    expect(snap.get(T.LAST)!.value).toBeGreaterThanOrEqual(bid);
  });
});

describe('streaming (IBApiNext)', () => {
  it('getMarketData streams updates as the clock moves, and unsubscribing sends a cancel that frees the line', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 13 });
    const seen: number[] = [];
    const sub = c.next.getMarketData(SPY as Contract, '', false, false).subscribe((u) => {
      const last = u.all.get(T.LAST)?.value;
      if (last !== undefined) seen.push(last);
    });
    await nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 13 && id === 1);
    for (let i = 0; i < 5; i++) sim.clock.advance(120_000);
    await c.next.getCurrentTime(); // barrier
    expect(seen.length).toBeGreaterThan(1);
    const cancelled = nextSimulatorEvent(sim, 'request', (s: { clientId: number }, id: number) => s.clientId === 13 && id === 2);
    sub.unsubscribe();
    await cancelled;
    expect(sim.clients().find((x) => x.clientId === 13)?.marketDataLines).toBe(0);
  });
});

describe('delayed market data (type 3)', () => {
  it('IBApi: sends the delayed tick types, lagging the clock by 15 minutes', async () => {
    const live = await IbTestClient.connect({ port: sim.port, clientId: 21 });
    live.api.reqMktData(31, SPY as Contract, '', true, false);
    await live.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 31);
    const liveLast = lastPrice(live, 31, T.LAST);

    sim.clock.advance(15 * 60_000);
    const c = await IbTestClient.connect({ port: sim.port, clientId: 22 });
    c.api.reqMarketDataType(MarketDataType.DELAYED);
    c.api.reqMktData(32, SPY as Contract, '', false, false);
    await c.sync();
    expect(c.events(EventName.marketDataType)[0].args).toEqual([32, 3]);
    const types = new Set(c.events(EventName.tickPrice, (id: number) => id === 32).map((e) => e.args[1] as number));
    expect([...types].sort((a, b) => a - b)).toEqual([T.DELAYED_BID, T.DELAYED_ASK, T.DELAYED_LAST, T.DELAYED_HIGH, T.DELAYED_LOW, T.DELAYED_CLOSE, T.DELAYED_OPEN]);
    expect(lastPrice(c, 32, T.DELAYED_LAST)).toBe(liveLast);
    expect(c.events(EventName.tickString, (id: number, t: number) => id === 32 && t === T.DELAYED_LAST_TIMESTAMP)).toHaveLength(1);
    expect(lastSize(c, 32, T.DELAYED_VOLUME)).toBeGreaterThan(0);
  });

  it('IBApiNext: setMarketDataType(3) and a snapshot give delayed ticks', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 23 });
    c.next.setMarketDataType(MarketDataType.DELAYED);
    const snap = await c.next.getMarketDataSnapshot(SPY as Contract, '', false);
    expect(snap.get(T.DELAYED_BID)?.value).toBeGreaterThan(0);
    expect(snap.get(T.DELAYED_LAST)?.value).toBeGreaterThan(0);
    expect(snap.has(T.BID)).toBe(false);
  });
});

describe('options: quotes and greeks', () => {
  it('IBApi: bid/ask/last/model option computations with plausible Black–Scholes greeks', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 31 });
    c.api.reqMktData(41, SPY_CALL, '101,106', false, false);
    c.api.reqMktData(42, SPY, '', true, false);
    await c.sync();
    const comps = c.events(EventName.tickOptionComputation, (id: number) => id === 41).map((e) => e.args);
    expect(new Set(comps.map((a) => a[1]))).toEqual(new Set([T.BID_OPTION, T.ASK_OPTION, T.LAST_OPTION, T.MODEL_OPTION]));
    const [, , attrib, iv, delta, price, pvDiv, gamma, vega, theta, und] = comps.find((a) => a[1] === T.MODEL_OPTION)! as number[];
    expect(attrib).toBe(1);
    expect(iv).toBeGreaterThan(0.05);
    expect(iv).toBeLessThan(1);
    expect(delta).toBeGreaterThan(0.2);
    expect(delta).toBeLessThan(0.9);
    expect(gamma).toBeGreaterThan(0);
    expect(vega).toBeGreaterThan(0);
    expect(theta).toBeLessThan(0);
    expect(pvDiv).toBeGreaterThanOrEqual(0);
    expect(Math.abs(und - lastPrice(c, 42, T.LAST)!)).toBeLessThan(0.02);
    const bid = lastPrice(c, 41, T.BID)!;
    const ask = lastPrice(c, 41, T.ASK)!;
    expect(bid).toBeLessThanOrEqual(price);
    expect(price).toBeLessThanOrEqual(ask);
    // the bid's computation carries the volatility implied by the bid price, below the ask's
    const bidIv = comps.find((a) => a[1] === T.BID_OPTION)![3] as number;
    const askIv = comps.find((a) => a[1] === T.ASK_OPTION)![3] as number;
    expect(bidIv).toBeLessThan(askIv);
    expect(c.events(EventName.tickSize, (id: number, t: number) => id === 41 && t === T.OPTION_CALL_OPEN_INTEREST)).toHaveLength(1);
    // greeks move with the underlying
    const at = c.mark();
    sim.clock.advance(10 * 60_000);
    await c.sync();
    expect(c.events(EventName.tickOptionComputation, (id: number, t: number) => id === 41 && t === T.MODEL_OPTION, at).length).toBeGreaterThan(0);
  });

  it('puts have negative delta, and far strikes quote wider spreads (relative to the premium) than at the money', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 32 });
    c.api.reqMktData(43, SPY_PUT, '', true, false);
    c.api.reqMktData(44, { ...SPY_PUT, lastTradeDateOrContractMonth: '20120316', strike: 110 }, '', true, false); // 2012-03-16 monthly, far OTM put
    c.api.reqMktData(45, { ...SPY_PUT, lastTradeDateOrContractMonth: '20120316', strike: 127 }, '', true, false);
    await c.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 45);
    await c.sync();
    const delta = c.events(EventName.tickOptionComputation, (id: number, t: number) => id === 43 && t === T.MODEL_OPTION)[0].args[4] as number;
    expect(delta).toBeLessThan(0);
    expect(delta).toBeGreaterThan(-1);
    const rel = (id: number) => {
      const b = lastPrice(c, id, T.BID)!;
      const a = lastPrice(c, id, T.ASK)!;
      return (a - b) / ((a + b) / 2);
    };
    expect(rel(44)).toBeGreaterThan(rel(45));
  });

  it('delayed option data uses the delayed computation types 80–83', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 33 });
    c.api.reqMarketDataType(MarketDataType.DELAYED);
    c.api.reqMktData(46, SPY_CALL, '', true, false);
    await c.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 46);
    const types = new Set(c.events(EventName.tickOptionComputation, (id: number) => id === 46).map((e) => e.args[1]));
    expect(types).toEqual(new Set([T.DELAYED_BID_OPTION, T.DELAYED_ASK_OPTION, T.DELAYED_LAST_OPTION, T.DELAYED_MODEL_OPTION]));
  });

  it('IBApiNext: an option snapshot carries model greeks and the underlying price', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 34 });
    const snap = await c.next.getMarketDataSnapshot(SPY_CALL, '', false);
    expect(snap.get(IBApiNextTickType.MODEL_OPTION_DELTA)?.value).toBeGreaterThan(0);
    expect(snap.get(IBApiNextTickType.MODEL_OPTION_GAMMA)?.value).toBeGreaterThan(0);
    expect(snap.get(IBApiNextTickType.MODEL_OPTION_THETA)?.value).toBeLessThan(0);
    expect(snap.get(IBApiNextTickType.OPTION_UNDERLYING)?.value).toBeGreaterThan(100);
    expect(snap.get(IBApiNextTickType.BID_OPTION_IV)?.value).toBeGreaterThan(0);
  });
});

describe('the SPY 1-minute replay', () => {
  it('quotes follow the real minute bars: path price, running high/low and exact volume', async () => {
    const minuteSim = await startTestSimulator({ start: '2024-02-20' });
    try {
      const c = await IbTestClient.connect({ port: minuteSim.port, clientId: 41 });
      c.api.reqMktData(51, SPY as Contract, '', false, false);
      await c.sync();
      expect(lastPrice(c, 51, T.LAST)).toBe(497.72); // the 09:30 bar's open
      minuteSim.clock.advance(30_000); // halfway: open 497.72 → low 497.60 → high 497.9234 → close 497.89
      await c.sync();
      expect(lastPrice(c, 51, T.LAST)).toBe(497.76);
      expect(lastPrice(c, 51, T.LOW)).toBe(497.6);
      minuteSim.clock.advance(30_000); // 09:31:00: the first bar is complete
      await c.sync();
      expect(lastPrice(c, 51, T.HIGH)).toBe(497.92);
      expect(lastSize(c, 51, T.VOLUME)).toBe(562464);
    } finally {
      await minuteSim.close();
    }
  });
});

describe('market data lines (101)', () => {
  it('IBApi: the 101st simultaneous streaming line is refused with 101 on its request id; cancelling frees one', async () => {
    const limited = await startTestSimulator({ start: '2012-01-03T10:00' });
    try {
      const c = await IbTestClient.connect({ port: limited.port, clientId: 51 });
      const d = await IbTestClient.connect({ port: limited.port, clientId: 52 });
      c.allow(101, 1101);
      for (let i = 0; i < 60; i++) c.api.reqMktData(1000 + i, SPY as Contract, '', false, false);
      for (let i = 0; i < 40; i++) d.api.reqMktData(2000 + i, SPY as Contract, '', false, false);
      await c.sync();
      await d.sync();
      c.api.reqMktData(1101, SPY as Contract, '', false, false);
      await c.waitForError(101, 1101);
      c.api.reqMktData(1102, SPY as Contract, '', true, false); // snapshots need no line
      await c.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 1102);
      d.api.cancelMktData(2000);
      await d.sync();
      c.api.reqMktData(1103, SPY as Contract, '', false, false);
      await c.sync();
      expect(lastPrice(c, 1103, T.LAST)).toBeGreaterThan(0);
      expect(limited.state.linesInUse()).toBe(100);
    } finally {
      await limited.close();
    }
  });

  it('IBApiNext: with the lines exhausted by the fault switch, getMarketData errors with 101', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 53 });
    sim.faults.setMarketDataLines(0);
    try {
      c.allow(101);
      c.allow(300); // IBApiNext cancels the failed subscription; TWS answers "Can't find EId"
      const err = await firstValueFrom(
        c.next.getMarketData(SPY as Contract, '', false, false).pipe(filter(() => false)),
      ).catch((e: { code: number }) => e);
      expect((err as { code: number }).code).toBe(101);
    } finally {
      sim.faults.reset();
    }
  });
});
