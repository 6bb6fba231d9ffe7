// What IBKR accepts, as a model shared by the backtest, the TWS simulator and the bridge
// (docs/trading-model.md §2): order types per security type, the minimum price increments (IBKR's
// market rules: stocks $0.01, $0.0001 below $1; options $0.01 for penny-pilot classes or premiums
// below $3, else $0.05; indices and combos $0.01) and the checks every ticket must pass. Problems are
// returned as sentences, never thrown: a refused order is data.
import type { Instrument, SecType } from '../domain/instrument.ts';
import { TIMES_IN_FORCE, type OrderTicket, type OrderType } from '../domain/order.ts';

/** Order types we execute, per security type (a subset of TWS's orderTypes lists). */
export const ORDER_TYPES_BY_SECTYPE: Readonly<Record<SecType, readonly OrderType[]>> = {
  STK: ['MKT', 'LMT', 'STP', 'STP LMT', 'MOC', 'TRAIL'],
  OPT: ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL'],
  BAG: ['MKT', 'LMT'],
  IND: [],
};

export function orderTypeAllowed(secType: SecType, type: OrderType): boolean {
  // The common cases without a list search (same answers as ORDER_TYPES_BY_SECTYPE).
  if (type === 'MKT' || type === 'LMT') return secType !== 'IND';
  return ORDER_TYPES_BY_SECTYPE[secType].includes(type);
}

/** One step of a price-increment ladder (an IBKR market rule): from `lowEdge` up, prices move by `increment`. */
export interface PriceIncrement {
  readonly lowEdge: number;
  readonly increment: number;
}

/** A ladder of price increments, by ascending lowEdge; the first step starts at 0. */
export type TickLadder = readonly PriceIncrement[];

/** US stocks: $0.0001 below $1, else $0.01. */
export const STOCK_TICKS: TickLadder = [{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }];
/** US options outside the penny program: $0.01 below $3, else $0.05. */
export const OPTION_TICKS: TickLadder = [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }];
/** Penny-program option classes, indices and combos: $0.01 at every price. */
export const CENT_TICKS: TickLadder = [{ lowEdge: 0, increment: 0.01 }];
/** Cboe's SPX and SPXW option classes: $0.05 below $3, else $0.10 (Mini-SPX, XSP, trades in cents). */
export const SPX_OPTION_TICKS: TickLadder = [{ lowEdge: 0, increment: 0.05 }, { lowEdge: 3, increment: 0.1 }];

/** Option classes with a tick rule of their own, by underlying symbol (the rest: penny or standard). */
const OPTION_CLASS_TICKS: Readonly<Record<string, TickLadder>> = { SPX: SPX_OPTION_TICKS };

/** The ladder of an option class: its own rule, else $0.01 for the penny program, else $0.01 / $0.05. */
export function optionTickLadder(underlyingSymbol: string, pennyTicks: boolean): TickLadder {
  return OPTION_CLASS_TICKS[underlyingSymbol] ?? (pennyTicks ? CENT_TICKS : OPTION_TICKS);
}

/** The price-increment ladder of an instrument (what TWS's market rule for it says). */
export function tickLadder(instrument: Instrument): TickLadder {
  switch (instrument.secType) {
    case 'STK':
      return STOCK_TICKS;
    case 'OPT':
      return optionTickLadder(instrument.underlying.symbol, instrument.pennyTicks === true);
    default:
      return CENT_TICKS;
  }
}

/** The increment of a ladder at a price (by its magnitude; a price that is not a number gets the top step). */
export function ladderTick(ladder: TickLadder, price: number): number {
  const p = Math.abs(price);
  for (let i = ladder.length - 1; i > 0; i--) if (!(p < ladder[i].lowEdge)) return ladder[i].increment;
  return ladder[0].increment;
}

/** The minimum price variation for a price of this instrument. */
export function minTick(instrument: Instrument, price: number): number {
  return ladderTick(tickLadder(instrument), price);
}

/** Whether a price is a whole multiple of the minimum tick (within floating-point noise). */
export function onTick(price: number, tick: number): boolean {
  if (!(tick > 0) || !Number.isFinite(price)) return false;
  const n = price / tick;
  return Math.abs(n - Math.round(n)) < 1e-6;
}

/** A price moved onto the tick grid: 'down' / 'up' / 'nearest' (buy limits round down, sell limits up). */
export function roundToTick(price: number, tick: number, mode: 'down' | 'up' | 'nearest' = 'nearest'): number {
  const n = price / tick;
  const k = mode === 'down' ? Math.floor(n + 1e-9) : mode === 'up' ? Math.ceil(n - 1e-9) : Math.round(n);
  return Number((k * tick).toFixed(10));
}

/** The tick a ticket's prices miss, or undefined when they are all on the grid (limit, stop, a trail amount). */
export function offTickPrice(t: OrderTicket): number | undefined {
  if (t.type === 'MKT' || t.type === 'MOC') return undefined;
  if (t.limitPrice !== undefined && (t.type === 'LMT' || t.type === 'STP LMT')) {
    const tick = minTick(t.instrument, t.limitPrice);
    if (!onTick(t.limitPrice, tick)) return tick;
  }
  if (t.stopPrice !== undefined && (t.type === 'STP' || t.type === 'STP LMT')) {
    const tick = minTick(t.instrument, t.stopPrice);
    if (!onTick(t.stopPrice, tick)) return tick;
  }
  if (t.type === 'TRAIL' && t.trailAmount !== undefined && t.trailPercent === undefined) {
    const tick = minTick(t.instrument, t.trailAmount);
    if (!onTick(t.trailAmount, tick)) return tick;
  }
  return undefined;
}

/** Why IBKR would refuse this ticket (a sentence), or undefined when it is well-formed. */
export function ticketProblem(t: OrderTicket): string | undefined {
  if (!(t.quantity > 0) || !Number.isInteger(t.quantity)) return `quantity ${t.quantity} must be a positive whole number`;
  if (!orderTypeAllowed(t.instrument.secType, t.type)) return `order type ${t.type} is not accepted for ${t.instrument.secType} contracts`;
  if (t.tif !== 'GTC' && t.tif !== 'DAY' && t.tif !== 'IOC') return `time in force '${t.tif}' is not supported (${TIMES_IN_FORCE.join(', ')})`;
  if (t.type === 'MOC' && t.tif !== 'DAY') return 'MOC orders must be DAY orders';
  const needsLimit = t.type === 'LMT' || t.type === 'STP LMT';
  if (needsLimit && (t.limitPrice === undefined || !Number.isFinite(t.limitPrice))) return `a ${t.type} order needs a limit price`;
  if (needsLimit && t.instrument.secType !== 'BAG' && !(t.limitPrice! > 0)) return `limit price ${t.limitPrice} must be positive`;
  if ((t.type === 'STP' || t.type === 'STP LMT') && !(t.stopPrice! > 0)) return `a ${t.type} order needs a positive stop price`;
  if (t.type === 'TRAIL' && !(t.trailAmount! > 0) && !(t.trailPercent! > 0)) return 'a TRAIL order needs a trailing amount or a trailing percent';
  return undefined;
}
