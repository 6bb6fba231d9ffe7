// What can be quoted: the sample data's stocks and ETFs, the indices VIX, SPX and NDX (derived from
// SPY and QQQ), listed options on the stocks and European cash-settled options on SPX. A listing IS
// the shared domain instrument (shared/domain/instrument.ts) with the listing data the simulator needs
// on top (spec, quote tape, option slot, expiry instant, OCC local symbol),
// so it is passed wherever a domain instrument is expected; plainInstrument() strips that data where
// an instrument is stored (positions, orders). Static listing facts per symbol (real IB conIds,
// exchanges, names, spreads) live here; the option pricing parameters (dividend yield, volatility,
// strike style, penny ticks) in shared/options/underlying-params.ts and the option chain rules in
// shared/options/chain.ts.

import type { HoldableInstrument, IndexInstrument, OptionInstrument, StockInstrument } from '../../../shared/domain/instrument.ts';
import { underlyingParams, type UnderlyingParams } from '../../../shared/options/underlying-params.ts';
import { optionSizeSeed } from '../../../shared/options/quote-model.ts';
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

/**
 * An index quoted from an ETF's tape: 'volatility' (VIX, synthesised from SPY's volatility,
 * shared/options/volatility.ts) or 'scaled' (the ETF's price × `ratio`).
 */
export interface IndexSpec {
  readonly symbol: string;
  /** IB's real conIds: VIX 13455763, SPX 416904, NDX 416843. */
  readonly conId: number;
  readonly exchange: string;
  readonly longName: string;
  readonly category: string;
  readonly minTick: number;
  /** The ETF whose tape drives the index. */
  readonly base: string;
  readonly kind: 'volatility' | 'scaled';
  /** Index level per unit of the base's price ('scaled' only; 1 for VIX). */
  readonly ratio: number;
  /** Option pricing parameters when the index lists options (SPX), else undefined. */
  readonly options?: UnderlyingParams;
}

export const VIX_SPEC: IndexSpec = {
  symbol: 'VIX', conId: 13455763, exchange: 'CBOE', longName: 'CBOE Volatility Index', category: 'Volatility Index', minTick: 0.01, base: 'SPY', kind: 'volatility', ratio: 1,
};
/** SPX = SPY × 10: SPY's net asset value is about one tenth of the S&P 500 (its prospectus' design). */
export const SPX_SPEC: IndexSpec = {
  symbol: 'SPX', conId: 416904, exchange: 'CBOE', longName: 'S&P 500 Stock Index', category: 'Broad Range Equity Index', minTick: 0.01, base: 'SPY', kind: 'scaled', ratio: 10,
  options: underlyingParams('SPX'),
};
/**
 * NDX = QQQ × 41.06: the Nasdaq-100's published closes over QQQ's closes in the sample data on the
 * same days — 4,863.62 / 118.48 = 41.05 (2016-12-30) and 6,396.42 / 155.76 = 41.07 (2017-12-29).
 * (QQQ's split-adjusted price started near 1/40 of the index; fees and dividend timing drift the
 * ratio, so earlier years come out up to ~2.5 % high.) NDX lists no options here.
 */
export const NDX_SPEC: IndexSpec = {
  symbol: 'NDX', conId: 416843, exchange: 'NASDAQ', longName: 'NASDAQ 100 Stock Index', category: 'Broad Range Equity Index', minTick: 0.01, base: 'QQQ', kind: 'scaled', ratio: 41.06,
};
export const INDEX_SPECS: readonly IndexSpec[] = [VIX_SPEC, SPX_SPEC, NDX_SPEC];

/** A listed stock or ETF: USD, SMART-routed, on its primary exchange. */
export interface ListedStock extends StockInstrument {
  readonly conId: number;
  readonly primaryExchange: string;
  readonly spec: UnderlyingSpec;
  readonly tape: SymbolTape;
  /** 0..7: the slot in option conIds; -1 when this symbol lists no options. */
  readonly optionSlot: number;
}

/** An index quoted from an ETF's tape (VIX and SPX from SPY's, NDX from QQQ's). */
export interface ListedIndex extends IndexInstrument {
  readonly conId: number;
  readonly spec: IndexSpec;
  /** The ETF the index is derived from. */
  readonly base: ListedStock;
  /** 0..: the slot in index option conIds (option-chain.ts); -1 when the index lists no options. */
  readonly optionSlot: number;
}

/**
 * A listed option: on a stock American, physically settled, 100 shares; on an index (SPX) European,
 * cash-settled, 100 × the index.
 */
