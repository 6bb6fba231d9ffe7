// The contract catalogue: which instruments exist at a replay instant, how a request's contract
// fields select them, and their CONTRACT_DATA records (ib-protocol.md §5.1). A stock exists from its
// first to its last sample date; an index (VIX, SPX, NDX) while its base ETF does; an option exists
// while its underlying does and it is in that day's chain (option-chain.ts). SPX options are the
// classes SPX (monthly expiries) and SPXW (weeklies and dailies), routed SMART or CBOE.

import { daysFromYyyymmdd, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import type { ContractDetailsRecord, SymbolSample } from '../wire/encoders.ts';
import type { ContractQuery } from '../wire/requests.ts';
import { strikeStaysListed, thirdFriday } from '../../../shared/options/chain.ts';
import { hashString } from '../../../shared/data/seeded-hash.ts';
import { optionTickLadder } from '../../../shared/broker/ibkr-rules.ts';
import { optionMarketRule } from './market-rules.ts';
import {
  INDEX_OPTION_EXCHANGES,
  INDEX_SPECS,
  OPTION_EXCHANGES,
  STOCK_EXCHANGES,
  listedIndex,
  listedOption,
  listedStock,
  optionParams,
  tapeScale,
  underlyingOrder,
  underlyingSpec,
  type ListedIndex,
  type ListedOption,
  type ListedStock,
  type Listing,
} from './listed.ts';
import {
  MAX_OPTION_SLOTS,
  buildChain,
  decodeIndexOptionConId,
  decodeOptionConId,
  encodeIndexOptionConId,
  encodeOptionConId,
  occSymbol,
  parseOccSymbol,
  type OptionChain,
} from './option-chain.ts';
import type { SampleData } from './sample-data.ts';
import { XNYS, sessionCloseMs, type ReplaySessions } from './replay-sessions.ts';
import { SymbolTape } from './symbol-tape.ts';
import { easternDate, easternToUtc } from '../../../shared/time/us-eastern.ts';
import { formatYyyymmdd } from '../../../shared/time/tws-time.ts';

export type Resolution = { readonly ok: true; readonly instrument: Listing } | { readonly ok: false; readonly reason: 'none' | 'ambiguous'; readonly what: string };

const STOCK_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AON,AVGCOST,BASKET,BENCHPX,CASHQTY,COND,CONDORDER,DARKONLY,DARKPOLL,DAY,DEACT,DEACTDIS,DEACTEOD,DIS,DUR,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,PRICECHK,REL,REL2MID,RELPCTOFS,RPI,RTH,SCALE,SCALEODD,SCALERST,SIZECHK,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const OPTION_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,FOK,GAT,GTC,GTD,GTT,HID,ICE,IOC,LIT,LMT,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,OPENCLOSE,PAON,PEGMIDVOL,PEGMKTVOL,PEGPRMVOL,PEGSRFVOL,POSTONLY,PRICECHK,REL,REL2MID,RELPCTOFS,SCALE,SCALERST,SIZECHK,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,VOLAT,WHATIF';
const INDEX_ORDER_TYPES = 'ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,IOC,LIT,LMT,MIT,MKT,NONALGO,OCA,REL,SCALE,SCALERST,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';

/** Market rule 26: US stocks $0.01; 111: indices; options: their class's rule (market-rules.ts). */
const STOCK_RULE = 26;
const INDEX_RULE = '111';

/** An underlying that lists options: a stock/ETF or an index (SPX). */
export type OptionUnderlying = ListedStock | ListedIndex;

export class Catalogue {
  readonly stocks: readonly ListedStock[];
  readonly vix: ListedIndex | undefined;
  /** VIX, SPX and NDX where their base ETF is in the data. */
  readonly indices: readonly ListedIndex[];
  private readonly bySymbol = new Map<string, ListedStock>();
  private readonly indexBySymbol = new Map<string, ListedIndex>();
  private readonly byConId = new Map<number, ListedStock | ListedIndex>();
  private readonly chains = new Map<string, OptionChain>();

  constructor(
    data: SampleData,
    readonly calendar: ReplaySessions,
  ) {
    const symbols = [...data.symbols.keys()].sort(underlyingOrder);
    this.stocks = symbols.map((symbol, i) => {
      const spec = underlyingSpec(symbol, hashString(symbol));
      const inst = listedStock(spec, new SymbolTape(data.symbols.get(symbol)!), i < MAX_OPTION_SLOTS ? i : -1);
      this.bySymbol.set(symbol, inst);
      this.byConId.set(inst.conId, inst);
      return inst;
    });
    const indices: ListedIndex[] = [];
    for (const spec of INDEX_SPECS) {
      const base = this.bySymbol.get(spec.base);
      if (!base) continue;
      const inst = listedIndex(spec, base, spec.options ? 0 : -1);
      indices.push(inst);
      this.indexBySymbol.set(spec.symbol, inst);
      this.byConId.set(inst.conId, inst);
    }
    this.indices = indices;
    this.vix = this.indexBySymbol.get('VIX');
  }

  underlying(symbol: string): ListedStock | undefined {
    return this.bySymbol.get(symbol.toUpperCase());
  }

  /** An index (VIX, SPX, NDX) by symbol, whether or not it is listed now. */
  index(symbol: string): ListedIndex | undefined {
    return this.indexBySymbol.get(symbol.toUpperCase());
  }

  /** Session date the instant belongs to (the last session opened at or before it; the first one before that). */
  sessionDate(t: number): number {
    const i = this.calendar.sessionAtOrBefore(t);
    return i < 0 ? this.calendar.first : this.calendar.dates[i];
  }

  /** Whether the instrument is listed at instant t. */
  isListed(inst: Listing, t: number): boolean {
    const date = easternDate(t);
    switch (inst.secType) {
      case 'STK':
        return date >= inst.tape.firstDate && date <= inst.tape.lastDate;
      case 'IND':
        return this.isListed(inst.base, t);
      case 'OPT':
        return this.isListed(inst.underlying, t) && t < inst.expiryMs && this.strikeListed(inst.underlying, inst.expiry, inst.strike, this.sessionDate(t));
    }
  }

  private readonly stickyStrikes = new Map<string, boolean>();

  /** Whether an expiry's strike is listed on a session: on its chain, or on an earlier session's (strikeStaysListed). */
  private strikeListed(u: OptionUnderlying, expiry: number, strike: number, date: number): boolean {
    const today = this.chainOn(u, date)?.expiry(expiry);
    if (!today) return false;
    if (today.strikes.includes(strike)) return true;
    const key = `${u.symbol}:${expiry}:${strike}:${date}`;
    let listed = this.stickyStrikes.get(key);
    if (listed === undefined) {
      const sessions = this.calendar;
      listed = strikeStaysListed(strike, date, (d) => this.chainOn(u, d)?.expiry(expiry)?.strikes, (d) => {
        const i = sessions.indexOf(d);
        return i > 0 ? sessions.dates[i - 1] : undefined;
      });
      if (this.stickyStrikes.size >= 4096) this.stickyStrikes.clear();
      this.stickyStrikes.set(key, listed);
    }
    return listed;
  }

  /** The option chain listed for the session of instant t, or undefined (no options / no data). */
  chain(stock: OptionUnderlying, t: number): OptionChain | undefined {
    return this.chainOn(stock, this.sessionDate(t));
  }

  /** The option chain listed on a session date, or undefined (no options / no data). */
  private chainOn(stock: OptionUnderlying, date: number): OptionChain | undefined {
    if (stock.optionSlot < 0) return undefined;
    const key = `${stock.symbol}:${date}`;
    let chain = this.chains.get(key);
    if (!chain) {
      const base = stock.secType === 'STK' ? stock : stock.base;
      const reference = this.referencePrice(base, date);
      if (reference === undefined) return undefined;
      chain = buildChain(optionParams(stock), date, reference * tapeScale(stock), this.calendar);
      if (this.chains.size > 64) this.chains.clear();
      this.chains.set(key, chain);
    }
    return chain;
  }

  /** Previous session's close (within 10 days), else the session's own open. */
  private referencePrice(stock: ListedStock, date: number): number | undefined {
    const d = stock.tape.daily;
    const t = easternToUtc(date, 12 * 60);
    const i = stock.tape.dayAtOrBefore(t);
    if (i < 0) return undefined;
    if (d.date[i] === date) {
      if (i > 0 && daysFromYyyymmdd(date) - daysFromYyyymmdd(d.date[i - 1]) <= 10) return d.close[i - 1];
      return d.open[i];
    }
    return d.close[i];
  }

  /** An option instrument (listed or not) for the given fields. */
  option(stock: OptionUnderlying, expiry: number, strike: number, right: 'C' | 'P'): ListedOption | undefined {
    if (stock.secType === 'IND') {
      const conId = encodeIndexOptionConId(stock.optionSlot, expiry, strike, right);
      if (conId < 0) return undefined;
      const cls = this.isMonthly(expiry) ? stock.symbol : `${stock.symbol}W`;
      return listedOption(stock, conId, expiry, sessionCloseMs(expiry), strike, right, occSymbol(cls, expiry, right, strike), cls);
    }
    const conId = encodeOptionConId(stock.optionSlot, expiry, strike, right);
    if (conId < 0) return undefined;
    return listedOption(stock, conId, expiry, sessionCloseMs(expiry), strike, right, occSymbol(stock.symbol, expiry, right, strike));
  }

  /**
   * Whether an expiry is its month's standard one: the third Friday, or the trading day before it when
   * that Friday is a holiday (shared/options/chain.ts). SPX options on it are class SPX, others SPXW.
   */
  private isMonthly(expiry: number): boolean {
    const third = thirdFriday(Math.floor(expiry / 10_000), Math.floor(expiry / 100) % 100);
    const gap = daysFromYyyymmdd(third) - daysFromYyyymmdd(expiry);
    if (gap < 0 || gap > 3) return false;
    for (let d = daysFromYyyymmdd(expiry) + 1; d <= daysFromYyyymmdd(third); d++) if (this.calendar.isTradingDay(yyyymmddFromDays(d))) return false;
    return true;
  }

  /** The listed instrument with this conId at t. */
  byId(conId: number, t: number): Listing | undefined {
    const direct = this.byConId.get(conId);
    if (direct) return this.isListed(direct, t) ? direct : undefined;
    const inst = this.optionById(conId);
    return inst && this.isListed(inst, t) ? inst : undefined;
  }

  /** The option instrument a conId encodes (listed or not), or undefined. */
  optionById(conId: number): ListedOption | undefined {
    const o = decodeOptionConId(conId);
    if (o) {
      const stock = this.stocks.find((s) => s.optionSlot === o.slot);
      return stock && this.option(stock, o.expiry, o.strike, o.right);
    }
    const x = decodeIndexOptionConId(conId);
    const index = x && this.indices.find((i) => i.optionSlot === x.slot);
    return index ? this.option(index, x!.expiry, x!.strike, x!.right) : undefined;
  }

  /** Every listed instrument matching a contract-details request (ib-protocol.md §5.1). */
  match(q: ContractQuery, t: number): Listing[] {
    if (q.conId > 0) {
      const inst = this.byId(q.conId, t);
      return inst && (!q.symbol || q.symbol.toUpperCase() === inst.symbol) ? [inst] : [];
    }
    if (q.currency && q.currency.toUpperCase() !== 'USD') return [];
    const secType = q.secType.toUpperCase();
    const exchange = q.exchange.toUpperCase();
    const out: Listing[] = [];
    if (secType === '' || secType === 'STK') {
      if (exchange && !STOCK_EXCHANGES.includes(exchange)) return out;
      const symbol = (q.symbol || q.localSymbol).toUpperCase();
      const s = this.bySymbol.get(symbol);
      if (s && this.isListed(s, t)) out.push(s);
    }
    if (secType === '' || secType === 'IND') {
      const index = this.indexBySymbol.get((q.symbol || q.localSymbol).toUpperCase());
      if (index && (!exchange || exchange === index.exchange || exchange === 'SMART') && this.isListed(index, t)) out.push(index);
    }
    if (secType === 'OPT') out.push(...this.matchOptions(q, t));
    return out;
  }

  private matchOptions(q: ContractQuery, t: number): ListedOption[] {
    const indexClass = this.indexOptionRoot(q.symbol || q.tradingClass || parseOccSymbol(q.localSymbol)?.root || '');
    if (indexClass) return this.matchIndexOptions(indexClass, q, t);
    if (q.exchange && !OPTION_EXCHANGES.includes(q.exchange.toUpperCase())) return [];
    if (q.multiplier && Number(q.multiplier) !== 100) return [];
    let symbol = (q.symbol || q.tradingClass).toUpperCase();
    let expiryFilter = q.lastTradeDateOrContractMonth.trim();
    let strike = q.strike ?? 0;
    let right = q.right.toUpperCase();
    if (q.localSymbol) {
      const occ = parseOccSymbol(q.localSymbol);
      if (!occ || (symbol && occ.root !== symbol)) return [];
      symbol = occ.root;
      expiryFilter = String(occ.expiry);
      strike = occ.strike;
      right = occ.right;
    }
    const stock = this.bySymbol.get(symbol);
    if (!stock || !this.isListed(stock, t)) return [];
    return this.chainOptions(stock, expiryFilter, strike, right, '', t);
  }

  /** The index whose options a symbol, trading class or OCC root names (SPX, SPXW → SPX), if it lists options. */
  private indexOptionRoot(name: string): { index: ListedIndex; cls: string } | undefined {
    const n = name.trim().toUpperCase();
    for (const index of this.indices) {
      if (index.optionSlot < 0) continue;
      if (n === index.symbol) return { index, cls: '' };
      if (n === `${index.symbol}W`) return { index, cls: n };
    }
    return undefined;
  }

  /** SPX options: by symbol (any class) or trading class / OCC root (SPX or SPXW), on SMART or CBOE. */
  private matchIndexOptions({ index, cls }: { index: ListedIndex; cls: string }, q: ContractQuery, t: number): ListedOption[] {
    if (q.exchange && !INDEX_OPTION_EXCHANGES.includes(q.exchange.toUpperCase())) return [];
    if (q.multiplier && Number(q.multiplier) !== 100) return [];
    if (q.symbol && q.symbol.toUpperCase() !== index.symbol && q.symbol.toUpperCase() !== cls) return [];
    let tradingClass = (q.tradingClass || cls).toUpperCase();
    let expiryFilter = q.lastTradeDateOrContractMonth.trim();
    let strike = q.strike ?? 0;
    let right = q.right.toUpperCase();
    if (q.localSymbol) {
      const occ = parseOccSymbol(q.localSymbol);
      if (!occ || (tradingClass && occ.root !== tradingClass)) return [];
      tradingClass = occ.root;
      expiryFilter = String(occ.expiry);
      strike = occ.strike;
      right = occ.right;
    }
    if (tradingClass && tradingClass !== index.symbol && tradingClass !== `${index.symbol}W`) return [];
    if (!this.isListed(index, t)) return [];
    return this.chainOptions(index, expiryFilter, strike, right, tradingClass, t);
  }

  /** The chain's options matching an expiry filter (yyyymm / yyyymmdd / ''), strike (0 = any), right and class ('' = any). */
  private chainOptions(u: OptionUnderlying, expiryFilter: string, strike: number, right: string, tradingClass: string, t: number): ListedOption[] {
    const chain = this.chain(u, t);
    if (!chain) return [];
    const rights: ('C' | 'P')[] = right === '' || right === '?' ? ['C', 'P'] : right === 'C' || right === 'CALL' ? ['C'] : right === 'P' || right === 'PUT' ? ['P'] : [];
    if (!/^(\d{6}|\d{8})?$/.test(expiryFilter)) return [];
    const out: ListedOption[] = [];
    for (const e of chain.expiries) {
      if (expiryFilter.length === 8 && String(e.date) !== expiryFilter) continue;
      if (expiryFilter.length === 6 && String(Math.floor(e.date / 100)) !== expiryFilter) continue;
      // One strike asked for: also one listed on an earlier session of the expiry.
      const strikes = strike > 0 ? (e.strikes.includes(strike) || this.strikeListed(u, e.date, strike, chain.date) ? [strike] : []) : e.strikes;
      for (const k of strikes) {
        for (const r of rights) {
          const inst = this.option(u, e.date, k, r);
          if (inst && t < inst.expiryMs && (!tradingClass || inst.tradingClass === tradingClass)) out.push(inst);
        }
      }
    }
    return out;
  }

  /** Exactly one instrument for a market data / historical request, else why not. */
  resolve(q: ContractQuery, t: number): Resolution {
    const found = this.match(q, t);
    const what = describe(q);
    if (found.length === 1) return { ok: true, instrument: found[0] };
    return { ok: false, reason: found.length === 0 ? 'none' : 'ambiguous', what };
  }

  /** reqMatchingSymbols: symbols starting with the pattern, then names containing it (at most 16, like TWS). */
  matchingSymbols(pattern: string, t: number): SymbolSample[] {
    const p = pattern.trim().toUpperCase();
    if (!p) return [];
    const listed: (ListedStock | ListedIndex)[] = [...this.stocks, ...this.indices].filter((i) => this.isListed(i, t));
    const name = (i: ListedStock | ListedIndex) => i.spec.longName.toUpperCase();
    const hits = [...listed.filter((i) => i.symbol.startsWith(p)), ...listed.filter((i) => !i.symbol.startsWith(p) && name(i).includes(p))];
    return hits.slice(0, 16).map((i) =>
      i.secType === 'STK'
        ? { conId: i.conId, symbol: i.symbol, secType: 'STK', primaryExch: i.primaryExchange, currency: i.currency, derivativeSecTypes: i.optionSlot >= 0 ? ['OPT'] : [], description: i.spec.longName }
        : { conId: i.conId, symbol: i.symbol, secType: 'IND', primaryExch: i.exchange, currency: i.currency, derivativeSecTypes: i.optionSlot >= 0 ? ['OPT'] : [], description: i.spec.longName },
    );
  }

  /** The smallest price step of a listing as contract details and TICK_REQ_PARAMS give it (the first step of its ladder; $0.01 for stocks). */
  minTick(inst: Listing): number {
    if (inst.secType === 'OPT') return optionTickLadder(inst.underlying.symbol, inst.pennyTicks)[0].increment;
    return inst.secType === 'IND' ? inst.spec.minTick : 0.01;
  }

  /** The CONTRACT_DATA record of an instrument, for a request that named `exchange`. */
  details(inst: Listing, exchange: string, t: number): ContractDetailsRecord {
    const date = this.sessionDate(t);
    const hours = this.tradingHours(date, '0400', '2000', '1700');
    const liquid = this.tradingHours(date, '0930', '1600', '1300');
    const base = {
      lastTradeDateOrContractMonth: '', lastTradeDate: '', strike: 0, right: '' as const, currency: 'USD', priceMagnifier: 1, underConId: 0,
      contractMonth: '', timeZoneId: 'US/Eastern', tradingHours: hours, liquidHours: liquid, evRule: '', evMultiplier: undefined,
      underSymbol: '', underSecType: '', realExpirationDate: '', minSize: '1', sizeIncrement: '1', suggestedSizeIncrement: '100',
    };
    if (inst.secType === 'STK') {
      const s = inst.spec;
      return {
        ...base, symbol: inst.symbol, secType: 'STK', exchange: exchange || 'SMART', localSymbol: inst.symbol,
        marketName: s.stockType === 'ETF' ? inst.symbol : 'NMS', tradingClass: s.stockType === 'ETF' ? inst.symbol : 'NMS', conId: inst.conId,
        minTick: 0.01, multiplier: '', orderTypes: STOCK_ORDER_TYPES, validExchanges: STOCK_EXCHANGES.join(','), longName: s.longName,
        primaryExch: s.primaryExch, industry: s.industry, category: s.category, subcategory: s.subcategory,
        secIds: s.isin ? [{ tag: 'ISIN', value: s.isin }] : [], aggGroup: 1, marketRuleIds: STOCK_EXCHANGES.map(() => STOCK_RULE).join(','),
        stockType: s.stockType, minSize: '0.0001', sizeIncrement: '0.0001',
      };
    }
    if (inst.secType === 'IND') {
      const spec = inst.spec;
      return {
        ...base, symbol: spec.symbol, secType: 'IND', exchange: spec.exchange, localSymbol: spec.symbol, marketName: spec.symbol, tradingClass: spec.symbol,
        conId: inst.conId, minTick: spec.minTick, multiplier: '', orderTypes: INDEX_ORDER_TYPES, validExchanges: spec.exchange,
        longName: spec.longName, primaryExch: '', industry: 'Indices', category: spec.category, subcategory: '', secIds: [],
        aggGroup: 2, marketRuleIds: INDEX_RULE, stockType: '', suggestedSizeIncrement: '1',
      };
    }
    const u = inst.underlying;
    const exp = formatYyyymmdd(inst.expiry);
    const rule = optionMarketRule(u.symbol, inst.pennyTicks);
    const exchanges = u.secType === 'STK' ? OPTION_EXCHANGES : INDEX_OPTION_EXCHANGES;
    const industry = u.secType === 'STK' ? u.spec.industry : 'Indices';
    const subcategory = u.secType === 'STK' ? u.spec.subcategory : '';
    return {
      ...base, symbol: u.symbol, secType: 'OPT', lastTradeDateOrContractMonth: exp, lastTradeDate: exp, strike: inst.strike, right: inst.right,
      exchange: exchange || 'SMART', localSymbol: inst.localSymbol, marketName: inst.tradingClass, tradingClass: inst.tradingClass, conId: inst.conId,
      minTick: this.minTick(inst), multiplier: '100', orderTypes: OPTION_ORDER_TYPES, validExchanges: exchanges.join(','), underConId: u.conId,
      longName: u.spec.longName, primaryExch: '', contractMonth: exp.slice(0, 6), industry, category: u.spec.category,
      subcategory, tradingHours: this.tradingHours(date, '0930', '1600', '1300'), secIds: [], aggGroup: 2, underSymbol: u.symbol,
      underSecType: u.secType, marketRuleIds: exchanges.map(() => rule).join(','), realExpirationDate: exp, stockType: '',
      suggestedSizeIncrement: '1',
    };
  }

  /**
   * TWS's hours string for a week from `date`: `20240220:0400-20240220:2000;20240224:CLOSED;…`;
   * an early-close day (13:00 ET) ends at `toEarly`.
   */
  private tradingHours(date: number, from: string, to: string, toEarly: string): string {
    const parts: string[] = [];
    let days = daysFromYyyymmdd(date);
    for (let i = 0; i < 7; i++, days++) {
      const d = yyyymmddFromDays(days);
      const s = formatYyyymmdd(d);
      const end = XNYS.session(d)?.earlyClose ? toEarly : to;
      parts.push(this.calendar.isTradingDay(d) ? `${s}:${from}-${s}:${end}` : `${s}:CLOSED`);
    }
    return parts.join(';');
  }
}

function describe(q: ContractQuery): string {
  const parts = [q.symbol || q.localSymbol || `conId ${q.conId}`, q.secType, q.lastTradeDateOrContractMonth, q.strike ? String(q.strike) : '', q.right].filter(Boolean);
  return parts.join(' ');
}
