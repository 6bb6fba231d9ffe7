// Synthetic option quotes for backtests: the TWS simulator's option model (quote-model.ts,
// volatility.ts, chain.ts, underlying-params.ts) driven by each underlying's daily bars, so a
// backtest prices, fills and lists options exactly as the simulator quotes them.
//
// - The session of an instant: a daily bar's stamp (UTC midnight of its date, as BarSeries stores
//   daily bars) stands for that date, valued at its session open; any other instant belongs to its
//   America/New_York calendar date.
// - Realised volatility: the shared rule (20 daily close-to-close returns before the session, no
//   reaching across stale data), DEFAULT_VOL when there are fewer than 5 (there are no minute bars
//   to fall back on here). Only bars dated before the session are read: no look-ahead. Cached per
//   symbol and session.
// - Time to expiry: from the instant to the close of the expiry's session on the calendar (16:00 ET,
//   13:00 ET on an early close, like the simulator); the risk-free rate of the session's year.
// - The chain of a session: the listed expiries and strikes of its date (chain.ts, trading days from
//   the calendar) around the reference price, the previous session's close (the session's own open
//   when the previous bar is more than 10 days old, as in the simulator); expiries already past at
//   the instant are left out. The listing is cached per symbol and session.

import { optionTickLadder } from '../broker/ibkr-rules.ts';
import type { BarSeries } from '../data/bar-series.ts';
import { MS_PER_DAY, daysFromYyyymmdd } from '../data/iso-time.ts';
import { option, stock, type OptionInstrument, type StockInstrument } from '../domain/instrument.ts';
import { ParameterError } from '../errors.ts';
import type { ChainQuote, OptionQuotes, OptionTouch } from './option-quotes.ts';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, US_EQUITY_HOURS, exchangeCalendar, type ExchangeCalendar } from '../time/exchange-calendar.ts';
import { easternToUtc, sessionDateOf } from '../time/us-eastern.ts';
import { listedChain } from './chain.ts';
import { newModelQuote, optionQuote, shownOptionSizes, yearsToExpiry, type ModelQuote } from './quote-model.ts';
import { underlyingParams, type UnderlyingParams } from './underlying-params.ts';
import { DEFAULT_VOL, realisedVolBefore, riskFreeRate } from './volatility.ts';

export interface SyntheticOptionQuotesOptions {
  /** Pricing parameters by symbol; others get underlyingParams(symbol) (known or generic). */
  readonly params?: Readonly<Record<string, UnderlyingParams>>;
  /** Trading days and session hours of the options market (default: exchangeCalendar('XCBO')). */
  readonly calendar?: ExchangeCalendar;
}

/** One listed expiry of a session's chain, with its option instruments (calls and puts by strike). */
interface ListedExpiry {
  readonly date: number;
  readonly closeMs: number;
  readonly strikes: readonly number[];
  readonly calls: readonly OptionInstrument[];
  readonly puts: readonly OptionInstrument[];
}

const MAX_CACHED_LISTINGS = 64;
const HOUR_MS = 3_600_000;

class Underlying {
  /** Day numbers (days since 1970-01-01) of the daily bars, ascending. */
  readonly days: Int32Array;
  readonly stock: StockInstrument;
  /** Realised volatility by session day number. */
  readonly vol = new Map<number, number>();
  /** Listed chain by session day number (null: nothing listed, no reference price). */
  readonly listings = new Map<number, readonly ListedExpiry[] | null>();
  /** The option instruments listed so far, by expiry and strike (call, put): one object per contract for the run. */
  private readonly contracts = new Map<number, Map<number, readonly [OptionInstrument, OptionInstrument]>>();

  /** The call and the put of (expiry, strike), made once: a contract listed on many days is one instrument. */
  contractsOf(expiry: number, strike: number): readonly [OptionInstrument, OptionInstrument] {
    let byStrike = this.contracts.get(expiry);
    if (!byStrike) this.contracts.set(expiry, (byStrike = new Map()));
    let pair = byStrike.get(strike);
    if (!pair) {
      const penny = { pennyTicks: this.params.pennyOptions };
      pair = [option(this.stock, 'C', strike, expiry, penny), option(this.stock, 'P', strike, expiry, penny)];
      byStrike.set(strike, pair);
    }
    return pair;
  }

  /** Forgets the instruments of expiries before `date` (yyyymmdd): they are listed no more. */
  forgetExpired(date: number): void {
    for (const expiry of this.contracts.keys()) if (expiry < date) this.contracts.delete(expiry);
  }

