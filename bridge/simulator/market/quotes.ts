// Quotes at an instant, for every kind of instrument, written into a reusable Quote (no per-tick
// allocation). The spread model:
// - stocks/ETFs: last = the tape's path price rounded to the cent; bid/ask straddle it with a spread
//   of max(1 tick, price × spreadBps), doubled during the first 5 minutes of the session; the last
//   trade prints at the bid side; sizes are deterministic pseudo-random round lots of the second;
// - indices (no bid/ask, a last price only): VIX from volatility.ts; SPX and NDX are their base ETF's
//   path price × the index ratio (SPY × 10, QQQ × 41.06: market/listed.ts), open/high/low/close alike;
// - options: the shared option quote model (shared/options/quote-model.ts) on the underlying's path
//   price (an index option's underlying is the index level: SPX = SPY × 10, on SPY's volatility): Black–Scholes–Merton with the surface volatility; bid/ask around the model price, width
//   max(tick, 1 ¢ + 2 % of premium) × (1 + ½|z|) where z is the standardised moneyness, so far
//   strikes quote wider; ticks $0.01 (penny classes or premium below $3) else $0.05; shown sizes by
//   the shared rule too. The last trade is the model price on the tick within bid/ask. Greeks for bid/ask/last come from the volatility
//   implied by each price.

import { optionTickLadder } from '../../../shared/broker/ibkr-rules.ts';
import { bsGreeks, bsPrice, impliedVol, newGreeks, type Greeks } from '../../../shared/options/index.ts';
import { newModelQuote, optionQuote, shownOptionSizes, yearsToExpiry, YEAR_MS, type ModelQuote } from '../../../shared/options/quote-model.ts';
import { atmVol, riskFreeRate, vixLevel } from '../../../shared/options/volatility.ts';
import { hash32 } from '../../../shared/data/seeded-hash.ts';
import { optionParams, tapeScale, type ListedIndex, type ListedOption, type ListedStock, type Listing } from './listed.ts';
import { newTapeSample, type TapeSample } from './symbol-tape.ts';
import { realisedVol } from './volatility.ts';

export interface Quote {
  valid: boolean;
  /** NaN when the instrument has no bid/ask (an index). */
  bid: number;
  ask: number;
  last: number;
  bidSize: number;
  askSize: number;
  lastSize: number;
  /** Session volume so far (shares or contracts). */
  volume: number;
  high: number;
  low: number;
  open: number;
  /** Previous session's close. */
  close: number;
  /** Last trade time, epoch seconds. */
  lastTime: number;
  /** Session date of the quote (yyyymmdd). */
  date: number;
  // Options (NaN otherwise)
  underlying: number;
  modelVol: number;
  pvDividend: number;
  model: Greeks;
  bidGreeks: Greeks;
  askGreeks: Greeks;
  lastGreeks: Greeks;
  bidVol: number;
  askVol: number;
  lastVol: number;
  openInterest: number;
  /** Stocks: realised (historical) and 30-day ATM implied volatility. */
  histVol: number;
  impliedVol30: number;
}

export function newQuote(): Quote {
  return {
    valid: false, bid: NaN, ask: NaN, last: NaN, bidSize: 0, askSize: 0, lastSize: 0, volume: 0, high: NaN, low: NaN, open: NaN, close: NaN,
    lastTime: 0, date: 0, underlying: NaN, modelVol: NaN, pvDividend: NaN, model: newGreeks(), bidGreeks: newGreeks(), askGreeks: newGreeks(),
    lastGreeks: newGreeks(), bidVol: NaN, askVol: NaN, lastVol: NaN, openInterest: 0, histVol: NaN, impliedVol30: NaN,
  };
}

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * A stock's spread in cent ticks at a price: max(1 tick, price × spreadBps) × factor (2 in the first
 * five minutes of the session, EXTENDED_SPREAD_FACTOR outside regular hours: extended-hours.ts).
 */
export function stockSpreadTicks(last: number, spreadBps: number, factor = 1): number {
  return Math.max(1, Math.round((last * spreadBps) / 1e4 / 0.01)) * factor;
}

