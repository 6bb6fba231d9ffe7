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

/** The minimum price variation for a price of this instrument. */
export function minTick(instrument: Instrument, price: number): number {
  switch (instrument.secType) {
    case 'STK':
      return Math.abs(price) < 1 ? 0.0001 : 0.01;
    case 'OPT':
      return instrument.pennyTicks || Math.abs(price) < 3 ? 0.01 : 0.05;
    default:
      return 0.01;
  }
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
