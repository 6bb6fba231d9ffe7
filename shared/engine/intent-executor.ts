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
import { instrumentKey, type ComboInstrument, type HoldableInstrument } from '../domain/instrument.ts';
import type { OrderSide, OrderTicket, OrderType } from '../domain/order.ts';
import { availableFunds, netLiquidation, type Marks } from '../portfolio/account-values.ts';
import { whatIf, type ProposedTrade } from '../portfolio/what-if.ts';
import type { Ledger } from '../portfolio/ledger.ts';
import type { MarginPolicy } from '../portfolio/margin.ts';
import { unitsFromFraction } from '../broker/sizing.ts';
import { minTick, roundToTick } from '../broker/ibkr-rules.ts';
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
  // What sizing already computed (reused by the affordability check when nothing closes first).
  let sizedAvailable = NaN;
  let sizedPrice = NaN;
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
      sizedAvailable = available;
      sizedPrice = reference;
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
    if (instrument.secType === 'OPT' || projection.optionPositions > 0) {
      // Options: the account must carry the margin the order adds (IBKR's what-if), not only its premium.
      const t = o.ticket;
      const price = t.limitPrice ?? t.stopPrice ?? env.expectedFill(instrument, key, side, 'O');
      const after = projected(projection, orders, key, env);
      if (price === price) {
        const w = whatIf(after, [{ instrument, qty: sign * opening, price, commission: env.commission(instrument, opening, price) }], env.marks, env.margin);
        if (!w.accepted) {
          if (closing === 0) return { ok: false, reason: 'INSUFFICIENT_FUNDS', detail: `${side} ${opening} ${key} adds ${w.initMarginChange.toFixed(2)} of initial margin; available funds would be ${w.after.availableFunds.toFixed(2)}` };
        } else orders.push(o);
      } else orders.push(o);
    } else if (o.ticket.type === 'MKT' || o.ticket.type === 'MOC') {
      // The opening part must be affordable after the closing part (backtesting.py cancels it otherwise).
      const reuse = closing === 0 && o.ticket.type === 'MKT' && sizedAvailable === sizedAvailable;
      const price = reuse ? sizedPrice : env.expectedFill(instrument, key, side, 'O');
      const fee = env.commission(instrument, opening, price);
      const available = reuse ? sizedAvailable : availableFunds(projected(projection, orders, key, env), env.marks, env.margin);
      const cost = opening * price * m + fee;
      const capacity = available / env.margin.stockInitial;
      if (cost > capacity + 1e-9) {
        if (closing === 0) return { ok: false, reason: 'INSUFFICIENT_FUNDS', detail: `${side} ${opening} ${key} costs ${cost.toFixed(2)}; the sleeve can carry ${capacity.toFixed(2)}` };
      } else orders.push(o);
    } else orders.push(o);
  }
  return book(orders, projection, key, env, project);
}

/**
 * A combo intent (a roll: buy the old option, sell the new one) as one BAG ticket
 * (docs/trading-model.md §7.3): sized in whole combo units only (`size` ≥ 1; a fraction of funds sizes
 * nothing a spread could be measured by), a limit on the penny grid — the net price per unit, negative
 * for a credit, rounded on its cautious side — or a market order; DAY unless said. The account must
 * carry the margin its legs add (IBKR's what-if on every leg at its mark). Nothing is projected: a
 * combo fills along its legs' quotes, never at once.
 */
export function executeComboIntent(intent: OrderIntent, instrument: ComboInstrument, projection: Ledger, env: ExecutionEnv, ref: string): Execution {
  const key = instrumentKey(instrument);
  if (intent.action !== 'buy' && intent.action !== 'sell') return { ok: false, reason: 'ORDER_REFUSED', detail: `${key}: a combo is bought or sold, not ${intent.action === 'close' ? 'closed' : 'targeted'} (close or target its legs)` };
  const size = intent.size ?? env.defaultSize;
  if (!(size >= 1)) return { ok: false, reason: 'ORDER_REFUSED', detail: `${key}: a combo is sized in whole units (size ≥ 1), got ${size}` };
  const type = orderType(intent);
  if (type !== 'MKT' && type !== 'LMT') return { ok: false, reason: 'ORDER_REFUSED', detail: `${key}: a combo is a market or limit order, not ${type}` };
  const units = Math.floor(size);
  const side: OrderSide = intent.action === 'buy' ? 'BUY' : 'SELL';
  const trades: ProposedTrade[] = [];
  for (const leg of instrument.legs) {
    const price = env.marks.price(leg.instrument, instrumentKey(leg.instrument));
    if (!(price >= 0)) return { ok: false, reason: 'NO_PRICE', detail: `${key}: leg ${instrumentKey(leg.instrument)} has no price` };
    const qty = units * leg.ratio * ((leg.action === 'BUY') === (side === 'BUY') ? 1 : -1);
    trades.push({ instrument: leg.instrument, qty, price, commission: env.commission(leg.instrument, Math.abs(qty), price) });
  }
  const w = whatIf(projection, trades, env.marks, env.margin);
  if (!w.accepted) return { ok: false, reason: 'INSUFFICIENT_FUNDS', detail: `${side} ${units} ${key} adds ${w.initMarginChange.toFixed(2)} of initial margin; available funds would be ${w.after.availableFunds.toFixed(2)}` };
  const limit = type === 'LMT' ? roundToTick(intent.limit!, minTick(instrument, intent.limit!), side === 'BUY' ? 'down' : 'up') : undefined;
  const t = ticket(instrument, side, units, type, limit, undefined, undefined, undefined, intent.tif ?? 'DAY', 'O', false, ref);
  return { ok: true, orders: [{ ticket: t, exits: NO_EXITS }] };
}

