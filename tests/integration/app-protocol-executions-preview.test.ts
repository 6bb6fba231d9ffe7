// Minor 2 of the app protocol over real sockets (docs/app-protocol.md §2, §3): app clients over `ws`, the
// bridge's order path (guard, journal, IBKR broker) over a real @stoqey/ib TwsConnection to the embedded
// simulator. The `executions` topic: 1 SPY bought through an intent shows as an execution row keyed by
// execId, with the intent id as its orderRef and TWS's commission joined to it. The `preview` request:
// the guard's verdict and TWS's whatIf margins for a put sale (margin goes up), and denials — a symbol
// the guard does not allow, the kill switch HALTED — with their codes and nothing placed at TWS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osiSymbol } from '../../shared/domain/instrument.ts';
import type { AckMessage, ExecutionRow, PreviewResponse, ServerMessage, SnapshotMessage } from '../../shared/protocol/index.ts';
import { welcomedClient, type AppClient } from '../support/app-protocol-harness.ts';
import { intentOf, startOrderPathHarness, type OrderPathHarness } from '../support/order-path-harness.ts';

const isAck = (id: string) => (m: ServerMessage) => m.type === 'ack' && m.id === id;
const isPreview = (id: string) => (m: ServerMessage) => m.type === 'preview' && m.id === id;
type Rows = { data: Record<string, ExecutionRow | null> };
/** An executions snapshot or delta holding a row of this intent with its commission. */
const executionOf = (intentId: string) => (m: ServerMessage) =>
  (m.type === 'delta' || m.type === 'snapshot') && m.topic === 'executions' && Object.values((m as unknown as Rows).data).some((r) => r?.orderRef === intentId && r.commission !== undefined);

