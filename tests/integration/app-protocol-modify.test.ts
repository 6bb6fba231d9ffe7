// The modify command (docs/app-protocol.md §4) over real sockets: a working limit order's price changed
// through the order guard — the live wheel's repricing step (wheel-rules.md §2.5.1) — by the strategy
// that holds its lease; refused for an unknown intent, without the lease, or by the guard, with nothing
// changed; a filled order cannot be moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../../shared/protocol/index.ts';
import type { AckMessage, ServerMessage } from '../../shared/protocol/index.ts';
import { welcomedClient, type AppClient } from '../support/app-protocol-harness.ts';
import { quoteOf } from '../support/ib-orders.ts';
import { intentOf, ORDER_PATH_CLIENT_ID, startOrderPathHarness, type OrderPathHarness } from '../support/order-path-harness.ts';

const isAck = (id: string) => (m: ServerMessage) => m.type === 'ack' && m.id === id;
type Rows = ServerMessage & { data: Record<string, Record<string, unknown>> };
const orderRow = (key: string, field: string, value: unknown) => (m: ServerMessage) =>
  (m.type === 'delta' || m.type === 'snapshot') && m.topic === 'orders' && (m as Rows).data[key]?.[field] === value;

describe('modify: a working order repriced through the guard', () => {
  let h: OrderPathHarness;
  let c: AppClient;
  let lease: { strategyId: string; token: number };
  const call = async (msg: Record<string, unknown>): Promise<AckMessage> => {
    const at = c.log.length;
    const id = (msg.intentId && msg.type === 'intent' ? msg.intentId : msg.commandId) as string;
    c.send(msg);
    return c.wait<AckMessage>(isAck(id), 5000, at);
  };

  beforeAll(async () => {
    h = await startOrderPathHarness({ guard: { max_order_value: 100_000 } });
    c = await welcomedClient(h.url, 'modify');
    c.send({ type: 'subscribe', id: 'orders', subscriptions: [{ topic: 'orders' }] });
    await c.wait(isAck('orders'));
    const ack = await call({ type: 'command', commandId: 'lease', kind: 'acquireLease', strategyId: 'wheel' });
    lease = { strategyId: 'wheel', token: ack.lease!.token };
  });
  afterAll(async () => {
    c?.close();
    await h?.close();
  });

  it('moves a resting BUY limit up toward the market; the order works at the new price', async () => {
    const spy = h.sim.state.catalogue.resolve({ symbol: 'SPY', secType: 'STK', exchange: 'SMART', currency: 'USD' } as never, h.sim.clock.now());
    expect(spy.ok).toBe(true);
    const conId = (spy as { instrument: { conId: number } }).instrument.conId;
    const bid = quoteOf(h.sim, conId).bid;
    const far = Math.round((bid - 5) * 100) / 100;
    const placed = await call(intentOf('rest-1', lease, { symbol: 'SPY', side: 'BUY', quantity: 10, limit: far }));
    expect(placed, JSON.stringify(placed)).toMatchObject({ ok: true, order: { filled: 0 } });
    const key = `${ORDER_PATH_CLIENT_ID}:${placed.order!.orderId}`;

    const nearer = Math.round((bid - 2) * 100) / 100;
    const at = c.log.length;
    const moved = await call({ type: 'command', commandId: 'mod-1', kind: 'modify', intentId: 'rest-1', limitPrice: nearer, strategyId: 'wheel', leaseToken: lease.token });
    expect(moved, JSON.stringify(moved)).toMatchObject({ ok: true, order: { orderId: placed.order!.orderId }, message: `order ${placed.order!.orderId} of intent rest-1 now works at ${nearer}` });
    await c.wait(orderRow(key, 'limitPrice', nearer), 5000, at);
    expect(h.sim.broker.book.all().find((o) => o.ref === 'rest-1')).toMatchObject({ limitPrice: nearer, filled: 0 });
  });

  it('refuses without the lease, for an unknown intent, or over a guard limit — and changes nothing', async () => {
    const before = h.sim.broker.book.all().find((o) => o.ref === 'rest-1')!.limitPrice;
    expect(await call({ type: 'command', commandId: 'mod-2', kind: 'modify', intentId: 'rest-1', limitPrice: before! + 0.5 })).toMatchObject({ ok: false, code: 'NO_LEASE' });
    expect(await call({ type: 'command', commandId: 'mod-3', kind: 'modify', intentId: 'no-such', limitPrice: 1, strategyId: 'wheel', leaseToken: lease.token })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_ORDER',
      message: 'intent no-such has no order on this bridge',
    });
    // 10 shares at 20,000 each is over max_order_value 100,000.
    expect(await call({ type: 'command', commandId: 'mod-4', kind: 'modify', intentId: 'rest-1', limitPrice: 20_000, strategyId: 'wheel', leaseToken: lease.token })).toMatchObject({
      ok: false,
      code: 'MAX_ORDER_VALUE',
    });
    expect(h.sim.broker.book.all().find((o) => o.ref === 'rest-1')!.limitPrice).toBe(before);
  });

  it('a modify names its fields: the intent, a finite limit, and a strategy with its lease token together', () => {
    const bad = (m: Record<string, unknown>) => {
      try {
        decodeClientMessage(JSON.stringify({ type: 'command', commandId: 'm', kind: 'modify', ...m }));
        return 'accepted';
      } catch (err) {
        return (err as { path?: string }).path;
      }
    };
    expect(bad({ limitPrice: 1 })).toBe('intentId');
    expect(bad({ intentId: 'a' })).toBe('limitPrice');
    expect(bad({ intentId: 'a', limitPrice: 'x' })).toBe('limitPrice');
    expect(bad({ intentId: 'a', limitPrice: 1, strategyId: 'wheel' })).toBe('leaseToken');
    expect(bad({ intentId: 'a', limitPrice: -0.35, strategyId: 'wheel', leaseToken: 2 })).toBe('accepted');
  });
});
