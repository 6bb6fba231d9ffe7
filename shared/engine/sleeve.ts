// One strategy instance's sleeve of the account (docs/trading-model.md §12): its own books (cash =
// its allocation of the capital, positions), its round trips, its equity curve and peak, and the
// strategy objects that decide for it (one per symbol, or one for a portfolio strategy).
import type { Timeframe } from '../data/bar-series.ts';
import type { Position } from '../domain/position.ts';
import { Ledger } from '../portfolio/ledger.ts';
import { RoundTrips } from '../portfolio/round-trips.ts';
import type { Strategy } from '../strategies/strategy.ts';
import type { ExchangeCalendar } from '../time/exchange-calendar.ts';
import type { MarketHoursRule } from '../time/market-hours.ts';
import type { SessionTime } from '../time/scheduler.ts';

/** A strategy instance as configured: `[strategies.<id>]`. */
export interface SleeveSpec {
  readonly id: string;
  /** The strategy's name in the registry. */
  readonly strategy: string;
  readonly symbols: readonly string[];
  /** The first is the primary timeframe: the strategy decides when one of its bars completes. */
  readonly timeframes: readonly Timeframe[];
  /** Fraction of the account's capital in (0, 1]. */
  readonly allocation: number;
  /** Higher wins conflicts (default 0). */
  readonly priority: number;
  /** Signals below this confidence are ignored (default 0). */
  readonly minConfidence: number;
  /** May a SELL signal open a short? (intents decide for themselves) */
  readonly allowShort: boolean;
  /** New strategy objects: called once per symbol, or once with every symbol for a portfolio strategy. */
  readonly create: (symbols: readonly string[]) => Strategy;
  /** Decide only at these times of each session (e.g. open+30m, close-15m): at the first bar ending at or after each. */
  readonly schedule?: { readonly calendar: ExchangeCalendar; readonly times: readonly SessionTime[] };
  /** Decide only inside the market-hours window (the gate's 'continue' decides anyway). */
  readonly marketHours?: { readonly calendar: ExchangeCalendar; readonly rule: MarketHoursRule };
}

export class Sleeve {
  readonly ledger: Ledger;
  readonly trips = new RoundTrips();
  readonly equity: Float64Array;
  peak: number;
  /** Timeline step of the last warm-up bar: decisions start after it (the report's W). */
  warmup = 0;
  /** The engine's mark cache, index by index with `ledger.list`: the position seen there and its price slot. */
  readonly markedPositions: Position[] = [];
  readonly markSlots: number[] = [];
  private seq = 0;
  private readonly idPrefix: string;

  constructor(
    readonly spec: SleeveSpec,
    readonly capital: number,
    steps: number,
  ) {
    this.ledger = Ledger.withCash(capital);
    this.equity = new Float64Array(steps).fill(capital);
    this.peak = capital;
    this.idPrefix = `${spec.id}#`;
  }

  get id(): string {
    return this.spec.id;
  }

  /** A new intent id, unique in the run: `<sleeve>#<n>`. */
  nextIntentId(): string {
    return this.idPrefix + ++this.seq;
  }
}
