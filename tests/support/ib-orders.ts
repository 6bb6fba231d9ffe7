// Helpers for the paper-broker tests: orders as a bridge sends them (transmit, tif, account and
// orderRef always set, ib-protocol.md P11), the replayed quote a test predicts fills from, the
// message sequence of one order, and scanning the replay ahead for the instant a condition holds.

import { EventName, OrderAction, OrderType, SecType, type Contract, type Order } from '@stoqey/ib';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { newQuote, type Quote } from '../../bridge/simulator/market/quotes.ts';
import type { IbTestClient } from './ib-client.ts';

export const ACCOUNT = 'DU1234567';

/** An order with the fields a careful client always sets. */
export function order(action: 'BUY' | 'SELL', qty: number, type: OrderType, extra: Partial<Order> = {}): Order {
  return { action: action === 'BUY' ? OrderAction.BUY : OrderAction.SELL, totalQuantity: qty, orderType: type, tif: 'DAY', transmit: true, account: ACCOUNT, ...extra };
}

export const mkt = (action: 'BUY' | 'SELL', qty: number, extra: Partial<Order> = {}) => order(action, qty, OrderType.MKT, extra);
export const lmt = (action: 'BUY' | 'SELL', qty: number, lmtPrice: number, extra: Partial<Order> = {}) => order(action, qty, OrderType.LMT, { lmtPrice, ...extra });

export const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });

/** The replayed quote of a symbol (or option conId) at instant t (defaults to the clock). */
export function quoteOf(sim: RunningSimulator, what: string | number, t = sim.clock.now()): Quote {
  const cat = sim.state.catalogue;
  const inst = typeof what === 'string' ? cat.underlying(what) : cat.byId(what, t);
  if (!inst) throw new Error(`no instrument ${what}`);
  return sim.state.quotes.quote(inst, t, newQuote());
}

/** The first instant after `from`, stepping `stepMs` (within the session, at most `steps` steps), where `pred` holds. */
export function firstInstant(sim: RunningSimulator, symbol: string | number, pred: (q: Quote, t: number) => boolean, stepMs = 60_000, steps = 300, from = sim.clock.now()): number {
  for (let i = 1; i <= steps; i++) {
    const t = from + i * stepMs;
    if (!sim.state.catalogue.calendar.isOpen(t)) break;
    if (pred(quoteOf(sim, symbol, t), t)) return t;
  }
  throw new Error(`no instant within ${steps} steps of ${stepMs} ms satisfies the condition`);
}

/** Extremes of a symbol's last price over the next `steps` steps of the session. */
export function lastRange(sim: RunningSimulator, symbol: string, steps: number, stepMs = 60_000): { hi: number; lo: number } {
  let hi = -Infinity;
  let lo = Infinity;
  for (let i = 1; i <= steps; i++) {
    const t = sim.clock.now() + i * stepMs;
    if (!sim.state.catalogue.calendar.isOpen(t)) break;
    const last = quoteOf(sim, symbol, t).last;
    hi = Math.max(hi, last);
    lo = Math.min(lo, last);
  }
  return { hi, lo };
}

/** Order events of one order id recorded after `after`: name plus the status for openOrder/orderStatus. */
export function sequenceOf(c: IbTestClient, orderId: number, after = 0): string[] {
  const out: string[] = [];
  for (const e of c.log.events.slice(after)) {
    if (e.name === EventName.openOrder && e.args[0] === orderId) out.push(`openOrder:${(e.args[3] as { status: string }).status}`);
    else if (e.name === EventName.orderStatus && e.args[0] === orderId) out.push(`orderStatus:${e.args[1] as string}`);
    else if (e.name === EventName.execDetails && (e.args[2] as { orderId: number }).orderId === orderId) out.push('execDetails');
    else if (e.name === EventName.commissionReport) {
      const execId = (e.args[0] as { execId: string }).execId;
      const mine = c.log.events.some((x) => x.name === EventName.execDetails && (x.args[2] as { orderId: number; execId: string }).orderId === orderId && (x.args[2] as { execId: string }).execId === execId);
      if (mine) out.push('commissionReport');
    }
  }
  return out;
}

/** Waits for an orderStatus of `orderId` with `status`. */
export function waitStatus(c: IbTestClient, orderId: number, status: string, after?: number, timeoutMs = 5000): Promise<readonly unknown[]> {
  return c.waitFor(EventName.orderStatus, (id: number, s: string) => id === orderId && s === status, { after, timeoutMs });
}

/** execDetails of one order (after a mark). */
export function executionsOf(c: IbTestClient, orderId: number, after = 0): { contract: Contract; execution: { shares: number; price: number; side: string; execId: string; cumQty: number; avgPrice: number } }[] {
  return c
    .events(EventName.execDetails, (_r: number, _c: Contract, e: { orderId: number }) => e.orderId === orderId, after)
    .map((e) => ({ contract: e.args[1] as Contract, execution: e.args[2] as never }));
}

/** Rounds like the ledger does for comparisons (cents). */
export const cents = (v: number) => Math.round(v * 100) / 100;
