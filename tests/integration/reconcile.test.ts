// Reconciliation (bridge/ib/reconcile.ts, docs/reconciliation.md) against the embedded simulator over
// real TCP with the real @stoqey/ib: the bridge's state (TwsConnection + Journal + OrderIdStore +
// Reconciler, live events journaled) places a burst of orders; the connection drops; the simulator
// fills resting orders while the bridge is away; after the reconnect every fill of the outage is in
// the journal exactly once, the positions rebuilt from the journal equal reqPositions, and no order
// went out while disconnected or reconciling; a second reconnect adds nothing. Orders of another
// client id are flagged external; an End message that does not come keeps reconciling true.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName } from '@stoqey/ib';
import { executionFilterTime } from '../../bridge/ib/reconcile.ts';
import { IntentIndex } from '../../bridge/journal/intent-index.ts';
import { Journal } from '../../bridge/journal/journal.ts';
import { rebuildPositions } from '../../bridge/journal/rebuild-positions.ts';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { stock as stockInstrument } from '../../shared/domain/instrument.ts';
import { openBridgeState, type BridgeState, type BridgeStateOptions } from '../support/bridge-order-path.ts';
import { IbTestClient, twsPositions } from '../support/ib-client.ts';
import { firstInstant, lmt, quoteOf, stock, waitStatus } from '../support/ib-orders.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mt-reconcile-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function bridgeOn(sim: RunningSimulator, options: Partial<BridgeStateOptions> = {}): Promise<BridgeState> {
  const b = await openBridgeState({ port: sim.port, stateDir: options.stateDir ?? tempDir(), ...options });
  onTestFinished(() => b.stop());
  return b;
}

/** Polls `pred` until it holds (the bridge's journal is written from socket events). */
async function until(pred: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function journalPositions(b: BridgeState): Record<string, [number, number]> {
  return Object.fromEntries(rebuildPositions(b.journal.entries).positions.map((p) => [p.key, [p.qty, p.avgCost]]));
}

function expectSamePositions(actual: Record<string, [number, number]>, expected: Record<string, [number, number]>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, [qty, avgCost]] of Object.entries(expected)) {
    expect(actual[k][0], `${k} quantity`).toBe(qty);
    expect(Math.abs(actual[k][1] - avgCost), `${k} average cost`).toBeLessThanOrEqual(0.0001 + 1e-9);
  }
}

const execIds = (b: BridgeState) => b.journal.entries.flatMap((e) => (e.kind === 'execution' ? [e.execId] : []));

/** Waits for the next completed reconciliation after `count` reports. */
function reconciledAfter(b: BridgeState, count: number, timeoutMs = 8000): Promise<void> {
  return until(() => b.reports.length > count && !b.reconciler.isReconciling(), `reconciliation #${count + 1}`, timeoutMs);
}

