// Today's executions as the Orders view reads them, from the bridge's `executions` topic
// (docs/app-protocol.md §2): one line per fill, newest first, with TWS's commission once its report
// came, and the day's commission total. Rows that are not well-formed are left out.
import type { ExecutionRow } from '../../shared/protocol/index.ts';

export interface ExecutionLine {
  readonly execId: string;
  readonly time: number;
  /** The symbol, or an option's OSI symbol. */
  readonly instrument: string;
  readonly secType: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly price: number;
  /** Undefined until TWS's commission report came. */
  readonly commission?: number;
  readonly orderId: number;
  /** The intent id when MoneyTrailz placed the order. */
  readonly intentId?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function executionLines(data: Readonly<Record<string, unknown>> | undefined): ExecutionLine[] {
  const out: ExecutionLine[] = [];
  for (const [execId, v] of Object.entries(data ?? {})) {
    if (v === null || typeof v !== 'object') continue;
    const r = v as Partial<ExecutionRow>;
    const time = num(r.time);
    const quantity = num(r.quantity);
    const price = num(r.price);
    if (time === undefined || quantity === undefined || price === undefined || typeof r.instrument !== 'string' || (r.side !== 'BUY' && r.side !== 'SELL')) continue;
    out.push({
      execId,
      time,
      instrument: r.instrument,
      secType: typeof r.secType === 'string' ? r.secType : '',
      side: r.side,
      quantity,
      price,
      commission: num(r.commission),
      orderId: num(r.orderId) ?? 0,
      intentId: typeof r.orderRef === 'string' && r.orderRef !== '' ? r.orderRef : undefined,
    });
  }
  return out.sort((a, b) => b.time - a.time || b.execId.localeCompare(a.execId));
}

/** The commissions of the lines, and how many still wait for their report. */
export function commissionTotal(lines: readonly ExecutionLine[]): { total: number; pending: number } {
  let total = 0;
  let pending = 0;
  for (const l of lines) {
    if (l.commission === undefined) pending++;
    else total += l.commission;
  }
  return { total: Math.round(total * 1e4) / 1e4, pending };
}
