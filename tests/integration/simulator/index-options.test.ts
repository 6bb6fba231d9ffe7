// Index instruments for an index wheel, with the real @stoqey/ib over TCP: SPX (SPY × 10) and NDX
// (QQQ × 41.06) as IND contracts with market data, bars and head timestamps; SPX's option chain (classes
// SPX and SPXW); a short SPXW put held through expiry is cash-settled (intrinsic × 100, no shares)
// or expires worthless; short index puts carry Reg-T's broad-based index margin.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BarSizeSetting, EventName, IBApiTickType as T, SecType, WhatToShow, type Contract } from '@stoqey/ib';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { newQuote } from '../../../bridge/simulator/market/quotes.ts';
import { BROAD_INDEX_RATE, NAKED_MINIMUM_RATE } from '../../../shared/portfolio/margin.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { ACCOUNT, mkt, waitStatus } from '../../support/ib-orders.ts';
import { SPY, QQQ, startTestSimulator } from '../../support/ib-simulator.ts';

const SPX: Contract = { symbol: 'SPX', secType: SecType.IND, exchange: 'CBOE', currency: 'USD' };
const NDX: Contract = { symbol: 'NDX', secType: SecType.IND, exchange: 'NASDAQ', currency: 'USD' };
const SPX_CONID = 416904;
const SPY_CONID = 756733;
const WEEKLY = 20120106; // an SPXW (weekly) expiry listed on 2012-01-03
const MONTHLY = 20120120; // the January 2012 monthly: class SPX
const cents = (x: number) => Math.round(x * 100) / 100;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00' }); // SPY ~127 → SPX ~1270; QQQ ~55 → NDX ~2260
});
afterAll(async () => {
  await sim.close();
});

function lastTick(c: IbTestClient, reqId: number, type: number, after = 0): number | undefined {
  const ev = c.events(EventName.tickPrice, (id: number, t: number) => id === reqId && t === type, after);
  return ev.length ? (ev[ev.length - 1].args[2] as number) : undefined;
}

