// The IBKR broker (docs/bridge.md §3) against the embedded simulator over real TCP with the real
// @stoqey/ib: market fills with their commissions joined by execId (one onFill per execution, fills
// before the final status), limit modify and cancel, a bracket whose children wait for the entry and
// then work as one OCA group, a repeated intent ref answered with the existing order (the simulator
// sees one), refusal while the connection is down (the simulator receives nothing), order ids that
// keep increasing across a bridge restart and a nightly restart that rolls nextValidId back, and a
// journal holding every submitted order and every execution exactly once.
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName } from '@stoqey/ib';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import type { Order } from '../../shared/domain/order.ts';
import { cents, quoteOf } from '../support/ib-orders.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { stock } from '../../shared/domain/instrument.ts';
import { accepted, brokerRig, tempDir, ticket, type Rig } from '../support/ibkr-broker.ts';

async function startSim(options: Parameters<typeof startTestSimulator>[0] = {}): Promise<RunningSimulator> {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00', ...options });
  onTestFinished(() => sim.close());
  return sim;
}

const statusOf = (rig: Rig, id: number) => rig.statuses.filter((s) => s.id === id).map((s) => s.status);
const journaled = (rig: Rig, kind: string) => rig.journal.entries.filter((e) => e.kind === kind);

describe('IbkrBroker over the simulator', () => {
  it('a market order: accepted pending, journaled before placeOrder, filled once per execution with its commission, fills before the final status', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const order = accepted(rig.broker.submit(ticket('BUY', 100, 'intent-mkt-1')));
    expect(order.status).toBe('PendingSubmit');
    await rig.until(() => order.status === 'Filled', 'the fill');
    expect(rig.fills).toHaveLength(1);
    const [fill] = rig.fills;
    expect(fill).toMatchObject({ orderId: order.id, qty: 100, ref: 'intent-mkt-1' });
    expect(fill.instrument).toMatchObject({ secType: 'STK', symbol: 'SPY', conId: 756733 });
    expect(fill.commission).toBeGreaterThan(0);
    // The commission is the simulator's, joined by execId; the fill price is the execution's.
    const exec = journaled(rig, 'execution')[0] as { execId: string; price: number };
    expect(fill.execId).toBe(exec.execId);
    expect(fill.price).toBe(exec.price);
    const comm = journaled(rig, 'commission') as unknown as { execId: string; commission: number }[];
    expect(comm).toEqual([expect.objectContaining({ execId: exec.execId, commission: fill.commission })]);
    // Order events: no repeats, Filled last and after the fill.
    const seq = statusOf(rig, order.id);
    expect(seq[seq.length - 1]).toBe('Filled');
    expect(new Set(seq).size).toBe(seq.length);
    expect(order).toMatchObject({ filled: 100, avgFillPrice: fill.price, commission: fill.commission });
    // The journal: order-submitted precedes every status of the order; one execution.
    const kinds = rig.journal.entries.map((e) => e.kind);
    expect(kinds.indexOf('order-submitted')).toBeLessThan(kinds.indexOf('order-status'));
    expect(journaled(rig, 'order-submitted')).toHaveLength(1);
    expect(journaled(rig, 'execution')).toHaveLength(1);
    expect(rig.events.indexOf(`fill ${order.id}`)).toBeLessThan(rig.events.indexOf(`Filled ${order.id}`));
    // Executions replayed (as reconciliation asks for them) report no second fill.
    const api = rig.rec.conn.readyApi()!;
    const end = new Promise((r) => api.once(EventName.execDetailsEnd, r));
    api.reqExecutions(42, {});
    await end;
    await new Promise((r) => setTimeout(r, 50)); // appends of a (wrongly) new execution would be in flight
    expect(rig.fills).toHaveLength(1);
    expect(journaled(rig, 'execution')).toHaveLength(1);
    expect(rig.problems).toEqual([]);
  });

  it('a limit order away from the market: modified (TWS shows the new price), then cancelled', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const bid = quoteOf(sim, 'SPY').bid;
    const limit = cents(Math.floor(bid * 0.9 * 100) / 100);
    const order = accepted(rig.broker.submit(ticket('BUY', 10, 'intent-lmt-1', { type: 'LMT', limitPrice: limit, tif: 'GTC' })));
    await rig.until(() => order.status === 'Submitted', 'Submitted');
    expect(sim.broker.book.get(11, order.id)?.limitPrice).toBe(limit);
    const lower = cents(limit - 1);
    expect(rig.broker.modify(order.id, { limitPrice: lower, quantity: 20 })).toBe(true);
    await rig.until(() => order.limitPrice === lower && order.quantity === 20, 'the modification to show');
    expect(sim.broker.book.get(11, order.id)).toMatchObject({ limitPrice: lower, quantity: 20 });
    expect(rig.broker.openOrders().map((o) => o.id)).toEqual([order.id]);
    expect(rig.broker.cancel(order.id)).toBe(true);
    await rig.until(() => order.status === 'Cancelled', 'Cancelled');
    expect(sim.broker.book.get(11, order.id)?.status).toBe('Cancelled');
    expect(rig.broker.openOrders()).toEqual([]);
    expect(rig.broker.cancel(order.id)).toBe(false);
    expect(rig.broker.modify(order.id, { limitPrice: limit })).toBe(false);
    expect(journaled(rig, 'cancel')).toHaveLength(1);
    expect(rig.fills).toEqual([]);
  });

  it('a bracket: children held until the entry fills, then one OCA group; the stop-loss fills and the take-profit is cancelled', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const q = quoteOf(sim, 'SPY');
    const entryLimit = cents(Math.floor(q.bid * 0.9 * 100) / 100); // rests: the children must wait
    const entry = accepted(
      rig.broker.submit(ticket('BUY', 50, 'intent-br-1', { type: 'LMT', limitPrice: entryLimit, tif: 'GTC' }), [
        ticket('SELL', 50, 'intent-br-1:sl', { type: 'STP', stopPrice: cents(Math.floor(q.bid * 0.5 * 100) / 100), tif: 'GTC', openClose: 'C', reduceOnly: true }),
        ticket('SELL', 50, 'intent-br-1:tp', { type: 'LMT', limitPrice: cents(Math.ceil(q.ask * 2 * 100) / 100), tif: 'GTC', openClose: 'C', reduceOnly: true }),
      ]),
    );
    const [sl, tp] = rig.broker.openOrders().filter((o) => o.parentId === entry.id) as Order[];
    expect(sl.ocaGroup).toBe(tp.ocaGroup);
    expect(sl.reduceOnly && tp.reduceOnly).toBe(true);
    await rig.until(() => entry.status === 'Submitted' && sl.status === 'PreSubmitted' && tp.status === 'PreSubmitted', 'entry working, children held');
    expect(sim.broker.book.get(11, sl.id)).toMatchObject({ parentId: entry.id, status: 'PreSubmitted' });
    // The entry fills when its limit is raised to the market (a modification), releasing the children.
    expect(rig.broker.modify(entry.id, { limitPrice: cents(Math.ceil(q.ask * 1.01 * 100) / 100) })).toBe(true);
    await rig.until(() => entry.status === 'Filled' && sl.status === 'Submitted' && tp.status === 'Submitted', 'children released');
    expect(rig.fills.map((f) => f.orderId)).toEqual([entry.id]);
    // The stop-loss moves above the market: it fills, and the take-profit is cancelled (OCA).
    expect(rig.broker.modify(sl.id, { stopPrice: cents(Math.ceil(q.ask * 1.05 * 100) / 100) })).toBe(true);
    await rig.until(() => sl.status === 'Filled' && tp.status === 'Cancelled', 'stop-loss filled, take-profit cancelled');
    expect(rig.fills.map((f) => [f.orderId, f.qty])).toEqual([
      [entry.id, 50],
      [sl.id, -50],
    ]);
    expect(rig.broker.openOrders()).toEqual([]);
    expect(rig.problems).toEqual([]);
  });

  it('a repeated intent ref answers with the existing order: one order at the simulator, also after a bridge restart', async () => {
    const sim = await startSim();
    const dir = await tempDir();
    const rig = await brokerRig(sim, dir);
    const first = accepted(rig.broker.submit(ticket('BUY', 5, 'intent-dup-1')));
    const second = accepted(rig.broker.submit(ticket('BUY', 5, 'intent-dup-1')));
    expect(second).toBe(first);
    await rig.until(() => first.status === 'Filled', 'the fill');
    const third = accepted(rig.broker.submit(ticket('SELL', 7, 'intent-dup-1')));
    expect(third.id).toBe(first.id);
    await rig.rec.conn.stop();
    await rig.journal.close();
    // The bridge restarts on its state folder: the journal knows the intent.
    const again = await brokerRig(sim, dir);
    const fourth = accepted(again.broker.submit(ticket('BUY', 5, 'intent-dup-1')));
    expect(fourth).toMatchObject({ id: first.id, status: 'Filled', filled: 5 });
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.broker.book.all().filter((o) => o.ref === 'intent-dup-1')).toHaveLength(1);
    expect(again.journal.entries.filter((e) => e.kind === 'order-submitted')).toHaveLength(1);
    expect(again.journal.entries.filter((e) => e.kind === 'execution')).toHaveLength(1);
  });

  it('refuses with a reason while the connection is down; the simulator receives nothing', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const before = sim.broker.book.all().length;
    sim.faults.connectivityLost();
    await rig.rec.waitState('connectivity-lost');
    const r1 = rig.broker.submit(ticket('BUY', 5, 'intent-down-1'));
    expect(r1).toMatchObject({ ok: false, reason: expect.stringMatching(/not ready \(connectivity-lost\)/) });
    sim.faults.connectivityRestored();
    await rig.rec.waitState('ready');
    const dropped = rig.rec.waitState('disconnected');
    sim.faults.dropConnections();
    await dropped;
    const r2 = rig.broker.submit(ticket('BUY', 5, 'intent-down-2'));
    expect(r2).toMatchObject({ ok: false, reason: expect.stringMatching(/not ready/) });
    await new Promise((r) => setTimeout(r, 150));
    expect(sim.broker.book.all()).toHaveLength(before);
    expect(rig.journal.entries.filter((e) => e.kind === 'order-submitted')).toHaveLength(0);
    // Back up: a new intent goes through; the refused ones were never recorded as orders.
    await rig.broker.whenReady(5000);
    const ok = accepted(rig.broker.submit(ticket('BUY', 5, 'intent-down-3')));
    await rig.until(() => ok.status === 'Filled', 'the fill after reconnect');
    expect(sim.broker.book.all().map((o) => o.ref)).toEqual(['intent-down-3']);
  });

  it('order ids keep increasing across a nightly restart that rolls nextValidId back and across a bridge restart', async () => {
    const sim = await startSim({ nextValidId: 1000 });
    const dir = await tempDir();
    let rig = await brokerRig(sim, dir);
    const ids: number[] = [];
    const place = async (r: Rig, n: number, tag: string) => {
      for (let i = 0; i < n; i++) {
        const o = accepted(r.broker.submit(ticket(i % 2 ? 'SELL' : 'BUY', 3, `${tag}-${i}`)));
        ids.push(o.id);
        await r.until(() => o.status === 'Filled', `${tag}-${i} filled`);
      }
    };
    await place(rig, 3, 'a');
    const rolled = await sim.faults.nightlyRestart({ downMs: 50, rollBackBy: 10 });
    expect(rolled.get(11)).toBeLessThan(ids[ids.length - 1]);
    await rig.rec.waitState('ready', () => true, 5000, 0 + rig.rec.states.findLastIndex((s) => s.state === 'disconnected'));
    await rig.broker.whenReady(5000);
    await place(rig, 3, 'b');
    await rig.rec.conn.stop();
    await rig.journal.close();
    rig = await brokerRig(sim, dir);
    await place(rig, 3, 'c');
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
    expect(ids[0]).toBeGreaterThanOrEqual(1000);
    // The journal: every submitted order and every execution exactly once.
    const submitted = rig.journal.entries.filter((e) => e.kind === 'order-submitted').map((e) => (e as { orderId: number }).orderId);
    expect(submitted).toEqual(ids);
    const execs = rig.journal.entries.filter((e) => e.kind === 'execution').map((e) => (e as { execId: string }).execId);
    expect(new Set(execs).size).toBe(execs.length);
    expect(execs).toHaveLength(9);
    expect(sim.broker.book.all().filter((o) => o.status === 'Filled')).toHaveLength(9);
  });

  it('refusals: a malformed ticket at once; TWS rejections (201 with its Inactive status, 200 with none) end the order Inactive with the reason', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    expect(rig.broker.submit(ticket('BUY', 10, 'intent-tick', { type: 'LMT', limitPrice: 100.005 }))).toMatchObject({ ok: false, reason: expect.stringMatching(/minimum tick 0.01/) });
    expect(rig.broker.submit(ticket('BUY', 0, 'intent-zero'))).toMatchObject({ ok: false, reason: expect.stringMatching(/quantity/) });
    expect(rig.broker.submit(ticket('BUY', 1, ''))).toMatchObject({ ok: false, reason: expect.stringMatching(/intent id/) });
    const huge = accepted(rig.broker.submit(ticket('BUY', 10_000_000, 'intent-huge')));
    // A conId TWS does not know: sent as is, answered with error 200 and no status.
    const unknown = accepted(rig.broker.submit(ticket('BUY', 1, 'intent-unknown', { instrument: stock('SPY', { conId: 999_999_999 }) })));
    // A symbol without a conId: looked up first (reqContractDetails), never sent.
    const unlisted = accepted(rig.broker.submit(ticket('BUY', 1, 'intent-unlisted', { instrument: stock('ZZZZ') })));
    await rig.until(() => [huge, unknown, unlisted].every((o) => o.status === 'Inactive'), 'all three rejected');
    expect(huge.reason).toMatch(/^201: /);
    expect(unknown.reason).toMatch(/^200: /);
    expect(unlisted.reason).toMatch(/could not be resolved: contract details for ZZZZ: 200 /);
    expect(rig.broker.openOrders()).toEqual([]);
    // Journaled: the sent orders before they were sent, and how each of the three ended.
    // (journaled in any order; placed in id order — else TWS answers 103 for the lower id, not 201)
    expect(journaled(rig, 'order-submitted').map((e) => (e as { orderId: number }).orderId).sort((x, y) => x - y)).toEqual([huge.id, unknown.id]);
    const ends = rig.journal.entries.filter((e) => e.kind === 'order-status' && e.status === 'Inactive').map((e) => (e as { orderId: number }).orderId);
    expect(new Set(ends)).toEqual(new Set([huge.id, unknown.id, unlisted.id]));
    expect(statusOf(rig, unknown.id)).toEqual(['Inactive']);
    expect(sim.broker.book.all().map((o) => o.id)).toEqual([huge.id]);
  });

  it('every order type and time in force reaches TWS as the ticket says: STP, STP LMT, TRAIL (amount, percent), MOC, an IOC limit', async () => {
    const sim = await startSim();
    const rig = await brokerRig(sim);
    const q = quoteOf(sim, 'SPY');
    const up = (f: number) => cents(Math.ceil(q.ask * f * 100) / 100);
    const down = (f: number) => cents(Math.floor(q.bid * f * 100) / 100);
    const orders = [
      accepted(rig.broker.submit(ticket('BUY', 1, 'ty-stp', { type: 'STP', stopPrice: up(1.5) }))),
      accepted(rig.broker.submit(ticket('BUY', 2, 'ty-stplmt', { type: 'STP LMT', stopPrice: up(1.5), limitPrice: up(1.6), tif: 'GTC' }))),
      accepted(rig.broker.submit(ticket('SELL', 3, 'ty-trail-amt', { type: 'TRAIL', trailAmount: 5, tif: 'GTC' }))),
      accepted(rig.broker.submit(ticket('SELL', 4, 'ty-trail-pct', { type: 'TRAIL', trailPercent: 7 }))),
      accepted(rig.broker.submit(ticket('BUY', 5, 'ty-moc', { type: 'MOC' }))),
    ];
    const ioc = accepted(rig.broker.submit(ticket('BUY', 6, 'ty-ioc', { type: 'LMT', limitPrice: down(0.9), tif: 'IOC' })));
    await rig.until(() => orders.every((o) => o.status === 'Submitted') && ioc.status === 'Cancelled', 'five working, the IOC cancelled');
    const book = (id: number) => sim.broker.book.get(11, id)!;
    expect(book(orders[0].id)).toMatchObject({ type: 'STP', side: 'BUY', quantity: 1, stopPrice: up(1.5), tif: 'DAY', ref: 'ty-stp' });
    expect(book(orders[1].id)).toMatchObject({ type: 'STP LMT', quantity: 2, stopPrice: up(1.5), limitPrice: up(1.6), tif: 'GTC' });
    expect(book(orders[2].id)).toMatchObject({ type: 'TRAIL', side: 'SELL', trailAmount: 5, tif: 'GTC' });
    expect(book(orders[3].id)).toMatchObject({ type: 'TRAIL', trailPercent: 7 });
    expect(book(orders[4].id)).toMatchObject({ type: 'MOC', quantity: 5, tif: 'DAY' });
    expect(book(ioc.id)).toMatchObject({ type: 'LMT', tif: 'IOC', status: 'Cancelled' });
    expect(rig.broker.openOrders().map((o) => o.id)).toEqual(orders.map((o) => o.id));
    for (const o of orders) expect(rig.broker.cancel(o.id)).toBe(true);
    await rig.until(() => orders.every((o) => o.status === 'Cancelled'), 'all cancelled');
    expect(rig.fills).toEqual([]);
    expect(rig.problems).toEqual([]);
  });
});
