// The one translation from an intent to order tickets (docs/trading-model.md §7), used when the
// order is sent: by the engine in every mode and by the bridge's order guard. Sizing needs a unit
// count, so it happens here, against the sleeve's books projected through the intents before it:
//   close        → the whole position, a closing order;
//   buy / sell   → `size` units (≥ 1) or a fraction of the sleeve's available funds (< 1):
//                  floor(available × leverage × f / (expected fill price + commission per unit))
//                  (backtest-model §3.3); an order against an opposite position first closes it
//                  (hedging off), the rest opens; the opening part must be affordable;
//   target       → the units that make the position `weight` of the sleeve's equity.
// Market orders are booked on the projection at their expected fill (in a backtest they fill at
// once, at exactly that price), so the next intent of the same sleeve is sized on the cash it frees
// or uses.
import type { OrderIntent, TradeIntent } from '../domain/intent.ts';
import type { HoldableInstrument } from '../domain/instrument.ts';
import type { OrderSide, OrderTicket, OrderType } from '../domain/order.ts';
import { availableFunds, netLiquidation, type Marks } from '../portfolio/account-values.ts';
import type { Ledger } from '../portfolio/ledger.ts';
import type { MarginPolicy } from '../portfolio/margin.ts';
import { unitsFromFraction } from '../broker/sizing.ts';
import type { RiskReason } from '../risk/denial-reason.ts';

/** What sizing needs to know about the market and the venue. */
export interface ExecutionEnv {
  readonly margin: MarginPolicy;
  readonly marks: Marks;
  /** The default entry size (fraction < 1 or units ≥ 1). */
  readonly defaultSize: number;
  /** The price a market order of this side would fill at now, costs included (NaN when there is none). */
  expectedFill(instrument: HoldableInstrument, key: string, side: OrderSide, openClose: 'O' | 'C'): number;
  /** Commission per unit at the unadjusted reference price (backtesting.py sizes with it). */
  commissionPerUnit(instrument: HoldableInstrument, key: string): number;
  /** Commission of `units` at `price`. */
  commission(instrument: HoldableInstrument, units: number, price: number): number;
}

/** An order ticket with what it was made from. */
export interface SizedOrder {
  readonly ticket: OrderTicket;
  /** Bracket children (stop-loss, take-profit) of an opening order. */
  readonly exits: readonly OrderTicket[];
}

export type Execution = { readonly ok: true; readonly orders: readonly SizedOrder[] } | { readonly ok: false; readonly reason: RiskReason; readonly detail: string };

const NOTHING: Execution = { ok: true, orders: [] };

function orderType(i: TradeIntent): OrderType {
  if (i.onClose) return 'MOC';
  if (i.trailAmount !== undefined || i.trailPercent !== undefined) return 'TRAIL';
  if (i.limit !== undefined) return i.stop !== undefined ? 'STP LMT' : 'LMT';
  return i.stop !== undefined ? 'STP' : 'MKT';
}

/**
 * Sizes one intent on `projection` (a copy of the sleeve's books the caller keeps for the batch)
 * and books what fills at once on it. `ref` becomes every ticket's ref (the intent id).
 */