  constructor(
    readonly bars: BarSeries,
    readonly params: UnderlyingParams,
  ) {
    const n = bars.length;
    this.days = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.days[i] = Math.floor(bars.time[i] / MS_PER_DAY);
      if (i > 0 && this.days[i] <= this.days[i - 1]) {
        throw new ParameterError('SyntheticOptionQuotes', 'bars', `${bars.symbol}: daily bars must have ascending dates (bar ${i} is not after bar ${i - 1})`);
      }
    }
    this.stock = stock(bars.symbol);
  }

  /** Index of the first bar dated on or after `day`. */
  lowerBound(day: number): number {
    const d = this.days;
    let lo = 0;
    let hi = d.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Realised volatility known before session `day`. */
  realisedVol(day: number): number {
    let v = this.vol.get(day);
    if (v === undefined) {
      v = realisedVolBefore(this.days, this.bars.close, this.lowerBound(day), day);
      if (v !== v) v = DEFAULT_VOL;
      this.vol.set(day, v);
    }
    return v;
  }

  /** The chain's reference price for session `day` (see the file header); undefined before the first bar. */
  reference(day: number): number | undefined {
    const j = this.lowerBound(day);
    const b = this.bars;
    if (j < this.days.length && this.days[j] === day) {
      if (j > 0 && day - this.days[j - 1] <= 10) return b.close[j - 1];
      return b.open[j];
    }
    return j > 0 ? b.close[j - 1] : undefined;
  }
}

/** Option quotes and chains for backtests from the underlyings' daily bars (see the file header). */
export class SyntheticOptionQuotes implements OptionQuotes {
  private readonly underlyings = new Map<string, Underlying>();
  private readonly params: Readonly<Record<string, UnderlyingParams>>;
  private readonly calendar: ExchangeCalendar;
  private readonly scratch: ModelQuote = newModelQuote();
  private readonly isTradingDay: (yyyymmdd: number) => boolean;

  /** `daily`: each underlying's daily bars (`symbol` set, `time` the UTC midnight of each date). */
  constructor(daily: Iterable<BarSeries>, options: SyntheticOptionQuotesOptions = {}) {
    this.params = options.params ?? {};
    this.calendar = options.calendar ?? exchangeCalendar('XCBO');
    this.isTradingDay = (d) => this.calendar.isSession(d);
    for (const bars of daily) {
      if (!bars.symbol) throw new ParameterError('SyntheticOptionQuotes', 'daily', 'every bar series needs its symbol');
      if (bars.timeframe !== '1d') throw new ParameterError('SyntheticOptionQuotes', 'daily', `${bars.symbol}: needs daily bars, got ${bars.timeframe}`);
      if (this.underlyings.has(bars.symbol)) throw new ParameterError('SyntheticOptionQuotes', 'daily', `${bars.symbol} is given twice`);
      this.underlyings.set(bars.symbol, new Underlying(bars, this.paramsOf(bars.symbol)));
    }
  }

  /** The pricing parameters used for a symbol. */
  paramsOf(symbol: string): UnderlyingParams {
    return Object.prototype.hasOwnProperty.call(this.params, symbol) ? this.params[symbol] : underlyingParams(symbol);
  }

  /** Realised volatility of a symbol known before the session of `time` (DEFAULT_VOL without bars). */
  realisedVol(symbol: string, time: number): number {
    const u = this.underlyings.get(symbol);
    return u ? u.realisedVol(daysFromYyyymmdd(this.sessionDate(time))) : DEFAULT_VOL;
  }

  quote(opt: OptionInstrument, spot: number, time: number): { readonly mid: number; readonly halfSpread: number } {
    const q = this.model(opt, spot, time);
    return { mid: q.mid, halfSpread: (q.ask - q.bid) / 2 };
  }

  touch(opt: OptionInstrument, spot: number, time: number, sizeSeed: number, out: OptionTouch): OptionTouch {
    const q = this.model(opt, spot, time);
    out.bid = q.bid;
    out.ask = q.ask;
    out.price = q.price;
    // The last trade: the model price on the tick, within bid/ask (as the simulator prints it).
    out.last = Math.round(Math.min(q.ask, Math.max(q.bid, Math.round(q.price / q.tick) * q.tick)) * 100) / 100;
    shownOptionSizes(sizeSeed, Math.floor(time / 1000), q.bid, out);
    return out;
  }

