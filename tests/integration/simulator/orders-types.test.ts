// Paper matching of every order type against the replayed quotes, with the real IBApi over TCP and
// the step clock: market (at the touch), limit (marketable and resting), partial fills, stop,
// stop-limit, MOC and trailing stops (amount and percent), each with its message sequence
// (ib-protocol.md §6 "Orders"). Expected prices are predicted from the quote model beforehand.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, OrderType } from '@stoqey/ib';
import { trailReference, trailingStop } from '../../../shared/broker/quote-fills.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { cents, executionsOf, firstInstant, lastRange, lmt, mkt, order, quoteOf, sequenceOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');
const FILLED_SEQUENCE = ['openOrder:Submitted', 'orderStatus:Submitted', 'execDetails', 'openOrder:Filled', 'orderStatus:Filled', 'commissionReport'];

async function setup(start = '2012-01-03T10:00') {
  const sim = await startTestSimulator({ start });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}

/** Advances the clock minute by minute up to `t`, checking after each step that `orderId` has not traded yet. */
async function advanceUntil(sim: Awaited<ReturnType<typeof setup>>['sim'], c: IbTestClient, orderId: number, t: number): Promise<void> {
  while (sim.clock.now() + 60_000 < t) {
    sim.clock.advance(60_000);
    await c.sync();
    expect(executionsOf(c, orderId), `order ${orderId} traded early at ${sim.clock.now()}`).toEqual([]);
  }
  sim.clock.advance(t - sim.clock.now());
  await c.sync();
}

describe('market orders', () => {
  it('a buy fills at once at the ask: openOrder, orderStatus Submitted, execDetails, openOrder/orderStatus Filled, commissionReport', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    const at = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 100, { orderRef: 'mkt-1' }));
    await waitStatus(c, 1, 'Filled', at);
    await c.sync();
    expect(sequenceOf(c, 1, at)).toEqual(FILLED_SEQUENCE);
    const [exec] = executionsOf(c, 1, at);
    expect(exec.contract).toMatchObject({ conId: 756733, symbol: 'SPY', secType: 'STK' });
    expect(exec.execution).toMatchObject({ side: 'BOT', shares: 100, price: q.ask, cumQty: 100, avgPrice: q.ask, orderRef: 'mkt-1', acctNumber: 'DU1234567', clientId: 1, lastLiquidity: 2 });
    const status = c.events(EventName.orderStatus, (id: number, s: string) => id === 1 && s === 'Filled', at)[0].args;
    expect(status).toEqual([1, 'Filled', 100, 0, q.ask, status[5], 0, q.ask, 1, '', 0]);
    const [submitted] = c.events(EventName.openOrder, (id: number) => id === 1, at);
    expect(submitted.args[2]).toMatchObject({ action: 'BUY', totalQuantity: 100, orderType: 'MKT', tif: 'DAY', account: 'DU1234567', orderRef: 'mkt-1', clientId: 1 });
    const [report] = c.events(EventName.commissionReport, () => true, at);
    expect(report.args[0]).toMatchObject({ execId: exec.execution.execId, commission: 0.35, currency: 'USD', realizedPNL: undefined }); // IBKR tiered: max(0.0035 × 100, 0.35)
  });

  it('a sell fills at the bid and a closing fill reports its realised P&L', async () => {
    const { sim, c } = await setup();
    c.api.placeOrder(1, SPY, mkt('BUY', 200));
    await waitStatus(c, 1, 'Filled');
    const buy = quoteOf(sim, 'SPY');
    sim.clock.advance(30 * 60_000);
    const sell = quoteOf(sim, 'SPY');
    const at = c.mark();
    c.api.placeOrder(2, SPY, mkt('SELL', 200));
    await waitStatus(c, 2, 'Filled', at);
    await c.sync();
    expect(sequenceOf(c, 2, at)).toEqual(FILLED_SEQUENCE);
    expect(executionsOf(c, 2, at)[0].execution).toMatchObject({ side: 'SLD', shares: 200, price: sell.bid });
    const report = c.events(EventName.commissionReport, () => true, at)[0].args[0] as { realizedPNL: number; commission: number };
    // avgCost includes the opening commission (0.70 on 200 shares); the closing one is charged too.
    expect(report.commission).toBeCloseTo(0.7, 9);
    expect(report.realizedPNL).toBeCloseTo(200 * (sell.bid - buy.ask) - 0.7 - 0.7, 6);
  });
});

