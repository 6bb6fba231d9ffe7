// Bracket orders (children held until the parent fills; the take-profit's fill cancels the
// stop-loss), explicit OCA groups (ocaType 1 cancels, 2 reduces) and combo (BAG) orders for option
// spreads (all legs together, net price, one execution per leg), with the real IBApi over TCP.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { IbTestClient } from '../../support/ib-client.ts';
import { cents, executionsOf, firstInstant, lmt, mkt, order, quoteOf, sequenceOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');

async function setup(start = '2012-01-03T10:00') {
  const sim = await startTestSimulator({ start });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}

type Sim = Awaited<ReturnType<typeof setup>>['sim'];

async function stepTo(sim: Sim, c: IbTestClient, t: number): Promise<void> {
  while (sim.clock.now() < t) {
    sim.clock.advance(Math.min(60_000, t - sim.clock.now()));
    await c.sync();
  }
}

describe('bracket orders', () => {
  it('parent + take-profit + stop-loss: children wait for the parent’s fill, then the take-profit fills and cancels the stop-loss', async () => {
    const { sim, c } = await setup();
    // Plan from the replay: the parent's limit is reached at t1; after it the bid rises to the take-profit at t2.
    const now = quoteOf(sim, 'SPY');
    let lo = Infinity;
    for (let i = 1; i <= 60; i++) lo = Math.min(lo, quoteOf(sim, 'SPY', now.lastTime * 1000 + i * 60_000).ask);
    const entry = cents(Math.floor(((now.ask + lo) / 2) * 100) / 100);
    expect(entry).toBeLessThan(now.ask);
    const t1 = firstInstant(sim, 'SPY', (q) => q.ask <= entry, 60_000, 60);
    let hi = -Infinity;
    for (let i = 1; i <= 240; i++) hi = Math.max(hi, quoteOf(sim, 'SPY', t1 + i * 60_000).bid);
    const bidAtEntry = quoteOf(sim, 'SPY', t1).bid;
    const target = cents(Math.ceil(((bidAtEntry + hi) / 2) * 100) / 100);
    expect(target).toBeGreaterThan(bidAtEntry);
    const t2 = firstInstant(sim, 'SPY', (q) => q.bid >= target, 60_000, 240, t1);
    const stopLoss = cents(entry - 5);

    const at = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 100, entry, { transmit: false, orderRef: 'bracket' }));
    c.api.placeOrder(2, SPY, lmt('SELL', 100, target, { parentId: 1, transmit: false, tif: 'GTC' }));
    c.api.placeOrder(3, SPY, order('SELL', 100, OrderType.STP, { auxPrice: stopLoss, parentId: 1, transmit: true, tif: 'GTC' }));
    await waitStatus(c, 1, 'Submitted', at);
    await c.sync();
    // Sent untransmitted (held), then transmitted by the last child: the parent works, the children wait.
    expect(sequenceOf(c, 1, at)).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'openOrder:Submitted', 'orderStatus:Submitted']);
    expect(sequenceOf(c, 2, at)).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'orderStatus:PreSubmitted']);
    const [child] = c.events(EventName.openOrder, (id: number) => id === 3, at);
    expect(child.args[2]).toMatchObject({ parentId: 1, orderType: 'STP', auxPrice: stopLoss });

    await stepTo(sim, c, t1 - 60_000);
    expect(sim.broker.book.get(1, 2)?.status).toBe('PreSubmitted');
    expect(sim.broker.book.get(1, 3)?.status).toBe('PreSubmitted');
    const beforeFill = c.mark();
    await stepTo(sim, c, t1);
    await waitStatus(c, 1, 'Filled', beforeFill);
    expect(executionsOf(c, 1)[0].execution.price).toBe(entry);
    // The parent's fill released both children.
    expect(sequenceOf(c, 2, beforeFill)).toEqual(['openOrder:Submitted', 'orderStatus:Submitted']);
    expect(sequenceOf(c, 3, beforeFill)).toEqual(['openOrder:Submitted', 'orderStatus:Submitted']);

    const beforeExit = c.mark();
    await stepTo(sim, c, t2);
    await waitStatus(c, 2, 'Filled', beforeExit);
    await waitStatus(c, 3, 'Cancelled', beforeExit);
    expect(executionsOf(c, 2)[0].execution).toMatchObject({ side: 'SLD', shares: 100, price: target });
    expect(executionsOf(c, 3)).toEqual([]);
    expect(sim.broker.positionByConId('DU1234567', 756733)?.qty).toBe(0);
  });

  it('cancelling an unfilled parent cancels its held children', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.allow(202, 1);
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 3), { transmit: false }));
    c.api.placeOrder(2, SPY, lmt('SELL', 100, cents(q.ask + 3), { parentId: 1, transmit: true }));
    await waitStatus(c, 1, 'Submitted');
    const at = c.mark();
    c.api.cancelOrder(1);
    await waitStatus(c, 2, 'Cancelled', at);
    expect(sequenceOf(c, 1, at)).toEqual(['orderStatus:PendingCancel', 'orderStatus:Cancelled']);
  });
});

