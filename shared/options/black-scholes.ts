// European option pricing and greeks under Black–Scholes–Merton with a continuous dividend yield.
// Pure functions: no I/O, no clock, no allocation unless you let `bsGreeks` create its result.
//
// Units follow Interactive Brokers' tickOptionComputation (and most trading screens):
//   years        time to expiry in years (calendar days / 365)
//   rate, q, vol continuous annual rates as fractions (0.05 = 5 %)
//   vega         price change for +1 volatility point (σ + 0.01)
//   theta        price change per calendar day (∂V/∂t / 365), negative for a long option as it decays
//   rho          price change for +1 % in the rate (r + 0.01)
// delta and gamma are per 1.00 of the underlying, as usual.

import { normCdf, normPdf } from './normal.ts';

/** Call or put, as IB writes it (`right`). */
export type OptionRight = 'C' | 'P';

export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  /** Per volatility point (1 %). */
  vega: number;
  /** Per calendar day. */
  theta: number;
  /** Per 1 % of the interest rate. */
  rho: number;
}

export function newGreeks(): Greeks {
  return { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
}

/**
 * The Black–Scholes–Merton price of a European option. At or after expiry (years <= 0) it is the
 * intrinsic value; with zero volatility, the discounted intrinsic value of the forward.
 */
export function bsPrice(right: OptionRight, spot: number, strike: number, years: number, rate: number, dividendYield: number, vol: number): number {
  if (years <= 0) return right === 'C' ? Math.max(0, spot - strike) : Math.max(0, strike - spot);
  const dq = Math.exp(-dividendYield * years);
  const dr = Math.exp(-rate * years);
  const sd = vol * Math.sqrt(years);
  if (!(sd > 0)) {
    const fwd = spot * dq - strike * dr;
    return right === 'C' ? Math.max(0, fwd) : Math.max(0, -fwd);
  }
  const d1 = (Math.log(spot / strike) + (rate - dividendYield) * years) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  return right === 'C' ? spot * dq * normCdf(d1) - strike * dr * normCdf(d2) : strike * dr * normCdf(-d2) - spot * dq * normCdf(-d1);
}

/**
 * Price and all greeks in one pass (units in the file header). Writes into `out` when given, so a
 * hot loop allocates nothing. At expiry: intrinsic value, delta 0/±1 (½ exactly at the money), the
 * rest 0. With zero volatility: the discounted forward intrinsic value and its sensitivities.
 */
export function bsGreeks(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
  out: Greeks = newGreeks(),
): Greeks {
  const call = right === 'C';
  if (years <= 0) {
    out.price = call ? Math.max(0, spot - strike) : Math.max(0, strike - spot);
    const itm = call ? spot > strike : spot < strike;
    out.delta = spot === strike ? (call ? 0.5 : -0.5) : itm ? (call ? 1 : -1) : 0;
    out.gamma = out.vega = out.theta = out.rho = 0;
    return out;
  }
  const dq = Math.exp(-dividendYield * years);
  const dr = Math.exp(-rate * years);
  const sqrtT = Math.sqrt(years);
  const sd = vol * sqrtT;
  let nd1: number; // N(d1) for a call, N(-d1) for a put
  let nd2: number;
  let pdf = 0;
  if (sd > 0) {
    const d1 = (Math.log(spot / strike) + (rate - dividendYield) * years) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    nd1 = call ? normCdf(d1) : normCdf(-d1);
    nd2 = call ? normCdf(d2) : normCdf(-d2);
    pdf = normPdf(d1);
  } else {
    // σ → 0: d1, d2 → ±∞ depending on the forward's side of the strike.
    const fwd = spot * dq - strike * dr;
    const inTheMoney = call ? fwd > 0 : fwd < 0;
    nd1 = nd2 = inTheMoney ? 1 : 0;
  }
  const sign = call ? 1 : -1;
  out.price = sign * (spot * dq * nd1 - strike * dr * nd2);
  out.delta = sign * dq * nd1;
  out.gamma = sd > 0 ? (dq * pdf) / (spot * sd) : 0;
  out.vega = (spot * dq * pdf * sqrtT) / 100;
  const decay = sd > 0 ? -(spot * dq * pdf * vol) / (2 * sqrtT) : 0;
  out.theta = (decay + sign * (dividendYield * spot * dq * nd1 - rate * strike * dr * nd2)) / 365;
  out.rho = (sign * strike * years * dr * nd2) / 100;
  return out;
}
