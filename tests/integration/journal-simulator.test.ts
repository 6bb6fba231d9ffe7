// The journal against the embedded simulator with the real @stoqey/ib over TCP (docs/journal.md
// §4–§6): every orderStatus, execDetails and commissionReport is journaled as it arrives; positions
// rebuilt from the journal (through the shared ledger) equal what reqPositions reports, also after a
// reqExecutions replay (de-duplicated by execId) and after reopening the file; a repeated intent id
// is answered from the journal; and the persisted order-id store never reuses an id when the nightly
// restart rolls nextValidId back, nor after the bridge itself restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, type CommissionReport, type Contract, type Execution } from '@stoqey/ib';
import { stock as stockInstrument } from '../../shared/domain/instrument.ts';
import { IntentIndex } from '../../bridge/journal/intent-index.ts';
import { Journal } from '../../bridge/journal/journal.ts';
import { OrderIdStore } from '../../bridge/journal/order-id-store.ts';
import { rebuildPositions } from '../../bridge/journal/rebuild-positions.ts';
import { parseTwsDateTime } from '../../shared/time/tws-time.ts';
import type { OrderStatus } from '../../shared/domain/order.ts';
import { IbTestClient } from '../support/ib-client.ts';
import { ACCOUNT, mkt, stock, waitStatus } from '../support/ib-orders.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mt-journal-sim-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Journals what TWS reports to `c` (the part of the bridge this test stands in for); `settled()` waits for the appends. */
function journalEvents(c: IbTestClient, journal: Journal): { settled(): Promise<void>; duplicates: () => number } {
  const pending: Promise<unknown>[] = [];
  let duplicates = 0;
  c.api.on(EventName.orderStatus, (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number) => {
    pending.push(journal.appendOrderStatus({ kind: 'order-status', orderId, permId: permId ?? 0, status: status as OrderStatus, filled, remaining, avgFillPrice }));
  });
  c.api.on(EventName.execDetails, (_reqId: number, contract: Contract, e: Execution) => {
    const p = journal.appendExecution({
      kind: 'execution',
      execId: e.execId!,
      orderId: e.orderId!,
      permId: e.permId!,
      orderRef: e.orderRef ?? '',
      instrument: stockInstrument(contract.symbol!, { conId: contract.conId }),
      side: e.side === 'BOT' ? 'BUY' : 'SELL',
      qty: e.shares!,
      price: e.price!,
      execTime: parseTwsDateTime(e.time!)!,
    });
    pending.push(p.then((entry) => entry === undefined && duplicates++));
  });
  c.api.on(EventName.commissionReport, (r: CommissionReport) => {
    pending.push(journal.append({ kind: 'commission', execId: r.execId!, commission: r.commission!, currency: r.currency ?? 'USD' }));
  });
  return {
    async settled() {
      await c.sync();
      await Promise.all(pending);
    },
    duplicates: () => duplicates,
  };
}

/** reqPositions as {symbol: [qty, avgCost]}. */
async function twsPositions(c: IbTestClient): Promise<Record<string, [number, number]>> {
  const at = c.mark();
  c.api.reqPositions();
  await c.waitFor(EventName.positionEnd, () => true, { after: at });
  const out: Record<string, [number, number]> = {};
  for (const e of c.events(EventName.position, () => true, at)) if ((e.args[2] as number) !== 0) out[(e.args[1] as Contract).symbol!] = [e.args[2] as number, e.args[3] as number];
  c.api.cancelPositions();
  return out;
}

function journalPositions(journal: { entries: Journal['entries'] }): Record<string, [number, number]> {
  const books = rebuildPositions(journal.entries);
  expect(books.missingCommission).toEqual([]);
  return Object.fromEntries(books.positions.map((p) => [p.key, [p.qty, p.avgCost]]));
}

/** Same keys and quantities; average costs within `digits` decimals (the wire carries 4, as TWS rounds them). */
function expectSamePositions(actual: Record<string, [number, number]>, expected: Record<string, [number, number]>, digits = 4): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, [qty, avgCost]] of Object.entries(expected)) {
    expect(actual[k][0], `${k} quantity`).toBe(qty);
    expect(actual[k][1], `${k} average cost`).toBeCloseTo(avgCost, digits);
  }
}

