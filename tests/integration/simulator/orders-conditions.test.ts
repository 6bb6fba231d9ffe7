// Conditional orders against the replay, with the real IBApi over TCP and the step clock
// (ib-protocol.md §6 "Conditional orders"): an order waits PreSubmitted until its conditions hold,
// then is submitted (and fills); conditions combine left to right (`A or B and C` = `(A or B) and C`);
// conditionsCancelOrder makes a working order that the conditions cancel; price (crossing found on
// the replayed path beforehand), time, volume, percent change, margin cushion and execution
// conditions. The OPEN_ORDER echoes the conditions, which the client decodes back unchanged.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  ConjunctionConnection,
  EventName,
  ExecutionCondition,
  MarginCondition,
  PercentChangeCondition,
  PriceCondition,
  SecType,
  TimeCondition,
  TriggerMethod,
  VolumeCondition,
  type Order,
} from '@stoqey/ib';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { cents, executionsOf, firstInstant, lastRange, lmt, mkt, quoteOf, sequenceOf, stock, waitStatus } from '../../support/ib-orders.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const SPY = stock('SPY');
const SPY_ID = 756733;
const { AND, OR } = ConjunctionConnection;

async function setup() {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
  onTestFinished(() => sim.close());
  const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
  return { sim, c };
}
type Sim = Awaited<ReturnType<typeof setup>>['sim'];

/** Steps the clock a minute at a time to `t`, checking before it that `orderId` has not traded and is still PreSubmitted. */
async function heldUntil(sim: Sim, c: IbTestClient, orderId: number, t: number): Promise<void> {
  while (sim.clock.now() + 60_000 < t) {
    sim.clock.advance(60_000);
    await c.sync();
    expect(executionsOf(c, orderId), `order ${orderId} traded early`).toEqual([]);
    expect(sim.broker.book.get(1, orderId)?.status, `order ${orderId} at ${sim.clock.now()}`).toBe('PreSubmitted');
  }
  sim.clock.advance(t - sim.clock.now());
  await c.sync();
}

const at = (hhmm: number) => easternToUtc(20120103, Math.floor(hhmm / 100) * 60 + (hhmm % 100));

describe('price conditions', () => {
  it('an order waits until the replayed last price crosses the condition, then is submitted and fills; the conditions are echoed', async () => {
    const { sim, c } = await setup();
    const now = quoteOf(sim, 'SPY');
    const { hi, lo } = lastRange(sim, 'SPY', 180);
    const up = hi - now.last >= now.last - lo;
    const level = up ? cents(Math.ceil(((now.last + hi) / 2) * 100) / 100) : cents(Math.floor(((now.last + lo) / 2) * 100) / 100);
    const hit = firstInstant(sim, 'SPY', (q) => (up ? q.last >= level : q.last <= level));
    const condition = new PriceCondition(level, TriggerMethod.Last, SPY_ID, 'SMART', up, AND);
    const mark = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 100, { conditions: [condition], conditionsIgnoreRth: false, conditionsCancelOrder: false }));
    await waitStatus(c, 1, 'PreSubmitted', mark);
    const echoed = c.events(EventName.openOrder, (id: number) => id === 1, mark)[0].args[2] as Order;
    expect(echoed.conditions).toEqual([condition]);
    expect(echoed).toMatchObject({ conditionsIgnoreRth: false, conditionsCancelOrder: false });
    await heldUntil(sim, c, 1, hit);
    await waitStatus(c, 1, 'Filled', mark);
    expect(executionsOf(c, 1)[0].execution).toMatchObject({ price: quoteOf(sim, 'SPY', hit).ask, shares: 100 });
    expect(sequenceOf(c, 1, mark)).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'openOrder:Submitted', 'orderStatus:Submitted', 'execDetails', 'openOrder:Filled', 'orderStatus:Filled', 'commissionReport']);
  });
});

describe('AND / OR', () => {
  it('combines left to right without precedence: A or B and C = (A or B) and C; B and C or A holds at once', async () => {
    const { sim, c } = await setup();
    const A = (conj: ConjunctionConnection) => new PriceCondition(1, TriggerMethod.Last, SPY_ID, 'SMART', true, conj); // holds: last >= 1
    const B = (conj: ConjunctionConnection) => new PriceCondition(10_000, TriggerMethod.Last, SPY_ID, 'SMART', true, conj); // never holds
    const C = (conj: ConjunctionConnection) => new TimeCondition('20120103 10:20:00 US/Eastern', true, conj); // holds from 10:20
    const mark = c.mark();
    // With AND binding tighter, A or (B and C) would hold now; left to right it waits for C.
    c.api.placeOrder(1, SPY, mkt('BUY', 10, { conditions: [A(OR), B(AND), C(AND)] }));
    c.api.placeOrder(2, SPY, mkt('BUY', 10, { conditions: [B(AND), C(OR), A(AND)] })); // (B and C) or A
    c.api.placeOrder(3, SPY, mkt('BUY', 10, { conditions: [A(AND), B(AND)] })); // A and B: never
    await waitStatus(c, 2, 'Filled', mark);
    await waitStatus(c, 1, 'PreSubmitted', mark);
    await heldUntil(sim, c, 1, at(1020));
    await waitStatus(c, 1, 'Filled', mark);
    expect(executionsOf(c, 1)[0].execution).toMatchObject({ time: '20120103 10:20:00 US/Eastern' });
    sim.clock.advance(30 * 60_000);
    await c.sync();
    expect(sim.broker.book.get(1, 3)?.status).toBe('PreSubmitted');
  });
});

