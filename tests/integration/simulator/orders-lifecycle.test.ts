// An order's life with the real IBApi over TCP: cancel (PendingCancel → Cancelled + 202), modify
// (a placeOrder on an open id), transmit=false held until re-sent with transmit (P11), IOC, DAY
// expiry vs GTC, and the order queries: reqOpenOrders, reqAllOpenOrders, reqAutoOpenOrders,
// reqCompletedOrders, reqExecutions with filters, reqGlobalCancel.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, OrderAction, OrderType, type Order } from '@stoqey/ib';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { cents, executionsOf, firstInstant, lmt, mkt, quoteOf, sequenceOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');
const AAPL = stock('AAPL');

async function setup() {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}

describe('cancel', () => {
  it('PendingCancel, Cancelled and error 202; a second cancel is 10148, an unknown id 10147', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    await waitStatus(c, 1, 'Submitted');
    c.allow(202, 1);
    c.allow(10148, 1);
    c.allow(10147, 99);
    const at = c.mark();
    c.api.cancelOrder(1);
    const [err] = await c.waitForError(202, 1, { after: at });
    expect((err as Error).message).toBe('Order Canceled - reason:');
    expect(sequenceOf(c, 1, at)).toEqual(['orderStatus:PendingCancel', 'orderStatus:Cancelled']);
    c.api.cancelOrder(1);
    const [again] = await c.waitForError(10148, 1, { after: at });
    expect((again as Error).message).toMatch(/cannot be cancelled, state: Cancelled/);
    c.api.cancelOrder(99);
    await c.waitForError(10147, 99, { after: at });
  });
});

describe('modify', () => {
  it('a placeOrder on an open id changes price and size in place; crossing the market fills it', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    await waitStatus(c, 1, 'Submitted');
    let at = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 300, cents(q.bid - 0.5)));
    await c.waitFor(EventName.openOrder, (id: number) => id === 1, { after: at });
    await c.sync();
    const [changed] = c.events(EventName.openOrder, (id: number) => id === 1, at);
    expect(changed.args[2]).toMatchObject({ totalQuantity: 300, lmtPrice: cents(q.bid - 0.5) });
    expect(sequenceOf(c, 1, at)).toEqual(['openOrder:Submitted', 'orderStatus:Submitted']);
    expect(sim.broker.book.open(1)).toHaveLength(1);
    at = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 300, cents(q.ask + 0.5)));
    await waitStatus(c, 1, 'Filled', at);
    expect(executionsOf(c, 1, at).reduce((n, f) => n + f.execution.shares, 0)).toBe(300);
  });

  it('modifying a filled order is 104; a modification cannot change the side', async () => {
    const { sim, c } = await setup();
    c.api.placeOrder(1, SPY, mkt('BUY', 100));
    await waitStatus(c, 1, 'Filled');
    c.allow(104, 1);
    c.api.placeOrder(1, SPY, mkt('BUY', 200));
    const [err] = await c.waitForError(104, 1, { after: 0 });
    expect((err as Error).message).toBe("Can't modify a filled order");
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(2, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    await waitStatus(c, 2, 'Submitted');
    c.allow(321, 2);
    c.api.placeOrder(2, SPY, lmt('SELL', 100, cents(q.ask + 1)));
    await c.waitForError(321, 2, { after: 0 });
    expect(sim.broker.book.get(1, 2)).toMatchObject({ side: 'BUY', status: 'Submitted' });
  });
});

describe('transmit = false (P11)', () => {
  it('an untransmitted order is held, never fills, and works once re-sent with transmit', async () => {
    const { sim, c } = await setup();
    const at = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 100, { transmit: false }));
    // A plain object without transmit (stoqey sends "") is held too.
    const plain: Order = { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 100, tif: 'DAY' };
    c.api.placeOrder(2, SPY, plain);
    await c.waitFor(EventName.orderStatus, (id: number) => id === 2, { after: at });
    sim.clock.advance(10 * 60_000);
    await c.sync();
    expect(sequenceOf(c, 1, at)).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted']);
    expect(sequenceOf(c, 2, at)).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted']);
    expect(executionsOf(c, 1)).toEqual([]);
    const re = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 100, { transmit: true }));
    await waitStatus(c, 1, 'Filled', re);
    expect(sequenceOf(c, 1, re)).toEqual(['openOrder:Submitted', 'orderStatus:Submitted', 'execDetails', 'openOrder:Filled', 'orderStatus:Filled', 'commissionReport']);
    expect(sim.broker.book.get(1, 2)?.status).toBe('PreSubmitted');
  });
});