describe('journal ↔ simulator', () => {
  it('rebuilds from the journal the positions TWS reports, with IBKR average cost, and answers a repeated intent', async () => {
    const dir = tempDir();
    const sim = await startTestSimulator({ start: '2012-01-03T10:00' });
    onTestFinished(() => sim.close());
    const journal = await Journal.open(join(dir, 'journal.jsonl'));
    onTestFinished(() => journal.close());
    const ids = await OrderIdStore.open(dir);
    const c = await IbTestClient.connect({ port: sim.port, clientId: 3 });
    await ids.observeNextValidId(c.events(EventName.nextValidId)[0].args[0] as number);
    const recorder = journalEvents(c, journal);
    const index = IntentIndex.from(journal.entries);
    journal.onAppend((e) => index.apply(e));

    /** The order path as the bridge will run it: intent and order journaled before placeOrder. */
    const place = async (intentId: string, symbol: string, side: 'BUY' | 'SELL', qty: number) => {
      if (index.has(intentId)) return index.get(intentId);
      await journal.append({ kind: 'intent', intentId });
      const orderId = await ids.reserve();
      await journal.append({ kind: 'order-submitted', orderId, orderRef: intentId, ticket: { instrument: stockInstrument(symbol), side, quantity: qty, type: 'MKT', tif: 'DAY', ref: intentId } });
      c.api.placeOrder(orderId, stock(symbol), mkt(side, qty, { orderRef: intentId }));
      await waitStatus(c, orderId, 'Filled', 0);
      return orderId;
    };
    const plan: [string, string, 'BUY' | 'SELL', number][] = [
      ['i-1', 'SPY', 'BUY', 100],
      ['i-2', 'AAPL', 'BUY', 50],
      ['i-3', 'SPY', 'SELL', 30],
      ['i-4', 'AAPL', 'SELL', 80], // through zero: 30 short
      ['i-5', 'QQQ', 'BUY', 40],
      ['i-6', 'QQQ', 'SELL', 40], // closed
    ];
    for (const [i, [intentId, symbol, side, qty]] of plan.entries()) {
      await place(intentId, symbol, side, qty);
      sim.clock.advance((i + 1) * 7 * 60_000); // prices move between orders
    }
    await recorder.settled();

    const tws = await twsPositions(c);
    expect(Object.keys(tws).sort()).toEqual(['AAPL', 'SPY']);
    expect(tws.SPY[0]).toBe(70);
    expect(tws.AAPL[0]).toBe(-30);
    expectSamePositions(journalPositions(journal), tws);
    // Unrounded, against the simulator's own books: the same ledger rule gives the same numbers.
    const simBooks = Object.fromEntries(sim.broker.ledger(ACCOUNT).open().map((p) => [p.key, [p.qty, p.avgCost] as [number, number]]));
    expectSamePositions(journalPositions(journal), simBooks, 9);
    expect(journal.entries.filter((e) => e.kind === 'execution')).toHaveLength(6);
    expect(journal.entries.filter((e) => e.kind === 'commission')).toHaveLength(6);

    // Reconciliation replays the day's executions: nothing is journaled twice.
    const before = journal.entries.filter((e) => e.kind === 'execution').length;
    const at = c.mark();
    c.api.reqExecutions(90, {});
    await c.waitFor(EventName.execDetailsEnd, () => true, { after: at });
    await recorder.settled();
    expect(recorder.duplicates()).toBe(6);
    expect(journal.entries.filter((e) => e.kind === 'execution')).toHaveLength(before);
    expectSamePositions(journalPositions(journal), tws);

    // A repeated intent id makes no second order: it is answered with the existing order's state.
    const orders = c.events(EventName.openOrder).length;
    const repeat = await place('i-3', 'SPY', 'SELL', 30);
    expect(repeat).toMatchObject({ intentId: 'i-3', stage: 'order', status: 'Filled', filled: 30, remaining: 0 });
    await c.sync();
    expect(c.events(EventName.openOrder)).toHaveLength(orders);

    // The bridge restarts: the file alone gives the same positions and the same answers.
    await journal.close();
    const reopened = await Journal.open(join(dir, 'journal.jsonl'));
    expectSamePositions(journalPositions(reopened), tws);
    expect(IntentIndex.from(reopened.entries).get('i-4')).toMatchObject({ stage: 'order', status: 'Filled', filled: 80 });
    await reopened.close();
  });

  it('never reuses an order id when the nightly restart rolls nextValidId back, nor after the bridge restarts', async () => {
    const dir = tempDir();
    const sim = await startTestSimulator({ start: '2012-01-03T10:00', nextValidId: 1000 });
    onTestFinished(() => sim.close());
    const used: number[] = [];
    let store = await OrderIdStore.open(dir);
    const connectAndPlace = async (n: number) => {
      const c = await IbTestClient.connect({ port: sim.port, clientId: 7 });
      await store.observeNextValidId(c.events(EventName.nextValidId)[0].args[0] as number);
      for (let i = 0; i < n; i++) {
        const id = await store.reserve();
        used.push(id);
        c.api.placeOrder(id, stock('SPY'), mkt(i % 2 ? 'SELL' : 'BUY', 10, { orderRef: `id-test-${id}` }));
        await waitStatus(c, id, 'Filled', 0);
      }
      return c;
    };
    await connectAndPlace(3); // 1000 … 1002
    expect(await sim.faults.nightlyRestart({ downMs: 50, rollBackBy: 10 })).toEqual(new Map([[7, 993]]));
    await connectAndPlace(3); // announced 993, store says 1003
    store = await OrderIdStore.open(dir); // the bridge restarts on its state folder
    await sim.faults.nightlyRestart({ downMs: 50, rollBackTo: 1001 });
    const c = await connectAndPlace(3);
    expect(used).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]);
    expect(c.ledger.errors.filter((e) => e.code === 103)).toEqual([]);
  });
});