describe('OCA groups', () => {
  it('ocaType 1: a fill cancels the other orders of the group', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 2), { ocaGroup: 'entry', ocaType: 1 }));
    await waitStatus(c, 1, 'Submitted');
    const at = c.mark();
    c.api.placeOrder(2, SPY, mkt('BUY', 100, { ocaGroup: 'entry', ocaType: 1 }));
    await waitStatus(c, 2, 'Filled', at);
    await waitStatus(c, 1, 'Cancelled', at);
    expect(executionsOf(c, 1)).toEqual([]);
  });

  it('ocaType 2: a fill reduces the others by the filled quantity', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(1, SPY, lmt('BUY', 300, cents(q.bid - 2), { ocaGroup: 'scale', ocaType: 2 }));
    await waitStatus(c, 1, 'Submitted');
    const at = c.mark();
    c.api.placeOrder(2, SPY, mkt('BUY', 100, { ocaGroup: 'scale', ocaType: 2 }));
    await waitStatus(c, 2, 'Filled', at);
    await c.sync();
    const reduced = c.events(EventName.openOrder, (id: number) => id === 1, at).at(-1)!;
    expect(reduced.args[2]).toMatchObject({ totalQuantity: 200 });
    expect(c.events(EventName.orderStatus, (id: number) => id === 1, at).at(-1)!.args.slice(1, 4)).toEqual(['Submitted', 0, 200]);
  });
});

describe('combo (BAG) orders', () => {
  function spread(sim: Sim) {
    const spy = sim.state.catalogue.underlying('SPY')!;
    const now = sim.clock.now();
    const chain = sim.state.catalogue.chain(spy, now)!;
    const expiry = chain.expiries.find((e) => e.kind === 'monthly')!;
    const k1 = expiry.strikes.find((k) => k >= chain.reference)!;
    const k2 = expiry.strikes.find((k) => k >= k1 + 3)!;
    const long = sim.state.catalogue.option(spy, expiry.date, k1, 'C')!;
    const short = sim.state.catalogue.option(spy, expiry.date, k2, 'C')!;
    const contract: Contract = {
      symbol: 'SPY',
      secType: SecType.BAG,
      exchange: 'SMART',
      currency: 'USD',
      comboLegs: [
        { conId: long.conId, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
        { conId: short.conId, ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
      ],
    };
    return { contract, long, short };
  }

  it('a bull call spread bought at market: both legs at their touch, net price, one execution and commission per leg', async () => {
    const { sim, c } = await setup();
    const { contract, long, short } = spread(sim);
    const ql = quoteOf(sim, long.conId);
    const qs = quoteOf(sim, short.conId);
    const qty = Math.min(2, ql.askSize, qs.bidSize);
    const at = c.mark();
    c.api.placeOrder(1, contract, mkt('BUY', qty));
    await waitStatus(c, 1, 'Filled', at);
    await c.sync();
    expect(sequenceOf(c, 1, at)).toEqual(['openOrder:Submitted', 'orderStatus:Submitted', 'execDetails', 'execDetails', 'openOrder:Filled', 'orderStatus:Filled', 'commissionReport', 'commissionReport']);
    const [open] = c.events(EventName.openOrder, (id: number) => id === 1, at);
    expect(open.args[1]).toMatchObject({ secType: 'BAG', symbol: 'SPY', comboLegsDescription: `${long.conId}|1,${short.conId}|1` });
    expect((open.args[1] as Contract).comboLegs?.map((l) => [l.conId, l.ratio, l.action])).toEqual([
      [long.conId, 1, 'BUY'],
      [short.conId, 1, 'SELL'],
    ]);
    const fills = executionsOf(c, 1, at);
    expect(fills.map((f) => [f.contract.conId, f.contract.secType, f.execution.side, f.execution.shares, f.execution.price])).toEqual([
      [long.conId, 'OPT', 'BOT', qty, ql.ask],
      [short.conId, 'OPT', 'SLD', qty, qs.bid],
    ]);
    const status = c.events(EventName.orderStatus, (id: number, s: string) => id === 1 && s === 'Filled', at)[0].args;
    expect(status[4]).toBeCloseTo(ql.ask - qs.bid, 9);
    const commissions = c.events(EventName.commissionReport, () => true, at).map((e) => (e.args[0] as { commission: number }).commission);
    expect(commissions).toEqual([Math.max(1, 0.65 * qty), Math.max(1, 0.65 * qty)]);
    expect(sim.broker.positionByConId('DU1234567', long.conId)?.qty).toBe(qty);
    expect(sim.broker.positionByConId('DU1234567', short.conId)?.qty).toBe(-qty);
    expect(sim.broker.values('DU1234567').initMargin).toBe(0); // the short call is covered by the long one
  });

  it('a combo limit below the net ask rests; modified to cross, it fills at the legs’ touch', async () => {
    const { sim, c } = await setup();
    const { contract, long, short } = spread(sim);
    const net = quoteOf(sim, long.conId).ask - quoteOf(sim, short.conId).bid;
    c.api.placeOrder(1, contract, lmt('BUY', 1, cents(net - 0.1)));
    await waitStatus(c, 1, 'Submitted');
    await c.sync();
    expect(executionsOf(c, 1)).toEqual([]);
    const at = c.mark();
    c.api.placeOrder(1, contract, lmt('BUY', 1, cents(net + 0.1)));
    await waitStatus(c, 1, 'Filled', at);
    expect(c.events(EventName.orderStatus, (id: number, s: string) => id === 1 && s === 'Filled', at)[0].args[4]).toBeCloseTo(net, 9);
  });
});
