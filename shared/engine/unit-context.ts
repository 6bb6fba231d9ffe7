// The strategy-facing side of the engine for one strategy object: the init context that declares
// series and indicators, and the per-bar context it reads (one mutable object per strategy object,
// updated in place: no allocation per bar). docs/trading-model.md §10.
import type { Timeframe } from '../data/bar-series.ts';
import type { InstrumentRef } from '../domain/intent.ts';
import { instrumentKey, type StockInstrument } from '../domain/instrument.ts';
import type { Position } from '../domain/position.ts';
import type { BarContext, BarsRef, ChainQuote, InitContext, SeriesRef, SeriesWhere, Strategy } from '../strategies/strategy.ts';
import { ColumnRef, firstDefined } from './indicator-provider.ts';
import type { Frame, MarketData } from './market-data.ts';
import type { Sleeve } from './sleeve.ts';

/** What the unit context asks the engine for. */
export interface UnitHost {
  /** The sleeve's net liquidation value at the latest prices. */
  equityOf(sleeve: Sleeve): number;
  availableFundsOf(sleeve: Sleeve): number;
  buyingPowerOf(sleeve: Sleeve): number;
  chain(symbol: string, expiry: number | undefined): readonly ChainQuote[];
  listedExpiries(symbol: string): readonly number[];
}

/** A declared dependency: the frame it reads and the first bar at which its values exist. */
interface Readiness {
  readonly frame: Frame;
  /** Ready once the frame's cursor is at or beyond this bar. */
  from: number;
  /** The indicator's values (undefined: the primary frame's own bars). */
  readonly values?: Float64Array;
}

/** One strategy object of a sleeve with its contexts. */
export class Unit implements BarContext {
  readonly primary: Frame;
  /** The instrument of `symbol` and its index in the market data (intents default to it). */
  readonly instrument: StockInstrument;
  readonly symbolId: number;
  /** Frames whose new bar makes this unit decide (the primary frame of each of its symbols). */
  readonly triggers: readonly Frame[];
  /** First timeline step at which the unit may decide. */
  readyStep = 0;
  /** With a schedule: the next instant it is due to decide (a bar ending at or after it decides). */
  nextRunAt = -Infinity;
  /** Decides only on a schedule or inside market hours. */
  readonly gated: boolean;
  /** Whether it reads a frame besides its primary one (an indicator or bars of another symbol or timeframe). */
  readsOthers = false;

  private readonly needs: Readiness[] = [];

  // BarContext fields, refreshed before each decision.
  bar = -1;
  time = 0;
  readonly open: SeriesRef;
  readonly high: SeriesRef;
  readonly low: SeriesRef;
  readonly close: SeriesRef;
  readonly volume: SeriesRef;

  constructor(
    readonly sleeve: Sleeve,
    readonly strategy: Strategy,
    readonly symbol: string,
    readonly symbols: readonly string[],
    private readonly market: MarketData,
    private readonly host: UnitHost,
  ) {
    const tf = sleeve.spec.timeframes[0];
    this.gated = sleeve.spec.schedule !== undefined || sleeve.spec.marketHours !== undefined;
    this.primary = market.frame(symbol, tf);
    this.symbolId = market.symbolId(symbol);
    this.instrument = market.symbol(symbol).instrument;
    this.triggers = symbols.map((s) => market.frame(s, tf));
    this.open = this.primary.open;
    this.high = this.primary.high;
    this.low = this.primary.low;
    this.close = this.primary.close;
    this.volume = this.primary.volume;
  }

  /** Calls the strategy's init and works out from when it may decide (backtest-model §3.1 warm-up). */
  init(): void {
    const timeframes = this.sleeve.spec.timeframes;
    const frameOf = (where: SeriesWhere | undefined): Frame => {
      const symbol = where?.symbol ?? this.symbol;
      if (!this.symbols.includes(symbol) && !this.sleeve.spec.symbols.includes(symbol)) {
        throw new Error(`${this.sleeve.id}: reads ${symbol}, which is not one of its symbols (${this.sleeve.spec.symbols.join(', ')})`);
      }
      const frame = this.market.frame(symbol, where?.timeframe ?? timeframes[0]);
      if (frame !== this.primary) this.readsOthers = true;
      return frame;
    };
    const ctx: InitContext = {
      symbol: this.symbol,
      symbols: this.symbols,
      timeframes: timeframes as readonly Timeframe[],
      indicator: (name, params, output, where) => {
        const frame = frameOf(where);
        const values = frame.cache.get(name, params, output);
        this.needs.push({ frame, from: firstDefined(values), values });
        return new ColumnRef(values, frame.cursor);
      },
      bars: (where): BarsRef => frameOf(where),
    };
    this.strategy.init(ctx);
    this.judgeReadiness();
  }

  /**
   * From which step the unit may decide, by its indicators' values as they are now (init; again when
   * a live driver has written new bars and refreshed the indicators in place).
   */
  judgeReadiness(): void {
    for (const n of this.needs) if (n.values) n.from = firstDefined(n.values);
    // The primary frame decides from bar W + 1 (W = the last warm-up bar); other frames once their values exist.
    let w = 0;
    for (const n of this.needs) if (n.frame === this.primary) w = Math.max(w, n.from);
    const needs: Readiness[] = [{ frame: this.primary, from: w + 1 }, ...this.needs.filter((n) => n.frame !== this.primary)];
    let ready = 0;
    for (const n of needs) {
      const at = n.frame.cursorAt;
      let k = 0;
      while (k < at.length && at[k] < n.from) k++;
      ready = Math.max(ready, k);
    }
    this.readyStep = ready;
  }

  get position(): number {
    return this.sleeve.ledger.quantity(this.symbol);
  }

  get cash(): number {
    return this.sleeve.ledger.cash;
  }

  get equity(): number {
    return this.host.equityOf(this.sleeve);
  }

  get availableFunds(): number {
    return this.host.availableFundsOf(this.sleeve);
  }

  get buyingPower(): number {
    return this.host.buyingPowerOf(this.sleeve);
  }

  positionOf(instrument: InstrumentRef): number {
    return this.sleeve.ledger.quantity(typeof instrument === 'string' ? instrument : instrumentKey(instrument));
  }

  positions(): readonly Position[] {
    return this.sleeve.ledger.open();
  }

  chain(symbol: string, expiry?: number): readonly ChainQuote[] {
    return this.host.chain(symbol, expiry);
  }

  expiries(symbol: string): readonly number[] {
    return this.host.listedExpiries(symbol);
  }
}