export function executeIntent(intent: OrderIntent, instrument: HoldableInstrument, key: string, projection: Ledger, env: ExecutionEnv, ref: string, project = true): Execution {
  const position = projection.quantity(key);
  const m = instrument.multiplier;
  if (intent.action === 'close') {
    if (position === 0) return NOTHING;
    return book([plain(instrument, position > 0 ? 'SELL' : 'BUY', Math.abs(position), 'C', ref)], projection, key, env, project);
  }

  let side: OrderSide;
  let units: number;
  if (intent.action === 'target') {
    const price = env.marks.price(instrument, key);
    if (!(price > 0)) return { ok: false, reason: 'NO_PRICE', detail: `${key} has no price` };
    const equity = netLiquidation(projection, env.marks);
    const desired = Math.trunc((intent.weight * equity) / (price * m));
    const delta = desired - position;
    if (delta === 0) return NOTHING;
    side = delta > 0 ? 'BUY' : 'SELL';
    units = Math.abs(delta);
  } else {
    side = intent.action === 'buy' ? 'BUY' : 'SELL';
    const size = intent.size ?? env.defaultSize;
    if (size >= 1) units = Math.floor(size);
    else {
      const reference = sizingPrice(intent, instrument, key, side, env);
      if (!(reference > 0)) return { ok: false, reason: 'NO_PRICE', detail: `${key} has no price to size the order` };
      const available = availableFunds(projection, env.marks, env.margin);
      units = unitsFromFraction(available, size, reference * m, env.commissionPerUnit(instrument, key), 1 / env.margin.stockInitial);
    }
    if (units === 0) return NOTHING;
  }

  const sign = side === 'BUY' ? 1 : -1;
  // Hedging off: an order against the position first closes it; the rest opens.
  const closing = position !== 0 && Math.sign(position) !== sign ? Math.min(units, Math.abs(position)) : 0;
  const opening = units - closing;
  const orders: SizedOrder[] = [];
  const trade = intent.action === 'target' ? undefined : intent;
  if (closing > 0) orders.push(trade ? withPrices(trade, instrument, side, closing, 'C', ref) : plain(instrument, side, closing, 'C', ref));
  if (opening > 0) {
    const o = trade ? withPrices(trade, instrument, side, opening, 'O', ref) : plain(instrument, side, opening, 'O', ref);
    if (o.ticket.type === 'MKT' || o.ticket.type === 'MOC') {
      // The opening part must be affordable after the closing part (backtesting.py cancels it otherwise).
      const price = env.expectedFill(instrument, key, side, 'O');
      const after = projected(projection, orders, key, env);
      const fee = env.commission(instrument, opening, price);
      const available = availableFunds(after, env.marks, env.margin);
      const cost = opening * price * m + fee;
      const capacity = available / env.margin.stockInitial;
      if (cost > capacity + 1e-9) {
        if (closing === 0) return { ok: false, reason: 'INSUFFICIENT_FUNDS', detail: `${side} ${opening} ${key} costs ${cost.toFixed(2)}; the sleeve can carry ${capacity.toFixed(2)}` };
      } else orders.push(o);
    } else orders.push(o);
  }
  return book(orders, projection, key, env, project);
}

/** The price a fraction is sized at: the expected market fill, or the order's own limit/stop price. */
function sizingPrice(i: TradeIntent, instrument: HoldableInstrument, key: string, side: OrderSide, env: ExecutionEnv): number {
  const type = orderType(i);
  if (type === 'LMT' || type === 'STP LMT') return i.limit!;
  if (type === 'STP') return i.stop!;
  return env.expectedFill(instrument, key, side, 'O');
}

function plain(instrument: HoldableInstrument, side: OrderSide, quantity: number, openClose: 'O' | 'C', ref: string): SizedOrder {
  return { ticket: { instrument, side, quantity, type: 'MKT', tif: 'GTC', openClose, ref }, exits: [] };
}

function withPrices(i: TradeIntent, instrument: HoldableInstrument, side: OrderSide, quantity: number, openClose: 'O' | 'C', ref: string): SizedOrder {
  const type = orderType(i);
  const ticket: OrderTicket = {
    instrument,
    side,
    quantity,
    type,
    limitPrice: type === 'LMT' || type === 'STP LMT' ? i.limit : undefined,
    stopPrice: type === 'STP' || type === 'STP LMT' ? i.stop : undefined,
    trailAmount: i.trailAmount,
    trailPercent: i.trailPercent,
    tif: type === 'MOC' ? 'DAY' : (i.tif ?? 'GTC'),
    openClose,
    ref,
  };
  const exits: OrderTicket[] = [];
  if (openClose === 'O') {
    const exitSide: OrderSide = side === 'BUY' ? 'SELL' : 'BUY';
    if (i.sl !== undefined) exits.push({ instrument, side: exitSide, quantity, type: 'STP', stopPrice: i.sl, tif: 'GTC', openClose: 'C', reduceOnly: true, ref: `${ref}:sl` });
    if (i.tp !== undefined) exits.push({ instrument, side: exitSide, quantity, type: 'LMT', limitPrice: i.tp, tif: 'GTC', openClose: 'C', reduceOnly: true, ref: `${ref}:tp` });
  }
  return { ticket, exits };
}

/** A copy of the projection with the market orders that fill now booked on it. */
function projected(projection: Ledger, orders: readonly SizedOrder[], key: string, env: ExecutionEnv): Ledger {
  if (orders.length === 0) return projection;
  const copy = projection.clone();
  book(orders, copy, key, env, true);
  return copy;
}

/** Books the market orders on the projection at their expected fill (they fill now, or are assumed to); returns them all. */
function book(orders: readonly SizedOrder[], projection: Ledger, key: string, env: ExecutionEnv, project = true): Execution {
  if (project) for (const { ticket } of orders) {
    if (ticket.type !== 'MKT') continue;
    const inst = ticket.instrument as HoldableInstrument;
    const price = env.expectedFill(inst, key, ticket.side, ticket.openClose ?? 'O');
    if (!(price === price)) continue;
    const qty = ticket.side === 'BUY' ? ticket.quantity : -ticket.quantity;
    projection.trade(inst, qty, price, env.commission(inst, ticket.quantity, price), key);
  }
  return { ok: true, orders };
}
