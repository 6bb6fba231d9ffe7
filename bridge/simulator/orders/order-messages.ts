// The order messages of ib-protocol.md §6 for one order: OPEN_ORDER and ORDER_STATUS with its
// current state, and the execution pair EXECUTION_DATA + COMMISSION_REPORT of a fill.

import { formatEasternWithZone } from '../../../shared/time/tws-time.ts';
import * as enc from '../wire/encoders.ts';
import { executionFields, type ExecutionRecord } from './executions.ts';
import { orderFields, remaining, type PaperOrder } from './paper-order.ts';

export function openOrderMessage(o: PaperOrder): string {
  return enc.openOrder(orderFields(o));
}

export function orderStatusMessage(o: PaperOrder, status: string = o.status): string {
  return enc.orderStatus(o.id, status, o.filled, remaining(o), o.avgFillPrice, o.permId, o.parentId, o.lastFillPrice, o.clientId, o.whyHeld, 0);
}

export function executionMessage(reqId: number, e: ExecutionRecord): string {
  return enc.executionData(reqId, executionFields(e, formatEasternWithZone(e.time)));
}

export function commissionMessage(e: ExecutionRecord): string {
  return enc.commissionReport(e.execId, e.commission, 'USD', e.realizedPnL);
}