export interface ListedOption extends OptionInstrument {
  readonly conId: number;
  readonly underlying: ListedStock | ListedIndex;
  /** The class: the symbol for equity options; SPX (monthly, third Friday) or SPXW (weeklies, dailies). */
  readonly tradingClass: string;
  readonly pennyTicks: boolean;
  /** Expiry instant: 16:00 US/Eastern on the expiry date (`expiry`, yyyymmdd). */
  readonly expiryMs: number;
  readonly localSymbol: string;
  /** Seed of the sizes the contract shows (shared/options/quote-model.ts: the same in a backtest). */
  readonly sizeSeed: number;
}

export type Listing = ListedStock | ListedIndex | ListedOption;

export function listedStock(spec: UnderlyingSpec, tape: SymbolTape, optionSlot: number): ListedStock {
  return { secType: 'STK', symbol: spec.symbol, currency: 'USD', exchange: 'SMART', primaryExchange: spec.primaryExch, multiplier: 1, conId: spec.conId, spec, tape, optionSlot };
}

export function listedIndex(spec: IndexSpec, base: ListedStock, optionSlot: number): ListedIndex {
  return { secType: 'IND', symbol: spec.symbol, currency: 'USD', exchange: spec.exchange, multiplier: 1, conId: spec.conId, spec, base, optionSlot };
}

export function listedVix(base: ListedStock): ListedIndex {
  return listedIndex(VIX_SPEC, base, -1);
}

export function listedOption(underlying: ListedStock | ListedIndex, conId: number, expiry: number, expiryMs: number, strike: number, right: 'C' | 'P', localSymbol: string, tradingClass = underlying.symbol): ListedOption {
  const index = underlying.secType === 'IND';
  return {
    secType: 'OPT', symbol: underlying.symbol, currency: 'USD', exchange: 'SMART', multiplier: 100, conId, underlying, right, strike, expiry,
    style: index ? 'european' : 'american', settlement: index ? 'cash' : 'physical', pennyTicks: optionParams(underlying).pennyOptions, expiryMs, localSymbol, tradingClass,
    sizeSeed: optionSizeSeed({ symbol: underlying.symbol, expiry, right, strike }),
  };
}

/** The option pricing parameters of an underlying (a stock's spec, an index's option class). */
export function optionParams(u: ListedStock | ListedIndex): UnderlyingParams {
  return u.secType === 'STK' ? u.spec : (u.spec.options ?? underlyingParams(u.symbol));
}

/** The instrument's level per unit of its tape's price: 1, or a scaled index's ratio (SPX 10, NDX 41.06). */
export function tapeScale(u: ListedStock | ListedIndex): number {
  return u.secType === 'IND' && u.spec.kind === 'scaled' ? u.spec.ratio : 1;
}

/** The tape a listing is quoted from (the stock's own, the base ETF's for an index, the underlying's for an option). */
export function baseTape(l: Listing): SymbolTape {
  if (l.secType === 'STK') return l.tape;
  if (l.secType === 'IND') return l.base.tape;
  return l.underlying.secType === 'STK' ? l.underlying.tape : l.underlying.base.tape;
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
      return plainIndex(l);
    case 'OPT':
      return {
        secType: 'OPT', symbol: l.symbol, currency: l.currency, exchange: l.exchange, multiplier: l.multiplier, conId: l.conId,
        underlying: l.underlying.secType === 'STK' ? plainStock(l.underlying) : plainIndex(l.underlying),
        right: l.right, strike: l.strike, expiry: l.expiry, style: l.style, settlement: l.settlement, pennyTicks: l.pennyTicks,
      };
  }
}

function plainIndex(l: ListedIndex): IndexInstrument {
  return { secType: 'IND', symbol: l.symbol, currency: l.currency, exchange: l.exchange, multiplier: l.multiplier, conId: l.conId };
}

function plainStock(l: ListedStock): StockInstrument {
  return { secType: 'STK', symbol: l.symbol, currency: l.currency, exchange: l.exchange, primaryExchange: l.primaryExchange, multiplier: l.multiplier, conId: l.conId };
}

/** The exchanges a request may name for US stocks/ETFs and options (anything else matches nothing). */
export const STOCK_EXCHANGES = ['SMART', 'AMEX', 'NYSE', 'CBOE', 'PHLX', 'ISE', 'CHX', 'ARCA', 'ISLAND', 'NASDAQ', 'DRCTEDGE', 'BEX', 'BATS', 'EDGEA', 'BYX', 'IEX', 'LTSE', 'MEMX', 'PEARL', 'PSX'];
/** Where SPX options may be routed (they list on Cboe only). */
export const INDEX_OPTION_EXCHANGES = ['SMART', 'CBOE'];
export const OPTION_EXCHANGES = ['SMART', 'AMEX', 'BATS', 'BOX', 'CBOE', 'CBOE2', 'EDGX', 'EMERALD', 'GEMINI', 'IBUSOPT', 'ISE', 'MERCURY', 'MIAX', 'NASDAQOM', 'PEARL', 'PHLX', 'PSE'];
