// The volatility model of option pricing, shared by the TWS simulator and backtests. Built only from
// data known before the instant it is used:
// - realised volatility: close-to-close log returns of the last 20 sessions before the day,
//   annualised with √252, not reaching across stale data (a return more than 45 days before the day,
//   or one spanning a gap of more than 7 days, ends the window); with fewer than 5 such returns it
//   is NaN, and the caller falls back (the simulator to the previous session's 1-minute returns,
//   a backtest to DEFAULT_VOL);
// - implied volatility surface: an ATM term structure that starts at 1.1 × realised + 1 point
//   (implied usually trades over realised) and mean-reverts towards a per-symbol long-run level
//   with a 3-month time constant, times an equity skew in standardised moneyness
//   z = ln(K/F)/(σ_atm·√T): σ(z) = σ_atm·max(0.3, 1 − skew·z + 0.025·z²), z clamped to ±3.5;
// - a VIX level synthesised from SPY: the SPY surface's 30-day ATM volatility plus 8 % for the
//   variance-swap convexity VIX measures, moved against SPY with an elasticity of −5 (SPY −1 % →
//   VIX ≈ +5 %), the usual VIX/SPX sensitivity;
// - the risk-free rate: the year's average 3-month Treasury bill yield, continuously compounded.
// Pure functions: no I/O, no clock.

/** The volatility used when there is no usable history. */
export const DEFAULT_VOL = 0.16;
/** Realised volatility is clamped to [MIN_VOL, MAX_VOL]. */
export const MIN_VOL = 0.04;
export const MAX_VOL = 2;
/** Sessions of daily returns in the realised-volatility window. */
export const REALISED_WINDOW = 20;
/** Fewest daily returns for a realised volatility (else NaN: the caller's fallback). */
export const MIN_RETURNS = 5;

export interface VolParams {
  /** Long-run ATM implied volatility the term structure reverts to. */
  readonly longRunVol: number;
  /** Skew slope in standardised moneyness (equity index ≈ 0.10, single names less). */
  readonly skew: number;
}

/** Clamps an annualised volatility to [MIN_VOL, MAX_VOL]. */
export function clampVol(v: number): number {
  return v > MAX_VOL ? MAX_VOL : v < MIN_VOL ? MIN_VOL : v;
}

/**
 * Annualised realised volatility known before day `today` from daily closes: the close-to-close log
 * returns of bars [0, end) — the last at most 20 of them, stopping at a bar more than 45 days before
 * `today` or a gap of more than 7 days between two bars — with √252, clamped to [4 %, 200 %].
 * `days` are the bars' day numbers (days since 1970-01-01, ascending), `closes` their closes;
 * `end` is the index of the first bar on or after `today` (bars from `end` on are never read).
 * NaN when fewer than 5 returns qualify (the caller applies its fallback).
 */
export function realisedVolBefore(days: ArrayLike<number>, closes: ArrayLike<number>, end: number, today: number): number {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = end - 1; i > 0 && n < REALISED_WINDOW; i--) {
    const day = days[i];
    if (today - day > 45) break; // stale: do not reach across a gap in the data
    if (day - days[i - 1] > 7) break;
    const r = Math.log(closes[i] / closes[i - 1]);
    sum += r;
    sumSq += r * r;
    n++;
  }
  if (n < MIN_RETURNS) return NaN;
  return clampVol(Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)) * 252));
}

/** ATM implied volatility for time to expiry `years` given the realised volatility. */
export function atmVol(realised: number, years: number, params: VolParams): number {
  const short = 1.1 * realised + 0.01;
  const long = 0.5 * short + 0.5 * params.longRunVol;
  return long + (short - long) * Math.exp(-Math.max(0, years) / 0.25);
}

/** Implied volatility at strike K for forward F and time `years` (see the file header). */
export function surfaceVol(realised: number, forward: number, strike: number, years: number, params: VolParams): number {
  const atm = atmVol(realised, years, params);
  const t = Math.max(years, 1 / 365 / 24);
  let z = Math.log(strike / forward) / (atm * Math.sqrt(t));
  if (z > 3.5) z = 3.5;
  else if (z < -3.5) z = -3.5;
  return atm * Math.max(0.3, 1 - params.skew * z + 0.025 * z * z);
}

/** 30 calendar days, in years: VIX's horizon. */
const VIX_YEARS = 30 / 365;

/** The VIX level for SPY's realised volatility, SPY's price and its reference (previous close). */
export function vixLevel(spyRealised: number, spyParams: VolParams, spyPrice: number, spyReference: number): number {
  const base = 100 * atmVol(spyRealised, VIX_YEARS, spyParams) * 1.08;
  const v = base * Math.exp(-5 * Math.log(spyPrice / spyReference));
  return Math.max(8, Math.round(v * 100) / 100);
}

/**
 * Approximate average 3-month US Treasury bill yields by year (percent), for the risk-free rate of
 * option pricing. Rounded public figures; years outside the table use the nearest one.
 */
const TBILL_PCT: Readonly<Record<number, number>> = {
  1993: 3.0, 1994: 4.3, 1995: 5.5, 1996: 5.0, 1997: 5.1, 1998: 4.8, 1999: 4.6, 2000: 5.8, 2001: 3.4, 2002: 1.6,
  2003: 1.0, 2004: 1.4, 2005: 3.2, 2006: 4.7, 2007: 4.4, 2008: 1.4, 2009: 0.15, 2010: 0.14, 2011: 0.05, 2012: 0.09,
  2013: 0.06, 2014: 0.03, 2015: 0.05, 2016: 0.32, 2017: 0.93, 2018: 1.94, 2019: 2.06, 2020: 0.37, 2021: 0.05,
  2022: 2.02, 2023: 5.07, 2024: 5.2, 2025: 4.3,
};

/** Continuous risk-free rate for a session date (yyyymmdd). */
export function riskFreeRate(yyyymmdd: number): number {
  const year = Math.min(2025, Math.max(1993, Math.floor(yyyymmdd / 10_000)));
  return Math.log(1 + TBILL_PCT[year] / 100);
}
