// Reconciliation with the real IBKR broker (bridge/ib/ibkr-broker.ts) on the same connection and
// journal (docs/reconciliation.md §1–§3): a burst of orders through the broker, the connection drops,
// the simulator fills the resting ones while the bridge is away, and after the reconnect the
// Reconciler's reqExecutions brings the fills back: each is journaled exactly once and reported to the
// engine exactly once (the broker takes the replayed executions of its own orders), orders stay
// blocked until the round is done, nothing was sent while away, and positions equal TWS's.
import { describe, expect, it, onTestFinished } from 'vitest';
import { Reconciler, type ReconcileReport } from '../../bridge/ib/reconcile.ts';
import { IntentIndex } from '../../bridge/journal/intent-index.ts';
import { rebuildPositions } from '../../bridge/journal/rebuild-positions.ts';
import { stock } from '../../shared/domain/instrument.ts';
import { accepted, brokerRig, ticket } from '../support/ibkr-broker.ts';
import { firstInstant, quoteOf } from '../support/ib-orders.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';

describe('reconciliation with the IBKR broker', () => {
  it('brings back the fills of an outage once, to the journal and to the engine', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const rig = await brokerRig(sim);
    const reconciler = new Reconciler({ connection: rig.rec.conn, journal: rig.journal, endTimeoutMs: 2000, retryMs: 100, commissionGraceMs: 300 });
    onTestFinished(() => reconciler.stop());
    const reports: ReconcileReport[] = [];
    reconciler.on('reconciled', (r) => reports.push(r));
    await reconciler.whenReconciled(5000);

    // The burst: market orders (filled at once) and two resting limits.
    const market = [accepted(rig.broker.submit(ticket('BUY', 30, 'b-mkt-1'))), accepted(rig.broker.submit(ticket('SELL', 10, 'b-mkt-2')))];
    const spyNow = quoteOf(sim, 'SPY');
    const tBuy = firstInstant(sim, 'SPY', (q) => q.ask < spyNow.bid - 0.05);
    const aaplNow = quoteOf(sim, 'AAPL');
    const tSell = firstInstant(sim, 'AAPL', (q) => q.bid > aaplNow.ask + 0.05);
    const buy = accepted(rig.broker.submit(ticket('BUY', 20, 'b-rest-buy', { type: 'LMT', limitPrice: quoteOf(sim, 'SPY', tBuy).ask })));
    const sell = accepted(rig.broker.submit(ticket('SELL', 15, 'b-rest-sell', { type: 'LMT', limitPrice: quoteOf(sim, 'AAPL', tSell).bid, instrument: stock('AAPL') })));
    await rig.until(() => market.every((o) => o.status === 'Filled') && [buy, sell].every((o) => o.status === 'Submitted'), 'the burst acknowledged');
    const fillsBefore = rig.fills.length;
    expect(fillsBefore).toBeGreaterThanOrEqual(2);

    // Away: the resting orders fill; an order attempted now never reaches TWS.
    const ordersAtTws = sim.broker.book.all().length;
    sim.faults.dropConnections(11);
    for (const t of [tBuy, tSell].sort((x, y) => x - y)) sim.clock.advanceTo(t);
    const outage = sim.broker.executions.all().filter((e) => e.orderRef === 'b-rest-buy' || e.orderRef === 'b-rest-sell');
    expect(outage.length).toBeGreaterThanOrEqual(2);
    await rig.until(() => !rig.rec.conn.isReady(), 'the drop');
    expect(reconciler.isReconciling()).toBe(true);
    expect(rig.broker.submit(ticket('BUY', 1, 'b-away')).ok).toBe(false);

    // Back: reconciled, every outage fill journaled once and reported to the engine once.
    await reconciler.whenReconciled(8000);
    await rig.until(() => rig.fills.length >= fillsBefore + outage.length, 'the outage fills reported');
    // (The broker's own order objects stay 'Submitted': TWS sends no status for an order that finished
    // while the client was away; the journal has the final status from reqCompletedOrders, below.)
    const report = reports[reports.length - 1];
    expect(report).toMatchObject({ mismatches: [], external: [], unknownOrders: [] });
    const journaled = rig.journal.entries.flatMap((e) => (e.kind === 'execution' ? [e.execId] : []));
    expect(new Set(journaled).size).toBe(journaled.length);
    expect([...journaled].sort()).toEqual(sim.broker.executions.all().map((e) => e.execId).sort());
    const commissions = rig.journal.entries.flatMap((e) => (e.kind === 'commission' ? [e.execId] : []));
    expect([...commissions].sort()).toEqual([...journaled].sort()); // one commission per execution, none twice
    const delivered = rig.fills.map((f) => f.execId);
    expect(new Set(delivered).size).toBe(delivered.length);
    for (const e of outage) expect(delivered.filter((id) => id === e.execId)).toHaveLength(1);
    expect(sim.broker.book.all()).toHaveLength(ordersAtTws);
    expect(sim.broker.book.all().map((o) => o.ref)).not.toContain('b-away');
    expect(IntentIndex.from(rig.journal.entries).get('b-rest-buy')).toMatchObject({ status: 'Filled', filled: 20 });
    expect(IntentIndex.from(rig.journal.entries).get('b-rest-sell')).toMatchObject({ status: 'Filled', filled: 15 });
    // Positions rebuilt from the journal equal the simulator's books (reqPositions rounds to 4 decimals).
    const books = Object.fromEntries(sim.broker.ledger('DU1234567').open().map((p) => [p.key, p.qty]));
    expect(Object.fromEntries(rebuildPositions(rig.journal.entries).positions.map((p) => [p.key, p.qty]))).toEqual(books);

    // A second reconnect: nothing new anywhere.
    const entries = rig.journal.entries.length;
    const fills = rig.fills.length;
    sim.faults.dropConnections(11);
    await rig.until(() => !rig.rec.conn.isReady(), 'the second drop');
    await reconciler.whenReconciled(8000);
    expect(rig.journal.entries.slice(entries).map((e) => e.kind)).toEqual(['reconciliation', 'reconciliation']);
    expect(rig.fills).toHaveLength(fills);
    expect(rig.problems).toEqual([]);
  });
});