describe('SPX and NDX indices', () => {
  it('resolves contract details for SPX (IND on CBOE, conId 416904) and NDX (IND on NASDAQ) with IBApiNext', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 1 });
    const [spx] = await c.next.getContractDetails(SPX);
    expect(spx.contract).toMatchObject({ symbol: 'SPX', secType: 'IND', exchange: 'CBOE', conId: SPX_CONID, currency: 'USD', localSymbol: 'SPX' });
    expect(spx).toMatchObject({ longName: 'S&P 500 Stock Index', minTick: 0.01, validExchanges: 'CBOE', marketRuleIds: '111' });
    const [ndx] = await c.next.getContractDetails(NDX);
    expect(ndx.contract).toMatchObject({ symbol: 'NDX', secType: 'IND', exchange: 'NASDAQ', conId: 416843 });
    const [byId] = await c.next.getContractDetails({ conId: SPX_CONID });
    expect(byId.contract.symbol).toBe('SPX');
    c.allow(200);
    await expect(c.next.getContractDetails({ ...NDX, exchange: 'CBOE' })).rejects.toMatchObject({ code: 200 });
  });

  it('streams SPX as SPY × 10 and NDX as QQQ × 41.06 at the same replay instants (no bid/ask)', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    c.api.reqMktData(1, SPY, '', false, false);
    c.api.reqMktData(2, SPX, '', false, false);
    c.api.reqMktData(3, QQQ, '', false, false);
    c.api.reqMktData(4, NDX, '', false, false);
    await c.sync();
    let moved = 0;
    for (let step = 0; step < 4; step++) {
      const at = c.mark();
      if (step > 0) {
        sim.clock.advance(7 * 60_000);
        await c.sync();
      }
      const spy = lastTick(c, 1, T.LAST)!;
      expect(lastTick(c, 2, T.LAST)).toBe(cents(spy * 10));
      expect(lastTick(c, 4, T.LAST)).toBe(cents(lastTick(c, 3, T.LAST)! * 41.06));
      // Every SPY last change is an SPX last change at the same instant (× 10 is one to one).
      const lasts = (id: number) => c.events(EventName.tickPrice, (r: number, t: number) => r === id && t === T.LAST, at).length;
      expect(lasts(2)).toBe(lasts(1));
      moved += step > 0 ? lasts(2) : 0;
    }
    expect(moved).toBeGreaterThan(0);
    expect(lastTick(c, 2, T.CLOSE)).toBe(cents(lastTick(c, 1, T.CLOSE)! * 10));
    expect(lastTick(c, 2, T.BID)).toBeUndefined();
    expect(lastTick(c, 2, T.ASK)).toBeUndefined();
  });

  it('serves SPX bars as SPY bars × 10 and the same head timestamp as SPY (IBApiNext)', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 3 });
    const spy = await c.next.getHistoricalData(SPY, '', '2 D', BarSizeSetting.MINUTES_THIRTY, WhatToShow.TRADES, 1, 1);
    const spx = await c.next.getHistoricalData(SPX, '', '2 D', BarSizeSetting.MINUTES_THIRTY, WhatToShow.TRADES, 1, 1);
    expect(spx.length).toBe(spy.length);
    expect(spx.length).toBeGreaterThan(10);
    spx.forEach((b, i) => {
      expect(b.time).toBe(spy[i].time);
      for (const f of ['open', 'high', 'low', 'close'] as const) expect(Math.abs(b[f]! - spy[i][f]! * 10)).toBeLessThanOrEqual(0.051);
    });
    const daily = await c.next.getHistoricalData(SPX, '', '5 D', BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 1);
    expect(daily.at(-2)!.close).toBeGreaterThan(1000);
    expect(await c.next.getHeadTimestamp(SPX, WhatToShow.TRADES, true, 1)).toBe(await c.next.getHeadTimestamp(SPY, WhatToShow.TRADES, true, 1));
  });

  it('finds SPX and NDX by symbol search (reqMatchingSymbols), SPX with options as a derivative type', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 5 });
    const found = await c.next.getMatchingSymbols('SP');
    expect(found.find((d) => d.contract?.symbol === 'SPX')).toMatchObject({ contract: { secType: 'IND', conId: SPX_CONID }, derivativeSecTypes: ['OPT'] });
    const ndx = await c.next.getMatchingSymbols('NDX');
    expect(ndx[0]).toMatchObject({ contract: { symbol: 'NDX', secType: 'IND' }, derivativeSecTypes: [] });
  });

  it('refuses an order on the index itself with 201, like TWS', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 4 });
    c.allow(201, 7);
    c.api.placeOrder(7, { ...SPX }, mkt('BUY', 1));
    const [err] = await c.waitForError(201, 7);
    expect((err as Error).message).toMatch(/IND/);
  });
});

