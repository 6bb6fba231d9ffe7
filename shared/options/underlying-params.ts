// Per-underlying option pricing parameters, the same for the TWS simulator and backtests: the
// dividend yield, the volatility surface's parameters, the strike grid style and whether the class
// trades in pennies. Known symbols have their own values; any other symbol gets generic ones.

import type { VolParams } from './volatility.ts';

/**
 * Strike grid style: 'equity' (steps by price), 'index-etf' (broad ETFs: $1 near the money at any
 * price, daily expiries from 2022-11-14), 'index' (cash-settled index options such as SPX: $5 near the
 * money, $25 further out, daily expiries like the broad ETFs).
 */
export type StrikeStyle = 'index-etf' | 'equity' | 'index';

export interface UnderlyingParams {
  readonly symbol: string;
  /** Continuous dividend yield used for option pricing. */
  readonly dividendYield: number;
  readonly vol: VolParams;
  /** Strike grid style: broad ETFs list $1 strikes near the money at any price (and, from 2022-11-14, daily expiries). */
  readonly strikeStyle: StrikeStyle;
  /** Penny-pilot options: $0.01 ticks at any premium (else $0.05 at $3 and above). */
  readonly pennyOptions: boolean;
}

/** The known symbols' parameters, in the simulator's option-slot order. */
export const KNOWN_UNDERLYINGS: readonly UnderlyingParams[] = [
  { symbol: 'SPY', dividendYield: 0.018, vol: { longRunVol: 0.18, skew: 0.1 }, strikeStyle: 'index-etf', pennyOptions: true },
  { symbol: 'QQQ', dividendYield: 0.007, vol: { longRunVol: 0.22, skew: 0.09 }, strikeStyle: 'index-etf', pennyOptions: true },
  { symbol: 'TLT', dividendYield: 0.03, vol: { longRunVol: 0.14, skew: 0.03 }, strikeStyle: 'equity', pennyOptions: true },
  { symbol: 'AAPL', dividendYield: 0.006, vol: { longRunVol: 0.28, skew: 0.06 }, strikeStyle: 'equity', pennyOptions: true },
  { symbol: 'GOOG', dividendYield: 0, vol: { longRunVol: 0.28, skew: 0.06 }, strikeStyle: 'equity', pennyOptions: false },
];

/**
 * Index option classes (European, cash-settled): SPX is priced like SPY (same dividend yield and
 * volatility surface: the simulator's SPX is SPY × 10), on $5/$25 strikes, in nickels/dimes
 * (not a penny class).
 */
export const KNOWN_INDEX_UNDERLYINGS: readonly UnderlyingParams[] = [
  { symbol: 'SPX', dividendYield: 0.018, vol: { longRunVol: 0.18, skew: 0.1 }, strikeStyle: 'index', pennyOptions: false },
];

/** The generic parameters of a symbol that is not known. */
export const GENERIC_UNDERLYING: Omit<UnderlyingParams, 'symbol'> = { dividendYield: 0.01, vol: { longRunVol: 0.3, skew: 0.06 }, strikeStyle: 'equity', pennyOptions: false };

/** Whether a symbol has its own parameters. */
export function isKnownUnderlying(symbol: string): boolean {
  return KNOWN_UNDERLYINGS.some((k) => k.symbol === symbol);
}

/** The parameters of a symbol: the known ones, else the generic ones under its name. */
export function underlyingParams(symbol: string): UnderlyingParams {
  return KNOWN_UNDERLYINGS.find((k) => k.symbol === symbol) ?? KNOWN_INDEX_UNDERLYINGS.find((k) => k.symbol === symbol) ?? { symbol, ...GENERIC_UNDERLYING };
}
