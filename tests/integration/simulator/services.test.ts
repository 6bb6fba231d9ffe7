// The informational requests a paper TWS answers, with the real @stoqey/ib IBApiNext and IBApi over
// TCP: market rules (the tick ladders order validation uses, for every id contract details
// advertise), scanner parameters, news, WSH, user info, family codes, depth exchanges, SMART
// components, soft dollar tiers and the option calculator. Each call resolves within 2 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName, IBApiTickType as T, SecType, type Contract } from '@stoqey/ib';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { marketRule } from '../../../bridge/simulator/market/market-rules.ts';
import type { Listing } from '../../../bridge/simulator/market/listed.ts';
import type { ContractQuery } from '../../../bridge/simulator/wire/requests.ts';
import { minTick, tickLadder } from '../../../shared/broker/ibkr-rules.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00' });
});
afterAll(async () => {
  await sim.close();
});

const WITHIN = 2000;

/** Resolves with the promise's value, or fails the test if it takes longer than 2 s. */
function within<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not resolve within ${WITHIN} ms`)), WITHIN))]);
}

const query = (q: Partial<ContractQuery>): ContractQuery => ({
  conId: 0, symbol: '', secType: '', lastTradeDateOrContractMonth: '', strike: undefined, right: '', multiplier: '', exchange: '', primaryExch: '',
  currency: '', localSymbol: '', tradingClass: '', includeExpired: false, ...q,
});

/** Every instrument the catalogue lists now: stocks, indices and every option of their chains. */
function everyListing(): Listing[] {
  const cat = sim.state.catalogue;
  const now = sim.clock.now();
  const out: Listing[] = [];
  for (const s of cat.stocks) out.push(...cat.match(query({ symbol: s.symbol, secType: 'STK' }), now), ...cat.match(query({ symbol: s.symbol, secType: 'OPT' }), now));
  for (const symbol of ['VIX', 'SPX', 'NDX']) out.push(...cat.match(query({ symbol, secType: 'IND' }), now), ...cat.match(query({ symbol, secType: 'OPT' }), now));
  return out;
}

describe('market rules', () => {
  it('every marketRuleId a contract advertises is answerable, with the ladder order validation uses for that contract', () => {
    const now = sim.clock.now();
    const listings = everyListing();
    const kinds = new Set(listings.map((l) => l.secType));
    expect([...kinds].sort()).toEqual(['IND', 'OPT', 'STK']);
    const seen = new Set<string>();
    for (const inst of listings) {
      const ids = sim.state.catalogue.details(inst, '', now).marketRuleIds.split(',');
      for (const id of new Set(ids)) {
        const ladder = marketRule(Number(id));
        expect(ladder, `${inst.symbol} ${inst.secType} advertises market rule ${id}`).toBeDefined();
        expect(ladder, `rule ${id} of ${inst.symbol} ${inst.secType} vs the shared tick rule`).toEqual(tickLadder(inst));
        seen.add(`${inst.secType}:${id}`);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(4); // stocks, VIX, penny and non-penny option classes
  });

  it('IBApiNext.getMarketRule resolves for each advertised id, and the ladder gives minTick at every edge', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 1 });
    const now = sim.clock.now();
    const byId = new Map<number, Listing>();
    for (const inst of everyListing()) for (const id of sim.state.catalogue.details(inst, '', now).marketRuleIds.split(',')) byId.set(Number(id), inst);
    for (const [id, inst] of byId) {
      const ladder = await within(c.next.getMarketRule(id), `getMarketRule(${id})`);
      expect(ladder.length).toBeGreaterThan(0);
      for (const step of ladder) {
        expect(minTick(inst, step.lowEdge!), `rule ${id} at ${step.lowEdge}`).toBe(step.increment);
        expect(minTick(inst, step.lowEdge! + 0.5 * step.increment!)).toBe(step.increment);
      }
    }
    expect(await within(c.next.getMarketRule(26), 'getMarketRule(26)')).toEqual([
      { lowEdge: 0, increment: 0.0001 },
      { lowEdge: 1, increment: 0.01 },
    ]);
  });

  it('an unknown rule id resolves (empty ladder) instead of hanging, after TWS’s 321 notice on id -1', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 2 });
    expect(await within(c.next.getMarketRule(4242), 'getMarketRule(4242)')).toEqual([]);
    // The notice is written before the rule, in the same flush: it has been decoded by now.
    expect(c.ledger.infos.filter((i) => i.code === 321).map((i) => i.message)).toEqual([expect.stringContaining('market rule id 4242')]);
  });
});

describe('informational requests resolve within 2 s', () => {
  it('IBApiNext: getScannerParameters, getUserInfo, getMarketDepthExchanges', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 3 });
    const xml = await within(c.next.getScannerParameters(), 'getScannerParameters');
    for (const code of ['MOST_ACTIVE', 'TOP_PERC_GAIN', 'TOP_PERC_LOSE', 'HOT_BY_VOLUME', 'OPT_VOLUME_MOST_ACTIVE', 'HIGH_OPT_VOLUME_PUT_CALL_RATIO']) {
      expect(xml).toContain(`<scanCode>${code}</scanCode>`);
    }
    expect(xml).toContain('<locationCode>STK.US.MAJOR</locationCode>');
    expect(await within(c.next.getUserInfo(), 'getUserInfo')).toBe('');
    expect(await within(c.next.getMarketDepthExchanges(), 'getMarketDepthExchanges')).toEqual([]);
  });

  it('IBApi: news providers (none), historical news (end, no more), an article (10172), bulletins accepted', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 4 });
    c.allow(10172, 12);
    let at = c.mark();
    c.api.reqNewsProviders();
    expect((await c.waitFor(EventName.newsProviders, () => true, { after: at, timeoutMs: WITHIN }))[0]).toEqual([]);
    at = c.mark();
    c.api.reqHistoricalNews(11, 756733, 'BRFG+DJNL', '', '', 10);
    expect(await c.waitFor(EventName.historicalNewsEnd, (id: number) => id === 11, { after: at, timeoutMs: WITHIN })).toEqual([11, false]);
    expect(c.events(EventName.historicalNews, () => true, at)).toEqual([]);
    at = c.mark();
    c.api.reqNewsArticle(12, 'BRFG', 'BRFG$04fb9da2');
    const [err] = await c.waitForError(10172, 12, { after: at, timeoutMs: WITHIN });
    expect((err as Error).message).toMatch(/news article/);
    c.api.reqNewsBulletins(true);
    c.api.cancelNewsBulletins();
    await c.sync();
    expect(c.events(EventName.updateNewsBulletin, () => true, at)).toEqual([]);
  });

  it('IBApi: WSH metadata and event data (empty JSON), family codes, SMART components, soft dollar tiers', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 5 });
    let at = c.mark();
    c.api.reqWshMetaData(21);
    const [, meta] = await c.waitFor(EventName.wshMetaData, (id: number) => id === 21, { after: at, timeoutMs: WITHIN });
    expect(JSON.parse(meta as string)).toMatchObject({ event_types: [], filters: [] });
    c.api.reqCancelWshMetaData(21);
    at = c.mark();
    c.api.reqWshEventData(22, { conId: 756733 } as never);
    const [, events] = await c.waitFor(EventName.wshEventData, (id: number) => id === 22, { after: at, timeoutMs: WITHIN });
    expect(JSON.parse(events as string)).toEqual([]);
    at = c.mark();
    c.api.reqFamilyCodes();
    expect((await c.waitFor(EventName.familyCodes, () => true, { after: at, timeoutMs: WITHIN }))[0]).toEqual([{ accountID: 'DU1234567', familyCode: '' }]);
    at = c.mark();
    c.api.reqSmartComponents(23, '9c0001');
    const [, components] = await c.waitFor(EventName.smartComponents, (id: number) => id === 23, { after: at, timeoutMs: WITHIN });
    const exchanges = [...(components as Map<number, [string, string]>).values()].map(([e]) => e);
    expect(exchanges).toEqual(expect.arrayContaining(['NYSE', 'ARCA', 'NASDAQ', 'IEX']));
    expect(exchanges).not.toContain('SMART');
    at = c.mark();
    c.api.reqSoftDollarTiers(24);
    expect(await c.waitFor(EventName.softDollarTiers, (id: number) => id === 24, { after: at, timeoutMs: WITHIN })).toEqual([24, []]);
  });

  it('requests a paper account without subscriptions cannot get: TWS’s own error on their own id', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 6 });
    c.allow(10092, 31);
    c.allow(430, 32);
    c.allow(321, 33);
    const spy: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
    const at = c.mark();
    c.api.reqMktDepth(31, spy, 5, false, []);
    c.api.reqFundamentalData(32, spy, 'ReportSnapshot', []);
    c.api.reqSmartComponents(33, 'a60001');
    await c.waitForError(10092, 31, { after: at, timeoutMs: WITHIN });
    await c.waitForError(430, 32, { after: at, timeoutMs: WITHIN });
    await c.waitForError(321, 33, { after: at, timeoutMs: WITHIN });
    c.api.cancelMktDepth(31, false);
    c.api.cancelFundamentalData(32);
    await c.sync();
    expect(c.ledger.errors.map((e) => [e.reqId, e.code])).toEqual([
      [31, 10092],
      [32, 430],
      [33, 321],
    ]);
  });
});

describe('option calculator', () => {
  const SPY_CALL: Contract = { symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20120120', strike: 127, right: 'C' as never };

  it('calculateImpliedVolatility of the quoted model price returns the model volatility; calculateOptionPrice inverts it', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 7 });
    let at = c.mark();
    c.api.reqMktData(41, SPY_CALL, '', true, false);
    await c.waitFor(EventName.tickSnapshotEnd, (id: number) => id === 41, { after: at, timeoutMs: WITHIN });
    const model = c.events(EventName.tickOptionComputation, (id: number, t: number) => id === 41 && t === T.MODEL_OPTION, at).at(-1)!.args as number[];
    const [, , , modelVol, modelDelta, modelPrice, , , , , und] = model;
    expect(modelVol).toBeGreaterThan(0);

    at = c.mark();
    c.api.calculateImpliedVolatility(42, SPY_CALL, modelPrice, und);
    const iv = await c.waitFor(EventName.tickOptionComputation, (id: number) => id === 42, { after: at, timeoutMs: WITHIN });
    expect(iv[1]).toBe(T.MODEL_OPTION);
    expect(iv[3]).toBeCloseTo(modelVol, 6);
    expect(iv[4]).toBeCloseTo(modelDelta, 6);
    expect(iv[5]).toBe(modelPrice);
    expect(iv[10]).toBe(und);

    at = c.mark();
    c.api.calculateOptionPrice(43, SPY_CALL, modelVol, und);
    const px = await c.waitFor(EventName.tickOptionComputation, (id: number) => id === 43, { after: at, timeoutMs: WITHIN });
    expect(px[5]).toBeCloseTo(modelPrice, 6);
    expect(px[4]).toBeCloseTo(modelDelta, 6);
    c.api.cancelCalculateImpliedVolatility(42);
    c.api.cancelCalculateOptionPrice(43);
    await c.sync();
  });

  it('without an underlying price it uses the replayed one; a stock contract or a bad volatility is refused on its id', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 8 });
    c.allow(321, 45);
    c.allow(321, 46);
    let at = c.mark();
    c.api.calculateOptionPrice(44, SPY_CALL, 0.25, undefined as never);
    const px = await c.waitFor(EventName.tickOptionComputation, (id: number) => id === 44, { after: at, timeoutMs: WITHIN });
    expect(px[10]).toBeGreaterThan(100); // SPY traded near 127 on 2012-01-03
    at = c.mark();
    c.api.calculateOptionPrice(45, { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, 0.25, 127);
    c.api.calculateOptionPrice(46, SPY_CALL, -1, 127);
    await c.waitForError(321, 45, { after: at, timeoutMs: WITHIN });
    const [err] = await c.waitForError(321, 46, { after: at, timeoutMs: WITHIN });
    expect((err as Error).message).toMatch(/volatility/);
  });
});
