// What can be traded: one definition for the backtest, the TWS simulator and live trading
// (docs/trading-model.md §1). Types follow IBKR's contract vocabulary (secType STK / IND / OPT / BAG)
// so the wire layer maps them one to one; a simulator or bridge may carry extra listing data on an
// instrument (conId, a quote tape) by extending these interfaces, never by defining its own.
import { ParameterError } from '../errors.ts';

/** IBKR security types we trade: stocks and ETFs, indices (quote only), options, combos. */
export type SecType = 'STK' | 'IND' | 'OPT' | 'BAG';
export type OptionRight = 'C' | 'P';
/** American options may be exercised any day; European (SPX) only at expiry. */
export type ExerciseStyle = 'american' | 'european';
/** Physical delivery of the underlying (equity options) or cash of the intrinsic value (index options). */
export type Settlement = 'physical' | 'cash';

interface InstrumentBase {
  readonly symbol: string;
  readonly currency: string;
  /** Routing exchange as IBKR names it ('SMART' unless a venue is required). */
  readonly exchange: string;
  /** Units of the underlying per contract: 1 for stocks, 100 for US equity and index options. */
  readonly multiplier: number;
  /** IBKR's contract id when known (the simulator and the bridge set it). */
  readonly conId?: number;
}

export interface StockInstrument extends InstrumentBase {
  readonly secType: 'STK';
  readonly primaryExchange?: string;
}

export interface IndexInstrument extends InstrumentBase {
  readonly secType: 'IND';
}

export interface OptionInstrument extends InstrumentBase {
  readonly secType: 'OPT';
  readonly underlying: StockInstrument | IndexInstrument;
  readonly right: OptionRight;
  readonly strike: number;
  /** Last trading day, yyyymmdd (exchange-local). */
  readonly expiry: number;
  readonly style: ExerciseStyle;
  readonly settlement: Settlement;
  /** Penny-pilot class: $0.01 ticks at any premium (else $0.05 from $3). */
  readonly pennyTicks?: boolean;
}

/** One leg of a combo: BUY legs are bought when the combo is bought. */
export interface ComboLeg {
  readonly instrument: StockInstrument | OptionInstrument;
  readonly ratio: number;
  readonly action: 'BUY' | 'SELL';
}

export interface ComboInstrument extends InstrumentBase {
  readonly secType: 'BAG';
  readonly legs: readonly ComboLeg[];
}

export type Instrument = StockInstrument | IndexInstrument | OptionInstrument | ComboInstrument;
/** Something a position can be held in (a combo is traded, its legs are held). */
export type HoldableInstrument = StockInstrument | IndexInstrument | OptionInstrument;

const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;

function checkSymbol(owner: string, symbol: string): string {
  const s = symbol.trim().toUpperCase();
  if (!TICKER.test(s)) throw new ParameterError(owner, 'symbol', `'${symbol}' is not a ticker (letters, digits and '.', starting with a letter)`);
  return s;
}

/** A US stock or ETF traded in USD through SMART routing. */
export function stock(symbol: string, extra: Partial<Pick<StockInstrument, 'currency' | 'exchange' | 'primaryExchange' | 'conId'>> = {}): StockInstrument {
  return { secType: 'STK', symbol: checkSymbol('stock', symbol), currency: extra.currency ?? 'USD', exchange: extra.exchange ?? 'SMART', multiplier: 1, ...pick(extra, 'primaryExchange', 'conId') };
}

/** An index (quotes only: SPX, NDX, VIX). */
export function indexOf(symbol: string, extra: Partial<Pick<IndexInstrument, 'currency' | 'exchange' | 'conId'>> = {}): IndexInstrument {
  return { secType: 'IND', symbol: checkSymbol('index', symbol), currency: extra.currency ?? 'USD', exchange: extra.exchange ?? 'CBOE', multiplier: 1, ...pick(extra, 'conId') };
}

/**
 * An option on `underlying`. Equity options are American and physically settled; index options
 * (underlying IND) European and cash-settled, unless said otherwise.
 */
