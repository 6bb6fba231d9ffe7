// An option's quote from the model, the one rule the TWS simulator and backtests share:
// - model price: Black–Scholes–Merton at the surface volatility (volatility.ts) for the strike,
//   with the forward F = S·e^((r−q)T);
// - bid/ask around the model price, width max(tick, 1 ¢ + 2 % of premium) × (1 + ½·min(|z|, 6)),
//   where z = ln(K/F)/(σ_atm·√T) is the standardised moneyness, so far strikes quote wider; the bid
//   rounds down and the ask up to the tick, the bid never below 0, the ask at least one tick and
//   above the bid;
// - ticks $0.01 for penny classes or a premium below $3, else $0.05;
// - shown sizes: 1–50 contracts at the bid (none when the bid is 0) and at the ask, 1–10 at the
//   last trade, pseudo-random per contract and second (seeded by the OSI symbol), so the simulator's
//   paper broker and the backtest's venue cap a fill at the same size at the same instant.
// Pure and allocation-free when the caller passes the result object to fill.

import { bsGreeks, newGreeks, type Greeks, type OptionRight } from './black-scholes.ts';
import { atmVol, surfaceVol, type VolParams } from './volatility.ts';
import { ladderTick, type TickLadder } from '../broker/ibkr-rules.ts';
import { hash32, hashString } from '../data/seeded-hash.ts';
import { osiSymbol, type OptionInstrument } from '../domain/instrument.ts';

export interface ModelQuote {
  /** Model (theoretical) price. */
  price: number;
  /** Surface (model) volatility at the strike. */
  vol: number;
  /** Quoted bid and ask, whole cents on the tick grid. */
  bid: number;
  ask: number;
  /** (bid + ask) / 2. */
  mid: number;
  /** The model's delta (per 1.00 of the underlying). */
  delta: number;
  /** Standardised moneyness ln(K/F)/(σ_atm·√T), signed; 0 at or after expiry. */
  z: number;
  /** The tick the quote is on: 0.01 or 0.05. */
  tick: number;
  /** The forward price of the underlying at expiry. */
  forward: number;
  /** Price and greeks at the model volatility. */
  readonly greeks: Greeks;
}

export function newModelQuote(): ModelQuote {
  return { price: NaN, vol: NaN, bid: NaN, ask: NaN, mid: NaN, delta: NaN, z: NaN, tick: NaN, forward: NaN, greeks: newGreeks() };
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** A 365-day year in ms: option time to expiry is measured in calendar years. */
export const YEAR_MS = 365 * 86_400_000;

/** Years (365-day) from instant `t` to the expiry instant, never negative (epoch ms). */
export function yearsToExpiry(t: number, expiryMs: number): number {
  return Math.max(0, (expiryMs - t) / YEAR_MS);
}

/** The option tick for a premium on the class's ladder (optionTickLadder: the tick rule order validation uses). */
export function optionTick(price: number, ticks: TickLadder): number {
  return ladderTick(ticks, price);
}

/**
 * Bid and ask around a model price for standardised moneyness z (see the file header); writes
 * `out.bid`, `out.ask`, `out.mid`, `out.tick`.
 */
export function quoteAround(price: number, z: number, ticks: TickLadder, out: Pick<ModelQuote, 'bid' | 'ask' | 'mid' | 'tick'>): void {
  const tick = optionTick(price, ticks);
  const width = Math.max(tick, 0.01 + 0.02 * price) * (1 + 0.5 * Math.min(Math.abs(z), 6));
  const bid = Math.max(0, Math.floor((price - width / 2) / tick + 1e-9) * tick);
  const ask = Math.max(tick, Math.ceil((price + width / 2) / tick - 1e-9) * tick, bid + tick);
  out.tick = tick;
  out.bid = cents(bid);
  out.ask = cents(ask);
  out.mid = (out.bid + out.ask) / 2;
}

/**
 * The model quote of an option: right, strike, time to expiry in years (365-day), the underlying's
 * price, the continuous risk-free rate and dividend yield, the underlying's realised volatility and
 * volatility parameters, and the class's tick ladder (optionTickLadder). Fills and returns `out`.
 */
export function optionQuote(
  right: OptionRight,
  strike: number,
  years: number,
  spot: number,
  rate: number,
  dividendYield: number,
  realisedVol: number,
  params: VolParams,
  ticks: TickLadder,
  out: ModelQuote = newModelQuote(),
): ModelQuote {
  const forward = spot * Math.exp((rate - dividendYield) * years);
  const vol = surfaceVol(realisedVol, forward, strike, years, params);
  const g = bsGreeks(right, spot, strike, years, rate, dividendYield, vol, out.greeks);
  const atm = atmVol(realisedVol, years, params);
  out.forward = forward;
  out.vol = vol;
  out.price = g.price;
  out.delta = g.delta;
  out.z = years > 0 ? Math.log(strike / forward) / (atm * Math.sqrt(years)) : 0;
  quoteAround(g.price, out.z, ticks, out);
  return out;
}

/** Sizes shown with a quote (contracts). */
export interface ShownSizes {
  bidSize: number;
  askSize: number;
  lastSize: number;
}

/** The seed of a contract's shown sizes: its OSI symbol's hash (compute once per contract). */
export function optionSizeSeed(o: Pick<OptionInstrument, 'symbol' | 'expiry' | 'right' | 'strike'>): number {
  return hashString(osiSymbol(o));
}

/** The sizes an option shows at second `sec` (epoch seconds); no bid size without a bid. Fills and returns `out`. */
export function shownOptionSizes(seed: number, sec: number, bid: number, out: ShownSizes): ShownSizes {
  const h = hash32(seed, sec);
  out.bidSize = bid > 0 ? 1 + (h % 50) : 0;
  out.askSize = 1 + ((h >>> 8) % 50);
  out.lastSize = 1 + ((h >>> 16) % 10);
  return out;
}