/** The bid of a stock quote whose last prints at the bid side of a spread of `ticks` cents (the ask is bid + ticks cents). */
export function stockBid(last: number, ticks: number): number {
  return cents(last - Math.floor(ticks / 2) * 0.01);
}

/** A scaled index's level for its base ETF's path price: the ETF's quoted (cent) price × the ratio, in cents. */
export function scaledLevel(basePrice: number, ratio: number): number {
  return cents(cents(basePrice) * ratio);
}

function copyGreeks(from: Greeks, to: Greeks): void {
  to.price = from.price;
  to.delta = from.delta;
  to.gamma = from.gamma;
  to.vega = from.vega;
  to.theta = from.theta;
  to.rho = from.rho;
}

export class QuoteModel {
  private readonly sample: TapeSample = newTapeSample();
  private readonly modelQuote: ModelQuote = newModelQuote();

  /** Fills `out` with the instrument's quote at instant t. */
  quote(inst: Listing, t: number, out: Quote): Quote {
    switch (inst.secType) {
      case 'STK':
        return this.stock(inst, t, out);
      case 'IND':
        return this.index(inst, t, out);
      case 'OPT':
        return this.option(inst, t, out);
    }
  }

  /** The underlying's path price at t (NaN without data); used by the option and VIX models. */
  price(stock: ListedStock, t: number): number {
    const s = stock.tape.sample(t, this.sample);
    return s.valid ? s.price : NaN;
  }

  /**
   * An option underlying's level at t (NaN without data): a stock's path price, a scaled index's
   * (SPX) base price × its ratio; what expiring options settle against.
   */
  level(u: ListedStock | ListedIndex, t: number): number {
    if (u.secType === 'STK') return this.price(u, t);
    if (u.spec.kind !== 'scaled') return this.index(u, t, this.scratch).last;
    return scaledLevel(this.price(u.base, t), u.spec.ratio);
  }

  private readonly scratch: Quote = newQuote();

  private stock(inst: ListedStock, t: number, q: Quote): Quote {
    const s = inst.tape.sample(t, this.sample);
    q.valid = s.valid;
    if (!s.valid) return q;
    const last = cents(s.price);
    const spreadTicks = stockSpreadTicks(last, inst.spec.spreadBps, s.inSession && s.minute < 5 ? 2 : 1);
    const sec = Math.floor(t / 1000);
    const h = hash32(inst.conId, sec);
    q.bid = stockBid(last, spreadTicks);
    q.ask = cents(q.bid + spreadTicks * 0.01);
    q.last = last;
    q.bidSize = 100 * (1 + (h % 40));
    q.askSize = 100 * (1 + ((h >>> 8) % 40));
    q.lastSize = 100 * (1 + ((h >>> 16) % 10));
    q.volume = s.volume;
    q.high = cents(s.dayHigh);
    q.low = cents(s.dayLow);
    q.open = cents(s.dayOpen);
    q.close = cents(s.prevClose);
    q.lastTime = s.inSession ? sec : Math.floor(s.closeMs / 1000);
    q.date = s.date;
    const rv = realisedVol(inst.tape, s.dayIndex);
    q.histVol = rv;
    q.impliedVol30 = atmVol(rv, 30 / 365, inst.spec.vol);
    return q;
  }

  private index(inst: ListedIndex, t: number, q: Quote): Quote {
    const spy = inst.base;
    const s = spy.tape.sample(t, this.sample);
    q.valid = s.valid;
    if (!s.valid) return q;
    const tape = spy.tape;
    const d = tape.daily;
    const rv = realisedVol(tape, s.dayIndex);
    const params = spy.spec.vol;
    q.bid = q.ask = NaN;
    q.bidSize = q.askSize = q.lastSize = 0;
    q.volume = 0;
    q.lastTime = s.inSession ? Math.floor(t / 1000) : Math.floor(s.closeMs / 1000);
    q.date = s.date;
    q.histVol = q.impliedVol30 = NaN;
    if (inst.spec.kind === 'scaled') {
      const k = inst.spec.ratio;
      q.last = scaledLevel(s.price, k);
      q.open = scaledLevel(s.dayOpen, k);
      q.high = scaledLevel(s.dayHigh, k);
      q.low = scaledLevel(s.dayLow, k);
      q.close = scaledLevel(s.prevClose, k);
      return q;
    }
    q.last = vixLevel(rv, params, s.price, s.prevClose);
    q.open = vixLevel(rv, params, s.dayOpen, s.prevClose);
    q.high = vixLevel(rv, params, s.dayLow, s.prevClose); // VIX peaks when SPY bottoms
    q.low = vixLevel(rv, params, s.dayHigh, s.prevClose);
    const i = s.dayIndex;
    q.close = i > 0 ? vixLevel(realisedVol(tape, i - 1), params, d.close[i - 1], i > 1 ? d.close[i - 2] : d.open[i - 1]) : q.open;
    return q;
  }

