// Contract details (stock, ETF, VIX index, options), option chains (secDefOptParams) and matching
// symbols, with IBApi and IBApiNext over TCP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName, SecType, type Contract, type ContractDetails } from '@stoqey/ib';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { AAPL, SPY, VIX, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;
let nextId = 100;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03' }); // a Tuesday; SPY closed 2011-12-30 at 125.50
});
afterAll(async () => {
  await sim.close();
});

/** reqContractDetails with IBApi; resolves with the details or rejects with the error code. */
async function details(c: IbTestClient, contract: Contract): Promise<ContractDetails[]> {
  const reqId = nextId++;
  const at = c.mark();
  c.api.reqContractDetails(reqId, contract);
  await Promise.race([c.waitFor(EventName.contractDetailsEnd, (id: number) => id === reqId, { after: at }), c.waitForError(200, reqId, { after: at })]);
  const err = c.events(EventName.error, (_e: Error, _code: number, id: number) => id === reqId, at);
  if (err.length) throw Object.assign(new Error('contract details refused'), { code: err[0].args[1] });
  return c.events(EventName.contractDetails, (id: number) => id === reqId, at).map((e) => e.args[1] as ContractDetails);
}

describe('contract details (IBApi)', () => {
  it('describes SPY as an ETF on ARCA with its real conId, trading hours and ISIN', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    const [d] = await details(c, SPY);
    expect(d.contract).toMatchObject({ symbol: 'SPY', secType: 'STK', conId: 756733, exchange: 'SMART', primaryExch: 'ARCA', currency: 'USD', localSymbol: 'SPY' });
    expect(d).toMatchObject({ stockType: 'ETF', longName: 'SPDR S&P 500 ETF TRUST', minTick: 0.01, timeZoneId: 'US/Eastern' });
    expect(d.liquidHours).toMatch(/^20120103:0930-20120103:1600;/);
    expect(d.tradingHours).toContain('20120107:CLOSED'); // Saturday
    expect(d.secIdList).toEqual([{ tag: 'ISIN', value: 'US78462F1030' }]);
    expect(d.validExchanges!.split(',').length).toBe(d.marketRuleIds!.split(',').length);
  });

  it('describes AAPL as a common stock and finds it by conId too', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    const [d] = await details(c, AAPL);
    expect(d.contract).toMatchObject({ symbol: 'AAPL', secType: 'STK', conId: 265598, primaryExch: 'NASDAQ' });
    expect(d.stockType).toBe('COMMON');
    const [byId] = await details(c, { conId: 265598 });
    expect(byId.contract.symbol).toBe('AAPL');
  });

  it('describes VIX as a CBOE index', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    const [d] = await details(c, VIX);
    expect(d.contract).toMatchObject({ symbol: 'VIX', secType: 'IND', exchange: 'CBOE', conId: 13455763 });
    expect(d.longName).toBe('CBOE Volatility Index');
  });

  it('answers an unknown symbol with 200 and no End message', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 4 });
    c.allow(200);
    await expect(details(c, { symbol: 'NOPE', secType: SecType.STK, exchange: 'SMART', currency: 'USD' })).rejects.toMatchObject({ code: 200 });
    expect(c.events(EventName.contractDetailsEnd)).toHaveLength(0);
  });

  it('describes one option contract (OCC local symbol, multiplier 100, underlying conId) and finds it again by its conId', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 5 });
    const option: Contract = { symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20120120', strike: 126, right: 'C' as never };
    const [d] = await details(c, option);
    expect(d.contract).toMatchObject({ symbol: 'SPY', secType: 'OPT', lastTradeDateOrContractMonth: '20120120', strike: 126, right: 'C', multiplier: 100, localSymbol: 'SPY   120120C00126000', tradingClass: 'SPY' });
    expect(d).toMatchObject({ underConId: 756733, underSymbol: 'SPY', underSecType: 'STK', contractMonth: '201201', realExpirationDate: '20120120' });
    const conId = d.contract.conId!;
    expect(conId).toBeGreaterThan(0);
    expect(conId).toBeLessThanOrEqual(2 ** 31 - 1);
    const [again] = await details(c, { conId });
    expect(again.contract.localSymbol).toBe('SPY   120120C00126000');
    const [put] = await details(c, { ...option, right: 'P' as never });
    expect(put.contract.conId).not.toBe(conId);
  });

  it('lists a whole expiry (every strike, calls and puts) with unique conIds, and refuses unlisted strikes with 200', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 6 });
    const all = await details(c, { symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20120120' });
    const strikes = new Set(all.map((d) => d.contract.strike));
    expect(all.length).toBe(strikes.size * 2);
    expect(new Set(all.map((d) => d.contract.conId)).size).toBe(all.length);
    c.allow(200);
    await expect(details(c, { symbol: 'SPY', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '20120120', strike: 126.3, right: 'C' as never })).rejects.toMatchObject({ code: 200 });
  });
});

