// Replaying the journal (bridge/journal/rebuild-positions.ts, intent-index.ts; docs/journal.md
// §5–§6): executions de-duplicated by execId, a corrected execution replacing the one it corrects,
// commissions joined by execId and booked through the shared ledger's average cost; and the intent
// index answering a repeated intent id with its order's last state.
import { describe, expect, it } from 'vitest';
import { option, stock, type HoldableInstrument } from '../../../shared/domain/instrument.ts';
import { Ledger } from '../../../shared/portfolio/ledger.ts';
import { IntentIndex } from '../../../bridge/journal/intent-index.ts';
import type { JournalEntry, JournalRecord } from '../../../bridge/journal/journal-entry.ts';
import { executionKey, rebuildPositions } from '../../../bridge/journal/rebuild-positions.ts';

const SPY = stock('SPY');
const PUT = option(SPY, 'P', 440, 20240119);
let seq = 0;
const at = (r: JournalRecord): JournalEntry => ({ seq: ++seq, time: '2026-12-07T14:30:00.000Z', ...r }) as JournalEntry;
const exec = (execId: string, side: 'BUY' | 'SELL', qty: number, price: number, instrument: HoldableInstrument = SPY, orderRef = 'i-1', orderId = 1): JournalEntry =>
  at({ kind: 'execution', execId, orderId, permId: 100 + orderId, orderRef, instrument, side, qty, price, execTime: 1_700_000_000_000 });
const fee = (execId: string, commission: number): JournalEntry => at({ kind: 'commission', execId, commission, currency: 'USD' });

describe('rebuildPositions', () => {
  it('books fills in journal order with their joined commissions, like the ledger does directly', () => {
    const entries = [
      exec('a.01', 'BUY', 100, 450),
      fee('a.01', 1),
      exec('b.01', 'BUY', 100, 452),
      exec('c.01', 'SELL', 2, 3.1, PUT, 'i-2', 2),
      fee('b.01', 1),
      fee('c.01', 1.3),
      exec('d.01', 'SELL', 250, 455),
      fee('d.01', 2.5),
    ];
    const books = rebuildPositions(entries, 100_000);
    const direct = Ledger.withCash(100_000);
    direct.trade(SPY, 100, 450, 1);
    direct.trade(SPY, 100, 452, 1);
    direct.trade(PUT, -2, 3.1, 1.3);
    direct.trade(SPY, -250, 455, 2.5);
    expect(books.ledger.toJSON()).toEqual(direct.toJSON());
    expect(books.positions.map((p) => [p.key, p.qty])).toEqual([
      ['SPY', -50],
      ['SPY240119P00440000', -2],
    ]);
    // A short's avgCost is its net proceeds per unit (IBKR): 455 less its share of the commission.
    expect(books.positions[0].avgCost).toBeCloseTo(455 - 2.5 / 250, 9);
    expect(books.positions[1].avgCost).toBeCloseTo((3.1 * 100 * 2 - 1.3) / 2, 9);
    expect(books.missingCommission).toEqual([]);
  });

  it('counts a repeated execId once and lets a correction replace the execution it corrects', () => {
    const entries = [exec('0001.abcd.01.01', 'BUY', 100, 450), fee('0001.abcd.01.01', 1), exec('0001.abcd.01.01', 'BUY', 100, 450), exec('0001.abcd.01.02', 'BUY', 100, 449.5), fee('0001.abcd.01.02', 1)];
    const books = rebuildPositions(entries);
    expect(books.fills).toHaveLength(1);
    expect(books.superseded).toEqual(['0001.abcd.01.01']);
    expect(books.positions[0]).toMatchObject({ qty: 100, avgCost: 449.51 });
    expect(executionKey('0001.abcd.01.02')).toBe('0001.abcd.01');
    expect(executionKey('plain')).toBe('plain');
  });

  it('names the fills booked without a commission report', () => {
    const books = rebuildPositions([exec('a.01', 'BUY', 10, 100), exec('b.01', 'BUY', 10, 100), fee('a.01', 1)]);
    expect(books.missingCommission).toEqual(['b.01']);
    expect(books.positions[0]).toMatchObject({ qty: 20, avgCost: 100.05 });
  });
});

describe('IntentIndex', () => {
  it('follows an intent from received to its order and the last status, keyed by orderRef, orderId and permId', () => {
    const ticket = { instrument: SPY, side: 'BUY' as const, quantity: 10, type: 'MKT' as const, tif: 'DAY' as const, ref: 'i-1' };
    const index = IntentIndex.from([at({ kind: 'intent', intentId: 'i-1' })]);
    expect(index.get('i-1')).toEqual({ intentId: 'i-1', stage: 'received' });
    expect(index.get('i-9')).toBeUndefined();
    index.apply(at({ kind: 'order-submitted', orderId: 5, orderRef: 'i-1', ticket }));
    expect(index.get('i-1')).toMatchObject({ stage: 'order', orderId: 5 });
    // TWS's statuses carry the orderId (and later the permId), not always the orderRef.
    index.apply(at({ kind: 'order-status', orderId: 5, permId: 0, status: 'PreSubmitted', filled: 0, remaining: 10, avgFillPrice: 0 }));
    index.apply(at({ kind: 'order-status', orderId: 5, permId: 777, status: 'Submitted', filled: 4, remaining: 6, avgFillPrice: 450 }));
    expect(index.get('i-1')).toMatchObject({ stage: 'order', orderId: 5, permId: 777, status: 'Submitted', filled: 4, remaining: 6 });
    // After a restart TWS may renumber (orderId 0 for an order of another session): the permId still finds it.
    index.apply(at({ kind: 'order-status', orderId: 0, permId: 777, status: 'Filled', filled: 10, remaining: 0, avgFillPrice: 450.1 }));
    expect(index.get('i-1')).toMatchObject({ orderId: 5, status: 'Filled', filled: 10 });
  });

  it('keeps denials, learns orders from reconciliation by orderRef, and ignores external orders', () => {
    const index = IntentIndex.from([
      at({ kind: 'intent', intentId: 'i-2' }),
      at({ kind: 'intent-denied', intentId: 'i-2', code: 'HALTED', message: 'trading is halted' }),
      at({ kind: 'order-status', orderId: 40, permId: 900, status: 'Submitted', filled: 0, remaining: 5, avgFillPrice: 0, orderRef: 'i-3' }),
      at({ kind: 'order-status', orderId: 0, permId: 901, status: 'Submitted', filled: 0, remaining: 5, avgFillPrice: 0, orderRef: 'manual', external: true }),
      exec('e.01', 'BUY', 1, 450, SPY, 'i-4', 41),
    ]);
    expect(index.get('i-2')).toEqual({ intentId: 'i-2', stage: 'denied', code: 'HALTED' });
    expect(index.get('i-3')).toMatchObject({ stage: 'order', orderId: 40, permId: 900, status: 'Submitted' });
    expect(index.has('manual')).toBe(false);
    expect(index.get('i-4')).toMatchObject({ stage: 'order', orderId: 41, permId: 141 });
  });
});
