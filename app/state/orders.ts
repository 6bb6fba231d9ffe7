// The orders as the views read them, from the bridge's `orders` topic (docs/app-protocol.md §2):
// every order TWS reports, working ones first (newest first), then those done today. An order the
// app can cancel is one MoneyTrailz placed: its IBKR orderRef is the intent id.
export interface OrderLine {
  readonly key: string;
  readonly orderId: number;
  readonly symbol: string;
  readonly secType: string;
  /** The contract as a trader reads it: an option's OSI symbol, a combo's legs (`+1 SPY…P… / −1 SPY…P…`); '' for shares. */
  readonly contract: string;
  readonly action: string;
  readonly quantity: number;
  readonly orderType: string;
  readonly limitPrice?: number;
  readonly status: string;
  readonly filled: number;
  readonly remaining: number;
  readonly avgFillPrice?: number;
  /** The intent id when MoneyTrailz placed it (cancel by it); undefined for an order placed elsewhere. */
  readonly intentId?: string;
  readonly working: boolean;
}

const DONE = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A combo's legs as one line: each leg's side (+ bought, − sold when the combo is bought), ratio and instrument. */
function legsText(legs: unknown): string {
  if (!Array.isArray(legs)) return '';
  return legs
    .filter((l): l is Record<string, unknown> => l !== null && typeof l === 'object')
    .map((l) => `${l.action === 'SELL' ? '−' : '+'}${num(l.ratio) ?? 1} ${str(l.instrument)}`)
    .join(' / ');
}

export function orderLines(orders: Readonly<Record<string, unknown>> | undefined): OrderLine[] {
  const out: OrderLine[] = [];
  for (const [key, v] of Object.entries(orders ?? {})) {
    if (v === null || typeof v !== 'object') continue;
    const r = v as Record<string, unknown>;
    const status = str(r.status) || 'PendingSubmit';
    const limit = num(r.limitPrice);
    const ref = str(r.orderRef);
    out.push({
      key,
      orderId: num(r.orderId) ?? 0,
      symbol: str(r.symbol),
      secType: str(r.secType),
      contract: str(r.instrument) || legsText(r.legs),
      action: str(r.action),
      quantity: num(r.quantity) ?? 0,
      orderType: str(r.orderType),
      // TWS sends an unset price as the double's maximum.
      limitPrice: limit !== undefined && limit < 1e300 ? limit : undefined,
      status,
      filled: num(r.filled) ?? 0,
      remaining: num(r.remaining) ?? Math.max(0, (num(r.quantity) ?? 0) - (num(r.filled) ?? 0)),
      avgFillPrice: num(r.avgFillPrice) || undefined,
      intentId: ref !== '' ? ref : undefined,
      working: !DONE.has(status),
    });
  }
  return out.sort((a, b) => Number(b.working) - Number(a.working) || b.orderId - a.orderId);
}