  private option(inst: ListedOption, t: number, q: Quote): Quote {
    const u = inst.underlying;
    const tape = u.secType === 'STK' ? u.tape : u.base.tape;
    const params = optionParams(u);
    const scale = tapeScale(u);
    const s = tape.sample(t, this.sample);
    q.valid = s.valid;
    if (!s.valid) return q;
    const spot = scale === 1 ? s.price : scaledLevel(s.price, scale);
    const years = yearsToExpiry(t, inst.expiryMs);
    const rate = riskFreeRate(s.date);
    const div = params.dividendYield;
    const rv = realisedVol(tape, s.dayIndex);
    const mq = optionQuote(inst.right, inst.strike, years, spot, rate, div, rv, params.vol, optionTickLadder(u.symbol, inst.pennyTicks), this.modelQuote);
    const { price, tick, vol, z } = mq;
    copyGreeks(mq.greeks, q.model);
    q.bid = mq.bid;
    q.ask = mq.ask;
    q.last = cents(Math.min(q.ask, Math.max(q.bid, Math.round(price / tick) * tick)));
    const sec = Math.floor(t / 1000);
    shownOptionSizes(inst.sizeSeed, sec, q.bid, q);
    // Daily volume: a share of the underlying's, concentrated near the money and the front expiries.
    const underVol = tape.daily.volume[s.dayIndex];
    const dayVolume = Math.round(Math.min(200_000, underVol / 2000) * Math.exp(-0.5 * z * z) * (years < 0.1 ? 3 : 1)) + 10;
    const elapsed = s.inSession ? (t - s.openMs) / (s.closeMs - s.openMs) : t >= s.closeMs ? 1 : 0;
    q.volume = Math.floor(dayVolume * elapsed);
    q.openInterest = Math.round(5000 * Math.exp(-0.5 * z * z) * (1 + years)) + (hash32(inst.conId, s.date) % 200);
    q.open = q.high = q.low = NaN;
    const prevYears = Math.max(0, (inst.expiryMs - (s.openMs - 17.5 * 3_600_000)) / YEAR_MS);
    q.close = cents(bsPrice(inst.right, s.prevClose * scale, inst.strike, prevYears, rate, div, vol));
    q.lastTime = s.inSession ? sec : Math.floor(s.closeMs / 1000);
    q.date = s.date;
    q.underlying = spot;
    q.modelVol = vol;
    q.pvDividend = spot * (1 - Math.exp(-div * years));
    q.bidVol = this.implied(inst, q.bid, spot, years, rate, div, q.bidGreeks);
    q.askVol = this.implied(inst, q.ask, spot, years, rate, div, q.askGreeks);
    q.lastVol = this.implied(inst, q.last, spot, years, rate, div, q.lastGreeks);
    q.histVol = q.impliedVol30 = NaN;
    return q;
  }

  /** Volatility implied by a quoted price and the greeks at it (NaN greeks when none). */
  private implied(inst: ListedOption, price: number, spot: number, years: number, rate: number, div: number, g: Greeks): number {
    const vol = price > 0 ? impliedVol(inst.right, price, spot, inst.strike, years, rate, div) : NaN;
    if (vol === vol) bsGreeks(inst.right, spot, inst.strike, years, rate, div, vol, g);
    else g.price = g.delta = g.gamma = g.vega = g.theta = g.rho = NaN;
    g.price = price;
    return vol;
  }
}