describe('time in force', () => {
  it('IOC fills what is there at once and cancels the rest; a non-marketable IOC is cancelled unfilled', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    const at = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 50_00 + q.askSize, { tif: 'IOC' }));
    await waitStatus(c, 1, 'Cancelled', at);
    expect(executionsOf(c, 1, at).map((f) => f.execution.shares)).toEqual([q.askSize]);
    c.api.placeOrder(2, SPY, lmt('BUY', 100, cents(q.bid - 1), { tif: 'IOC' }));
    await waitStatus(c, 2, 'Cancelled', at);
    expect(executionsOf(c, 2, at)).toEqual([]);
  });

  it('DAY orders expire at the session change; GTC orders keep working', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 20), { tif: 'DAY' }));
    c.api.placeOrder(2, SPY, lmt('BUY', 100, cents(q.bid - 20), { tif: 'GTC' }));
    await waitStatus(c, 2, 'Submitted', 0);
    const at = c.mark();
    sim.clock.advanceTo(easternToUtc(20120104, 10 * 60));
    await waitStatus(c, 1, 'Cancelled', at);
    expect(sim.broker.book.get(1, 2)?.status).toBe('Submitted');
  });
});

describe('order queries', () => {
  it('reqOpenOrders lists this client’s open orders, reqAllOpenOrders every client’s, then openOrderEnd', async () => {
    const { sim, c } = await setup();
    const other = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    other.api.placeOrder(1, SPY, lmt('BUY', 200, cents(q.bid - 2)));
    await waitStatus(c, 1, 'Submitted', 0);
    await waitStatus(other, 1, 'Submitted', 0);
    let at = c.mark();
    c.api.reqOpenOrders();
    await c.waitFor(EventName.openOrderEnd, () => true, { after: at });
    expect(c.events(EventName.openOrder, () => true, at).map((e) => (e.args[2] as Order).totalQuantity)).toEqual([100]);
    at = c.mark();
    c.api.reqAllOpenOrders();
    await c.waitFor(EventName.openOrderEnd, () => true, { after: at });
    expect(c.events(EventName.openOrder, () => true, at).map((e) => [(e.args[2] as Order).clientId, (e.args[2] as Order).totalQuantity])).toEqual([
      [1, 100],
      [2, 200],
    ]);
    expect(c.events(EventName.orderStatus, () => true, at)).toHaveLength(2);
  });

  it('reqAutoOpenOrders(true) from client 0 binds it to every later order’s messages', async () => {
    const { sim, c } = await setup();
    const zero = await IbTestClient.connect({ port: sim.port, clientId: 0 });
    let at = zero.mark();
    zero.api.reqAutoOpenOrders(true);
    await zero.waitFor(EventName.openOrderEnd, () => true, { after: at });
    at = zero.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 100));
    await zero.waitFor(EventName.orderStatus, (id: number, s: string) => id === 1 && s === 'Filled', { after: at });
  });

  it('reqCompletedOrders lists today’s filled, cancelled and rejected orders', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.allow(202, 2);
    c.allow(201, 3);
    c.api.placeOrder(1, SPY, mkt('BUY', 100));
    c.api.placeOrder(2, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    await waitStatus(c, 1, 'Filled', 0);
    c.api.cancelOrder(2);
    c.api.placeOrder(3, SPY, mkt('BUY', 100_000)); // rejected: buying power
    await waitStatus(c, 3, 'Inactive', 0);
    const at = c.mark();
    c.api.reqCompletedOrders(false);
    await c.waitFor(EventName.completedOrdersEnd, () => true, { after: at });
    const done = c.events(EventName.completedOrder, () => true, at).map((e) => [(e.args[1] as Order).totalQuantity, (e.args[2] as { status: string; completedStatus: string }).status, (e.args[1] as Order).filledQuantity]);
    expect(done).toEqual([
      [100, 'Filled', 100],
      [100, 'Cancelled', 0],
      [100_000, 'Inactive', 0],
    ]);
    const [first] = c.events(EventName.completedOrder, () => true, at);
    expect(first.args[0]).toMatchObject({ symbol: 'SPY', conId: 756733 });
    expect((first.args[2] as { completedTime: string }).completedTime).toBe('20120103 10:00:00 US/Eastern');
  });

  it('reqExecutions: every execution of the day with its commission report; filters by symbol, side, client and time', async () => {
    const { sim, c } = await setup();
    const other = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    c.api.placeOrder(1, SPY, mkt('BUY', 100));
    c.api.placeOrder(2, AAPL, mkt('BUY', 10));
    await waitStatus(c, 2, 'Filled', 0);
    sim.clock.advance(60 * 60_000);
    other.api.placeOrder(1, SPY, mkt('SELL', 50));
    await waitStatus(other, 1, 'Filled', 0);
    const query = async (reqId: number, filter: object) => {
      const at = c.mark();
      c.api.reqExecutions(reqId, filter);
      await c.waitFor(EventName.execDetailsEnd, (id: number) => id === reqId, { after: at });
      const rows = c.events(EventName.execDetails, (id: number) => id === reqId, at).map((e) => `${(e.args[1] as { symbol: string }).symbol}:${(e.args[2] as { side: string }).side}:${(e.args[2] as { clientId: number }).clientId}`);
      expect(c.events(EventName.commissionReport, () => true, at)).toHaveLength(rows.length);
      return rows;
    };
    expect(await query(11, {})).toEqual(['SPY:BOT:1', 'AAPL:BOT:1', 'SPY:SLD:2']);
    expect(await query(12, { symbol: 'SPY' })).toEqual(['SPY:BOT:1', 'SPY:SLD:2']);
    expect(await query(13, { side: 'SELL' })).toEqual(['SPY:SLD:2']);
    expect(await query(14, { clientId: 1, secType: 'STK' })).toEqual(['SPY:BOT:1', 'AAPL:BOT:1']);
    expect(await query(15, { time: '20120103 10:30:00 US/Eastern' })).toEqual(['SPY:SLD:2']);
    expect(await query(16, { acctCode: 'DU999' })).toEqual([]);
  });

  it('reqGlobalCancel cancels every client’s open orders', async () => {
    const { sim, c } = await setup();
    const other = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    const q = quoteOf(sim, 'SPY');
    c.allow(202);
    other.allow(202);
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 1)));
    other.api.placeOrder(5, SPY, lmt('BUY', 100, cents(q.bid - 1), { tif: 'GTC' }));
    await waitStatus(other, 5, 'Submitted', 0);
    await waitStatus(c, 1, 'Submitted', 0);
    c.api.reqGlobalCancel();
    await waitStatus(c, 1, 'Cancelled', 0);
    await waitStatus(other, 5, 'Cancelled', 0);
    expect(sim.broker.book.open()).toEqual([]);
  });
});