describe('reconciliation after a disconnect mid-burst', () => {
  it('recovers every fill of the outage exactly once, sends nothing twice or while away, and matches TWS positions', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const b = await bridgeOn(sim);
    const readyFlags: boolean[] = [];
    b.conn.on('ready', () => readyFlags.push(b.reconciler.isReconciling()));
    await reconciledAfter(b, 0);
    expect(b.reports[0]).toMatchObject({ executionsAdded: 0, mismatches: [], external: [] });

    // A burst: market orders that fill at once, and resting limits that fill only later.
    for (const [i, sym] of ['SPY', 'AAPL', 'QQQ', 'SPY'].entries()) expect(typeof (await b.place(`mkt-${i}`, sym, i % 2 ? 'SELL' : 'BUY', 10 + i))).toBe('number');
    const now = sim.clock.now();
    const spyNow = quoteOf(sim, 'SPY');
    const tBuy = firstInstant(sim, 'SPY', (q) => q.ask < spyNow.bid - 0.05);
    const buyLimit = quoteOf(sim, 'SPY', tBuy).ask;
    const aaplNow = quoteOf(sim, 'AAPL');
    const tSell = firstInstant(sim, 'AAPL', (q) => q.bid > aaplNow.ask + 0.05);
    const sellLimit = quoteOf(sim, 'AAPL', tSell).bid;
    const restingBuy = await b.place('rest-buy', 'SPY', 'BUY', 20, buyLimit);
    const restingSell = await b.place('rest-sell', 'AAPL', 'SELL', 15, sellLimit);
    expect(typeof restingBuy).toBe('number');
    expect(typeof restingSell).toBe('number');
    await until(() => b.journal.entries.filter((e) => e.kind === 'execution').length === 4, 'the 4 market fills journaled live');
    await until(() => [restingBuy, restingSell].every((id) => b.journal.entries.some((e) => e.kind === 'order-status' && e.orderId === id && e.status === 'Submitted')), 'the resting orders acknowledged');
    await b.settled();
    const liveExecs = execIds(b);
    const ordersBefore = sim.broker.book.all().length;

    // The connection drops; while the bridge is away, the resting orders fill.
    const reports = b.reports.length;
    expect(sim.faults.dropConnections()).toBeGreaterThan(0);
    for (const t of [tBuy, tSell].sort((x, y) => x - y)) sim.clock.advanceTo(t);
    const outage = sim.broker.executions.all().filter((e) => !liveExecs.includes(e.execId));
    expect(outage.map((e) => e.orderRef).sort()).toEqual(['rest-buy', 'rest-sell']);
    expect(sim.clock.now()).toBeGreaterThan(now);

    // Nothing goes out while away: the intent is refused, TWS sees no order.
    await until(() => !b.conn.isReady(), 'the bridge to notice the drop');
    expect(b.reconciler.isReconciling()).toBe(true);
    expect(await b.place('while-away', 'SPY', 'BUY', 1)).toMatch(/RECONCILING|NOT_CONNECTED/);

    await reconciledAfter(b, reports);
    const report = b.reports[reports];
    expect(report).toMatchObject({ executionsAdded: 2, commissionsAdded: 2, mismatches: [], external: [] });
    expect(readyFlags.every((f) => f)).toBe(true); // at every 'ready', orders were still blocked
    // Every fill of the day is in the journal exactly once, with its commission.
    const ids = execIds(b);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(sim.broker.executions.all().map((e) => e.execId).sort());
    const commissions = b.journal.entries.flatMap((e) => (e.kind === 'commission' ? [e.execId] : []));
    expect([...commissions].sort()).toEqual([...ids].sort());
    // The reconciliation entries sit between its start and end markers, after the drop.
    const marks = b.journal.entries.filter((e) => e.kind === 'reconciliation').map((e) => (e as { phase: string }).phase);
    expect(marks).toEqual(['start', 'end', 'start', 'end']);
    // No order twice, none while away.
    const refs = sim.broker.book.all().map((o) => o.ref);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs).not.toContain('while-away');
    expect(sim.broker.book.all()).toHaveLength(ordersBefore);
    // The intents know their outcome from the journal.
    const index = IntentIndex.from(b.journal.entries);
    // …and their final status, from reqCompletedOrders (they filled while the bridge was away).
    expect(index.get('rest-buy')).toMatchObject({ stage: 'order', orderId: restingBuy, status: 'Filled', filled: 20, remaining: 0 });
    expect(index.get('rest-sell')).toMatchObject({ stage: 'order', orderId: restingSell, status: 'Filled', filled: 15, remaining: 0 });
    expect(index.get('rest-buy')!.avgFillPrice).toBeCloseTo(buyLimit, 9);
    expect(report.unknownOrders).toEqual([]);
    // Positions from the journal equal TWS's.
    const tws = await twsPositions(sim.port);
    expectSamePositions(journalPositions(b), tws);
    expect(tws.SPY[0]).toBe(10 - 13 + 20);
    expect(tws.AAPL[0]).toBe(-11 - 15);

    // Another reconnect, nothing new: nothing is journaled twice.
    const entries = b.journal.entries.length;
    sim.faults.dropConnections(11);
    await until(() => !b.conn.isReady(), 'the second drop');
    await reconciledAfter(b, reports + 1);
    expect(b.reports[reports + 1]).toMatchObject({ executionsAdded: 0, commissionsAdded: 0, statusesAdded: 0, mismatches: [] });
    expect(execIds(b)).toEqual(ids);
    expect(b.journal.entries.slice(entries).map((e) => e.kind)).toEqual(['reconciliation', 'reconciliation']);
    // Orders are accepted again.
    expect(typeof (await b.place('after', 'QQQ', 'BUY', 5))).toBe('number');
  });

  it('blocks orders from 1100 until connectivity is back and reconciled again (1101)', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const b = await bridgeOn(sim);
    await reconciledAfter(b, 0);
    sim.faults.connectivityLost();
    await until(() => b.conn.state === 'connectivity-lost', 'state connectivity-lost');
    expect(b.reconciler.isReconciling()).toBe(true);
    expect(await b.place('lost', 'SPY', 'BUY', 1)).toMatch(/RECONCILING|NOT_CONNECTED/);
    sim.faults.connectivityRestored({ dataLost: true });
    await reconciledAfter(b, 1);
    expect(b.reports[1].session).toBe(b.reports[0].session); // same socket, reconciled again
    expect(sim.broker.book.all().map((o) => o.ref)).not.toContain('lost');
  });
});

