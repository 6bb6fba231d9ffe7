// The paper account after fills, with the real IBApi over TCP: reqAccountSummary (tags, group
// "All", updates, cancel), reqPositions (+ live updates, cancel), reqAccountUpdates (account values,
// portfolio rows, time, download end; updates as prices move), reqPnL and reqPnLSingle. Expected
// values are computed from the fill prices: Reg-T 50 %/25 % margin, cash less cost and commission.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName } from '@stoqey/ib';
import { IbTestClient } from '../../support/ib-client.ts';
import { ACCOUNT, mkt, quoteOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');
const money = (v: number) => (Math.round(v * 100) / 100).toFixed(2);
const CASH = 1_000_000;

async function setupWithFill() {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  const ask = quoteOf(sim, 'SPY').ask;
  c.api.placeOrder(1, SPY, mkt('BUY', 100));
  await waitStatus(c, 1, 'Filled', 0);
  return { sim, c, ask, cost: 100 * ask + 0.35 };
}

function summary(c: IbTestClient, reqId: number, after: number): Map<string, string> {
  return new Map(c.events(EventName.accountSummary, (id: number) => id === reqId, after).map((e) => [e.args[2] as string, e.args[3] as string]));
}

describe('reqAccountSummary', () => {
  it('reports cash, net liquidation, Reg-T margins, available funds, buying power and P&L after a fill', async () => {
    const { sim, c, cost } = await setupWithFill();
    const last = quoteOf(sim, 'SPY').last;
    const tags = 'NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds,ExcessLiquidity,InitMarginReq,MaintMarginReq,GrossPositionValue,RealizedPnL,UnrealizedPnL,AccountType';
    const at = c.mark();
    c.api.reqAccountSummary(7, 'All', tags);
    await c.waitFor(EventName.accountSummaryEnd, (id: number) => id === 7, { after: at });
    const rows = c.events(EventName.accountSummary, (id: number) => id === 7, at);
    expect(rows.map((e) => e.args[2])).toEqual(tags.split(','));
    expect(rows.every((e) => e.args[1] === ACCOUNT)).toBe(true);
    const v = summary(c, 7, at);
    const value = 100 * last;
    const cash = CASH - cost;
    const netLiq = cash + value;
    expect(v.get('TotalCashValue')).toBe(money(cash));
    expect(v.get('NetLiquidation')).toBe(money(netLiq));
    expect(v.get('GrossPositionValue')).toBe(money(value));
    expect(v.get('InitMarginReq')).toBe(money(0.5 * value));
    expect(v.get('MaintMarginReq')).toBe(money(0.25 * value));
    expect(v.get('AvailableFunds')).toBe(money(netLiq - 0.5 * value));
    expect(v.get('ExcessLiquidity')).toBe(money(netLiq - 0.25 * value));
    expect(v.get('BuyingPower')).toBe(money((netLiq - 0.5 * value) * 2));
    expect(v.get('RealizedPnL')).toBe('0.00');
    expect(v.get('UnrealizedPnL')).toBe(money(value - cost));
    expect(v.get('AccountType')).toBe('INDIVIDUAL');
    expect(c.events(EventName.accountSummary, (id: number) => id === 7, at)[0].args[4]).toBe('USD');
  });

  it('sends updated rows after a fill until cancelled', async () => {
    const { c } = await setupWithFill();
    c.api.reqAccountSummary(8, 'All', 'TotalCashValue');
    await c.waitFor(EventName.accountSummaryEnd, (id: number) => id === 8, { after: 0 });
    let at = c.mark();
    c.api.placeOrder(2, SPY, mkt('SELL', 100));
    await c.waitFor(EventName.accountSummary, (id: number, _a: string, tag: string) => id === 8 && tag === 'TotalCashValue', { after: at });
    c.api.cancelAccountSummary(8);
    await c.sync();
    at = c.mark();
    c.api.placeOrder(3, SPY, mkt('BUY', 100));
    await waitStatus(c, 3, 'Filled', at);
    await c.sync();
    expect(c.events(EventName.accountSummary, (id: number) => id === 8, at)).toEqual([]);
  });
});

describe('reqPositions', () => {
  it('lists positions with their average cost (commission included), then positionEnd, then live changes', async () => {
    const { c, cost } = await setupWithFill();
    let at = c.mark();
    c.api.reqPositions();
    await c.waitFor(EventName.positionEnd, () => true, { after: at });
    const [row] = c.events(EventName.position, () => true, at);
    expect(row.args[0]).toBe(ACCOUNT);
    expect(row.args[1]).toMatchObject({ conId: 756733, symbol: 'SPY', secType: 'STK', currency: 'USD' });
    expect(row.args[2]).toBe(100);
    expect(row.args[3]).toBeCloseTo(cost / 100, 4);
    at = c.mark();
    c.api.placeOrder(2, SPY, mkt('SELL', 100));
    const [, , pos] = await c.waitFor(EventName.position, () => true, { after: at });
    expect(pos).toBe(0); // closed: a last row with 0
    c.api.cancelPositions();
    await c.sync();
    at = c.mark();
    c.api.placeOrder(3, SPY, mkt('BUY', 100));
    await waitStatus(c, 3, 'Filled', at);
    await c.sync();
    expect(c.events(EventName.position, () => true, at)).toEqual([]);
  });
});

describe('reqAccountUpdates', () => {
  it('account values, a portfolio row per position, the time and the download end; updates as prices move', async () => {
    const { sim, c, cost } = await setupWithFill();
    let at = c.mark();
    c.api.reqAccountUpdates(true, ACCOUNT);
    await c.waitFor(EventName.accountDownloadEnd, () => true, { after: at });
    const values = new Map(c.events(EventName.updateAccountValue, () => true, at).map((e) => [e.args[0] as string, e.args]));
    expect(values.get('NetLiquidation')).toEqual(['NetLiquidation', expect.any(String), 'USD', ACCOUNT]);
    expect(values.get('AccountCode')?.[1]).toBe(ACCOUNT);
    expect(values.get('TotalCashValue')?.[1]).toBe(money(CASH - cost));
    const [row] = c.events(EventName.updatePortfolio, () => true, at);
    const last = quoteOf(sim, 'SPY').last;
    expect(row.args[0]).toMatchObject({ conId: 756733, symbol: 'SPY', primaryExch: 'ARCA' });
    expect(row.args.slice(1, 8)).toEqual([100, last, 100 * last, Math.round((cost / 100) * 1e4) / 1e4, expect.closeTo(100 * last - cost, 3), 0, ACCOUNT]);
    expect(c.events(EventName.updateAccountTime, () => true, at)[0].args[0]).toBe('10:00');
    expect(c.log.events.slice(at).filter((e) => e.name === EventName.updateAccountTime || e.name === EventName.accountDownloadEnd).map((e) => e.name)).toEqual([EventName.updateAccountTime, EventName.accountDownloadEnd]);

    at = c.mark();
    sim.clock.advance(60_000);
    await c.sync();
    const later = quoteOf(sim, 'SPY').last;
    const [update] = c.events(EventName.updatePortfolio, () => true, at);
    expect(update.args[2]).toBe(later);
    expect(c.events(EventName.updateAccountTime, () => true, at)[0].args[0]).toBe('10:01');

    c.api.reqAccountUpdates(false, ACCOUNT);
    await c.sync();
    at = c.mark();
    sim.clock.advance(120_000);
    await c.sync();
    expect(c.events(EventName.updatePortfolio, () => true, at)).toEqual([]);
  });
});

describe('reqPnL and reqPnLSingle', () => {
  it('daily, unrealised and realised P&L of the account and of one position, updated as the clock moves', async () => {
    const { sim, c, ask, cost } = await setupWithFill();
    let at = c.mark();
    c.api.reqPnL(21, ACCOUNT, '');
    c.api.reqPnLSingle(22, ACCOUNT, '', 756733);
    await c.waitFor(EventName.pnlSingle, (id: number) => id === 22, { after: at });
    at = c.mark();
    sim.clock.advance(60_000);
    await c.sync();
    const last = quoteOf(sim, 'SPY').last;
    const [pnl] = c.events(EventName.pnl, (id: number) => id === 21, at);
    const unrealized = 100 * last - cost;
    expect(pnl.args[1]).toBeCloseTo(unrealized, 3); // daily = unrealised on the day the position opened
    expect(pnl.args[2]).toBeCloseTo(unrealized, 3);
    expect(pnl.args[3]).toBe(0);
    const [single] = c.events(EventName.pnlSingle, (id: number) => id === 22, at);
    expect(single.args.slice(1)).toEqual([100, expect.closeTo(unrealized, 3), expect.closeTo(unrealized, 3), 0, expect.closeTo(100 * last, 3)]);

    const bid = quoteOf(sim, 'SPY').bid;
    at = c.mark();
    c.api.placeOrder(2, SPY, mkt('SELL', 100));
    await c.waitFor(EventName.pnl, (id: number, _d: number, _u: number, r: number) => id === 21 && r !== 0, { after: at });
    const realized = 100 * (bid - ask) - 0.35 - 0.35;
    const final = c.events(EventName.pnl, (id: number) => id === 21, at).at(-1)!;
    expect(final.args[3]).toBeCloseTo(realized, 3);
    expect(final.args[2]).toBe(0);
    c.api.cancelPnL(21);
    c.api.cancelPnLSingle(22);
    await c.sync();
    at = c.mark();
    sim.clock.advance(60_000);
    await c.sync();
    expect(c.events(EventName.pnl, () => true, at)).toEqual([]);
  });

  it('an unknown account is refused with 321', async () => {
    const { c } = await setupWithFill();
    c.allow(321, 31);
    c.api.reqPnL(31, 'DU000', '');
    await c.waitForError(321, 31, { after: 0 });
  });
});