export function option(
  underlying: StockInstrument | IndexInstrument,
  right: OptionRight,
  strike: number,
  expiry: number,
  extra: Partial<Pick<OptionInstrument, 'multiplier' | 'style' | 'settlement' | 'exchange' | 'conId' | 'pennyTicks'>> = {},
): OptionInstrument {
  if (!(strike > 0) || !Number.isFinite(strike)) throw new ParameterError('option', 'strike', `must be a positive number, got ${strike}`);
  if (!Number.isInteger(expiry) || expiry < 19000101 || expiry > 29991231) throw new ParameterError('option', 'expiry', `must be a date yyyymmdd, got ${expiry}`);
  const index = underlying.secType === 'IND';
  return {
    secType: 'OPT',
    symbol: underlying.symbol,
    currency: underlying.currency,
    exchange: extra.exchange ?? 'SMART',
    multiplier: extra.multiplier ?? 100,
    underlying,
    right,
    strike,
    expiry,
    style: extra.style ?? (index ? 'european' : 'american'),
    settlement: extra.settlement ?? (index ? 'cash' : 'physical'),
    ...pick(extra, 'conId', 'pennyTicks'),
  };
}

/** A combo (BAG) of legs on one underlying symbol. */
export function combo(legs: readonly ComboLeg[]): ComboInstrument {
  if (legs.length === 0) throw new ParameterError('combo', 'legs', 'needs at least one leg');
  for (const l of legs) {
    if (!(l.ratio > 0) || !Number.isInteger(l.ratio)) throw new ParameterError('combo', 'ratio', `must be a positive whole number, got ${l.ratio}`);
  }
  const symbol = legs[0].instrument.symbol;
  return { secType: 'BAG', symbol, currency: legs[0].instrument.currency, exchange: 'SMART', multiplier: 1, legs };
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** OSI option symbol without padding, e.g. `SPY240119C00450000` (root, yymmdd, right, strike × 1000). */
export function osiSymbol(o: Pick<OptionInstrument, 'symbol' | 'expiry' | 'right' | 'strike'>): string {
  return `${o.symbol}${String(o.expiry % 1_000_000).padStart(6, '0')}${o.right}${String(Math.round(o.strike * 1000)).padStart(8, '0')}`;
}

/** An option named by its OSI symbol: underlying root, expiry yyyymmdd, right, strike. */
export interface OsiParts {
  readonly symbol: string;
  readonly expiry: number;
  readonly right: OptionRight;
  readonly strike: number;
}

const OSI = /^([A-Z][A-Z0-9.]{0,5}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/**
 * Reads an OSI option symbol, unpadded (`SPY250307P00385000`, what osiSymbol writes) or padded to six
 * root characters as IBKR's localSymbol is (`SPY   250307P00385000`); years are 2000–2099. A reason
 * string when the text is not one (or names no calendar date, or a zero strike).
 */
export function parseOsiSymbol(text: string): OsiParts | string {
  const m = OSI.exec(text);
  if (!m) return `expected an OSI option symbol (root, yymmdd, C or P, strike × 1000 in 8 digits: SPY250307P00385000), got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`;
  const [, symbol, yy, mm, dd, right, strikeText] = m;
  const year = 2000 + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const monthDays = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > monthDays[month - 1]) return `${text}: ${yy}${mm}${dd} is not a date yymmdd`;
  const strike = Number(strikeText) / 1000;
  if (!(strike > 0)) return `${text}: the strike is zero`;
  return { symbol, expiry: year * 10000 + month * 100 + day, right: right as OptionRight, strike };
}

/**
 * The instrument's key, unique within an account: `SPY` (stock), `IND:VIX` (index),
 * `SPY240119C00450000` (option, OSI), `BAG(+1 SPY240119P00440000,-1 SPY240119P00450000)` (combo).
 * Positions, orders and reports are keyed by it.
 */
export function instrumentKey(i: Instrument): string {
  switch (i.secType) {
    case 'STK':
      return i.currency === 'USD' ? i.symbol : `${i.symbol}.${i.currency}`;
    case 'IND':
      return `IND:${i.symbol}`;
    case 'OPT':
      return osiSymbol(i);
    case 'BAG':
      return `BAG(${i.legs.map((l) => `${l.action === 'BUY' ? '+' : '-'}${l.ratio} ${instrumentKey(l.instrument)}`).join(',')})`;
  }
}

/** The symbol whose price drives the instrument (itself for stocks and indices). */
export function underlyingSymbol(i: Instrument): string {
  return i.secType === 'OPT' ? i.underlying.symbol : i.symbol;
}

export function isOption(i: Instrument): i is OptionInstrument {
  return i.secType === 'OPT';
}

/** Intrinsic value per unit of the underlying at `spot` (never negative). */
export function intrinsicValue(o: Pick<OptionInstrument, 'right' | 'strike'>, spot: number): number {
  return o.right === 'C' ? Math.max(0, spot - o.strike) : Math.max(0, o.strike - spot);
}
