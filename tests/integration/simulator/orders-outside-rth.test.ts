// outsideRth with the real IBApi over TCP and a step clock that stops outside regular hours
// (skipClosed off; ib-protocol.md §6 "Orders"): a stock limit order with outsideRth trades in the
// pre-market and the after-hours session against the extended-hours quote (market/extended-hours.ts
// on the shared 04:00–20:00 ET session); the same order without it waits for the 09:30 open, and a
// DAY order placed before the open is not expired by that open. A market order's outsideRth is
// ignored with TWS's warning 2109 and it waits for regular hours too.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, type Order } from '@stoqey/ib';
import { extendedHoursQuote } from '../../../bridge/simulator/market/extended-hours.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { cents, executionsOf, lmt, mkt, quoteOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');

async function setup(start: string) {
  const sim = await startTestSimulator({ start, skipClosed: false });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}

describe('outsideRth', () => {
  it('fills a limit order in the pre-market at the extended-hours quote; without the flag it waits for the open', async () => {
    const { sim, c } = await setup('2012-01-04T08:00');
    const spy = sim.state.catalogue.underlying('SPY')!;
    const t0 = sim.clock.now();
    expect(sim.state.catalogue.calendar.isOpen(t0)).toBe(false);
    const x = extendedHoursQuote(spy, t0)!;
    expect(x.phase).toBe('pre');
    const limit = cents(x.ask + 2);
    const mark = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 100, limit, { outsideRth: true }));
    c.api.placeOrder(2, SPY, lmt('BUY', 100, limit));
    c.allow(2109, 3);
    c.api.placeOrder(3, SPY, mkt('BUY', 100, { outsideRth: true }));
    await waitStatus(c, 1, 'Filled', mark);
    expect(executionsOf(c, 1)[0].execution).toMatchObject({ shares: 100, price: x.ask, time: '20120104 08:00:00 US/Eastern' });
    const [warning] = await c.waitForError(2109, 3, { after: mark });
    expect((warning as Error).message).toMatch(/Outside Regular Trading Hours' is ignored/);
    const echoed = c.events(EventName.openOrder, (id: number) => id === 1, mark)[0].args[2] as Order;
    expect(echoed.outsideRth).toBe(true);

    const open = easternToUtc(20120104, 9 * 60 + 30);
    while (sim.clock.now() + 10 * 60_000 < open) {
      sim.clock.advance(10 * 60_000);
      await c.sync();
      expect(executionsOf(c, 2)).toEqual([]);
      expect(executionsOf(c, 3)).toEqual([]);
    }
    sim.clock.advanceTo(open - 1000);
    await c.sync();
    expect(sim.broker.book.get(1, 2)?.status).toBe('Submitted'); // not expired as yesterday's DAY order
    const q = quoteOf(sim, 'SPY', open);
    sim.clock.advanceTo(open);
    await waitStatus(c, 2, 'Filled', mark);
    await waitStatus(c, 3, 'Filled', mark);
    expect(executionsOf(c, 2)[0].execution).toMatchObject({ price: q.ask, time: '20120104 09:30:00 US/Eastern' });
  });

  it('trades in the after-hours session until 20:00 ET; nothing trades after it', async () => {
    const { sim, c } = await setup('2012-01-04T15:00');
    c.api.placeOrder(1, SPY, mkt('BUY', 200));
    await waitStatus(c, 1, 'Filled');
    const spy = sim.state.catalogue.underlying('SPY')!;
    sim.clock.advanceTo(easternToUtc(20120104, 16 * 60 + 30));
    await c.sync();
    const t = sim.clock.now();
    const x = extendedHoursQuote(spy, t)!;
    expect(x.phase).toBe('post');
    const mark = c.mark();
    c.api.placeOrder(2, SPY, lmt('SELL', 100, cents(x.bid - 1), { outsideRth: true, tif: 'GTC' }));
    await waitStatus(c, 2, 'Filled', mark);
    expect(executionsOf(c, 2)[0].execution).toMatchObject({ side: 'SLD', price: x.bid, time: '20120104 16:30:00 US/Eastern' });
    c.api.placeOrder(3, SPY, lmt('SELL', 100, cents(x.bid - 1), { tif: 'GTC' }));
    await waitStatus(c, 3, 'Submitted', mark);
    sim.clock.advanceTo(easternToUtc(20120104, 20 * 60 + 30));
    c.api.placeOrder(4, SPY, lmt('SELL', 100, cents(x.bid - 1), { outsideRth: true, tif: 'GTC' }));
    await waitStatus(c, 4, 'Submitted', mark);
    await c.sync();
    expect(executionsOf(c, 3)).toEqual([]);
    expect(executionsOf(c, 4)).toEqual([]); // 20:30: even extended trading is closed
  });

  it('a DAY order with outsideRth ends with the after-hours session at 20:00 ET and never trades in the next pre-market', async () => {
    const { sim, c } = await setup('2012-01-04T17:00');
    const spy = sim.state.catalogue.underlying('SPY')!;
    const x = extendedHoursQuote(spy, sim.clock.now())!;
    expect(x.phase).toBe('post');
    const mark = c.mark();
    // Far below the market: it cannot fill tonight, and would fill at once if it were still working tomorrow.
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(x.bid * 0.5), { outsideRth: true }));
    // Without outsideRth, a DAY order placed in the after-hours belongs to the next regular session.
    c.api.placeOrder(2, SPY, lmt('BUY', 100, cents(x.bid * 0.5)));
    await waitStatus(c, 1, 'Submitted', mark);
    await waitStatus(c, 2, 'Submitted', mark);
    sim.clock.advanceTo(easternToUtc(20120104, 19 * 60 + 59));
    await c.sync();
    expect(sim.broker.book.get(1, 1)?.status).toBe('Submitted');
    sim.clock.advanceTo(easternToUtc(20120104, 20 * 60 + 1));
    await waitStatus(c, 1, 'Cancelled', mark);
    expect(sim.broker.book.get(1, 1)).toMatchObject({ completedAt: easternToUtc(20120104, 20 * 60), completedStatus: 'Cancelled: order expired' });
    expect(sim.broker.book.get(1, 2)?.status).toBe('Submitted');
    // Next morning's pre-market: order 1 is gone; order 2 waits for the regular session (and ends at its close).
    sim.clock.advanceTo(easternToUtc(20120105, 5 * 60));
    await c.sync();
    expect(executionsOf(c, 1)).toEqual([]);
    expect(sim.broker.book.get(1, 2)?.status).toBe('Submitted');
    sim.clock.advanceTo(easternToUtc(20120105, 16 * 60 + 1));
    await waitStatus(c, 2, 'Cancelled', mark);
    expect(sim.broker.book.get(1, 2)?.completedAt).toBe(easternToUtc(20120105, 16 * 60));
  });
});
