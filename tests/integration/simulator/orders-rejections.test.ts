// Every refusal of placeOrder (ib-protocol.md §6 "Reject", P4, P10), with the real IBApi over TCP:
// 201 insufficient buying power and 201 no trading permission (order type, instrument, index), each
// followed by openOrder + orderStatus Inactive; 110 price off the tick; 200 unknown contract; 103
// duplicate order id; 321 read-only API mode.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import type { SimulatorOptions } from '../../../bridge/simulator/index.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { cents, lmt, mkt, order, quoteOf, sequenceOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');

async function setup(options: SimulatorOptions = {}) {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00', ...options });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}

/** Places an order expected to be rejected with 201; returns the error text after checking the Inactive sequence. */
async function rejected201(c: IbTestClient, id: number, contract: Contract, o: Parameters<IbTestClient['api']['placeOrder']>[2]): Promise<string> {
  c.allow(201, id);
  const at = c.mark();
  c.api.placeOrder(id, contract, o);
  const [err] = await c.waitForError(201, id, { after: at });
  await waitStatus(c, id, 'Inactive', at);
  // The error comes first, then openOrder + orderStatus Inactive (§6, ib_insync #554's raw log).
  const names = c.log.events.slice(at).filter((e) => (e.name === EventName.error && e.args[2] === id) || ((e.name === EventName.openOrder || e.name === EventName.orderStatus) && e.args[0] === id)).map((e) => e.name);
  expect(names).toEqual([EventName.error, EventName.openOrder, EventName.orderStatus]);
  expect(sequenceOf(c, id, at)).toEqual(['openOrder:Inactive', 'orderStatus:Inactive']);
  return (err as Error).message;
}

describe('201 rejections (then Inactive)', () => {
  it('insufficient buying power: equity with loan value must exceed the initial margin', async () => {
    const { sim, c } = await setup({ initialCash: 100_000 });
    const text = await rejected201(c, 1, SPY, mkt('BUY', 2000)); // ~255 k of SPY needs ~128 k initial margin
    expect(text).toMatch(/^Order rejected - reason:YOUR ORDER IS NOT ACCEPTED\. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE \[[\d.]+ USD\] MUST EXCEED THE INITIAL MARGIN \[[\d.]+ USD\]$/);
    expect(sim.broker.ledger('DU1234567').open()).toEqual([]);
    // Half of it fits (Reg-T: 50 % initial margin).
    c.api.placeOrder(2, SPY, mkt('BUY', 700));
    await waitStatus(c, 2, 'Filled', 0);
    // Closing never needs buying power.
    c.api.placeOrder(3, SPY, mkt('SELL', 700));
    await waitStatus(c, 3, 'Filled', 0);
  });

  it('a short put needs cash to secure it (strike × 100 per contract)', async () => {
    const { sim, c } = await setup({ initialCash: 20_000 });
    const spy = sim.state.catalogue.underlying('SPY')!;
    const chain = sim.state.catalogue.chain(spy, sim.clock.now())!;
    const e = chain.expiries[0];
    const put = (k: number) => sim.state.catalogue.option(spy, e.date, k, 'P')!;
    const k = e.strikes[Math.floor(e.strikes.length / 2)]; // SPY ~127: one put secures ~12,700, two do not fit in 20,000
    c.api.placeOrder(1, { conId: put(k).conId, exchange: 'SMART' }, mkt('SELL', 1));
    await waitStatus(c, 1, 'Filled', 0);
    const text = await rejected201(c, 2, { conId: put(k).conId, exchange: 'SMART' }, mkt('SELL', 1));
    expect(text).toMatch(/INITIAL MARGIN/);
  });

  it('no trading permission for an order type the paper broker does not execute', async () => {
    const { c } = await setup();
    expect(await rejected201(c, 1, SPY, order('BUY', 100, OrderType.REL))).toMatch(/^Order rejected - reason:No trading permission for order type 'REL'/);
    expect(await rejected201(c, 2, SPY, order('BUY', 100, OrderType.MIDPRICE))).toMatch(/No trading permission for order type 'MIDPRICE'/);
  });

  it('no trading permission for the instrument: options without OPT permission, an index, MOC on an option', async () => {
    const { sim, c } = await setup({ permissions: ['STK'] });
    const spy = sim.state.catalogue.underlying('SPY')!;
    const e = sim.state.catalogue.chain(spy, sim.clock.now())!.expiries[0];
    const call = sim.state.catalogue.option(spy, e.date, e.strikes[Math.floor(e.strikes.length / 2)], 'C')!;
    expect(await rejected201(c, 1, { conId: call.conId, exchange: 'SMART' }, mkt('BUY', 1))).toMatch(/No trading permissions for OPT/);
    const vix: Contract = { symbol: 'VIX', secType: SecType.IND, exchange: 'CBOE', currency: 'USD' };
    expect(await rejected201(c, 2, vix, mkt('BUY', 1))).toMatch(/No trading permissions for IND/);
    const { c: c2, sim: sim2 } = await setup();
    const call2 = sim2.state.catalogue.option(sim2.state.catalogue.underlying('SPY')!, e.date, call.strike, 'C')!;
    expect(await rejected201(c2, 1, { conId: call2.conId, exchange: 'SMART' }, order('BUY', 1, OrderType.MOC))).toMatch(/order type MOC on OPT/);
  });

  it('unsupported features, a bad quantity, a missing limit price, an unknown parent', async () => {
    const { c } = await setup();
    expect(await rejected201(c, 1, SPY, mkt('BUY', 100, { algoStrategy: 'Adaptive', algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }] }))).toMatch(/algo orders/);
    expect(await rejected201(c, 2, SPY, mkt('BUY', 0))).toMatch(/quantity/);
    expect(await rejected201(c, 3, SPY, order('BUY', 100, OrderType.LMT))).toMatch(/needs a limit price/);
    expect(await rejected201(c, 4, SPY, mkt('BUY', 100, { parentId: 77 }))).toMatch(/parent order 77/);
    expect(await rejected201(c, 5, SPY, mkt('BUY', 100, { tif: 'FOK' }))).toMatch(/time in force 'FOK'/);
  });
});