/** The price a fraction is sized at: the expected market fill, or the order's own limit/stop price. */
function sizingPrice(i: TradeIntent, instrument: HoldableInstrument, key: string, side: OrderSide, env: ExecutionEnv): number {
  const type = orderType(i);
  if (type === 'LMT' || type === 'STP LMT') return i.limit!;
  if (type === 'STP') return i.stop!;
  return env.expectedFill(instrument, key, side, 'O');
}

/** Every ticket has this one shape (field order included), so the venue's code stays monomorphic. */
function ticket(
  instrument: HoldableInstrument | ComboInstrument,
  side: OrderSide,
  quantity: number,
  type: OrderType,
  limitPrice: number | undefined,
  stopPrice: number | undefined,
  trailAmount: number | undefined,
  trailPercent: number | undefined,
  tif: OrderTicket['tif'],
  openClose: 'O' | 'C',
  reduceOnly: boolean,
  ref: string,
): OrderTicket {
  return { instrument, side, quantity, type, limitPrice, stopPrice, trailAmount, trailPercent, tif, ocaGroup: undefined, parentId: undefined, reduceOnly, openClose, ref };
}

const NO_EXITS: readonly OrderTicket[] = [];

function plain(instrument: HoldableInstrument, side: OrderSide, quantity: number, openClose: 'O' | 'C', ref: string): SizedOrder {
  return { ticket: ticket(instrument, side, quantity, 'MKT', undefined, undefined, undefined, undefined, 'GTC', openClose, false, ref), exits: NO_EXITS };
}

/**
 * A price put on the instrument's tick grid (IBKR refuses others with error 110): limits on their
 * cautious side (a buy limit down, a sell limit up), stops to the nearest tick.
 */
function onGrid(instrument: HoldableInstrument, price: number | undefined, mode: 'down' | 'up' | 'nearest'): number | undefined {
  if (price === undefined || !Number.isFinite(price)) return price;
  return roundToTick(price, minTick(instrument, price), mode);
}

function withPrices(i: TradeIntent, instrument: HoldableInstrument, side: OrderSide, quantity: number, openClose: 'O' | 'C', ref: string): SizedOrder {
  const type = orderType(i);
  const buy = side === 'BUY';
  const t = ticket(
    instrument,
    side,
    quantity,
    type,
    type === 'LMT' || type === 'STP LMT' ? onGrid(instrument, i.limit, buy ? 'down' : 'up') : undefined,
    type === 'STP' || type === 'STP LMT' ? onGrid(instrument, i.stop, 'nearest') : undefined,
    i.trailAmount,
    i.trailPercent,
    type === 'MOC' ? 'DAY' : (i.tif ?? 'GTC'),
    openClose,
    false,
    ref,
  );
  if (openClose !== 'O' || (i.sl === undefined && i.tp === undefined)) return { ticket: t, exits: NO_EXITS };
  const exits: OrderTicket[] = [];
  const exitSide: OrderSide = side === 'BUY' ? 'SELL' : 'BUY';
  if (i.sl !== undefined) exits.push(ticket(instrument, exitSide, quantity, 'STP', undefined, onGrid(instrument, i.sl, 'nearest'), undefined, undefined, 'GTC', 'C', true, `${ref}:sl`));
  if (i.tp !== undefined) exits.push(ticket(instrument, exitSide, quantity, 'LMT', onGrid(instrument, i.tp, buy ? 'up' : 'down'), undefined, undefined, undefined, 'GTC', 'C', true, `${ref}:tp`));
  return { ticket: t, exits };
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
