// Combo (BAG) intents over the app protocol (docs/app-protocol.md §4) over real sockets: app clients over
// `ws`, the bridge's order path (guard, journal, IBKR broker) over a real TwsConnection to the embedded
// simulator. A wheel roll end to end — a put sold, then bought back and a later put sold as one combo at a
// net credit — the legs filling together; a combo whose net limit is not reached working with no leg
// filled; a repeated combo intent answering its order; and combos the guard refuses, with nothing sent.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventName } from '@stoqey/ib';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { roundToTick } from '../../shared/broker/ibkr-rules.ts';
import { osiSymbol } from '../../shared/domain/instrument.ts';
import type { AckMessage, PortfolioRow, ServerMessage } from '../../shared/protocol/index.ts';
import { welcomedClient, type AppClient } from '../support/app-protocol-harness.ts';
import { ACCOUNT, quoteOf } from '../support/ib-orders.ts';
import { intentOf, ORDER_PATH_CLIENT_ID, startOrderPathHarness, type OrderPathHarness } from '../support/order-path-harness.ts';

const isAck = (id: string) => (m: ServerMessage) => m.type === 'ack' && m.id === id;
/** A snapshot or delta of `topic` in which `key` has a value (or, with `gone`, is deleted). */
const rowIn = (topic: string, key: string, gone = false) => (m: ServerMessage) => {
  if ((m.type !== 'delta' && m.type !== 'snapshot') || m.topic !== topic) return false;
  return gone ? m.type === 'delta' && key in m.data && m.data[key] === null : m.data[key] != null;
};
type Rows = ServerMessage & { data: Record<string, Record<string, unknown>> };
/** An `orders` update of `key` whose row has `field` = `value` (or any value of `field`, without one). */
const orderUpdate = (key: string, field: string, value?: unknown) => (m: ServerMessage) =>
  rowIn('orders', key)(m) && (m as Rows).data[key][field] !== undefined && (value === undefined || (m as Rows).data[key][field] === value);
type Lease = { strategyId: string; token: number };
type LegSpec = [instrument: string, side: 'BUY' | 'SELL', ratio: number];

/** Three monthly SPY puts of one strike at or below the chain's reference: the nearest expiry first. */
function rollPuts(sim: RunningSimulator) {
  const cat = sim.state.catalogue;
  const spy = cat.underlying('SPY')!;
  const chain = cat.chain(spy, sim.clock.now())!;
  const monthly = chain.expiries.filter((e) => e.kind === 'monthly').slice(0, 3);
  const strike = [...monthly[0].strikes].reverse().find((k) => k <= chain.reference && monthly.every((e) => e.strikes.includes(k)))!;
  return monthly.map((e) => {
    const listed = cat.option(spy, e.date, strike, 'P')!;
    return { listed, osi: osiSymbol({ symbol: 'SPY', expiry: e.date, right: 'P', strike }) };
  });
}

/** A combo intent: BUY / SELL `quantity` combo units of `legs` (side, OSI or symbol, ratio), LMT at `limit` or MKT. */
function comboOf(intentId: string, lease: Lease, side: 'BUY' | 'SELL', legs: LegSpec[], limit?: number) {
  return {
    type: 'intent',
    intentId,
    strategyId: lease.strategyId,
    leaseToken: lease.token,
    createdAt: Date.now(),
    combo: { side, quantity: 1, ...(limit === undefined ? { orderType: 'MKT' } : { orderType: 'LMT', limitPrice: limit }), tif: 'DAY' },
    legs: legs.map(([instrument, legSide, quantity]) => ({ instrument, side: legSide, quantity })),
  };
}

/** Resolves once every message TWS sent before now has been handled (a TWS round trip on the order path's connection). */
async function twsBarrier(h: OrderPathHarness): Promise<void> {
  const api = h.path.tws.readyApi();
  if (!api) throw new Error('TWS not ready');
  await new Promise<void>((resolve) => {
    api.once(EventName.currentTime, () => resolve());
    api.reqCurrentTime();
  });
}

async function leaseFor(c: AppClient, strategyId: string) {
  c.send({ type: 'command', commandId: `lease-${strategyId}`, kind: 'acquireLease', strategyId });
  const ack = await c.wait<AckMessage>(isAck(`lease-${strategyId}`));
  return { strategyId, token: ack.lease!.token };
}

