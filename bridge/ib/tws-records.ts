// TWS's order and execution messages (as @stoqey/ib decodes them) as journal records
// (docs/journal.md §2, docs/reconciliation.md §3): execDetails → `execution`, commissionReport →
// `commission`, orderStatus / openOrder → `order-status`. Everything here is untrusted input from a
// socket: a message that does not make a valid record is answered with a reason (a string), never
// with a guess and never with a throw. Contracts become instruments through the one mapping,
// contract-mapping.ts `instrumentOf` (a combo is traded, its legs are held: a BAG is not holdable).
import type { CommissionReport, Contract, Execution, Order, OrderState } from '@stoqey/ib';
import type { HoldableInstrument } from '../../shared/domain/instrument.ts';
import type { OrderStatus } from '../../shared/domain/order.ts';
import type { CommissionEntry, ExecutionEntry, OrderStatusEntry } from '../journal/journal-entry.ts';
import { checkRecord } from '../journal/journal-entry.ts';
import { parseTwsDateTime } from '../../shared/time/tws-time.ts';
import { instrumentOf, type KnownContracts } from './contract-mapping.ts';

/** TWS's order statuses that the journal's vocabulary names differently (ApiPending / ApiCancelled). */
const STATUS_ALIASES: Readonly<Record<string, OrderStatus>> = {
  PendingSubmit: 'PendingSubmit',
  PreSubmitted: 'PreSubmitted',
  Submitted: 'Submitted',
  PendingCancel: 'PendingCancel',
  Cancelled: 'Cancelled',
  Filled: 'Filled',
  Inactive: 'Inactive',
  ApiPending: 'PendingSubmit',
  ApiCancelled: 'Cancelled',
};

/** A TWS status string as the journal's OrderStatus (undefined when unknown). */
export function orderStatusOf(text: unknown): OrderStatus | undefined {
  return typeof text === 'string' && Object.hasOwn(STATUS_ALIASES, text) ? STATUS_ALIASES[text] : undefined;
}

/**
 * An execution's time (`yyyyMMdd HH:mm:ss[ zone]`, `yyyyMMdd-HH:mm:ss` UTC; older TWS puts two spaces
 * between date and time) as epoch ms, or undefined.
 */
export function executionTime(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const t = parseTwsDateTime(text.trim().replace(/\s+/g, ' '));
  return t === null ? undefined : t;
}

/** A short name of a contract for messages: `STK SPY (conId 756733)`. */
export function describeContract(c: Contract | undefined): string {
  if (!c) return 'an unknown contract';
  return `${c.secType ?? '?'} ${c.localSymbol || c.symbol || '?'}${c.conId ? ` (conId ${c.conId})` : ''}`;
}

/** The holdable instrument of a contract, or why there is none. */
export function holdableOf(contract: Contract | undefined, known: KnownContracts = {}): HoldableInstrument | string {
  if (!contract) return 'no contract';
  const r = instrumentOf(contract, known);
  if (!r.ok) return `${describeContract(contract)}: ${r.reason}`;
  if (r.instrument.secType === 'BAG') return `${describeContract(contract)} is a combo (its legs are held, not the combo)`;
  return r.instrument;
}

/** execDetails → an `execution` record, or why it cannot be one. */
export function executionRecord(contract: Contract | undefined, e: Execution | undefined, known: KnownContracts = {}): ExecutionEntry | string {
  if (!e || typeof e.execId !== 'string' || e.execId === '') return 'an execution without execId';
  const what = `execution ${e.execId}`;
  const instrument = holdableOf(contract, known);
  if (typeof instrument === 'string') return `${what}: ${instrument}`;
  const side = e.side === 'BOT' ? 'BUY' : e.side === 'SLD' ? 'SELL' : undefined;
  if (!side) return `${what}: side ${JSON.stringify(e.side)} is neither BOT nor SLD`;
  const execTime = executionTime(e.time);
  if (execTime === undefined) return `${what}: time ${JSON.stringify(e.time)} is not a TWS date-time`;
  const record: ExecutionEntry = {
    kind: 'execution',
    execId: e.execId,
    orderId: e.orderId ?? 0,
    permId: e.permId ?? 0,
    orderRef: e.orderRef ?? '',
    instrument,
    side,
    qty: e.shares ?? 0,
    price: e.price ?? Number.NaN,
    execTime,
  };
  const problem = checkRecord(record);
  return problem ? `${what}: ${problem}` : record;
}

/** TWS's "no value" for a double (Double.MAX_VALUE): commission not known yet. */
const UNSET_DOUBLE = 1e300;

/** commissionReport → a `commission` record, or why it cannot be one. */
export function commissionRecord(r: CommissionReport | undefined): CommissionEntry | string {
  if (!r || typeof r.execId !== 'string' || r.execId === '') return 'a commission report without execId';
  if (typeof r.commission !== 'number' || r.commission >= UNSET_DOUBLE) return `commission report of ${r.execId}: no commission value`;
  const record: CommissionEntry = { kind: 'commission', execId: r.execId, commission: r.commission, currency: r.currency || 'USD' };
  const problem = checkRecord(record);
  return problem ? `commission report of ${r.execId}: ${problem}` : record;
}

/** What TWS said about one order: its openOrder and its latest orderStatus, merged. */
export interface OrderReport {
  orderId: number;
  permId: number;
  clientId: number;
  orderRef: string;
  contract?: Contract;
  /** From openOrder. */
  order?: Order;
  orderState?: OrderState;
  /** From orderStatus (the more precise numbers when present). */
  status?: { status: string; filled: number; remaining: number; avgFillPrice: number };
}

/** An order report → an `order-status` record, or why it cannot be one. */
export function orderStatusRecord(o: OrderReport, external: boolean): OrderStatusEntry | string {
  const what = `order ${o.orderId} (permId ${o.permId}, client ${o.clientId})`;
  const status = orderStatusOf(o.status?.status ?? o.orderState?.status);
  if (!status) return `${what}: unknown status ${JSON.stringify(o.status?.status ?? o.orderState?.status)}`;
  const total = o.order?.totalQuantity;
  const filled = o.status?.filled ?? o.order?.filledQuantity ?? 0;
  const remaining = o.status?.remaining ?? (typeof total === 'number' ? Math.max(0, total - filled) : 0);
  const record: OrderStatusEntry = {
    kind: 'order-status',
    orderId: o.orderId,
    permId: o.permId,
    status,
    filled,
    remaining,
    avgFillPrice: o.status?.avgFillPrice ?? 0,
    ...(o.orderRef !== '' ? { orderRef: o.orderRef } : {}),
    ...(external ? { external: true } : {}),
  };
  const problem = checkRecord(record);
  return problem ? `${what}: ${problem}` : record;
}
