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

/** An option's touch at an instant: bid, ask, last trade and the sizes shown (the quote fills read). */
export interface OptionTouch {
  bid: number;
  ask: number;
  last: number;
  bidSize: number;
  askSize: number;
  lastSize: number;
  /** The model (theoretical) price. */
  price: number;
}

export interface OptionQuotes {
  /** Mid price and half spread of an option at an instant, given its underlying's price. */
  quote(option: OptionInstrument, spot: number, time: number): { readonly mid: number; readonly halfSpread: number };
  /**
   * The option's touch at an instant, given its underlying's price: as the TWS simulator quotes it
   * then (`sizeSeed`: optionSizeSeed of the contract). Fills and returns `out`.
   */
  touch(option: OptionInstrument, spot: number, time: number, sizeSeed: number, out: OptionTouch): OptionTouch;
  /** The options listed on `symbol` at an instant (one expiry, or all), quoted at `spot`. */
  chain(symbol: string, spot: number, time: number, expiry: number | undefined): readonly ChainQuote[];
  /** The expiries (yyyymmdd, ascending) listed on `symbol` at an instant, still trading: ask `chain` for the ones needed. */
  expiries(symbol: string, time: number): readonly number[];
}