describe('conditionsCancelOrder', () => {
  it('the order works at once and is cancelled when its conditions hold', async () => {
    const { sim, c } = await setup();
    const q = quoteOf(sim, 'SPY');
    const mark = c.mark();
    c.api.placeOrder(1, SPY, lmt('BUY', 100, cents(q.bid - 5), { tif: 'GTC', conditions: [new TimeCondition('20120103 10:15:00 US/Eastern', true, AND)], conditionsCancelOrder: true }));
    await waitStatus(c, 1, 'Submitted', mark);
    sim.clock.advanceTo(at(1014));
    await c.sync();
    expect(sim.broker.book.get(1, 1)?.status).toBe('Submitted');
    sim.clock.advanceTo(at(1015));
    await waitStatus(c, 1, 'Cancelled', mark);
    expect(sequenceOf(c, 1, mark)).toEqual(['openOrder:Submitted', 'orderStatus:Submitted', 'orderStatus:Cancelled']);
    expect(c.ledger.errors.filter((e) => e.reqId === 1)).toEqual([]);
  });
});

describe('volume, percent change, margin and execution conditions', () => {
  it('volume and percent change from the previous close trigger at the first instant the replay meets them', async () => {
    const { sim, c } = await setup();
    const volumeLevel = quoteOf(sim, 'SPY', at(1012)).volume;
    const volumeHit = firstInstant(sim, 'SPY', (q) => q.volume >= volumeLevel);
    const pct = (t: number) => {
      const q = quoteOf(sim, 'SPY', t);
      return ((q.last - q.close) / q.close) * 100;
    };
    const { hi, lo } = lastRange(sim, 'SPY', 180);
    const ref = quoteOf(sim, 'SPY').close;
    const upMove = (hi - ref) / ref * 100;
    const downMove = (lo - ref) / ref * 100;
    const now = pct(sim.clock.now());
    const rising = upMove - now >= now - downMove;
    const threshold = Math.round((rising ? (now + upMove) / 2 : (now + downMove) / 2) * 1000) / 1000;
    const pctHit = firstInstant(sim, 'SPY', (_q, t) => (rising ? pct(t) >= threshold : pct(t) <= threshold));
    const mark = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 10, { conditions: [new VolumeCondition(volumeLevel, SPY_ID, 'SMART', true, AND)] }));
    c.api.placeOrder(2, SPY, mkt('BUY', 10, { conditions: [new PercentChangeCondition(threshold, SPY_ID, 'SMART', rising, AND)] }));
    await waitStatus(c, 2, 'PreSubmitted', mark);
    const first = Math.min(volumeHit, pctHit);
    await heldUntil(sim, c, first === volumeHit ? 1 : 2, first);
    const second = Math.max(volumeHit, pctHit);
    await heldUntil(sim, c, first === volumeHit ? 2 : 1, second);
    await waitStatus(c, 1, 'Filled', mark);
    await waitStatus(c, 2, 'Filled', mark);
    const t1 = sim.broker.book.get(1, 1)!.completedAt;
    const t2 = sim.broker.book.get(1, 2)!.completedAt;
    expect([t1, t2]).toEqual([volumeHit, pctHit]);
  });

  it('a margin cushion condition holds once a purchase lowers the cushion; an execution condition once the symbol trades', async () => {
    const { sim, c } = await setup();
    const mark = c.mark();
    c.api.placeOrder(1, SPY, mkt('BUY', 10, { conditions: [new MarginCondition(90, false, AND)] })); // cushion <= 90 %
    c.api.placeOrder(2, SPY, mkt('BUY', 10, { conditions: [new ExecutionCondition('SMART', SecType.STK, 'QQQ', AND)] }));
    await waitStatus(c, 2, 'PreSubmitted', mark);
    sim.clock.advance(60_000);
    await c.sync();
    expect(sim.broker.book.get(1, 1)?.status).toBe('PreSubmitted');
    expect(sim.broker.values('DU1234567').cushion).toBeGreaterThan(0.9);
    c.api.placeOrder(3, SPY, mkt('BUY', 4000)); // ~510 k of stock: cushion ≈ 1 − 0.25 × 0.51 < 90 %
    while (sim.broker.book.get(1, 3)?.status !== 'Filled') {
      sim.clock.advance(1000); // the size shown at the ask fills it over a few quotes
      await c.sync();
    }
    expect(sim.broker.values('DU1234567').cushion).toBeLessThan(0.9);
    sim.clock.advance(1000);
    await waitStatus(c, 1, 'Filled', mark);
    expect(sim.broker.book.get(1, 2)?.status).toBe('PreSubmitted');
    c.api.placeOrder(4, stock('QQQ'), mkt('BUY', 10));
    await waitStatus(c, 4, 'Filled', mark);
    sim.clock.advance(1000);
    await waitStatus(c, 2, 'Filled', mark);
  });

  it('an unknown conId in a condition is a 201 rejection', async () => {
    const { c } = await setup();
    c.allow(201, 1);
    c.api.placeOrder(1, SPY, mkt('BUY', 1, { conditions: [new PriceCondition(100, TriggerMethod.Last, 42, 'SMART', true, AND)] }));
    const [err] = await c.waitForError(201, 1, { after: 0 });
    expect((err as Error).message).toMatch(/condition 1: conId 42 is not a contract/);
    await waitStatus(c, 1, 'Inactive', 0);
  });
});
