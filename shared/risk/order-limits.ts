// The live order limits (docs/trading-model.md §11.5): one order ticket × the account as the bridge
// sees it × the limits → pass, or a denial with a reason code. Pure: the caller passes the account
// snapshot, the times of the orders sent recently and `now` (bridge clock, epoch ms).
//
// An order "reduces" when every leg moves a position toward zero and cannot cross it, counting the
// working orders on the same side (a second sell of the whole long is not a reduction). Reducing
// orders skip the value limits (max order value, position share, daily loss) — the way out always
// stays open — but every order meets the allow-lists, the open-order cap and the rate limit.
import { instrumentKey, type HoldableInstrument } from '../domain/instrument.ts';
import type { OrderSide, OrderTicket, OrderType } from '../domain/order.ts';
import type { RiskReason } from './denial-reason.ts';
import type { TradingState } from './trading-state.ts';

export interface OrderLimits {
  /** Largest value of one order (units × price × multiplier), in the account's currency. */
  readonly maxOrderValue?: number;
  /** Largest value of one position after the order, as a fraction of net liquidation. */
  readonly maxPositionShare?: number;
  /** Once the day's P&L is at or below −this, only reducing orders pass (currency, > 0). */
  readonly dailyLossLimit?: number;
  /** Most orders working at once (bracket children count). */
  readonly maxOpenOrders?: number;
  /** Most orders sent within any 60 s. */
  readonly maxOrdersPerMinute?: number;
  /** Symbols that may be traded (an option by its underlying's, a combo by its legs'); absent = all. */
  readonly allowedSymbols?: readonly string[];
  /** Order types that may be sent; absent = all. */
  readonly allowedOrderTypes?: readonly OrderType[];
}

/** A working order as the limits need it. */
export interface WorkingOrder {
  readonly id: number;
  readonly instrument: OrderTicket['instrument'];
  readonly side: OrderSide;
  readonly quantity: number;
  readonly filled: number;
  /** A protective exit: it can only reduce, so it never counts toward a position. */
  readonly reduceOnly?: boolean;
}

/** The account as the bridge holds it (its own books, not the app's). */
export interface AccountSnapshot {
  readonly netLiquidation: number;
  /** Realised + unrealised P&L since the session started (negative = a loss). */
  readonly dayPnl: number;
  /** Signed units held, by instrument key. */
  readonly positions: ReadonlyMap<string, number>;
  /** Last known price per unit (before the multiplier), by instrument key. */
  readonly marks: ReadonlyMap<string, number>;
  readonly openOrders: readonly WorkingOrder[];
}

export type OrderCheck = { readonly ok: true; readonly reducing: boolean } | { readonly ok: false; readonly reason: RiskReason; readonly detail: string };

export const RATE_WINDOW_MS = 60_000;

/** One held leg of an order: the instrument and the signed units it moves. */
interface Leg {
  readonly key: string;
  readonly instrument: HoldableInstrument;
  readonly units: number;
}

function legsOf(t: Pick<WorkingOrder, 'instrument' | 'side'>, quantity: number): Leg[] {
  const sign = t.side === 'BUY' ? 1 : -1;
  const i = t.instrument;
  if (i.secType !== 'BAG') return [{ key: instrumentKey(i), instrument: i, units: sign * quantity }];
  return i.legs.map((l) => ({ key: instrumentKey(l.instrument), instrument: l.instrument, units: sign * (l.action === 'BUY' ? 1 : -1) * l.ratio * quantity }));
}

/** The symbols an order trades (an option's underlying, a combo's legs'). */
export function symbolsOf(i: OrderTicket['instrument']): string[] {
  if (i.secType === 'BAG') return [...new Set(i.legs.map((l) => (l.instrument.secType === 'OPT' ? l.instrument.underlying.symbol : l.instrument.symbol)))];
  return [i.secType === 'OPT' ? i.underlying.symbol : i.symbol];
}

/** Signed units the working orders (protective exits aside) would add, per key and direction. */
function pending(orders: readonly WorkingOrder[], except?: number): Map<string, { buy: number; sell: number }> {
  const out = new Map<string, { buy: number; sell: number }>();
  for (const o of orders) {
    if (o.id === except || o.reduceOnly) continue;
    for (const leg of legsOf(o, Math.max(0, o.quantity - o.filled))) {
      const p = out.get(leg.key) ?? { buy: 0, sell: 0 };
      if (leg.units > 0) p.buy += leg.units;
      else p.sell -= leg.units;
      out.set(leg.key, p);
    }
  }
  return out;
}

/** Whether the order only reduces positions (with the working orders on its side counted). */
export function reduces(ticket: Pick<OrderTicket, 'instrument' | 'side' | 'quantity'>, account: AccountSnapshot, except?: number): boolean {
  const waiting = pending(account.openOrders, except);
  return legsOf(ticket, ticket.quantity).every((leg) => {
    const held = account.positions.get(leg.key) ?? 0;
    const p = waiting.get(leg.key);
    const sameSide = leg.units > 0 ? (p?.buy ?? 0) : -(p?.sell ?? 0);
    return held !== 0 && Math.sign(leg.units) === -Math.sign(held) && Math.abs(leg.units + sameSide) <= Math.abs(held);
  });
}

