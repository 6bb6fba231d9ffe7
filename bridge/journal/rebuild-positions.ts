// Positions from the journal (docs/journal.md §5): the journaled executions, de-duplicated by execId
// (a corrected execution — same execId up to its last '.', a different suffix — replaces the one it
// corrects), their commissions joined by execId, booked through the shared ledger in journal order.
// One position rule (shared/portfolio/ledger.ts, IBKR's average cost), so the numbers equal what
// TWS reports for the same fills.
import type { Fill } from '../../shared/domain/fill.ts';
import { sideSign } from '../../shared/domain/order.ts';
import type { Position } from '../../shared/domain/position.ts';
import { Ledger } from '../../shared/portfolio/ledger.ts';
import type { ExecutionEntry, JournalEntry } from './journal-entry.ts';

export interface RebuiltBooks {
  /** The ledger after every fill (cash starts at `startCash`). */
  readonly ledger: Ledger;
  /** Open positions (non-zero quantity), in the order they were first opened. */
  readonly positions: Position[];
  /** The fills booked, in order (commission 0 where no report was journaled). */
  readonly fills: Fill[];
  /** execIds booked without a commission report (reconciliation should fetch them). */
  readonly missingCommission: string[];
  /** execIds replaced by a correction. */
  readonly superseded: string[];
}

/** The execution an execId corrects or is corrected by: everything before its last '.'. */
export function executionKey(execId: string): string {
  const dot = execId.lastIndexOf('.');
  return dot > 0 ? execId.slice(0, dot) : execId;
}

export function rebuildPositions(entries: readonly JournalEntry[], startCash = 0): RebuiltBooks {
  const commissions = new Map<string, number>();
  /** By executionKey, in the order first seen; a later execId of the same key replaces the earlier. */
  const executions = new Map<string, ExecutionEntry>();
  const superseded: string[] = [];
  for (const e of entries) {
    if (e.kind === 'commission') commissions.set(e.execId, e.commission);
    else if (e.kind === 'execution') {
      const key = executionKey(e.execId);
      const prev = executions.get(key);
      if (prev === undefined) executions.set(key, e);
      else if (prev.execId !== e.execId) {
        superseded.push(prev.execId);
        executions.set(key, e);
      }
    }
  }
  const ledger = Ledger.withCash(startCash);
  const fills: Fill[] = [];
  const missingCommission: string[] = [];
  for (const x of executions.values()) {
    const commission = commissions.get(x.execId);
    if (commission === undefined) missingCommission.push(x.execId);
    const fill: Fill = { orderId: x.orderId, instrument: x.instrument, qty: sideSign(x.side) * x.qty, price: x.price, commission: commission ?? 0, time: x.execTime, ref: x.orderRef, execId: x.execId };
    ledger.apply(fill);
    fills.push(fill);
  }
  return { ledger, positions: ledger.open(), fills, missingCommission, superseded };
}