describe('orders of ours that finished while the bridge was away', () => {
  it('journals the final status of an order that expired during the outage, and names an order TWS never got', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const b = await bridgeOn(sim);
    await reconciledAfter(b, 0);
    const far = Math.round(quoteOf(sim, 'SPY').bid * 50) / 100;
    const gtd = executionFilterTime(sim.clock.now() + 10 * 60_000).replace('-', ' ') + ' UTC';
    const expiring = await b.place('gtd-1', 'SPY', 'BUY', 5, far, { tif: 'GTD', goodTillDate: gtd });
    expect(typeof expiring).toBe('number');
    await until(() => b.journal.entries.some((e) => e.kind === 'order-status' && e.orderId === expiring && e.status === 'Submitted'), 'the GTD order acknowledged');
    // A crash between journaling and placeOrder: the journal says submitted, TWS never heard of it.
    await b.journal.append({ kind: 'intent', intentId: 'lost-1' });
    await b.journal.append({ kind: 'order-submitted', orderId: await b.ids.reserve(), orderRef: 'lost-1', ticket: { instrument: stockInstrument('SPY'), side: 'BUY', quantity: 1, type: 'MKT', tif: 'DAY', ref: 'lost-1' } });

    sim.faults.dropConnections(11);
    sim.clock.advance(15 * 60_000); // the GTD order expires while the bridge is away
    expect(sim.broker.book.all().find((o) => o.ref === 'gtd-1')?.status).toBe('Cancelled');
    await until(() => !b.conn.isReady(), 'the drop');
    await reconciledAfter(b, 1);
    const report = b.reports[1];
    expect(report.unknownOrders).toEqual(['lost-1']);
    expect(b.alarms.filter((a) => a.kind === 'order-unknown').map((a) => a.message)).toEqual([expect.stringContaining('intent lost-1')]);
    const index = IntentIndex.from(b.journal.entries);
    expect(index.get('gtd-1')).toMatchObject({ status: 'Cancelled', filled: 0, remaining: 5 });
    expect(index.get('lost-1')).toMatchObject({ stage: 'order' }); // known: a repeat never makes a second order
    // Once more: the cancelled order is final now, the lost one is alarmed only once.
    sim.faults.dropConnections(11);
    await until(() => !b.conn.isReady(), 'the second drop');
    await reconciledAfter(b, 2);
    expect(b.reports[2]).toMatchObject({ statusesAdded: 0, unknownOrders: ['lost-1'] });
    expect(b.alarms.filter((a) => a.kind === 'order-unknown')).toHaveLength(1);
  });
});

