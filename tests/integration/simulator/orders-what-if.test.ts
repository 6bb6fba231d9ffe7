// whatIf orders with the real clients over TCP (ib-protocol.md §6 "What-if orders"): the answer is an
// OPEN_ORDER whose order state carries the margin impact and commission that the shared rules
// compute when called directly (shared/portfolio/what-if.ts, margin.ts, commissions.ts) — for a
// stock buy and a cash-secured put — and nothing changes: positions, cash, open orders, executions,
// next valid id; no orderStatus. The same id can then be placed for real. An order the account
// cannot carry is answered with TWS's shortfall warning; a malformed one gets only its error.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, type Contract, type Order } from '@stoqey/ib';
import type { SimulatorOptions } from '../../../bridge/simulator/index.ts';
import { orderCommission } from '../../../shared/portfolio/commissions.ts';
import { REG_T } from '../../../shared/portfolio/margin.ts';
import { whatIf, type WhatIf } from '../../../shared/portfolio/what-if.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { ACCOUNT, lmt, mkt, quoteOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');

async function setup(options: SimulatorOptions = {}) {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00', ...options });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}
type Sim = Awaited<ReturnType<typeof setup>>['sim'];

/** Everything a whatIf must leave alone. */
function snapshot(sim: Sim) {
  return {
    ledger: JSON.stringify(sim.broker.ledger(ACCOUNT).toJSON()),
    orders: JSON.stringify(sim.broker.book.toJSON()),
    executions: JSON.stringify(sim.broker.executions.toJSON()),
    nextId: sim.state.orderIds.peek(1),
  };
}

/** Places a whatIf order and returns its OPEN_ORDER's order and order state. */
async function preview(c: IbTestClient, id: number, contract: Contract, order: Order): Promise<{ order: Order; state: Record<string, unknown> }> {
  const mark = c.mark();
  c.api.placeOrder(id, contract, { ...order, whatIf: true });
  const args = await c.waitFor(EventName.openOrder, (oid: number) => oid === id, { after: mark });
  await c.sync();
  expect(c.events(EventName.orderStatus, (oid: number) => oid === id, mark)).toEqual([]); // no orderStatus stream
  expect(c.events(EventName.openOrder, (oid: number) => oid === id, mark)).toHaveLength(1);
  return { order: args[2] as Order, state: args[3] as Record<string, unknown> };
}

/** The order state numbers equal the shared what-if's (to the cent). */
function expectMatches(state: Record<string, unknown>, w: WhatIf): void {
  const expected = {
    initMarginBefore: w.before.initMargin, maintMarginBefore: w.before.maintMargin, equityWithLoanBefore: w.before.equityWithLoan,
    initMarginChange: w.initMarginChange, maintMarginChange: w.maintMarginChange, equityWithLoanChange: w.after.equityWithLoan - w.before.equityWithLoan,
    initMarginAfter: w.after.initMargin, maintMarginAfter: w.after.maintMargin, equityWithLoanAfter: w.after.equityWithLoan,
    commission: w.commission, minCommission: w.commission, maxCommission: w.commission,
  };
  for (const [k, v] of Object.entries(expected)) expect(state[k] as number, k).toBeCloseTo(v, 2);
  expect(state.commissionCurrency).toBe('USD');
}

describe('whatIf orders', () => {
  it('a stock buy and a cash-secured put report the shared margin and commission numbers and change nothing', async () => {
    const { sim, c } = await setup();
    const t = sim.clock.now();
    const spy = sim.state.catalogue.underlying('SPY')!;
    const q = quoteOf(sim, 'SPY');
    const before = snapshot(sim);

    const stockAnswer = await preview(c, 1, SPY, mkt('BUY', 100));
    expect(stockAnswer.order).toMatchObject({ whatIf: true, action: 'BUY', totalQuantity: 100, orderType: 'MKT' });
    expect(stockAnswer.state.status).toBe('PreSubmitted');
    const stockWhatIf = whatIf(sim.broker.ledger(ACCOUNT), [{ instrument: spy, qty: 100, price: q.ask, commission: orderCommission(sim.broker.commissions, spy, 100, q.ask) }], sim.broker.marks.at(t), REG_T);
    expectMatches(stockAnswer.state, stockWhatIf);
    expect(stockAnswer.state.initMarginChange as number).toBeGreaterThan(0);

    const e = sim.state.catalogue.chain(spy, t)!.expiries[0];
    const strike = e.strikes.reduce((a, b) => (Math.abs(b - q.last) < Math.abs(a - q.last) ? b : a));
    const put = sim.state.catalogue.option(spy, e.date, strike, 'P')!;
    const pq = quoteOf(sim, put.conId);
    const putAnswer = await preview(c, 2, { conId: put.conId, exchange: 'SMART' }, lmt('SELL', 1, pq.bid));
    const putWhatIf = whatIf(sim.broker.ledger(ACCOUNT), [{ instrument: put, qty: -1, price: pq.bid, commission: orderCommission(sim.broker.commissions, put, 1, pq.bid) }], sim.broker.marks.at(t), REG_T);
    expectMatches(putAnswer.state, putWhatIf);
    expect(putAnswer.state.initMarginChange as number).toBeCloseTo(strike * 100, 2); // cash-secured: the strike × 100
    expect(putAnswer.state.warningText).toBe('');

    expect(snapshot(sim)).toEqual(before);
    const mark = c.mark();
    c.api.reqIds();
    const [next] = await c.waitFor(EventName.nextValidId, () => true, { after: mark });
    expect(next).toBe(before.nextId);
    c.api.reqOpenOrders();
    await c.waitFor(EventName.openOrderEnd, () => true, { after: mark });
    c.api.reqPositions();
    await c.waitFor(EventName.positionEnd, () => true, { after: mark });
    c.api.reqExecutions(7, {});
    await c.waitFor(EventName.execDetailsEnd, () => true, { after: mark });
    expect(c.events(EventName.openOrder, () => true, mark)).toEqual([]);
    expect(c.events(EventName.position, () => true, mark)).toEqual([]);
    expect(c.events(EventName.execDetails, () => true, mark)).toEqual([]);
    expect(c.events(EventName.orderStatus, () => true)).toEqual([]);

    // The preview used no id: the same id places the order for real.
    c.api.placeOrder(1, SPY, mkt('BUY', 100));
    await waitStatus(c, 1, 'Filled', mark);
  });

  it('IBApiNext sees no open order after a whatIf, within 2 s', async () => {
    const { sim, c } = await setup();
    await preview(c, 1, SPY, mkt('BUY', 10));
    const n = await IbNextTestClient.connect({ port: sim.port, clientId: 2 });
    const t0 = Date.now();
    expect(await n.next.getAllOpenOrders()).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('an order the account cannot carry is answered with the shortfall warning; a malformed one only with its error', async () => {
    const { sim, c } = await setup({ initialCash: 5000 });
    const t = sim.clock.now();
    const spy = sim.state.catalogue.underlying('SPY')!;
    const e = sim.state.catalogue.chain(spy, t)!.expiries[0];
    const strike = e.strikes[Math.floor(e.strikes.length / 2)];
    const put = sim.state.catalogue.option(spy, e.date, strike, 'P')!;
    const pq = quoteOf(sim, put.conId);
    const before = snapshot(sim);
    const answer = await preview(c, 1, { conId: put.conId, exchange: 'SMART' }, lmt('SELL', 1, pq.bid));
    expect(answer.state.warningText).toMatch(/^YOUR ORDER IS NOT ACCEPTED\. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE \[[\d.]+ USD\] MUST EXCEED THE INITIAL MARGIN \[[\d.]+ USD\]$/);
    expect(answer.state.initMarginAfter as number).toBeGreaterThan(answer.state.equityWithLoanAfter as number);
    c.allow(201, 2);
    const mark = c.mark();
    c.api.placeOrder(2, SPY, mkt('BUY', 0, { whatIf: true }));
    const [err] = await c.waitForError(201, 2, { after: mark });
    expect((err as Error).message).toMatch(/quantity/);
    await c.sync();
    expect(c.events(EventName.openOrder, () => true, mark)).toEqual([]);
    expect(snapshot(sim)).toEqual(before);
  });
});