describe('SPX options', () => {
  it('lists the SPX and SPXW classes on SMART and CBOE with $5 strikes (reqSecDefOptParams); NDX lists none', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 11 });
    const chains = await c.next.getSecDefOptParams('SPX', '', SecType.IND, SPX_CONID);
    expect(chains.map((r) => `${r.exchange}:${r.tradingClass}`).sort()).toEqual(['CBOE:SPX', 'CBOE:SPXW', 'SMART:SPX', 'SMART:SPXW']);
    const spx = chains.find((r) => r.exchange === 'CBOE' && r.tradingClass === 'SPX')!;
    const spxw = chains.find((r) => r.exchange === 'CBOE' && r.tradingClass === 'SPXW')!;
    expect(spx.underlyingConId).toBe(SPX_CONID);
    expect(spx.multiplier).toBe(100);
    expect(spx.expirations).toContain(String(MONTHLY));
    expect(spx.expirations).not.toContain(String(WEEKLY));
    expect(spxw.expirations.slice(0, 2)).toEqual([String(WEEKLY), '20120113']);
    expect(spxw.expirations).not.toContain(String(MONTHLY));
    // Around SPX ≈ 1255 (SPY's 2011-12-30 close × 10): every $5 near the money, $25 further out.
    for (let k = 1200; k <= 1300; k += 5) expect(spxw.strikes).toContain(k);
    expect(spxw.strikes.every((k) => k % 5 === 0)).toBe(true);
    expect(spx.strikes).toContain(700); // LEAPS reach ±60 % on $25 steps
    expect(spx.strikes).not.toContain(705);
    expect(await c.next.getSecDefOptParams('NDX', '', SecType.IND, 416843)).toEqual([]);
  });

  it('describes an SPXW put (European, cash-settled, class SPXW on CBOE, underlying the SPX index) and finds it by conId', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 12 });
    const put: Contract = { symbol: 'SPX', secType: SecType.OPT, exchange: 'CBOE', currency: 'USD', lastTradeDateOrContractMonth: String(WEEKLY), strike: 1250, right: 'P' as never, tradingClass: 'SPXW' };
    const [d] = await c.next.getContractDetails(put);
    expect(d.contract).toMatchObject({ symbol: 'SPX', secType: 'OPT', exchange: 'CBOE', tradingClass: 'SPXW', localSymbol: 'SPXW  120106P01250000', multiplier: 100, strike: 1250, right: 'P' });
    expect(d).toMatchObject({ underConId: SPX_CONID, underSymbol: 'SPX', underSecType: 'IND', validExchanges: 'SMART,CBOE', marketRuleIds: '9001,9001', minTick: 0.05 });
    const [again] = await c.next.getContractDetails({ conId: d.contract.conId! });
    expect(again.contract.localSymbol).toBe('SPXW  120106P01250000');
    const [byOcc] = await c.next.getContractDetails({ secType: SecType.OPT, localSymbol: 'SPXW  120106P01250000', exchange: 'SMART', currency: 'USD' });
    expect(byOcc.contract.conId).toBe(d.contract.conId);
    const monthly = await c.next.getContractDetails({ symbol: 'SPX', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: String(MONTHLY), strike: 1250 });
    expect(monthly.map((m) => m.contract.tradingClass)).toEqual(['SPX', 'SPX']);
    c.allow(200);
    // The weekly is not in class SPX; a non-$5 strike is not listed.
    await expect(c.next.getContractDetails({ ...put, tradingClass: 'SPX' })).rejects.toMatchObject({ code: 200 });
    await expect(c.next.getContractDetails({ ...put, strike: 1252 })).rejects.toMatchObject({ code: 200 });
  });

  it('quotes SPX options on the SPX level (underlying price tick = SPY × 10)', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 13 });
    const spx = sim.state.catalogue.index('SPX')!;
    const opt = sim.state.catalogue.option(spx, WEEKLY, 1250, 'P')!;
    c.api.reqMktData(21, { conId: opt.conId, exchange: 'CBOE' }, '', false, false);
    c.api.reqMktData(22, SPY, '', false, false);
    await c.sync();
    const bid = lastTick(c, 21, T.BID)!;
    const ask = lastTick(c, 21, T.ASK)!;
    expect(ask).toBeGreaterThan(bid);
    // Cboe's SPX class ticks: $0.05 below $3, $0.10 from $3 (not the $0.01 / $0.05 of equity options).
    for (const p of [bid, ask]) {
      const tick = p < 3 ? 0.05 : 0.1;
      expect(Math.abs(p / tick - Math.round(p / tick))).toBeLessThan(1e-6);
    }
    const comp = c.events(EventName.tickOptionComputation, (id: number, t: number) => id === 21 && t === T.MODEL_OPTION).at(-1)!;
    expect(comp.args[comp.args.length - 1] as number).toBeCloseTo(lastTick(c, 22, T.LAST)! * 10, 1);
    // An order price off that grid is refused with 110 (an equity option could trade at x.x5 above $3).
    const offGrid = Math.floor(Math.max(ask, 3.2) * 10) / 10 + 0.05;
    const at = c.mark();
    c.allow(110, 31);
    c.api.placeOrder(31, { conId: opt.conId, exchange: 'CBOE' }, { action: 'SELL', orderType: 'LMT', totalQuantity: 1, lmtPrice: offGrid, tif: 'DAY', transmit: true } as never);
    await c.waitForError(110, 31, { after: at });
  });

  it('serves SPXW option bars priced on the SPX level (IBApiNext)', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 14 });
    const put: Contract = { symbol: 'SPX', secType: SecType.OPT, exchange: 'CBOE', currency: 'USD', lastTradeDateOrContractMonth: String(WEEKLY), strike: 1250, right: 'P' as never, tradingClass: 'SPXW' };
    const bars = await c.next.getHistoricalData(put, '', '1 D', BarSizeSetting.MINUTES_FIFTEEN, WhatToShow.TRADES, 1, 1);
    expect(bars.length).toBeGreaterThan(0);
    // A put 20 points below SPX ≈ 1270 with three days left: worth a few points, far from the strike-sized value a SPY-level price would give.
    for (const b of bars) {
      expect(b.close!).toBeGreaterThan(0.05);
      expect(b.close!).toBeLessThan(40);
    }
  });
});

