// The order path end to end (docs/app-protocol.md §4, docs/bridge.md §5): app clients over real
// WebSockets → the bridge (startBridge) → the order guard → the IBKR broker → the embedded simulator
// over real TCP with the real @stoqey/ib. A lease, an intent acknowledged once journaled, the order in
// the simulator with orderRef = the intent id, the fill on the orders and positions topics; a repeated
// intent id; denials with their codes (allowed_symbols, HALT, a stale fencing token); a cancel under
// HALT; nothing sent while TWS is down (NOT_CONNECTED); RECONCILING after the reconnect until done.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AckMessage, DeltaMessage, ServerMessage, SnapshotMessage } from '../../shared/protocol/index.ts';
import { welcomedClient, type AppClient } from '../support/app-protocol-harness.ts';
import { cents, quoteOf } from '../support/ib-orders.ts';
import { intentOf, ORDER_PATH_CLIENT_ID, startOrderPathHarness } from '../support/order-path-harness.ts';

const isAck = (id: string) => (m: ServerMessage) => m.type === 'ack' && m.id === id;
const ackOf = (c: AppClient, id: string, timeoutMs = 5000) => c.wait<AckMessage>(isAck(id), timeoutMs);

/** Resolves when `pred` holds (polled every 10 ms), else fails naming `what`. */
async function until(pred: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function lease(c: AppClient, commandId: string, strategyId: string, takeover = false): Promise<{ strategyId: string; token: number }> {
  c.send({ type: 'command', commandId, kind: 'acquireLease', strategyId, ...(takeover ? { takeover } : {}) });
  const ack = await ackOf(c, commandId);
  expect(ack).toMatchObject({ ok: true, lease: { strategyId } });
  return { strategyId, token: ack.lease!.token };
}

describe('the order path over the app protocol', () => {
  it('lease → intent → ack after the journal → the simulator has it → the fill on orders and positions; a repeat; denials; HALT and cancel; a second device', async () => {
    const h = await startOrderPathHarness({ guard: { allowed_symbols: ['SPY', 'AAPL'] } });
    onTestFinished(() => h.close());
    const a = await welcomedClient(h.url, 'desk');
    onTestFinished(() => a.close());
    a.send({ type: 'subscribe', id: 'sub', subscriptions: [{ topic: 'orders' }, { topic: 'positions' }] });
    expect(await ackOf(a, 'sub')).toMatchObject({ ok: true });
    await a.wait((m) => m.type === 'snapshot' && m.topic === 'positions');

    const s1 = await lease(a, 'l-1', 's1');
    a.send(intentOf('i-1', s1, { quantity: 10 }));
    const ack = await ackOf(a, 'i-1');
    expect(ack).toMatchObject({ ok: true, order: { orderId: expect.any(Number) } });
    const orderId = ack.order!.orderId;
    // Durable before acknowledged: the journal had the order when the ack went out.
    expect(h.path.journal.entries.some((e) => e.kind === 'order-submitted' && e.orderRef === 'i-1' && e.orderId === orderId)).toBe(true);
    // The simulator has it, with the intent id as orderRef.
    const inSim = () => h.sim.broker.book.all().filter((o) => o.ref === 'i-1');
    await a.wait((m) => m.type === 'delta' && m.topic === 'orders' && (m.data[`${ORDER_PATH_CLIENT_ID}:${orderId}`] as { status?: string } | undefined)?.status === 'Filled');
    expect(inSim()).toHaveLength(1);
    expect(inSim()[0]).toMatchObject({ clientId: ORDER_PATH_CLIENT_ID, status: 'Filled' });
    const pos = await a.wait<DeltaMessage | SnapshotMessage>((m) => (m.type === 'delta' || m.type === 'snapshot') && m.topic === 'positions' && Object.values(m.data).some((r) => (r as { symbol?: string; position?: number } | null)?.symbol === 'SPY' && (r as { position: number }).position === 10));
    expect(pos.type).toBe('delta');
    await until(() => h.path.account.snapshot().positions.get('SPY') === 10, "the bridge's books have the fill");

    // The same intent id again: the same order, still one in the simulator.
    a.send(intentOf('i-1', s1, { quantity: 10 }));
    const from = a.log.length;
    const again = await a.wait<AckMessage>(isAck('i-1'), 5000, from);
    expect(again).toMatchObject({ ok: true, order: { orderId, status: 'Filled', filled: 10 } });
    expect(inSim()).toHaveLength(1);

    // allowed_symbols: denied with its code and sentence, journaled, nothing sent.
    const before = h.sim.broker.book.all().length;
    a.send(intentOf('i-2', s1, { symbol: 'QQQ' }));
    expect(await ackOf(a, 'i-2')).toMatchObject({ ok: false, code: 'SYMBOL_NOT_ALLOWED', message: expect.stringMatching(/allowed_symbols.*QQQ/) });
    expect(h.path.journal.entries.some((e) => e.kind === 'intent-denied' && e.intentId === 'i-2' && e.code === 'SYMBOL_NOT_ALLOWED')).toBe(true);
    a.send(intentOf('i-2', s1, { symbol: 'SPY' }));
    expect(await a.wait<AckMessage>(isAck('i-2'), 5000, a.log.length)).toMatchObject({ ok: false, code: 'SYMBOL_NOT_ALLOWED', message: expect.stringMatching(/never reused/) });

    // No lease on the intent: NO_LEASE.
    a.send(intentOf('i-3', undefined));
    expect(await ackOf(a, 'i-3')).toMatchObject({ ok: false, code: 'NO_LEASE' });

    // A resting limit order, then HALT: a new order is refused, the cancel passes.
    const limit = cents(Math.floor(quoteOf(h.sim, 'SPY').bid * 0.9 * 100) / 100);
    a.send(intentOf('i-4', s1, { quantity: 5, limit }));
    const resting = await ackOf(a, 'i-4');
    expect(resting).toMatchObject({ ok: true });
    a.send({ type: 'command', commandId: 'c-halt', kind: 'halt' });
    expect(await ackOf(a, 'c-halt')).toMatchObject({ ok: true, tradingState: 'HALTED' });
    a.send(intentOf('i-5', s1));
    expect(await ackOf(a, 'i-5')).toMatchObject({ ok: false, code: 'TRADING_HALTED' });
    a.send({ type: 'command', commandId: 'c-cancel', kind: 'cancel', intentId: 'i-4' });
    expect(await ackOf(a, 'c-cancel')).toMatchObject({ ok: true, order: { orderId: resting.order!.orderId } });
    await a.wait((m) => m.type === 'delta' && m.topic === 'orders' && (m.data[`${ORDER_PATH_CLIENT_ID}:${resting.order!.orderId}`] as { status?: string } | undefined)?.status === 'Cancelled');
    expect(h.sim.broker.book.get(ORDER_PATH_CLIENT_ID, resting.order!.orderId)?.status).toBe('Cancelled');
    a.send({ type: 'command', commandId: 'c-resume', kind: 'resume' });
    expect(await ackOf(a, 'c-resume')).toMatchObject({ ok: true, tradingState: 'ACTIVE' });
    // A cancel of an intent without an order: UNKNOWN_ORDER.
    a.send({ type: 'command', commandId: 'c-cancel-2', kind: 'cancel', intentId: 'nope' });
    expect(await ackOf(a, 'c-cancel-2')).toMatchObject({ ok: false, code: 'UNKNOWN_ORDER' });

    // A second device: refused while the lease is held, takes it over; the first one's token is stale.
    const b = await welcomedClient(h.url, 'phone');
    onTestFinished(() => b.close());
    b.send({ type: 'command', commandId: 'l-2', kind: 'acquireLease', strategyId: 's1' });
    expect(await ackOf(b, 'l-2')).toMatchObject({ ok: false, code: 'LEASE_HELD' });
    const s1b = await lease(b, 'l-3', 's1', true);
    expect(s1b.token).toBeGreaterThan(s1.token);
    const count = h.sim.broker.book.all().length;
    a.send(intentOf('i-6', s1));
    expect(await ackOf(a, 'i-6')).toMatchObject({ ok: false, code: 'STALE_FENCING_TOKEN' });
    b.send(intentOf('i-7', s1b, { side: 'SELL', quantity: 10 }));
    expect(await ackOf(b, 'i-7')).toMatchObject({ ok: true });
    await until(() => h.sim.broker.book.all().some((o) => o.ref === 'i-7'), 'the simulator has i-7');
    expect(h.sim.broker.book.all().length).toBe(count + 1);
    expect(before).toBeLessThan(count);
    // Renew and release.
    b.send({ type: 'command', commandId: 'l-4', kind: 'renewLease', strategyId: 's1', leaseToken: s1b.token });
    expect(await ackOf(b, 'l-4')).toMatchObject({ ok: true, lease: { token: s1b.token } });
    b.send({ type: 'command', commandId: 'l-5', kind: 'releaseLease', strategyId: 's1', leaseToken: s1b.token });
    expect(await ackOf(b, 'l-5')).toMatchObject({ ok: true });
    b.send(intentOf('i-8', s1b));
    expect(await ackOf(b, 'i-8')).toMatchObject({ ok: false, code: 'NO_LEASE' });

    // Validation errors name the field path; the connection stays usable.
    a.send({ type: 'command', commandId: 'c-bad', kind: 'renewLease', strategyId: 's1' });
    expect(await a.wait((m) => m.type === 'error' && m.id === 'c-bad')).toMatchObject({ code: 'BAD_MESSAGE', path: 'leaseToken' });
    a.send({ type: 'command', commandId: 'c-halt-2', kind: 'reduce' });
    expect(await ackOf(a, 'c-halt-2')).toMatchObject({ ok: true, tradingState: 'REDUCING' });
    // Nothing denied ever reached the simulator.
    expect(h.sim.broker.book.all().filter((o) => ['i-2', 'i-3', 'i-5', 'i-6', 'i-8'].includes(o.ref ?? ''))).toEqual([]);
  });

  it('while TWS is down: NOT_CONNECTED and nothing reaches the simulator; after the reconnect RECONCILING until reconciled, then orders pass', async () => {
    const h = await startOrderPathHarness();
    onTestFinished(() => h.close());
    const a = await welcomedClient(h.url, 'desk');
    onTestFinished(() => a.close());
    const s1 = await lease(a, 'l-1', 's1');
    a.send(intentOf('i-1', s1));
    expect(await ackOf(a, 'i-1')).toMatchObject({ ok: true });
    await until(() => h.sim.broker.book.all().some((o) => o.ref === 'i-1'), 'the simulator has i-1');
    const sent = h.sim.broker.book.all().length;

    // Replies slowed down: the reconnect's reconciliation round cannot end before 300 ms.
    h.sim.faults.setResponseDelay(300);
    const down = new Promise<void>((resolve) => h.path.tws.once('state', () => resolve()));
    h.sim.faults.dropConnections();
    await down;
    expect(h.path.tws.isReady()).toBe(false);
    a.send(intentOf('i-2', s1));
    expect(await ackOf(a, 'i-2')).toMatchObject({ ok: false, code: 'NOT_CONNECTED', message: expect.stringMatching(/nothing is sent/) });

    // Back: the first intent after the connection is ready meets reconciliation.
    const ready = new Promise<void>((resolve) => h.path.tws.once('ready', () => resolve()));
    await ready;
    expect(h.path.reconciler.isReconciling()).toBe(true);
    a.send(intentOf('i-3', s1));
    expect(await ackOf(a, 'i-3')).toMatchObject({ ok: false, code: 'RECONCILING' });
    expect(h.sim.broker.book.all().length).toBe(sent);
    h.sim.faults.setResponseDelay(0);
    await h.path.reconciler.whenReconciled(10_000);
    a.send(intentOf('i-4', s1));
    expect(await ackOf(a, 'i-4')).toMatchObject({ ok: true });
    await until(() => h.sim.broker.book.all().some((o) => o.ref === 'i-4'), 'the simulator has i-4');
    expect(h.sim.broker.book.all().filter((o) => o.ref === 'i-4')).toHaveLength(1);
    expect(h.sim.broker.book.all().some((o) => o.ref === 'i-2' || o.ref === 'i-3')).toBe(false);
  });
});