describe('other refusals (the order does not exist afterwards)', () => {
  it('110: a limit price off the tick grid', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.allow(110, 1);
    c.api.placeOrder(1, SPY, lmt('BUY', 100, q.bid - 1 + 0.005));
    const [err] = await c.waitForError(110, 1, { after: 0 });
    expect((err as Error).message).toMatch(/minimum price variation/);
    // Option premiums of $3 and more trade in nickels outside the penny classes (GOOG).
    const goog = sim.state.catalogue.underlying('GOOG')!;
    const e = sim.state.catalogue.chain(goog, sim.clock.now())!.expiries.find((x) => x.kind === 'monthly')!;
    const k = e.strikes[Math.floor(e.strikes.length / 2)];
    const call = sim.state.catalogue.option(goog, e.date, k, 'C')!;
    c.allow(110, 2);
    c.api.placeOrder(2, { conId: call.conId, exchange: 'SMART' }, lmt('BUY', 1, 10.12));
    await c.waitForError(110, 2, { after: 0 });
    expect(sim.broker.book.all()).toEqual([]);
    c.api.placeOrder(3, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    await waitStatus(c, 3, 'Submitted', 0);
  });

  it('200: no security definition for the contract (unknown symbol, unknown combo leg)', async () => {
    const { c } = await setup();
    c.allow(200, 1);
    c.allow(200, 2);
    c.api.placeOrder(1, stock('NOPE'), mkt('BUY', 1));
    const [err] = await c.waitForError(200, 1, { after: 0 });
    expect((err as Error).message).toBe('No security definition has been found for the request');
    const bag: Contract = { symbol: 'SPY', secType: SecType.BAG, exchange: 'SMART', currency: 'USD', comboLegs: [{ conId: 123, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' }] };
    c.api.placeOrder(2, bag, mkt('BUY', 1));
    await c.waitForError(200, 2, { after: 0 });
  });

  it('103: an id already used (filled or cancelled), or below the highest one used', async () => {
    const { sim, c } = await setup();
    c.api.placeOrder(5, SPY, mkt('BUY', 100));
    await waitStatus(c, 5, 'Filled', 0);
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(6, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    await waitStatus(c, 6, 'Submitted', 0);
    c.allow(202, 6);
    c.api.cancelOrder(6);
    await waitStatus(c, 6, 'Cancelled', 0);
    for (const id of [6, 3]) {
      c.allow(103, id);
      c.api.placeOrder(id, SPY, mkt('BUY', 100));
      const [err] = await c.waitForError(103, id, { after: 0 });
      expect((err as Error).message).toBe('Duplicate order id');
    }
    // Ids are per client: client 2 may use 3.
    const other = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    other.api.placeOrder(3, SPY, mkt('BUY', 100));
    await waitStatus(other, 3, 'Filled', 0);
  });

  it('321: read-only API mode refuses every placeOrder; orders work again when it is off', async () => {
    const { sim, c } = await setup();
    c.allow(321, 1);
    sim.faults.setReadOnly(true);
    c.api.placeOrder(1, SPY, mkt('BUY', 100));
    const [err] = await c.waitForError(321, 1, { after: 0 });
    expect((err as Error).message).toMatch(/Read-Only mode/);
    expect(sim.broker.book.all()).toEqual([]);
    sim.faults.setReadOnly(false);
    c.api.placeOrder(1, SPY, mkt('BUY', 100));
    await waitStatus(c, 1, 'Filled', 0);
  });
});