describe('SPX option expiry and margin', () => {
  async function setup() {
    const s = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => s.close());
    const c = await IbTestClient.connect({ port: s.port, clientId: 1 });
    const cat = s.state.catalogue;
    const spx = cat.index('SPX')!;
    const closeSpx = s.state.quotes.level(spx, easternToUtc(WEEKLY, 16 * 60) - 1);
    const strikes = cat.chain(spx, s.clock.now())!.expiry(WEEKLY)!.strikes;
    return { s, c, cat, spx, closeSpx, strikes };
  }

  it('a short SPXW put in the money is cash-settled at expiry (cash down by intrinsic × 100, no shares); one out of the money expires worthless', async () => {
    const { s, c, cat, spx, closeSpx, strikes } = await setup();
    expect(closeSpx).toBe(cents(s.state.quotes.price(cat.underlying('SPY')!, easternToUtc(WEEKLY, 16 * 60) - 1) * 10));
    const itmK = strikes.find((k) => k >= closeSpx + 10)!;
    const otmK = [...strikes].reverse().find((k) => k <= closeSpx - 10)!;
    const itm = cat.option(spx, WEEKLY, itmK, 'P')!;
    const otm = cat.option(spx, WEEKLY, otmK, 'P')!;
    c.api.placeOrder(1, { conId: itm.conId, exchange: 'CBOE' }, mkt('SELL', 1));
    c.api.placeOrder(2, { conId: otm.conId, exchange: 'CBOE' }, mkt('SELL', 2));
    await waitStatus(c, 1, 'Filled', 0);
    await waitStatus(c, 2, 'Filled', 0);
    const ledger = s.broker.ledger(ACCOUNT);
    expect(s.broker.positionByConId(ACCOUNT, itm.conId)?.qty).toBe(-1);
    const cashBefore = ledger.cash;

    c.api.reqPositions();
    await c.waitFor(EventName.positionEnd, () => true, { after: 0 });
    const at = c.mark();
    s.clock.advanceTo(easternToUtc(20120109, 10 * 60));
    await c.sync();

    const intrinsic = itmK - closeSpx;
    expect(intrinsic).toBeGreaterThan(0);
    expect(s.broker.positionByConId(ACCOUNT, itm.conId)).toBeUndefined();
    expect(s.broker.positionByConId(ACCOUNT, otm.conId)).toBeUndefined();
    expect(ledger.cash).toBeCloseTo(cashBefore - intrinsic * 100, 6);
    expect(ledger.open()).toEqual([]); // nothing delivered: no SPY, no SPX
    expect(s.broker.positionByConId(ACCOUNT, SPY_CONID)).toBeUndefined();
    expect(s.broker.positionByConId(ACCOUNT, SPX_CONID)).toBeUndefined();
    const rows = c.events(EventName.position, () => true, at).map((e) => [(e.args[1] as { conId: number }).conId, e.args[2]]);
    expect(rows).toEqual(expect.arrayContaining([[itm.conId, 0], [otm.conId, 0]]));
    expect(rows.some(([conId]) => conId === SPY_CONID || conId === SPX_CONID)).toBe(false);
  });

  it('a short SPX put needs Reg-T broad-based index margin: (value + max(15 % × SPX − OTM, 10 % × strike)) × 100, not the strike', async () => {
    const { s, c, cat, spx, strikes } = await setup();
    const level = s.state.quotes.level(spx, s.clock.now());
    const k = [...strikes].reverse().find((x) => x <= level - 50)!; // 50+ points out of the money
    const put = cat.option(spx, WEEKLY, k, 'P')!;
    c.api.placeOrder(1, { conId: put.conId, exchange: 'SMART' }, mkt('SELL', 1));
    await waitStatus(c, 1, 'Filled', 0);
    const t = s.clock.now();
    const mark = s.broker.marks.mark(put.conId, t);
    const spot = s.state.quotes.quote(spx, t, newQuote()).last;
    const expected = (mark + Math.max(BROAD_INDEX_RATE * spot - (spot - k), NAKED_MINIMUM_RATE * k)) * 100;
    c.api.reqAccountUpdates(true, ACCOUNT);
    const [, value] = await c.waitFor(EventName.updateAccountValue, (key: string) => key === 'InitMarginReq', { after: 0 });
    expect(Number(value)).toBeCloseTo(expected, 0);
    expect(Number(value)).toBeLessThan(k * 100 * 0.5); // far below a cash-secured equity put
  });
});
