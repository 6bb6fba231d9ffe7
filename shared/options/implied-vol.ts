// Implied volatility: the σ at which Black–Scholes–Merton reproduces a given option price.
// Safeguarded Newton (Newton steps inside a shrinking bracket, bisection when Newton leaves it or
// vega vanishes), solved on the out-of-the-money side via put–call parity, where the price is
// most sensitive to σ. Pure: no I/O, no clock.

import { bsGreeks, newGreeks, type OptionRight } from './black-scholes.ts';

export interface ImpliedVolOptions {
  /** Stop when the σ bracket is narrower than this (default 1e-10). */
  readonly volTolerance?: number;
  /** Iteration cap (default 100); NaN is returned if it is reached without convergence. */
  readonly maxIterations?: number;
}

/** Upper search bound for σ: 2000 % a year covers anything a listed option can imply. */
const MAX_VOL = 20;

/**
 * The implied volatility of a European option's price, or NaN when no volatility reproduces it:
 * the price is below the option's arbitrage lower bound (discounted intrinsic value) or at/above
 * its upper bound (the discounted underlying for a call, the discounted strike for a put), the
 * option has expired, or an input is not a positive finite number.
 */
export function impliedVol(
  right: OptionRight,
  price: number,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  options: ImpliedVolOptions = {},
): number {
  if (!(years > 0 && spot > 0 && strike > 0 && price >= 0) || !Number.isFinite(price + spot + strike + years + rate + dividendYield)) return NaN;
  const tol = options.volTolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 100;
  const dq = Math.exp(-dividendYield * years);
  const dr = Math.exp(-rate * years);
  const parity = spot * dq - strike * dr; // C - P

  // Work with the out-of-the-money option: same σ, better conditioned.
  let side: OptionRight = right;
  let target = price;
  if (right === 'C' && parity > 0) {
    side = 'P';
    target = price - parity;
  } else if (right === 'P' && parity < 0) {
    side = 'C';
    target = price + parity;
  }
  const upper = side === 'C' ? spot * dq : strike * dr;
  if (!(target > 0) || target >= upper) return NaN;

  const g = newGreeks();
  let lo = 0;
  let hi = MAX_VOL;
  if (bsGreeks(side, spot, strike, years, rate, dividendYield, hi, g).price < target) return NaN;

  // Start from the Manaster–Koehler point (where vega peaks), blended with Brenner–Subrahmanyam's
  // at-the-money estimate; both are cheap and keep Newton on the convex side for most inputs.
  const moneyness = Math.abs(Math.log((spot * dq) / (strike * dr)));
  const mk = Math.sqrt((2 * moneyness) / years);
  const bs = Math.sqrt((2 * Math.PI) / years) * (target / (spot * dq));
  let vol = Math.min(Math.max(mk, bs, 0.01), MAX_VOL / 2);

  for (let i = 0; i < maxIter; i++) {
    bsGreeks(side, spot, strike, years, rate, dividendYield, vol, g);
    const diff = g.price - target;
    if (diff === 0) return vol;
    if (diff > 0) hi = vol;
    else lo = vol;
    const vega = g.vega * 100; // per 1.00 of σ
    let next = vega > 1e-300 ? vol - diff / vega : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - vol) < tol || hi - lo < tol) return next;
    vol = next;
  }
  return NaN;
}