  /** The model quote of an option at an instant (into the shared scratch). */
  private model(opt: OptionInstrument, spot: number, time: number): ModelQuote {
    const symbol = opt.underlying.symbol;
    const u = this.underlyings.get(symbol);
    const params = u ? u.params : this.paramsOf(symbol);
    const date = this.sessionDate(time);
    const t = this.valuationInstant(time, date);
    const rv = u ? u.realisedVol(daysFromYyyymmdd(date)) : DEFAULT_VOL;
    const years = yearsToExpiry(t, this.expiryMs(opt.expiry));
    return optionQuote(opt.right, opt.strike, years, spot, riskFreeRate(date), params.dividendYield, rv, params.vol, optionTickLadder(symbol, opt.pennyTicks ?? params.pennyOptions), this.scratch);
  }

  chain(symbol: string, spot: number, time: number, expiry: number | undefined): readonly ChainQuote[] {
    const u = this.underlyings.get(symbol);
    if (!u || !(spot > 0)) return [];
    const date = this.sessionDate(time);
    const day = daysFromYyyymmdd(date);
    const listing = this.listing(u, date, day);
    if (!listing) return [];
    const t = this.valuationInstant(time, date);
    const rv = u.realisedVol(day);
    const rate = riskFreeRate(date);
    const { dividendYield, vol, pennyOptions } = u.params;
    const ticks = optionTickLadder(symbol, pennyOptions);
    const out: ChainQuote[] = [];
    for (const e of listing) {
      if (expiry !== undefined && e.date !== expiry) continue;
      if (e.closeMs <= t) continue;
      const years = yearsToExpiry(t, e.closeMs);
      for (let k = 0; k < e.strikes.length; k++) {
        for (const inst of [e.calls[k], e.puts[k]]) {
          const q = optionQuote(inst.right, inst.strike, years, spot, rate, dividendYield, rv, vol, ticks, this.scratch);
          out.push({ option: inst, bid: q.bid, ask: q.ask, mid: q.mid, delta: q.delta, iv: q.vol });
        }
      }
    }
    return out;
  }

  expiries(symbol: string, time: number): readonly number[] {
    const u = this.underlyings.get(symbol);
    if (!u) return [];
    const date = this.sessionDate(time);
    const listing = this.listing(u, date, daysFromYyyymmdd(date));
    if (!listing) return [];
    const t = this.valuationInstant(time, date);
    return listing.filter((e) => e.closeMs > t).map((e) => e.date);
  }

  /**
   * The session date (yyyymmdd) an instant belongs to: a daily bar stamp (UTC midnight) is its UTC
   * date, any other instant its America/New_York date.
   */
  sessionDate(time: number): number {
    // Eastern midnight falls on a UTC hour: instants of one UTC hour share their session date.
    if (time % MS_PER_DAY === 0) return sessionDateOf(time);
    const hour = Math.floor(time / HOUR_MS);
    if (hour !== this.lastHour) {
      this.lastHour = hour;
      this.lastDate = sessionDateOf(time);
    }
    return this.lastDate;
  }

  private lastHour = NaN;
  private lastDate = 0;

  /** The instant quotes are valued at: a daily bar stamp stands for its session's open. */
  private valuationInstant(time: number, date: number): number {
    if (time % MS_PER_DAY !== 0) return time;
    const s = this.inCalendar(date) ? this.calendar.session(date) : undefined;
    return s ? s.open : easternToUtc(date, US_EQUITY_HOURS.openMin);
  }

  /** When options expiring on `expiry` stop trading: its session's close (16:00 ET, 13:00 ET on early closes). */
  private expiryMs(expiry: number): number {
    const s = this.inCalendar(expiry) ? this.calendar.session(expiry) : undefined;
    return s ? s.close : easternToUtc(expiry, US_EQUITY_HOURS.closeMin);
  }

  private inCalendar(date: number): boolean {
    const year = Math.floor(date / 10_000);
    return year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR;
  }

  private listing(u: Underlying, date: number, day: number): readonly ListedExpiry[] | null {
    const hit = u.listings.get(day);
    if (hit !== undefined) return hit;
    const reference = u.reference(day);
    let listing: ListedExpiry[] | null = null;
    if (reference !== undefined && reference > 0) {
      u.forgetExpired(date);
      listing = listedChain(u.params, date, reference, this.isTradingDay).map((e) => ({
        date: e.date,
        closeMs: this.expiryMs(e.date),
        strikes: e.strikes,
        calls: e.strikes.map((k) => u.contractsOf(e.date, k)[0]),
        puts: e.strikes.map((k) => u.contractsOf(e.date, k)[1]),
      }));
    }
    if (u.listings.size >= MAX_CACHED_LISTINGS) u.listings.clear();
    u.listings.set(day, listing);
    return listing;
  }
}
