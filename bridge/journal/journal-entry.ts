// What the journal records (docs/journal.md §2): every order event and execution, in the shared
// domain's vocabulary (instruments, tickets, TWS order statuses); no types of its own for orders,
// fills or positions. An entry on disk is `{seq, time, kind, …fields, crc}`; `checkEntry` is the
// reader's shape check for each kind.
import type { HoldableInstrument } from '../../shared/domain/instrument.ts';
import type { OrderSide, OrderStatus, OrderTicket } from '../../shared/domain/order.ts';

/** A strategy's order intent reached the bridge (before any check). */
export interface IntentReceived {
  readonly kind: 'intent';
  readonly intentId: string;
  /** Who sent it (strategy instance, device); free text for the audit trail. */
  readonly source?: string;
  readonly ticket?: OrderTicket;
}

/** The guard refused an intent (closed reason code and its sentence). */
export interface IntentDenied {
  readonly kind: 'intent-denied';
  readonly intentId: string;
  readonly code: string;
  readonly message: string;
}

/** An order is about to be written to TWS: journaled before placeOrder, so a crash never forgets it. */
export interface OrderSubmitted {
  readonly kind: 'order-submitted';
  readonly orderId: number;
  /** The intent id, sent as IBKR's orderRef. */
  readonly orderRef: string;
  readonly ticket: OrderTicket;
  readonly permId?: number;
}

/** An order status from TWS (orderStatus / openOrder, or found by reconciliation). */
export interface OrderStatusEntry {
  readonly kind: 'order-status';
  readonly orderId: number;
  /** 0 when TWS has not assigned one yet. */
  readonly permId: number;
  readonly status: OrderStatus;
  readonly filled: number;
  readonly remaining: number;
  readonly avgFillPrice: number;
  readonly orderRef?: string;
  /** An order this bridge did not place (reconciliation found it). */
  readonly external?: boolean;
  /** TWS's error code and text when the status follows an error (201, 202, …). */
  readonly errorCode?: number;
  readonly message?: string;
}

/** An execution (IBKR execDetails): one fill of an order. */
export interface ExecutionEntry {
  readonly kind: 'execution';
  readonly execId: string;
  readonly orderId: number;
  readonly permId: number;
  readonly orderRef: string;
  readonly instrument: HoldableInstrument;
  readonly side: OrderSide;
  /** Units, > 0. */
  readonly qty: number;
  readonly price: number;
  /** When it executed at the broker, epoch ms. */
  readonly execTime: number;
}

/** A commission report, joined to its execution by execId. */
export interface CommissionEntry {
  readonly kind: 'commission';
  readonly execId: string;
  readonly commission: number;
  readonly currency: string;
}

/** A cancel the bridge asked for. */
export interface CancelRequested {
  readonly kind: 'cancel';
  readonly orderId: number;
  readonly orderRef?: string;
  readonly reason?: string;
}

/** Reconciliation with TWS began or ended (entries between the two came from it). */
export interface ReconciliationMarker {
  readonly kind: 'reconciliation';
  readonly phase: 'start' | 'end';
  readonly reason?: string;
}

export type JournalRecord = IntentReceived | IntentDenied | OrderSubmitted | OrderStatusEntry | ExecutionEntry | CommissionEntry | CancelRequested | ReconciliationMarker;
export type JournalKind = JournalRecord['kind'];

/** A record as stored: its sequence number (1, 2, 3, … with no gap) and when it was journaled. */
export type JournalEntry = JournalRecord & { readonly seq: number; readonly time: string };

type FieldType = 'string' | 'number' | 'integer' | 'object' | 'boolean';
type Shape = Readonly<Record<string, FieldType>>;

/** Required fields per kind (optional fields are checked when present). */
const REQUIRED: Readonly<Record<JournalKind, Shape>> = {
  intent: { intentId: 'string' },
  'intent-denied': { intentId: 'string', code: 'string', message: 'string' },
  'order-submitted': { orderId: 'integer', orderRef: 'string', ticket: 'object' },
  'order-status': { orderId: 'integer', permId: 'integer', status: 'string', filled: 'number', remaining: 'number', avgFillPrice: 'number' },
  execution: { execId: 'string', orderId: 'integer', permId: 'integer', orderRef: 'string', instrument: 'object', side: 'string', qty: 'number', price: 'number', execTime: 'integer' },
  commission: { execId: 'string', commission: 'number', currency: 'string' },
  cancel: { orderId: 'integer' },
  reconciliation: { phase: 'string' },
};
const OPTIONAL: Shape = { source: 'string', ticket: 'object', permId: 'integer', orderRef: 'string', external: 'boolean', errorCode: 'integer', message: 'string', reason: 'string' };
const STATUSES: readonly string[] = ['PendingSubmit', 'PreSubmitted', 'Submitted', 'PendingCancel', 'Cancelled', 'Filled', 'Inactive'];

function typeOk(v: unknown, t: FieldType): boolean {
  if (t === 'integer') return Number.isSafeInteger(v);
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  if (t === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v);
  return typeof v === t;
}

/** Why `e` is not a valid record (undefined when it is). Checks the stored fields, not seq/time. */
export function checkRecord(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'not an object';
  const r = e as Record<string, unknown>;
  const kind = r.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(REQUIRED, kind)) return `unknown kind ${JSON.stringify(kind)}`;
  const required = REQUIRED[kind as JournalKind];
  for (const [field, t] of Object.entries(required)) if (!typeOk(r[field], t)) return `${kind}.${field} must be ${t === 'integer' ? 'an integer' : `a ${t}`}, got ${JSON.stringify(r[field])}`;
  for (const [field, t] of Object.entries(OPTIONAL)) if (!(field in required) && r[field] !== undefined && !typeOk(r[field], t)) return `${kind}.${field} must be ${t === 'integer' ? 'an integer' : `a ${t}`}, got ${JSON.stringify(r[field])}`;
  if (kind === 'execution') {
    if (r.side !== 'BUY' && r.side !== 'SELL') return `execution.side must be BUY or SELL, got ${JSON.stringify(r.side)}`;
    if (!((r.qty as number) > 0)) return `execution.qty must be > 0, got ${String(r.qty)}`;
    const sec = (r.instrument as { secType?: unknown; symbol?: unknown; multiplier?: unknown }).secType;
    if (sec !== 'STK' && sec !== 'IND' && sec !== 'OPT') return `execution.instrument.secType must be STK, IND or OPT, got ${JSON.stringify(sec)}`;
  }
  if (kind === 'order-status' && !STATUSES.includes(r.status as string)) return `order-status.status must be a TWS order status, got ${JSON.stringify(r.status)}`;
  if (kind === 'reconciliation' && r.phase !== 'start' && r.phase !== 'end') return `reconciliation.phase must be start or end, got ${JSON.stringify(r.phase)}`;
  if (kind === 'commission' && !((r.commission as number) >= 0)) return `commission.commission must be >= 0, got ${String(r.commission)}`;
  return undefined;
}