describe('contract details (IBApiNext)', () => {
  it('resolves getContractDetails for a stock, VIX and an option, and rejects an unknown symbol with 200', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 11 });
    const [spy] = await c.next.getContractDetails(SPY as Contract);
    expect(spy.contract.conId).toBe(756733);
    const [vix] = await c.next.getContractDetails(VIX as Contract);
    expect(vix.contract.secType).toBe('IND');
    const opts = await c.next.getContractDetails({ symbol: 'AAPL', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '201202', right: 'P' as never });
    expect(opts.length).toBeGreaterThan(10);
    expect(opts.every((d) => d.contract.right === 'P' && d.contract.lastTradeDateOrContractMonth!.startsWith('201202'))).toBe(true);
    c.allow(200);
    await expect(c.next.getContractDetails({ symbol: 'NOPE', secType: SecType.STK, exchange: 'SMART', currency: 'USD' })).rejects.toMatchObject({ code: 200 });
  });
});

describe('option chains (reqSecDefOptParams)', () => {
  it('lists weekly and monthly expiries from the replay date and a $1 grid near the money, wider far out (IBApi)', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 21 });
    const at = c.mark();
    c.api.reqSecDefOptParams(31, 'SPY', '', 'STK', 756733);
    await c.waitFor(EventName.securityDefinitionOptionParameterEnd, (id: number) => id === 31, { after: at });
    const chains = c.events(EventName.securityDefinitionOptionParameter, (id: number) => id === 31, at).map((e) => e.args);
    expect(chains.map((a) => a[1])).toContain('SMART');
    const [, , underConId, tradingClass, multiplier, expirations, strikes] = chains.find((a) => a[1] === 'SMART')! as [number, string, number, string, number, string[], number[]];
    expect(underConId).toBe(756733);
    expect(tradingClass).toBe('SPY');
    expect(multiplier).toBe(100);
    // Weeklies (Fridays) and the third-Friday monthlies, all on or after 2012-01-03.
    expect(expirations.slice(0, 4)).toEqual(['20120106', '20120113', '20120120', '20120127']);
    expect(expirations).toContain('20120217'); // third Friday of February
    expect(expirations).toContain('20120420'); // third Friday of April
    expect(expirations).not.toContain('20120406'); // Good Friday: no weekly, the market is closed
    expect(expirations.every((e, i) => i === 0 || e > expirations[i - 1])).toBe(true);
    // Near the previous close (125.50): every dollar; far out: $5 steps.
    for (let k = 120; k <= 131; k++) expect(strikes).toContain(k);
    expect(strikes).toContain(90);
    expect(strikes).not.toContain(91);
  });

  it('resolves getSecDefOptParams (IBApiNext) and answers an unknown underlying with 200', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 22 });
    const chains = await c.next.getSecDefOptParams('AAPL', '', SecType.STK, 265598);
    expect(chains.length).toBeGreaterThan(0);
    expect(chains[0].expirations.length).toBeGreaterThan(8);
    expect(chains[0].strikes.length).toBeGreaterThan(20);
    c.allow(200);
    await expect(c.next.getSecDefOptParams('NOPE', '', SecType.STK, 0)).rejects.toMatchObject({ code: 200 });
  });
});

describe('matching symbols', () => {
  it('finds symbols by prefix and by name (IBApi)', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 31 });
    const p = c.waitFor(EventName.symbolSamples, (id: number) => id === 41);
    c.api.reqMatchingSymbols(41, 'SP');
    const [, found] = (await p) as [number, { contract: Contract; derivativeSecTypes: string[] }[]];
    expect(found[0].contract).toMatchObject({ symbol: 'SPY', secType: 'STK', conId: 756733, primaryExch: 'ARCA' });
    expect(found[0].derivativeSecTypes).toEqual(['OPT']);
  });

  it('finds AAPL by name and VIX by symbol (IBApiNext)', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 32 });
    const apple = await c.next.getMatchingSymbols('apple');
    expect(apple.map((d) => d.contract?.symbol)).toEqual(['AAPL']);
    const vix = await c.next.getMatchingSymbols('VIX');
    expect(vix[0].contract).toMatchObject({ symbol: 'VIX', secType: 'IND' });
  });
});