describe('a wheel roll as one combo', () => {
  let h: OrderPathHarness;
  let c: AppClient;
  let lease: Lease;
  let puts: ReturnType<typeof rollPuts>;
  const posKey = (conId: number) => `${ACCOUNT}:${conId}`;
  const simQty = (conId: number) => h.sim.broker.positionByConId(ACCOUNT, conId)?.qty ?? 0;
  const send = async (msg: Record<string, unknown>): Promise<AckMessage> => {
    const at = c.log.length;
    c.send(msg);
    return c.wait<AckMessage>(isAck(msg.intentId as string), 5000, at);
  };

  beforeAll(async () => {
    h = await startOrderPathHarness();
    c = await welcomedClient(h.url, 'combo');
    c.send({ type: 'subscribe', id: 'topics', subscriptions: [{ topic: 'orders' }, { topic: 'positions' }, { topic: 'account' }] });
    await c.wait(isAck('topics'));
    lease = await leaseFor(c, 'wheel');
    puts = rollPuts(h.sim);
  });
  afterAll(async () => {
    c?.close();
    await h?.close();
  });

  it('a put sold, then rolled (BUY old / SELL later, same strike) at a marketable net credit: one BAG order, both legs filled', async () => {
    const [old, later] = puts;
    expect(later.listed.expiry).toBeGreaterThan(old.listed.expiry);
    const sold = await send(intentOf('sell-put', lease, { symbol: old.osi, side: 'SELL', quantity: 1 }));
    expect(sold).toMatchObject({ ok: true });
    // An option order's row names its contract by the OSI symbol.
    const soldKey = `${ORDER_PATH_CLIENT_ID}:${sold.order!.orderId}`;
    expect((await c.wait<Rows>(orderUpdate(soldKey, 'instrument'), 5000)).data[soldKey]).toMatchObject({ secType: 'OPT', instrument: old.osi });
    await c.wait(rowIn('positions', posKey(old.listed.conId)));
    expect(simQty(old.listed.conId)).toBe(-1);

    // Buying the combo pays the old put's ask and takes the later put's bid: a credit, as a roll out in time is.
    const net = quoteOf(h.sim, old.listed.conId).ask - quoteOf(h.sim, later.listed.conId).bid;
    expect(net).toBeLessThan(0);
    const limit = roundToTick(net, 0.01, 'up');
    const at = c.log.length;
    const ack = await send(comboOf('roll-1', lease, 'BUY', [[old.osi, 'BUY', 1], [later.osi, 'SELL', 1]], limit));
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true, order: { orderId: expect.any(Number) } });
    const orderKey = `${ORDER_PATH_CLIENT_ID}:${ack.order!.orderId}`;

    const row = (await c.wait<Rows>(orderUpdate(orderKey, 'secType'), 5000, at)).data[orderKey];
    expect(row).toMatchObject({ orderRef: 'roll-1', secType: 'BAG', symbol: 'SPY', action: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: limit });
    // The row names the combo's legs by their OSI symbols, as the Orders view shows them.
    expect(row.legs).toEqual([
      { instrument: old.osi, ratio: 1, action: 'BUY' },
      { instrument: later.osi, ratio: 1, action: 'SELL' },
    ]);
    await c.wait(orderUpdate(orderKey, 'status', 'Filled'), 5000, at);

    // Both legs moved: the old put is flat (its position and portfolio rows deleted), the later one short 1.
    await c.wait(rowIn('positions', posKey(old.listed.conId), true), 5000, at);
    const short = await c.wait<Rows>(rowIn('positions', posKey(later.listed.conId)), 5000, at);
    expect(short.data[posKey(later.listed.conId)].position).toBe(-1);
    await c.wait(rowIn('account', `portfolio:${old.listed.conId}`, true), 5000, at);
    const portfolio = await c.wait<ServerMessage & { data: Record<string, PortfolioRow> }>(rowIn('account', `portfolio:${later.listed.conId}`), 5000, at);
    expect(portfolio.data[`portfolio:${later.listed.conId}`]).toMatchObject({ secType: 'OPT', right: 'P', expiry: String(later.listed.expiry), position: -1 });
    expect(simQty(old.listed.conId)).toBe(0);
    expect(simQty(later.listed.conId)).toBe(-1);
    // The bridge's own books (the guard's view) moved with the legs: the broker reports an order's fills
    // (journaled first) before its final status, so once it says Filled both legs are in.
    await vi.waitFor(() => expect(h.path.rawBroker.orderOfRef('roll-1')?.status).toBe('Filled'));
    const positions = h.path.account.snapshot().positions;
    expect(h.path.journal.entries.filter((e) => e.kind === 'execution' && e.orderRef === 'roll-1')).toHaveLength(2);
    expect(positions.get(old.osi) ?? 0).toBe(0);
    expect(positions.get(later.osi)).toBe(-1);

    // The same intent id again answers the order it made; nothing is sent again.
    const orders = h.sim.broker.book.all().length;
    const again = await send(comboOf('roll-1', lease, 'BUY', [[old.osi, 'BUY', 1], [later.osi, 'SELL', 1]], limit));
    expect(again).toMatchObject({ ok: true, order: { orderId: ack.order!.orderId, status: 'Filled', filled: 1 } });
    expect(again.message).toMatch(/nothing was sent again/);
    await twsBarrier(h);
    expect(h.sim.broker.book.all()).toHaveLength(orders);
  });

  it('a roll whose net credit is not reached keeps working with no leg filled; cancelled, nothing filled', async () => {
    const [, later, third] = puts;
    const net = quoteOf(h.sim, later.listed.conId).ask - quoteOf(h.sim, third.listed.conId).bid;
    const limit = roundToTick(net - 0.5, 0.01, 'down'); // half a dollar more credit than the market gives
    const at = c.log.length;
    const ack = await send(comboOf('roll-2', lease, 'BUY', [[later.osi, 'BUY', 1], [third.osi, 'SELL', 1]], limit));
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true, order: { filled: 0 } });
    const orderKey = `${ORDER_PATH_CLIENT_ID}:${ack.order!.orderId}`;
    await c.wait(orderUpdate(orderKey, 'status', 'Submitted'), 5000, at);
    const working = h.sim.broker.book.all().find((o) => o.ref === 'roll-2');
    expect(working).toMatchObject({ status: 'Submitted', filled: 0 });
    expect(simQty(later.listed.conId)).toBe(-1);
    expect(simQty(third.listed.conId)).toBe(0);

    c.send({ type: 'command', commandId: 'cancel-roll-2', kind: 'cancel', intentId: 'roll-2' });
    expect(await c.wait<AckMessage>(isAck('cancel-roll-2'))).toMatchObject({ ok: true });
    await c.wait(orderUpdate(orderKey, 'status', 'Cancelled'), 5000, at);
    expect(simQty(later.listed.conId)).toBe(-1);
    expect(simQty(third.listed.conId)).toBe(0);
    expect(c.log.slice(at).some((m) => rowIn('positions', posKey(third.listed.conId))(m))).toBe(false);
  });

  it('several legs without combo are NOT_AVAILABLE, pointing to combo; a combo naming one instrument twice is refused by path; nothing is sent', async () => {
    const [old, later] = puts;
    const orders = h.sim.broker.book.all().length;
    const legs = [old.osi, later.osi].map((instrument) => ({ instrument, side: 'SELL', quantity: 1, orderType: 'MKT' }));
    expect(await send({ type: 'intent', intentId: 'two-legs', strategyId: 'wheel', leaseToken: lease.token, createdAt: Date.now(), legs })).toMatchObject({
      ok: false,
      code: 'NOT_AVAILABLE',
      message: expect.stringContaining('`combo`'),
    });
    const padded = later.listed.localSymbol; // the same option as later.osi, padded as IBKR's localSymbol
    expect(await send(comboOf('twice', lease, 'BUY', [[later.osi, 'BUY', 1], [padded, 'SELL', 1]]))).toMatchObject({
      ok: false,
      code: 'ORDER_REFUSED',
      message: expect.stringMatching(/^legs\[1\]\.instrument: .* is legs\[0\] again/),
    });
    await twsBarrier(h);
    expect(h.sim.broker.book.all()).toHaveLength(orders);
  });
});

