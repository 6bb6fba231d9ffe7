// The order guard on the real order path (docs/trading-model.md §11.5): GuardedBroker around the
// IBKR broker, the TwsConnection (real @stoqey/ib over TCP to the embedded simulator) as its
// readiness, the Reconciler as its reconciling flag, the bridge's books fed by the broker's fills.
// Refused while reconciling; a clean order fills; a limit refuses without anything reaching TWS;
// HALT refuses a new order while a cancel (and a close) reach TWS; a repeated intent id answers with
// its order; after a drop: NOT_CONNECTED (nothing journaled, nothing sent), then RECONCILING after the
// reconnect until the Reconciler is done, then orders pass again.
import { describe, expect, it, onTestFinished } from 'vitest';
import { Reconciler } from '../../bridge/ib/reconcile.ts';
import { GuardedBroker, type GuardDenial } from '../../bridge/guard/order-guard.ts';
import { LedgerAccount } from '../../bridge/guard/ledger-account.ts';
import { Ledger } from '../../shared/portfolio/ledger.ts';
import { RunnerLeases } from '../../shared/risk/leases.ts';
import { cents, quoteOf } from '../support/ib-orders.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { accepted, brokerRig, ticket } from '../support/ibkr-broker.ts';

describe('the order guard around the IBKR broker', () => {
  it('reconciling, limits, HALT with a cancel, idempotency, and a reconnect — against the simulator', async () => {
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const rig = await brokerRig(sim);
    const reconciler = new Reconciler({ connection: rig.rec.conn, journal: rig.journal });
    onTestFinished(() => reconciler.stop());
    const account = new LedgerAccount(Ledger.withCash(1_000_000));
    rig.broker.listen(account);
    const ask = quoteOf(sim, 'SPY').ask;
    account.setMark('SPY', ask);
    const clock = { now: () => Date.now() };
    const leases = new RunnerLeases(3_600_000);
    const lease = leases.acquire('s1', 'desk', clock.now());
    if (!lease.ok) throw new Error('no lease');
    const guard = new GuardedBroker({
      inner: rig.broker,
      clock,
      connection: rig.rec.conn,
      reconciliation: reconciler,
      leases,
      account,
      limits: { maxOrderValue: 20 * ask, allowedSymbols: ['SPY'] },
      intentMaxAgeMs: 5000,
      orderOfRef: (ref) => rig.broker.orderOfRef(ref),
    });
    const denials: GuardDenial[] = [];
    guard.on('denial', (d) => denials.push(d));
    const stamp = () => ({ strategy: 's1', device: 'desk', token: lease.lease.token, createdAt: clock.now() });
    const submitted = () => rig.journal.entries.filter((e) => e.kind === 'order-submitted').length;

    // The Reconciler attached to a ready connection: reconciling until its first round is done.
    expect(guard.submit(ticket('BUY', 10, 'g-1'), [], stamp())).toMatchObject({ ok: false, code: 'RECONCILING' });
    await reconciler.whenReconciled(5000);
    const buy = accepted(guard.submit(ticket('BUY', 10, 'g-1'), [], stamp()));
    await rig.until(() => buy.status === 'Filled', 'the fill');
    expect(account.snapshot().positions.get('SPY')).toBe(10);

    // A limit refuses before TWS sees anything.
    expect(guard.submit(ticket('BUY', 100, 'g-2'), [], stamp())).toMatchObject({ ok: false, code: 'MAX_ORDER_VALUE' });
    expect(submitted()).toBe(1);

    // HALT: a new order is refused; a cancel of a working order and a close reach TWS.
    const limit = cents(Math.floor(quoteOf(sim, 'SPY').bid * 0.9 * 100) / 100);
    const resting = accepted(guard.submit(ticket('BUY', 5, 'g-3', { type: 'LMT', limitPrice: limit, tif: 'GTC' }), [], stamp()));
    await rig.until(() => resting.status === 'Submitted', 'Submitted');
    guard.setTradingState('HALTED');
    expect(guard.submit(ticket('BUY', 1, 'g-4'), [], stamp())).toMatchObject({ ok: false, code: 'TRADING_HALTED' });
    expect(guard.tryCancel(resting.id)).toEqual({ ok: true });
    await rig.until(() => resting.status === 'Cancelled', 'Cancelled');
    expect(sim.broker.book.get(11, resting.id)?.status).toBe('Cancelled');
    const close = accepted(guard.submit(ticket('SELL', 10, 'g-5'), [], stamp()));
    await rig.until(() => close.status === 'Filled', 'the close');
    expect(account.snapshot().positions.get('SPY')).toBeUndefined();
    guard.setTradingState('ACTIVE');

    // The same intent id again: its order, not a second one (even a stale retry).
    expect(guard.submit(ticket('BUY', 10, 'g-1'), [], { ...stamp(), createdAt: 0 })).toEqual({ ok: true, order: buy });
    expect(submitted()).toBe(3);

    // A drop: nothing is sent while away; after the reconnect, nothing until reconciled again.
    const after = rig.rec.states.length;
    sim.faults.dropConnections();
    await rig.rec.waitState('disconnected', undefined, 5000, after);
    expect(guard.submit(ticket('BUY', 1, 'g-6'), [], stamp())).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
    await rig.rec.waitState('ready', undefined, 5000, after);
    expect(guard.submit(ticket('BUY', 1, 'g-6'), [], stamp())).toMatchObject({ ok: false, code: 'RECONCILING' });
    expect(submitted()).toBe(3);
    await reconciler.whenReconciled(5000);
    await rig.broker.whenReady(5000);
    const later = accepted(guard.submit(ticket('BUY', 1, 'g-6'), [], stamp()));
    await rig.until(() => later.status === 'Filled', 'the fill after the reconnect');
    expect(submitted()).toBe(4);
    expect(denials.map((d) => d.code)).toEqual(['RECONCILING', 'MAX_ORDER_VALUE', 'TRADING_HALTED', 'NOT_CONNECTED', 'RECONCILING']);
    expect(rig.problems).toEqual([]);
  });
});