describe('a client that drops mid-order (P5)', () => {
  it('its orders keep working; after reconnecting it finds the fill in reqExecutions and the position in reqPositions', async () => {
    const { sim, c } = await setup();
    const now = quoteOf(sim, 'SPY');
    let lo = Infinity;
    for (let i = 1; i <= 120; i++) lo = Math.min(lo, quoteOf(sim, 'SPY', sim.clock.now() + i * 60_000).ask);
    const limit = cents(Math.floor(((now.ask + lo) / 2) * 100) / 100);
    const hit = firstInstant(sim, 'SPY', (q) => q.ask <= limit, 60_000, 120);
    c.api.placeOrder(1, SPY, lmt('BUY', 100, limit, { orderRef: 'p5-key' }));
    await waitStatus(c, 1, 'Submitted', 0);
    await c.disconnect();
    sim.clock.advanceTo(hit); // fills while nobody listens
    expect(sim.broker.book.get(1, 1)?.status).toBe('Filled');
    const back = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    await back.sync();
    expect(back.events(EventName.openOrder)).toEqual([]); // nothing open any more
    let at = back.mark();
    back.api.reqExecutions(3, { clientId: '1' });
    await back.waitFor(EventName.execDetailsEnd, () => true, { after: at });
    const [fill] = back.events(EventName.execDetails, (id: number) => id === 3, at);
    expect(fill.args[2]).toMatchObject({ orderId: 1, orderRef: 'p5-key', shares: 100, price: limit });
    at = back.mark();
    back.api.reqPositions();
    await back.waitFor(EventName.positionEnd, () => true, { after: at });
    expect(back.events(EventName.position, () => true, at).map((e) => e.args[2])).toEqual([100]);
  });
});
