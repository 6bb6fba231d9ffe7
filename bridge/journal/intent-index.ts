// Intent id → the order that carries it out, built from the journal (docs/journal.md §6). Every
// order carries its intent id as IBKR's orderRef; a repeated intent id is answered from here with
// the existing order's state, never with a second order.
import type { OrderStatus } from '../../shared/domain/order.ts';
import type { JournalEntry } from './journal-entry.ts';

export interface IntentState {
  readonly intentId: string;
  /** 'received': journaled, no order yet; 'denied': the guard refused it; 'order': an order exists. */
  readonly stage: 'received' | 'denied' | 'order';
  readonly orderId?: number;
  readonly permId?: number;
  /** The last TWS status journaled for its order. */
  readonly status?: OrderStatus;
  readonly filled?: number;
  readonly remaining?: number;
  readonly avgFillPrice?: number;
  /** The denial's reason code. */
  readonly code?: string;
}

export class IntentIndex {
  private readonly byIntent = new Map<string, IntentState>();
  private readonly intentOfOrder = new Map<number, string>();
  private readonly intentOfPerm = new Map<number, string>();

  static from(entries: readonly JournalEntry[]): IntentIndex {
    const index = new IntentIndex();
    for (const e of entries) index.apply(e);
    return index;
  }

  /** What is known of an intent id (undefined: never seen, so it may be placed). */
  get(intentId: string): IntentState | undefined {
    return this.byIntent.get(intentId);
  }

  /** Whether an intent id has been seen at all (a repeat must not make a new order). */
  has(intentId: string): boolean {
    return this.byIntent.has(intentId);
  }

  /** Folds one journal entry in (subscribe it to Journal.onAppend to keep the index current). */
  apply(e: JournalEntry): void {
    switch (e.kind) {
      case 'intent':
        if (!this.byIntent.has(e.intentId)) this.byIntent.set(e.intentId, { intentId: e.intentId, stage: 'received' });
        return;
      case 'intent-denied': {
        const cur = this.byIntent.get(e.intentId);
        if (cur?.stage !== 'order') this.byIntent.set(e.intentId, { intentId: e.intentId, stage: 'denied', code: e.code });
        return;
      }
      case 'order-submitted':
        this.link(e.orderRef, e.orderId, e.permId);
        return;
      case 'order-status': {
        const intentId = (e.permId !== 0 ? this.intentOfPerm.get(e.permId) : undefined) ?? (e.orderId > 0 ? this.intentOfOrder.get(e.orderId) : undefined) ?? (e.external ? undefined : e.orderRef);
        if (intentId === undefined || intentId === '') return;
        const cur = this.link(intentId, e.orderId, e.permId);
        this.byIntent.set(intentId, { ...cur, status: e.status, filled: e.filled, remaining: e.remaining, avgFillPrice: e.avgFillPrice });
        return;
      }
      case 'execution':
        if (e.orderRef !== '') this.link(e.orderRef, e.orderId, e.permId);
        return;
      default:
        return;
    }
  }

  private link(intentId: string, orderId: number, permId: number | undefined): IntentState {
    const cur = this.byIntent.get(intentId);
    const next: IntentState = { ...cur, intentId, stage: 'order', orderId: cur?.orderId ?? orderId, permId: permId || cur?.permId, code: undefined };
    this.byIntent.set(intentId, next);
    if (orderId > 0) this.intentOfOrder.set(orderId, intentId);
    if (permId) this.intentOfPerm.set(permId, intentId);
    return next;
  }
}
