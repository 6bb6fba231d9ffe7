// What can be quoted: the sample data's stocks and ETFs, VIX as an index, and listed options on the
// stocks. A listing IS the shared domain instrument (shared/domain/instrument.ts) with the listing
// data the simulator needs on top (spec, quote tape, option slot, expiry instant, OCC local symbol),
// so it is passed wherever a domain instrument is expected; plainInstrument() strips that data where
// an instrument is stored (positions, orders). Static listing facts per symbol (real IB conIds,
// exchanges, names, spreads) live here; the option pricing parameters (dividend yield, volatility,
// strike style, penny ticks) in shared/options/underlying-params.ts and the option chain rules in
// shared/options/chain.ts.

import type { HoldableInstrument, IndexInstrument, OptionInstrument, StockInstrument } from '../../../shared/domain/instrument.ts';
import { underlyingParams, type UnderlyingParams } from '../../../shared/options/underlying-params.ts';
import type { SymbolTape } from './symbol-tape.ts';

/** A symbol's listing facts and its option pricing parameters (shared/options/underlying-params.ts). */
export interface UnderlyingSpec extends UnderlyingParams {
  readonly conId: number;
  readonly stockType: 'ETF' | 'COMMON';
  readonly primaryExch: string;
  readonly longName: string;
  readonly industry: string;
  readonly category: string;
  readonly subcategory: string;
  readonly isin: string;
  /** Quoted spread in basis points of the price (at least one tick). */
  readonly spreadBps: number;
}

type ListingFacts = Omit<UnderlyingSpec, Exclude<keyof UnderlyingParams, 'symbol'>>;

/** Known symbols with their real IB conIds. Other files in the data folder get generic specs. */
const KNOWN: readonly UnderlyingSpec[] = (
  [
    {
      symbol: 'SPY', conId: 756733, stockType: 'ETF', primaryExch: 'ARCA', longName: 'SPDR S&P 500 ETF TRUST',
      industry: 'Funds', category: 'Equity Fund', subcategory: 'Growth&Income-Large Cap', isin: 'US78462F1030', spreadBps: 0.2,
    },
    {
      symbol: 'QQQ', conId: 320227571, stockType: 'ETF', primaryExch: 'NASDAQ', longName: 'INVESCO QQQ TRUST SERIES 1',
      industry: 'Funds', category: 'Equity Fund', subcategory: 'Growth-Large Cap', isin: 'US46090E1038', spreadBps: 0.5,
    },
    {
      symbol: 'TLT', conId: 15547841, stockType: 'ETF', primaryExch: 'NASDAQ', longName: 'ISHARES 20+ YEAR TREASURY BD',
      industry: 'Funds', category: 'Fixed Income', subcategory: 'Government', isin: 'US4642874329', spreadBps: 1,
    },
    {
      symbol: 'AAPL', conId: 265598, stockType: 'COMMON', primaryExch: 'NASDAQ', longName: 'APPLE INC',
      industry: 'Technology', category: 'Computers', subcategory: 'Computers', isin: 'US0378331005', spreadBps: 1,
    },
    {
      symbol: 'GOOG', conId: 208813720, stockType: 'COMMON', primaryExch: 'NASDAQ', longName: 'ALPHABET INC-CL C',
      industry: 'Communications', category: 'Internet', subcategory: 'Web Portals/ISP', isin: 'US02079K1079', spreadBps: 1.5,
    },
  ] satisfies ListingFacts[]
).map((l) => ({ ...underlyingParams(l.symbol), ...l }));

/** A spec for a symbol: the known one, or generic values with a conId derived from the symbol. */
export function underlyingSpec(symbol: string, hash: number): UnderlyingSpec {
  const known = KNOWN.find((k) => k.symbol === symbol);
  if (known) return known;
  return {
    ...underlyingParams(symbol),
    conId: 100_000_000 + (hash % 800_000_000), stockType: 'COMMON', primaryExch: 'NASDAQ', longName: symbol,
    industry: '', category: '', subcategory: '', isin: '', spreadBps: 2,
  };
}

