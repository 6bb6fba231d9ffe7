// A scripted intraday quote path for the venue's tests: one quote per minute from a session's open, with
// optional bounds; it counts the instants read (so a test can see a walk skipped).
import type { Fill } from '../../../shared/domain/fill.ts';
import type { PathQuote, QuotePath } from '../../../shared/broker/sim-venue.ts';

/** The bar's stamp (UTC midnight) and its session's open. */
export const DAY = Date.UTC(2024, 0, 3);
export const OPEN = Date.UTC(2024, 0, 3, 14, 30);
export const MIN = 60_000;

export type Q = [bid: number, ask: number, bidSize: number, askSize: number];

export class Script implements QuotePath {
  reads = 0;
  private readonly out = { bid: 0, ask: 0, last: 0, bidSize: 0, askSize: 0, time: 0 };
  constructor(
    private readonly quotes: readonly Q[],
    private readonly limits?: { bidHigh: number; askLow: number },
  ) {}
  get length(): number {
    return this.quotes.length;
  }
  at(m: number): PathQuote {
    this.reads++;
    const [bid, ask, bidSize, askSize] = this.quotes[m];
    Object.assign(this.out, { bid, ask, last: (bid + ask) / 2, bidSize, askSize, time: OPEN + m * MIN });
    return this.out;
  }
  bounds(): { bidHigh: number; askLow: number } {
    return this.limits ?? { bidHigh: Infinity, askLow: -Infinity };
  }
}

/** The minute of the session a fill happened at. */
export const minuteOf = (f: Fill) => (f.time - OPEN) / MIN;