describe('orders placed by others', () => {
  it('flags an open order of another client id (or of TWS) as external, also when it copies our orderRef', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const b = await bridgeOn(sim);
    await reconciledAfter(b, 0);
    const far = quoteOf(sim, 'SPY').bid * 0.5;
    const mine = await b.place('mine-1', 'SPY', 'BUY', 5, Math.round(far * 100) / 100);
    expect(typeof mine).toBe('number');
    await until(() => b.journal.entries.some((e) => e.kind === 'order-status' && e.orderId === mine && e.status === 'Submitted'), 'our order acknowledged');

    const other = await IbTestClient.connect({ port: sim.port, clientId: 5 });
    const id = other.events(EventName.nextValidId)[0].args[0] as number;
    other.api.placeOrder(id, stock('AAPL'), lmt('BUY', 7, Math.round(quoteOf(sim, 'AAPL').bid * 50) / 100, { orderRef: 'someone-else' }));
    other.api.placeOrder(id + 1, stock('SPY'), lmt('BUY', 3, Math.round(far * 100) / 100, { orderRef: 'mine-1' })); // same ref as ours
    await waitStatus(other, id + 1, 'Submitted', 0);

    const seen: string[] = [];
    b.reconciler.on('external', (x) => seen.push(`${x.clientId}:${x.orderRef}`));
    sim.faults.dropConnections(11);
    await reconciledAfter(b, 1);
    const report = b.reports[1];
    expect(report.openOrders).toBe(3);
    expect(report.external.map((x) => `${x.clientId}:${x.orderRef}`).sort()).toEqual(['5:mine-1', '5:someone-else']);
    expect(seen.sort()).toEqual(['5:mine-1', '5:someone-else']);
    const statuses = b.journal.entries.flatMap((e) => (e.kind === 'order-status' ? [e] : []));
    expect(statuses.filter((e) => e.external).map((e) => e.orderRef).sort()).toEqual(['mine-1', 'someone-else']);
    expect(statuses.some((e) => e.orderId === mine && !e.external)).toBe(true);
    // The external orders are not intents of ours.
    const index = IntentIndex.from(b.journal.entries);
    expect(index.has('someone-else')).toBe(false);
    expect(index.get('mine-1')).toMatchObject({ orderId: mine });

    // Reported once per order, not at every reconnect; the journal does not repeat unchanged statuses.
    const entries = b.journal.entries.length;
    sim.faults.dropConnections(11);
    await reconciledAfter(b, 2);
    expect(b.reports[2].external).toHaveLength(2);
    expect(seen).toHaveLength(2);
    expect(b.journal.entries.slice(entries).filter((e) => e.kind === 'order-status')).toEqual([]);
  });
});

describe('fail closed', () => {
  it('keeps reconciling (and orders blocked) while an End message does not come, and retries until it does', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const b = await bridgeOn(sim, { reconciler: { endTimeoutMs: 300, retryMs: 100 } });
    await reconciledAfter(b, 0);
    sim.faults.setResponseDelay(1000); // the handshake still fits (3 s); every End comes too late
    sim.faults.dropConnections(11);
    await until(() => b.conn.isReady(), 'the reconnect', 6000);
    await until(() => b.alarms.some((a) => a.kind === 'timeout'), 'a time-out alarm', 6000);
    expect(b.alarms.find((a) => a.kind === 'timeout')!.message).toMatch(/no (currentTime|openOrderEnd|execDetailsEnd|positionEnd).* within 300 ms/);
    await new Promise((r) => setTimeout(r, 700));
    expect(b.conn.isReady()).toBe(true);
    expect(b.reconciler.isReconciling()).toBe(true);
    expect(b.reports).toHaveLength(1);
    expect(await b.place('blocked', 'SPY', 'BUY', 1)).toBe('RECONCILING');
    sim.faults.setResponseDelay(0);
    await reconciledAfter(b, 1);
    expect(b.reports[1].attempts).toBeGreaterThan(1);
    expect(sim.broker.book.all().map((o) => o.ref)).not.toContain('blocked');
    expect(typeof (await b.place('unblocked', 'SPY', 'BUY', 1))).toBe('number');
  });
});

describe('positions check', () => {
  it('raises an alarm naming the instrument and both quantities when the journal and TWS disagree', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const stateDir = tempDir();
    // A fill TWS does not know about (as if the journal belonged to another account).
    const seeded = await Journal.open(join(stateDir, 'journal.jsonl'));
    await seeded.append({ kind: 'execution', execId: '00000001.00000001.01.01', orderId: 1, permId: 1, orderRef: 'elsewhere', instrument: stockInstrument('SPY'), side: 'BUY', qty: 5, price: 100, execTime: Date.UTC(2012, 0, 2, 15) });
    await seeded.close();
    const b = await bridgeOn(sim, { stateDir });
    await reconciledAfter(b, 0);
    const mismatch = b.alarms.filter((a) => a.kind === 'position-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0].mismatch).toMatchObject({ key: 'SPY', journal: { qty: 5, avgCost: 100 }, tws: { qty: 0 } });
    expect(mismatch[0].message).toContain('SPY: the journal holds 5, TWS reports 0');
    expect(b.reports[0].mismatches).toHaveLength(1);
    // The difference is reported, not hidden: orders are accepted again (the risk gate sees TWS's numbers).
    expect(b.reconciler.isReconciling()).toBe(false);
  });
});