/** The kill switch on an order: HALTED and REDUCING pass only orders that reduce (cancels are not orders). */
export function orderStateDenial(state: TradingState, reducing: boolean): 'TRADING_HALTED' | 'TRADING_REDUCING' | undefined {
  if (state === 'ACTIVE' || reducing) return undefined;
  return state === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING';
}

/** How many of `sent` (epoch ms) fall within the minute before `now`. */
export function ordersInWindow(sent: readonly number[], now: number): number {
  let n = 0;
  for (const t of sent) if (t > now - RATE_WINDOW_MS && t <= now) n++;
  return n;
}

const fmt = (x: number) => String(Number(x.toPrecision(10)));

/**
 * Checks one order (with `extra` more orders sent alongside it, e.g. its bracket's exits) against the
 * limits. `replaces`: the id of the working order a modification changes (it is then not a new
 * working order, and its old quantity does not count).
 */
export function checkOrder(
  ticket: OrderTicket,
  account: AccountSnapshot,
  limits: OrderLimits,
  sent: readonly number[],
  now: number,
  opts: { readonly extra?: number; readonly replaces?: number } = {},
): OrderCheck {
  const deny = (reason: RiskReason, detail: string): OrderCheck => ({ ok: false, reason, detail });
  if (limits.allowedOrderTypes && !limits.allowedOrderTypes.includes(ticket.type)) {
    return deny('ORDER_TYPE_NOT_ALLOWED', `${ticket.type}; allowed: ${limits.allowedOrderTypes.join(', ') || 'none'}`);
  }
  if (limits.allowedSymbols) {
    const bad = symbolsOf(ticket.instrument).filter((s) => !limits.allowedSymbols!.includes(s));
    if (bad.length > 0) return deny('SYMBOL_NOT_ALLOWED', `${bad.join(', ')}; allowed: ${limits.allowedSymbols.join(', ') || 'none'}`);
  }
  const count = 1 + (opts.extra ?? 0);
  if (limits.maxOrdersPerMinute !== undefined) {
    const n = ordersInWindow(sent, now);
    if (n + count > limits.maxOrdersPerMinute) return deny('ORDER_RATE', `${n} sent in the last 60 s, this adds ${count}; max_orders_per_minute = ${limits.maxOrdersPerMinute}`);
  }
  if (limits.maxOpenOrders !== undefined && opts.replaces === undefined) {
    const n = account.openOrders.length;
    if (n + count > limits.maxOpenOrders) return deny('MAX_OPEN_ORDERS', `${n} working, this adds ${count}; max_open_orders = ${limits.maxOpenOrders}`);
  }
  const reducing = reduces(ticket, account, opts.replaces);
  if (reducing) return { ok: true, reducing };

  if (limits.dailyLossLimit !== undefined && account.dayPnl <= -limits.dailyLossLimit) {
    return deny('DAILY_LOSS_LIMIT', `today's P&L ${fmt(account.dayPnl)}; daily_loss_limit = ${fmt(limits.dailyLossLimit)}`);
  }
  if (limits.maxOrderValue === undefined && limits.maxPositionShare === undefined) return { ok: true, reducing };
  const legs = legsOf(ticket, ticket.quantity);
  // The price each leg is valued at: the mark, or the order's own price when that is higher (the worst case).
  const own = ticket.instrument.secType === 'BAG' ? undefined : (ticket.limitPrice ?? ticket.stopPrice);
  const prices: number[] = [];
  for (const leg of legs) {
    const mark = account.marks.get(leg.key);
    const price = Math.max(mark !== undefined && Number.isFinite(mark) ? Math.abs(mark) : -Infinity, own !== undefined && Number.isFinite(own) ? Math.abs(own) : -Infinity);
    if (!Number.isFinite(price)) return deny('NO_PRICE_FOR_LIMIT', leg.key);
    prices.push(price);
  }
  if (limits.maxOrderValue !== undefined) {
    const value = legs.reduce((sum, leg, i) => sum + Math.abs(leg.units) * prices[i] * leg.instrument.multiplier, 0);
    if (value > limits.maxOrderValue) return deny('MAX_ORDER_VALUE', `${fmt(value)} > ${fmt(limits.maxOrderValue)}`);
  }
  if (limits.maxPositionShare !== undefined) {
    const nl = account.netLiquidation;
    const waiting = pending(account.openOrders, opts.replaces);
    for (let i = 0; i < legs.length; i++) {
      const leg = legs[i];
      const p = waiting.get(leg.key);
      const sameSide = leg.units > 0 ? (p?.buy ?? 0) : -(p?.sell ?? 0);
      const held = account.positions.get(leg.key) ?? 0;
      const after = held + sameSide + leg.units;
      if (Math.abs(after) <= Math.abs(held) && Math.sign(after) * Math.sign(held) >= 0) continue; // this leg shrinks its position
      const value = Math.abs(after) * prices[i] * leg.instrument.multiplier;
      if (!(nl > 0)) return deny('MAX_POSITION_SHARE', `net liquidation is ${fmt(nl)}`);
      if (value / nl > limits.maxPositionShare) {
        return deny('MAX_POSITION_SHARE', `${leg.key} would be ${fmt(value)}, ${fmt((100 * value) / nl)} % of net liquidation ${fmt(nl)}; max_position_share = ${fmt(limits.maxPositionShare)}`);
      }
    }
  }
  return { ok: true, reducing };
}
