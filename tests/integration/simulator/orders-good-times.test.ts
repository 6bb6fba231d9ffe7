// goodAfterTime and GTD orders on the replay clock, with the real IBApi over TCP and the step clock
// (ib-protocol.md §6 "Orders"): a GAT order is accepted PreSubmitted and starts working (and fills)
// only at its time, in the zoned and the UTC format; a GTD order is cancelled when the clock passes
// its time, a date-only GTD at that day's close; malformed times get TWS's 337 / 391 on the order id
// and leave nothing behind. Every OPEN_ORDER decodes with zero 505 (the client fixture fails otherwise).
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, type Order } from '@stoqey/ib';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { cents, executionsOf, lmt, mkt, quoteOf, sequenceOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');

async function setup() {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}

/** Moves the clock a minute at a time up to (not including) `t`, checking the order has not traded and still shows `status`. */
async function stepUntil(sim: Awaited<ReturnType<typeof setup>>['sim'], c: IbTestClient, orderId: number, t: number, status: string): Promise<void> {
  while (sim.clock.now() + 60_000 < t) {
    sim.clock.advance(60_000);
    await c.sync();
    expect(executionsOf(c, orderId), `order ${orderId} traded early`).toEqual([]);
    expect(sim.broker.book.get(1, orderId)?.status).toBe(status);
  }
  sim.clock.advance(t - 1 - sim.clock.now());
  await c.sync();
  expect(executionsOf(c, orderId)).toEqual([]);
}

function openOrderOf(c: IbTestClient, orderId: number, after = 0): Order {
  const e = c.events(EventName.openOrder, (id: number) => id === orderId, after).at(-1);
  expect(e, `no openOrder for ${orderId}`).toBeDefined();
  return e!.args[2] as Order;
}

describe('goodAfterTime', () => {
  it('a GAT market order is PreSubmitted until its time, then fills at the touch of that instant (US/Eastern and UTC formats)', async () => {
    const { sim, c } = await setup();
    const at = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 100, { goodAfterTime: '20120103 10:30:00 US/Eastern' }));
    c.api.placeOrder(2, SPY, mkt('SELL', 100, { goodAfterTime: '20120103-15:45:00' })); // 10:45 ET
    await waitStatus(c, 1, 'PreSubmitted', at);
    await waitStatus(c, 2, 'PreSubmitted', at);
    expect(openOrderOf(c, 1).goodAfterTime).toBe('20120103 10:30:00 US/Eastern');
    expect(openOrderOf(c, 2).goodAfterTime).toBe('20120103-15:45:00');

    const gat1 = easternToUtc(20120103, 10 * 60 + 30);
    await stepUntil(sim, c, 1, gat1, 'PreSubmitted');
    const q1 = quoteOf(sim, 'SPY', gat1);
    sim.clock.advance(1);
    await waitStatus(c, 1, 'Filled', at);
    expect(executionsOf(c, 1)[0].execution).toMatchObject({ shares: 100, price: q1.ask, time: '20120103 10:30:00 US/Eastern' });
    expect(sequenceOf(c, 1, at)).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'openOrder:Submitted', 'orderStatus:Submitted', 'execDetails', 'openOrder:Filled', 'orderStatus:Filled', 'commissionReport']);

    const gat2 = easternToUtc(20120103, 10 * 60 + 45);
    await stepUntil(sim, c, 2, gat2, 'PreSubmitted');
    const q2 = quoteOf(sim, 'SPY', gat2);
    sim.clock.advance(1);
    await waitStatus(c, 2, 'Filled', at);
    expect(executionsOf(c, 2)[0].execution).toMatchObject({ side: 'SLD', price: q2.bid });
  });

  it('a time alone means today; a GAT already past works at once; a DAY order held for the next session is not expired at tonight’s close', async () => {
    const { sim, c } = await setup();
    const at = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 10, { goodAfterTime: '09:00:00 US/Eastern' }));
    await waitStatus(c, 1, 'Filled', at);
    c.api.placeOrder(2, SPY, mkt('BUY', 10, { goodAfterTime: '10:05:00' }));
    await waitStatus(c, 2, 'PreSubmitted', at);
    expect(sim.broker.book.get(1, 2)?.activeFrom).toBe(easternToUtc(20120103, 10 * 60 + 5));
    c.api.placeOrder(3, SPY, mkt('BUY', 10, { goodAfterTime: '20120104 09:45:00 US/Eastern' }));
    await waitStatus(c, 3, 'PreSubmitted', at);
    sim.clock.advanceTo(easternToUtc(20120104, 9 * 60 + 40));
    await c.sync();
    expect(sim.broker.book.get(1, 3)?.status).toBe('PreSubmitted'); // survived the 2012-01-03 close
    expect(executionsOf(c, 3)).toEqual([]);
    sim.clock.advanceTo(easternToUtc(20120104, 9 * 60 + 45));
    await waitStatus(c, 3, 'Filled', at);
    expect(executionsOf(c, 3)[0].execution).toMatchObject({ time: '20120104 09:45:00 US/Eastern' });
  });
});