describe('combos the guard refuses', () => {
  let h: OrderPathHarness;
  let c: AppClient;
  let lease: Lease;

  beforeAll(async () => {
    h = await startOrderPathHarness({ guard: { allowed_symbols: ['SPY'], max_order_value: 50 } });
    c = await welcomedClient(h.url, 'guarded');
    lease = await leaseFor(c, 'wheel');
  });
  afterAll(async () => {
    c?.close();
    await h?.close();
  });

  it("SYMBOL_NOT_ALLOWED outside [guard] allowed_symbols; MAX_ORDER_VALUE over it (the legs' marks summed); nothing sent, denials journaled", async () => {
    const qqq = (exp: string) => `QQQ${exp}P00055000`;
    c.send(comboOf('qqq-roll', lease, 'BUY', [[qqq('120121'), 'BUY', 1], [qqq('120218'), 'SELL', 1]], -0.2));
    const outside = await c.wait<AckMessage>(isAck('qqq-roll'));
    expect(outside).toMatchObject({ ok: false, code: 'SYMBOL_NOT_ALLOWED' });
    expect(outside.message).toMatch(/^SYMBOL_NOT_ALLOWED: .*\(QQQ; allowed: SPY\)$/);

    const [old, later] = rollPuts(h.sim);
    c.send(comboOf('spy-roll', lease, 'BUY', [[old.osi, 'BUY', 1], [later.osi, 'SELL', 1]]));
    const denied = await c.wait<AckMessage>(isAck('spy-roll'));
    expect(denied).toMatchObject({ ok: false, code: 'MAX_ORDER_VALUE' });
    // Valued at both legs' marks (each fetched for the guard), gross: the sum of the two premiums × 100.
    const marks = h.path.account.snapshot().marks;
    const value = (marks.get(old.osi)! + marks.get(later.osi)!) * 100;
    expect(value).toBeGreaterThan(50);
    expect(denied.message).toContain(`${String(Number(value.toPrecision(10)))} > 50`);

    await twsBarrier(h);
    expect(h.sim.broker.book.all()).toHaveLength(0);
    const journaled = h.path.journal.entries.filter((e) => e.kind === 'intent-denied').map((e) => (e as { intentId: string; code: string }).intentId);
    expect(journaled).toEqual(['qqq-roll', 'spy-roll']);
    expect(h.path.journal.entries.some((e) => e.kind === 'order-submitted')).toBe(false);
    // A repeated denied intent answers its denial; an intent id is never reused.
    c.send(comboOf('qqq-roll', lease, 'BUY', [[qqq('120121'), 'BUY', 1], [qqq('120218'), 'SELL', 1]], -0.2));
    await c.wait((m) => isAck('qqq-roll')(m) && (m as AckMessage).message!.includes('never reused'));
  });
});