describe('limit orders', () => {
  it('a marketable limit trades at the touch, not at its limit', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.ask + 0.5)));
    await waitStatus(c, 1, 'Filled');
    expect(executionsOf(c, 1)[0].execution).toMatchObject({ price: q.ask, lastLiquidity: 2 });
  });

  it('a resting buy limit waits until the ask comes down to it, then fills at its limit', async () => {
    const { sim, c } = await setup();
    const now = quoteOf(sim, 'SPY');
    const { lo } = lastRange(sim, 'SPY', 180);
    const limit = cents(Math.floor(((now.ask + lo) / 2) * 100) / 100);
    expect(limit).toBeLessThan(now.ask);
    const hit = firstInstant(sim, 'SPY', (q) => q.ask <= limit, 60_000, 180);
    const at = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 100, limit, { tif: 'GTC' }));
    await waitStatus(c, 1, 'Submitted', at);
    await advanceUntil(sim, c, 1, hit);
    await waitStatus(c, 1, 'Filled', at);
    expect(executionsOf(c, 1)[0].execution).toMatchObject({ price: limit, shares: 100, lastLiquidity: 1 });
    expect(sequenceOf(c, 1, at)).toEqual(FILLED_SEQUENCE);
  });
});

describe('partial fills', () => {
  it('an order larger than the shown size fills what is shown, and the rest on later quotes', async () => {
    const { sim, c } = await setup();
    const total = 12_000;
    const at = c.mark();
    const expected: number[] = [];
    let left = total;
    for (let s = 0; left > 0; s++) {
      const q = quoteOf(sim, 'SPY', sim.clock.now() + s * 1000);
      const n = Math.min(left, q.askSize);
      expected.push(n);
      left -= n;
    }
    expect(expected.length).toBeGreaterThan(2);
    c.api.placeOrder(1, SPY, mkt('BUY', total));
    await c.waitFor(EventName.execDetails, () => true, { after: at });
    await c.sync();
    for (let i = 1; i < expected.length; i++) {
      sim.clock.advance(1000);
      await c.sync();
    }
    await waitStatus(c, 1, 'Filled', at);
    await c.sync();
    const fills = executionsOf(c, 1, at);
    expect(fills.map((f) => f.execution.shares)).toEqual(expected);
    expect(fills.map((f) => f.execution.cumQty)).toEqual(expected.map((_, i) => expected.slice(0, i + 1).reduce((a, b) => a + b, 0)));
    expect(new Set(fills.map((f) => f.execution.execId)).size).toBe(fills.length); // a unique execId per fill
    const statuses = c.events(EventName.orderStatus, (id: number) => id === 1, at).map((e) => [e.args[1], e.args[2], e.args[3]]);
    expect(statuses[0]).toEqual(['Submitted', 0, total]);
    expect(statuses.at(-1)).toEqual(['Filled', total, 0]);
    expect(statuses.filter((s) => s[0] === 'Submitted' && (s[1] as number) > 0).length).toBe(expected.length - 1);
    const commissions = c.events(EventName.commissionReport, () => true, at).map((e) => (e.args[0] as { commission: number }).commission);
    expect(commissions.reduce((a, b) => a + b, 0)).toBeCloseTo(0.0035 * total, 6); // the order's tiered commission, split over its fills
  });
});

/** A stop the next three hours reach: a buy stop above the last if the price rises more than it falls, else a sell stop below. */
function reachableStop(sim: Awaited<ReturnType<typeof setup>>['sim']): { buy: boolean; stop: number; hit: number } {
  const now = quoteOf(sim, 'SPY');
  const { hi, lo } = lastRange(sim, 'SPY', 180);
  const buy = hi - now.last >= now.last - lo;
  const stop = buy ? cents(Math.ceil(((now.last + hi) / 2) * 100) / 100) : cents(Math.floor(((now.last + lo) / 2) * 100) / 100);
  expect(buy ? stop > now.last : stop < now.last).toBe(true);
  const hit = firstInstant(sim, 'SPY', (q) => (buy ? q.last >= stop : q.last <= stop), 60_000, 180);
  return { buy, stop, hit };
}