describe('good till date', () => {
  it('a GTD order works until its time and is cancelled when the clock reaches it', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    const at = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 5), { tif: 'GTD', goodTillDate: '20120103 11:00:00 US/Eastern' }));
    await waitStatus(c, 1, 'Submitted', at);
    expect(openOrderOf(c, 1)).toMatchObject({ tif: 'GTD', goodTillDate: '20120103 11:00:00 US/Eastern' });
    const end = easternToUtc(20120103, 11 * 60);
    await stepUntil(sim, c, 1, end, 'Submitted');
    sim.clock.advance(1);
    await waitStatus(c, 1, 'Cancelled', at);
    expect(sim.broker.book.get(1, 1)).toMatchObject({ status: 'Cancelled', completedAt: end, completedStatus: 'Cancelled: order expired' });
    expect(c.ledger.errors.filter((e) => e.reqId === 1)).toEqual([]); // no 202: the client did not cancel it
  });

  it('a date-only GTD lives through the first close and is cancelled at its day’s close', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    const at = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 8), { tif: 'GTD', goodTillDate: '20120104' }));
    await waitStatus(c, 1, 'Submitted', at);
    sim.clock.advanceTo(easternToUtc(20120104, 15 * 60 + 59));
    await c.sync();
    expect(sim.broker.book.get(1, 1)?.status).toBe('Submitted');
    // The new session prunes the order from the book: record its completion time as it is cancelled.
    const seen: number[] = [];
    const changed = sim.broker.changed.bind(sim.broker);
    sim.broker.changed = () => {
      const o = sim.broker.book.get(1, 1);
      if (o?.status === 'Cancelled' && seen.length === 0) seen.push(o.completedAt!);
      changed();
    };
    sim.clock.advance(60_000); // the close: the clock moves on to the next session's open
    await waitStatus(c, 1, 'Cancelled', at);
    expect(seen).toEqual([easternToUtc(20120104, 16 * 60)]);
    expect(sim.broker.book.open()).toEqual([]);
  });
});

describe('malformed times', () => {
  it('337 "Start Time" for an unreadable goodAfterTime, 391 "End Time" for a GTD without a readable goodTillDate; nothing is recorded', async () => {
    const { sim, c } = await setup();
    for (const [id, extra, code, label] of [
      [1, { goodAfterTime: '2012-01-03 10:30' }, 337, 'Start Time'],
      [2, { goodAfterTime: '20120103 25:00:00 US/Eastern' }, 337, 'Start Time'],
      [3, { goodAfterTime: '20120103' }, 337, 'Start Time'],
      [4, { tif: 'GTD' }, 391, 'End Time'],
      [5, { tif: 'GTD', goodTillDate: 'tomorrow' }, 391, 'End Time'],
      [6, { tif: 'GTD', goodTillDate: '20120103 11:00:00 Mars/Olympus' }, 391, 'End Time'],
    ] as const) {
      c.allow(code, id);
      c.api.placeOrder(id, SPY, mkt('BUY', 1, extra));
      const [err] = await c.waitForError(code, id, { after: 0 });
      expect((err as Error).message).toMatch(new RegExp(`^${label}: The date, time, or time-zone entered is invalid\\. The correct format is yyyymmdd hh:mm:ss xx/xxxx`));
    }
    expect(sim.broker.book.all()).toEqual([]);
    expect(c.events(EventName.openOrder)).toEqual([]);
  });

  it('a GTD time already passed is rejected (201, Inactive)', async () => {
    const { c } = await setup();
    c.allow(201, 1);
    c.api.placeOrder(1, SPY, mkt('BUY', 1, { tif: 'GTD', goodTillDate: '20120103 09:45:00 US/Eastern' }));
    const [err] = await c.waitForError(201, 1, { after: 0 });
    expect((err as Error).message).toMatch(/good till date '20120103 09:45:00 US\/Eastern' has already passed/);
    await waitStatus(c, 1, 'Inactive', 0);
  });
});