describe('executions and preview (minor 2) against the simulator', () => {
  let h: OrderPathHarness;
  let c: AppClient;
  let lease: { strategyId: string; token: number };
  const call = async <T extends ServerMessage>(msg: Record<string, unknown>, pred: (m: ServerMessage) => boolean): Promise<T> => {
    const at = c.log.length;
    c.send(msg);
    return c.wait<T>(pred, 10_000, at);
  };
  /** Orders the simulator's book holds (a whatIf is never one of them). */
  const booked = () => h.sim.broker.book.all().length;

  beforeAll(async () => {
    h = await startOrderPathHarness({ guard: { max_order_value: 1_000_000, allowed_symbols: ['SPY', 'QQQ'] } });
    c = await welcomedClient(h.url, 'executions');
    const ack = await call<AckMessage>({ type: 'command', commandId: 'lease', kind: 'acquireLease', strategyId: 'manual' }, isAck('lease'));
    lease = { strategyId: 'manual', token: ack.lease!.token };
  });
  afterAll(async () => {
    c?.close();
    await h?.close();
  });

  it('a bought SPY shows on `executions` keyed by execId, with its intent id and its commission', async () => {
    const snap = await call<SnapshotMessage>({ type: 'subscribe', id: 'ex', subscriptions: [{ topic: 'executions' }] }, (m) => m.type === 'snapshot' && m.topic === 'executions');
    expect(snap.data).toEqual({}); // nothing traded yet today
    const at = c.log.length;
    const ack = await call<AckMessage>(intentOf('buy-spy-1', lease, { symbol: 'SPY', side: 'BUY', quantity: 1 }), isAck('buy-spy-1'));
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    const m = await c.wait(executionOf('buy-spy-1'), 10_000, at);
    const row = Object.values((m as unknown as Rows).data).find((r) => r?.orderRef === 'buy-spy-1')!;
    expect(row).toMatchObject({ instrument: 'SPY', symbol: 'SPY', secType: 'STK', side: 'BUY', quantity: 1, orderId: ack.order!.orderId });
    expect(row.price).toBeGreaterThan(0);
    expect(row.commission).toBeGreaterThan(0);
    expect(Number.isFinite(row.time)).toBe(true);
    // A second subscriber gets the row in its snapshot (the topic's state), keyed by execId.
    const d = await welcomedClient(h.url, 'executions-2');
    d.send({ type: 'subscribe', id: 'ex2', subscriptions: [{ topic: 'executions' }] });
    const snap2 = await d.wait<SnapshotMessage>((x) => x.type === 'snapshot' && x.topic === 'executions', 10_000);
    expect(snap2.data[row.execId]).toEqual(row);
    d.close();
    // Leave the account flat.
    const back = await call<AckMessage>(intentOf('sell-spy-1', lease, { symbol: 'SPY', side: 'SELL', quantity: 1 }), isAck('sell-spy-1'));
    expect(back.ok).toBe(true);
    await c.wait(executionOf('sell-spy-1'), 10_000, at);
  });

  it("previews a put sale: the guard's verdict ok and TWS's whatIf initial margin change > 0, nothing placed", async () => {
    const cat = h.sim.state.catalogue;
    const spy = cat.underlying('SPY')!;
    const chain = cat.chain(spy, h.sim.clock.now())!;
    const expiry = chain.expiries.find((e) => e.kind === 'monthly')!;
    const strike = [...expiry.strikes].reverse().find((k) => k <= chain.reference)!;
    const osi = osiSymbol({ symbol: 'SPY', expiry: expiry.date, right: 'P', strike });
    const before = booked();
    const p = await call<PreviewResponse>(
      { type: 'preview', id: 'pv-put', strategyId: lease.strategyId, leaseToken: lease.token, createdAt: Date.now(), legs: [{ instrument: osi, side: 'SELL', quantity: 1, orderType: 'MKT', tif: 'DAY' }] },
      isPreview('pv-put'),
    );
    expect(p.verdict, JSON.stringify(p)).toMatchObject({ ok: true });
    expect(p.whatIf, JSON.stringify(p)).toBeDefined();
    expect(p.whatIf!.initMarginChange).toBeGreaterThan(0);
    expect(p.whatIf!.equityWithLoanAfter).toBeGreaterThan(0);
    expect(p.whatIf!.commission).toBeGreaterThan(0);
    expect(p.bridgeTime).toBeGreaterThan(0);
    expect(booked()).toBe(before);
    expect(h.path.rawBroker.orderOfRef('preview:pv-put')).toBeUndefined();
    // Nothing of the preview is journaled either (no intent, no denial).
    expect(h.path.journal.entries.some((e) => JSON.stringify(e).includes('pv-put'))).toBe(false);
  });

  it('a denied order gets its code and sentence, no whatIf, and nothing is placed: a symbol not allowed, then HALTED', async () => {
    const before = booked();
    const leg = (instrument: string) => [{ instrument, side: 'BUY', quantity: 1, orderType: 'MKT' }];
    const notAllowed = await call<PreviewResponse>({ type: 'preview', id: 'pv-aapl', strategyId: 'manual', leaseToken: lease.token, legs: leg('AAPL') }, isPreview('pv-aapl'));
    expect(notAllowed.verdict).toMatchObject({ ok: false, code: 'SYMBOL_NOT_ALLOWED', message: expect.stringMatching(/^SYMBOL_NOT_ALLOWED: /) });
    expect(notAllowed.whatIf).toBeUndefined();
    expect(notAllowed.whatIfError).toMatch(/denies the order \(SYMBOL_NOT_ALLOWED\)/);

    const halt = await call<AckMessage>({ type: 'command', commandId: 'halt', kind: 'halt' }, isAck('halt'));
    expect(halt.ok).toBe(true);
    const halted = await call<PreviewResponse>({ type: 'preview', id: 'pv-halt', strategyId: 'manual', leaseToken: lease.token, legs: leg('SPY') }, isPreview('pv-halt'));
    expect(halted.verdict).toMatchObject({ ok: false, code: 'TRADING_HALTED' });
    expect(halted.whatIf).toBeUndefined();
    // Without a lease the guard says NO_LEASE, as it would for the intent.
    const resume = await call<AckMessage>({ type: 'command', commandId: 'resume', kind: 'resume' }, isAck('resume'));
    expect(resume.ok).toBe(true);
    const noLease = await call<PreviewResponse>({ type: 'preview', id: 'pv-nolease', legs: leg('SPY') }, isPreview('pv-nolease'));
    expect(noLease.verdict).toMatchObject({ ok: false, code: 'NO_LEASE' });
    expect(booked()).toBe(before);
    expect(h.path.intents.get('preview:pv-halt')).toBeUndefined();
  });

  it('a bad preview is refused by path like an intent', async () => {
    const bad = await call<ServerMessage>({ type: 'preview', id: 'pv-bad', legs: [{ instrument: 'SPY', side: 'BUY', quantity: 1, orderType: 'LMT' }] }, (m) => m.type === 'error' && (m as { id?: string }).id === 'pv-bad');
    expect(bad).toMatchObject({ code: 'BAD_MESSAGE', path: 'legs[0].limitPrice' });
  });
});
