// Streaming subscriptions a connection holds; the handlers create them, the feed publishes them.

import type { BarRequest } from '../market/historical.ts';
import type { Quote } from '../market/quotes.ts';
import type { SymbolTape } from '../market/symbol-tape.ts';
import type { TickStream } from '../market/tick-model.ts';

/** A streaming reqMktData line (snapshots never become one). */
export interface MarketDataLine {
  readonly reqId: number;
  readonly stream: TickStream;
  /** Scratch quote, reused on every publish. */
  readonly quote: Quote;
  /** Types 3/4: quotes lag the clock by DELAY_MS and use the delayed tick types. */
  readonly delayed: boolean;
}

/** A reqHistoricalData with keepUpToDate = 1. */
export interface HistoricalSubscription {
  readonly reqId: number;
  readonly request: BarRequest;
  readonly tape: SymbolTape;
  /** Start of the bar last reported. */
  bucket: number;
}

/** A reqRealTimeBars subscription (5-second bars). */
export interface RealTimeBarSubscription {
  readonly reqId: number;
  readonly request: BarRequest;
  /** Start of the next 5-second bar to send. */
  next: number;
}