describe('stop and stop-limit orders', () => {
  it('a stop triggers when the last trade reaches it and fills at the touch of that instant', async () => {
    const { sim, c } = await setup();
    const { buy, stop, hit } = reachableStop(sim);
    const at = c.mark();
    c.api.placeOrder(1, SPY, order(buy ? 'BUY' : 'SELL', 100, OrderType.STP, { auxPrice: stop }));
    await advanceUntil(sim, c, 1, hit);
    await waitStatus(c, 1, 'Filled', at);
    const q = quoteOf(sim, 'SPY', hit);
    expect(executionsOf(c, 1)[0].execution.price).toBe(buy ? q.ask : q.bid);
    expect(sequenceOf(c, 1, at)).toEqual(FILLED_SEQUENCE);
  });

  it('a stop-limit becomes a limit at the trigger: marketable → fills; limit beyond the market → keeps working', async () => {
    const { sim, c } = await setup();
    const { buy, stop, hit } = reachableStop(sim);
    const side = buy ? 'BUY' : 'SELL';
    const dir = buy ? 1 : -1;
    c.api.placeOrder(1, SPY, order(side, 100, OrderType.STP_LMT, { auxPrice: stop, lmtPrice: cents(stop + dir) }));
    c.api.placeOrder(2, SPY, order(side, 100, OrderType.STP_LMT, { auxPrice: stop, lmtPrice: cents(stop - 2 * dir) }));
    await advanceUntil(sim, c, 1, hit);
    await waitStatus(c, 1, 'Filled', 0);
    const q = quoteOf(sim, 'SPY', hit);
    expect(executionsOf(c, 1)[0].execution.price).toBe(buy ? q.ask : q.bid);
    expect(executionsOf(c, 2)).toEqual([]);
    expect(sim.broker.book.get(1, 2)).toMatchObject({ status: 'Submitted', triggered: true, filled: 0 });
  });
});

describe('market-on-close', () => {
  it('waits for the close and fills its whole size at the closing price', async () => {
    const { sim, c } = await setup();
    const at = c.mark();
    c.api.placeOrder(1, SPY, order('BUY', 5000, OrderType.MOC));
    await waitStatus(c, 1, 'Submitted', at);
    sim.clock.advance(5 * 3_600_000);
    await c.sync();
    expect(executionsOf(c, 1)).toEqual([]); // 15:00: still waiting
    const close = easternToUtc(20120103, 16 * 60);
    const closing = quoteOf(sim, 'SPY', close - 1);
    sim.clock.advanceTo(easternToUtc(20120104, 10 * 60));
    await waitStatus(c, 1, 'Filled', at);
    const [fill] = executionsOf(c, 1, at);
    expect(fill.execution).toMatchObject({ shares: 5000, price: closing.last, time: '20120103 15:59:59 US/Eastern' });
    const daily = sim.state.catalogue.underlying('SPY')!.tape.daily;
    expect(Math.abs(closing.last - daily.close[daily.date.indexOf(20120103)])).toBeLessThan(0.2);
  });
});

describe('trailing stops', () => {
  /** The instant a SELL trail (amount or percent) set at placement triggers, stepping a minute at a time. */
  function trailTrigger(sim: Awaited<ReturnType<typeof setup>>['sim'], amount: number | undefined, percent: number | undefined): { t: number; stops: number[] } {
    let stop = trailingStop(false, NaN, trailReference(false, quoteOf(sim, 'SPY')), amount, percent);
    const stops = [stop];
    for (let i = 1; i <= 390; i++) {
      const t = sim.clock.now() + i * 60_000;
      const q = quoteOf(sim, 'SPY', t);
      stop = trailingStop(false, stop, trailReference(false, q), amount, percent);
      stops.push(stop);
      if (q.last <= stop) return { t, stops };
    }
    throw new Error('the trail never triggered');
  }

  for (const [what, amount, percent] of [
    ['a trailing amount', 0.3, undefined],
    ['a trailing percent', undefined, 0.25],
  ] as const) {
    it(`a sell trail with ${what} ratchets up behind the price and sells at the bid once the last falls to it`, async () => {
      const { sim, c } = await setup();
      c.api.placeOrder(1, SPY, mkt('BUY', 100));
      await waitStatus(c, 1, 'Filled');
      const { t, stops } = trailTrigger(sim, amount, percent);
      const at = c.mark();
      c.api.placeOrder(2, SPY, order('SELL', 100, OrderType.TRAIL, { auxPrice: amount, trailingPercent: percent, tif: 'GTC' }));
      await waitStatus(c, 2, 'Submitted', at);
      const initial = c.events(EventName.openOrder, (id: number) => id === 2, at)[0].args[2] as { trailStopPrice: number };
      expect(initial.trailStopPrice).toBeCloseTo(stops[0], 9);
      await advanceUntil(sim, c, 2, t);
      await waitStatus(c, 2, 'Filled', at);
      expect(executionsOf(c, 2)[0].execution).toMatchObject({ side: 'SLD', shares: 100, price: quoteOf(sim, 'SPY', t).bid });
      expect(Math.max(...stops)).toBeGreaterThanOrEqual(stops[0]);
      expect(sim.broker.positionByConId('DU1234567', 756733)?.qty).toBe(0);
    });
  }
});
