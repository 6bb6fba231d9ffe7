// Where option quotes come from, for the engine's marks, fills and chain queries: the backtest's
// synthetic chains (synthetic-chain.ts) or, live, the bridge's market data.
import type { OptionInstrument } from '../domain/instrument.ts';

/** A listed option with its quote, as a chain query returns it. */
export interface ChainQuote {
  readonly option: OptionInstrument;
  readonly bid: number;
  readonly ask: number;
  readonly mid: number;
  readonly delta: number;
  readonly iv: number;
}

export interface OptionQuotes {
  /** Mid price and half spread of an option at an instant, given its underlying's price. */
  quote(option: OptionInstrument, spot: number, time: number): { readonly mid: number; readonly halfSpread: number };
  /** The options listed on `symbol` at an instant (one expiry, or all), quoted at `spot`. */
  chain(symbol: string, spot: number, time: number, expiry: number | undefined): readonly ChainQuote[];
  /** The expiries (yyyymmdd, ascending) listed on `symbol` at an instant, still trading: ask `chain` for the ones needed. */
  expiries(symbol: string, time: number): readonly number[];
}