/** Order of known symbols first (stable option conIds), then the others alphabetically. */
export function underlyingOrder(a: string, b: string): number {
  const ia = KNOWN.findIndex((k) => k.symbol === a);
  const ib = KNOWN.findIndex((k) => k.symbol === b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

export const VIX_SPEC = { symbol: 'VIX', conId: 13455763, exchange: 'CBOE', longName: 'CBOE Volatility Index', minTick: 0.01 } as const;

/** A listed stock or ETF: USD, SMART-routed, on its primary exchange. */
export interface ListedStock extends StockInstrument {
  readonly conId: number;
  readonly primaryExchange: string;
  readonly spec: UnderlyingSpec;
  readonly tape: SymbolTape;
  /** 0..7: the slot in option conIds; -1 when this symbol lists no options. */
  readonly optionSlot: number;
}

/** VIX, quoted from SPY's tape. */
export interface ListedIndex extends IndexInstrument {
  readonly conId: number;
  /** VIX is derived from SPY. */
  readonly base: ListedStock;
}

/** A listed equity option: American, physically settled, 100 shares. */
export interface ListedOption extends OptionInstrument {
  readonly conId: number;
  readonly underlying: ListedStock;
  readonly pennyTicks: boolean;
  /** Expiry instant: 16:00 US/Eastern on the expiry date (`expiry`, yyyymmdd). */
  readonly expiryMs: number;
  readonly localSymbol: string;
}

export type Listing = ListedStock | ListedIndex | ListedOption;

export function listedStock(spec: UnderlyingSpec, tape: SymbolTape, optionSlot: number): ListedStock {
  return { secType: 'STK', symbol: spec.symbol, currency: 'USD', exchange: 'SMART', primaryExchange: spec.primaryExch, multiplier: 1, conId: spec.conId, spec, tape, optionSlot };
}

export function listedVix(base: ListedStock): ListedIndex {
  return { secType: 'IND', symbol: VIX_SPEC.symbol, currency: 'USD', exchange: VIX_SPEC.exchange, multiplier: 1, conId: VIX_SPEC.conId, base };
}

export function listedOption(underlying: ListedStock, conId: number, expiry: number, expiryMs: number, strike: number, right: 'C' | 'P', localSymbol: string): ListedOption {
  return {
    secType: 'OPT', symbol: underlying.symbol, currency: 'USD', exchange: 'SMART', multiplier: 100, conId, underlying, right, strike, expiry,
    style: 'american', settlement: 'physical', pennyTicks: underlying.spec.pennyOptions, expiryMs, localSymbol,
  };
}

/** The tape a listing is quoted from (the stock's own, SPY's for VIX, the underlying's for an option). */
export function baseTape(l: Listing): SymbolTape {
  return l.secType === 'STK' ? l.tape : l.secType === 'IND' ? l.base.tape : l.underlying.tape;
}

/**
 * The domain fields of a listing only (no spec, tape or listing data): what a position or an order
 * stores, so the ledger and the order book stay plain JSON.
 */
export function plainInstrument(l: Listing): HoldableInstrument {
  switch (l.secType) {
    case 'STK':
      return plainStock(l);
    case 'IND':
      return { secType: 'IND', symbol: l.symbol, currency: l.currency, exchange: l.exchange, multiplier: l.multiplier, conId: l.conId };
    case 'OPT':
      return {
        secType: 'OPT', symbol: l.symbol, currency: l.currency, exchange: l.exchange, multiplier: l.multiplier, conId: l.conId, underlying: plainStock(l.underlying),
        right: l.right, strike: l.strike, expiry: l.expiry, style: l.style, settlement: l.settlement, pennyTicks: l.pennyTicks,
      };
  }
}

function plainStock(l: ListedStock): StockInstrument {
  return { secType: 'STK', symbol: l.symbol, currency: l.currency, exchange: l.exchange, primaryExchange: l.primaryExchange, multiplier: l.multiplier, conId: l.conId };
}

/** The exchanges a request may name for US stocks/ETFs and options (anything else matches nothing). */
export const STOCK_EXCHANGES = ['SMART', 'AMEX', 'NYSE', 'CBOE', 'PHLX', 'ISE', 'CHX', 'ARCA', 'ISLAND', 'NASDAQ', 'DRCTEDGE', 'BEX', 'BATS', 'EDGEA', 'BYX', 'IEX', 'LTSE', 'MEMX', 'PEARL', 'PSX'];
export const OPTION_EXCHANGES = ['SMART', 'AMEX', 'BATS', 'BOX', 'CBOE', 'CBOE2', 'EDGX', 'EMERALD', 'GEMINI', 'IBUSOPT', 'ISE', 'MERCURY', 'MIAX', 'NASDAQOM', 'PEARL', 'PHLX', 'PSE'];
