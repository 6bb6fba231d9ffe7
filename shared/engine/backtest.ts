// A backtest = the engine driven by a replay of stored bars, with the simulated venue and a SimClock
// (docs/trading-model.md §9; backtest-model §3.2). Per timeline step:
//   open   — every symbol with a bar: its price is the open; the venue fills gapped resting orders,
//            then the intents decided at the previous step are sized and sent (market orders fill
//            at this open);
//   range  — resting orders within the bars' high/low fill; prices move to the closes;
//   decide — strategies whose series completed a bar decide; with fill = "close" their orders are
//            sent now and market orders fill at this close;
//   end    — at a session's end DAY orders expire, options expiring that session are settled and
//            the ledgers that traded start a new day; every sleeve's equity is marked at the closes.
// After the last step, finalize_trades closes what is left (backtest-model §3.5).
import type { BarSeries } from '../data/bar-series.ts';
import { instrumentKey, type HoldableInstrument } from '../domain/instrument.ts';
import { SimVenue, type BarFeed, type QuotePath, type VenueBar } from '../broker/sim-venue.ts';
import { OptionPath, SessionMinutes } from './option-path.ts';
import type { Strategy } from '../strategies/strategy.ts';
import { SimClock } from '../time/clock.ts';
import type { TraceEntry } from './coordinator.ts';
import { Engine, type EngineSettings, type FillModel, type OptionQuotes, type OrderRecord, type RiskEvent } from './engine.ts';
import { MarketData } from './market-data.ts';
import type { SleeveSpec } from './sleeve.ts';
import type { ClosedTrade } from '../portfolio/round-trips.ts';

export interface PortfolioInput {
  readonly market: MarketData;
  readonly sleeves: readonly SleeveSpec[];
  readonly settings: EngineSettings;
  /** Synthetic option quotes (option strategies). */
  readonly options?: OptionQuotes;
  /** Called every `progressEvery` steps and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /** Called before each step (tests drive the kill switch with it). */
  readonly beforeStep?: (engine: Engine, step: number) => void;
}

/** One sleeve's part of a run. */
export interface SleeveRun {
  readonly id: string;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly allocation: number;
  readonly equity: Float64Array;
  readonly trades: readonly ClosedTrade[];
  /** Timeline step of the last warm-up bar. */
  readonly warmup: number;
}

export interface PortfolioRun {
  /** Total equity per timeline step. */
  readonly equity: Float64Array;
  readonly timeline: Float64Array;
  readonly sleeves: readonly SleeveRun[];
  /** Every fill in order (the order list). */
  readonly orders: readonly OrderRecord[];
  readonly riskEvents: readonly RiskEvent[];
  readonly trace: readonly TraceEntry[];
  readonly engine: Engine;
}

export function runPortfolioBacktest(input: PortfolioInput): PortfolioRun {
  const replay = new Replay(input);
  replay.run();
  const { engine, market } = replay;
  return {
    equity: engine.equity,
    timeline: market.timeline,
    sleeves: engine.sleeves.map((s) => ({ id: s.id, strategy: s.spec.strategy, symbols: s.spec.symbols, allocation: s.spec.allocation, equity: s.equity, trades: s.trips.closed, warmup: s.warmup })),
    orders: engine.orders,
    riskEvents: engine.riskEvents,
    trace: engine.trace,
    engine,
  };
}

/** The replay driver (fields, not closures, so the step loop stays fast). */
class Replay implements FillModel {
  readonly market: MarketData;
  readonly engine: Engine;
  private readonly feed: ReplayFeed;
  private readonly venue: SimVenue;
  private readonly clock: SimClock;
  private readonly tradable: (symbolId: number) => boolean;

  constructor(private readonly input: PortfolioInput) {
    this.market = input.market;
    this.feed = new ReplayFeed(input.market, input.options);
    this.venue = new SimVenue(input.settings.costs, this.feed);
    this.clock = new SimClock(input.market.timeline[0] ?? 0);
    this.engine = new Engine(input.market, input.sleeves, input.settings, this.clock, this.venue, this, input.options);
    const market = input.market;
    const feed = this.feed;
    const barAt = market.symbols.map((d) => d.barAt);
    this.tradable = (id) => id >= 0 && barAt[id][feed.step] >= 0;
  }

  expectedFill(instrument: HoldableInstrument, key: string, side: 'BUY' | 'SELL', openClose: 'O' | 'C'): number {
    return this.venue.expectedFill(key, instrument, side, openClose);
  }

  run(): void {
    const { market, engine, venue, feed, clock, input } = this;
    const settings = input.settings;
    const symbols = market.symbols;
    const steps = market.steps;
    const timeline = market.timeline;
    const every = input.progressEvery ?? 0;
    const onProgress = input.onProgress;
    const beforeStep = input.beforeStep;
    const closeFills = settings.fill === 'close';
    const n = symbols.length;
    const barAt = symbols.map((d) => d.barAt);
    const opens = symbols.map((d) => d.bars.open);
    const closes = symbols.map((d) => d.bars.close);
    // One symbol whose bars are the timeline: step k is bar k.
    const aligned = n === 1 && symbols[0].bars.length === steps;
    for (let k = 0; k < steps; k++) {
      clock.advance(timeline[k]);
      engine.step = k;
      feed.step = k;
      if (beforeStep) beforeStep(engine, k);
      // A step with no waiting order and nothing to send has nothing to match at the open.
      if (venue.busy || engine.hasPending) {
        for (let s = 0; s < n; s++) {
          const i = barAt[s][k];
          if (i >= 0) engine.setPrice(s, opens[s][i]);
        }
        venue.open();
        engine.execute(this.tradable);
        venue.range();
      }
      if (aligned) engine.setPrice(0, closes[0][k]);
      else
        for (let s = 0; s < n; s++) {
          const i = barAt[s][k];
          if (i >= 0) engine.setPrice(s, closes[s][i]);
        }
      engine.decide();
      if (closeFills && engine.hasPending) {
        venue.atClose();
        engine.execute(this.tradable);
      }
      venue.end();
      if (market.sessionEnds(k)) {
        if (venue.busy) venue.endSession();
        if (engine.holdsOptions()) engine.settleExpiries(market.sessionDate(k));
        engine.newDay();
      }
      engine.markEquity();
      if (every > 0 && onProgress && k % every === every - 1) onProgress(k + 1, steps);
    }
    if (settings.finalizeTrades) finalize(engine, market, venue, settings);
    onProgress?.(steps, steps);
  }
}

/** The venue's view of the replay: the current step's bar of a stock, or of an option priced from its underlying. */
class ReplayFeed implements BarFeed {
  step = 0;
  private readonly out = { open: 0, high: 0, low: 0, close: 0, halfSpread: 0, time: 0 };

  constructor(
    private readonly market: MarketData,
    private readonly options: OptionQuotes | undefined,
  ) {}

  private lastKey = '';
  private lastId = -1;

  /** The stock bar last filled into `out`: asked again in the same step, it is returned as is. */
  private outKey = '';
  private outStep = -1;

  private readonly sessions = new Map<string, SessionMinutes>();
  private readonly paths = new Map<string, OptionPath>();

  /** An option on daily bars trades along its underlying's synthetic minutes (option-path.ts). */
  path(key: string, instrument: HoldableInstrument): QuotePath | undefined {
    if (instrument.secType !== 'OPT' || !this.options) return undefined;
    const symbol = instrument.underlying.symbol;
    const id = this.market.symbolId(symbol);
    if (id < 0) return undefined;
    const d = this.market.symbols[id];
    const i = d.barAt[this.step];
    if (i < 0) return undefined;
    let path = this.paths.get(key);
    if (!path) {
      let session = this.sessions.get(symbol);
      if (!session) this.sessions.set(symbol, (session = new SessionMinutes()));
      if (this.paths.size >= 256) this.paths.clear();
      this.paths.set(key, (path = new OptionPath(this.options, session)));
    }
    return path.point(instrument, d.bars, i) ? path : undefined;
  }

  bar(key: string, instrument: HoldableInstrument): VenueBar | undefined {
    if (key === this.outKey && this.step === this.outStep) return this.out;
    const symbol = instrument.secType === 'OPT' ? instrument.underlying.symbol : key;
    let id = this.lastId;
    if (symbol !== this.lastKey) {
      id = this.market.symbolId(symbol);
      this.lastKey = symbol;
      this.lastId = id;
    }
    if (id < 0) return undefined;
    const d = this.market.symbols[id];
    const i = d.barAt[this.step];
    if (i < 0) return undefined;
    const b = d.bars;
    const out = this.out;
    out.time = this.market.timeline[this.step];
    this.outKey = '';
    if (instrument.secType !== 'OPT') {
      out.open = b.open[i];
      out.high = b.high[i];
      out.low = b.low[i];
      out.close = b.close[i];
      out.halfSpread = 0;
      this.outKey = key;
      this.outStep = this.step;
      return out;
    }
    if (!this.options) return undefined;
    // An option's bar: its model quote at the underlying's open and close; its range from the
    // underlying's extremes (a call is dearest at the high, a put at the low).
    const q = (spot: number, t: number) => this.options!.quote(instrument, spot, t);
    const open = q(b.open[i], out.time);
    const close = q(b.close[i], out.time);
    const atHigh = q(b.high[i], out.time).mid;
    const atLow = q(b.low[i], out.time).mid;
    out.open = open.mid;
    out.close = close.mid;
    out.high = Math.max(open.mid, close.mid, atHigh, atLow);
    out.low = Math.min(open.mid, close.mid, atHigh, atLow);
    out.halfSpread = open.halfSpread;
    return out;
  }
}

/**
 * finalize_trades (backtest-model §3.5): what is open after the last step is closed outside any
 * order, and the last equity becomes the result. backtesting.py's final broker step reuses the last
 * bar, so a stock exits at its last bar's OPEN with next-open fills — and, with fills at the close,
 * at that step's "previous close", the close of the bar before its last. Options close at their mark.
 */
function finalize(engine: Engine, market: MarketData, venue: SimVenue, settings: EngineSettings): void {
  venue.cancelAll();
  const last = market.steps - 1;
  if (last < 0) return;
  const atClose = settings.fill === 'close';
  let touched = false;
  for (const sleeve of engine.sleeves) {
    for (const p of sleeve.ledger.open()) {
      const inst = p.instrument as HoldableInstrument;
      let price: number;
      let step = last;
      if (inst.secType === 'STK' && market.has(inst.symbol)) {
        const d = market.symbol(inst.symbol);
        let k = last;
        while (k > 0 && d.barAt[k] < 0) k--;
        const i = d.barAt[k];
        if (atClose && i > 0) {
          step = k - 1;
          while (step > 0 && d.barAt[step] < 0) step--;
          price = d.bars.close[d.barAt[step]];
        } else {
          step = k;
          price = d.bars.open[i];
        }
      } else price = engine.price(inst, instrumentKey(inst));
      if (!(price === price)) continue;
      engine.beginStep(step);
      engine.bookOutside(sleeve, venue.fillAt(inst, -p.qty, price, market.timeline[step], 'finalize'), 'finalize');
      touched = true;
    }
  }
  if (!touched) return;
  engine.beginStep(last);
  for (const d of market.symbols) {
    let k = last;
    while (k > 0 && d.barAt[k] < 0) k--;
    if (d.barAt[k] >= 0) engine.setPrice(d.id, d.bars.close[d.barAt[k]]);
  }
  // Every position is closed: the last equity is the cash.
  engine.markEquity();
}

// ---- One strategy on one series: today's single run (backtest-model §7 parity) ------------------

export interface BacktestInput {
  readonly bars: BarSeries;
  readonly strategy: Strategy;
  readonly settings: EngineSettings;
  /** Market data already built for these bars (a sweep shares one, with its indicator caches). */
  readonly market?: MarketData;
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
}

export interface BacktestRun {
  readonly equity: Float64Array;
  /** Closed trades in exit order (backtest-model §4, bar indices; the report adds dates). */
  readonly trades: readonly ClosedTrade[];
  /** Index of the last warm-up bar (W): decisions start at W + 1. */
  readonly warmup: number;
  readonly orders: readonly OrderRecord[];
  readonly riskEvents: readonly RiskEvent[];
  /** Units still open after the last bar (0 with finalize_trades). */
  readonly openPosition: number;
}

/** A single strategy object over one series with all the capital: one sleeve, allocation 1. */
export function runBacktest(input: BacktestInput): BacktestRun {
  const { bars, strategy, settings } = input;
  // The series is the strategy's symbol (a series read without a ticker gets the strategy's).
  const named = /^[A-Z][A-Z0-9.]{0,9}$/.test(bars.symbol) ? bars : { ...bars, symbol: strategy.symbols[0] ?? 'SYMBOL' };
  const market = input.market ?? new MarketData([named]);
  const symbol = market.symbols[0].symbol;
  const spec: SleeveSpec = {
    id: strategy.name,
    strategy: strategy.name,
    symbols: [symbol],
    timeframes: [market.timeframe],
    allocation: 1,
    priority: 0,
    minConfidence: 0,
    allowShort: settings.allowShort,
    create: () => strategy,
  };
  const run = runPortfolioBacktest({ market, sleeves: [spec], settings, onProgress: input.onProgress, progressEvery: input.progressEvery });
  const sleeve = run.engine.sleeves[0];
  return {
    equity: run.equity,
    trades: sleeve.trips.closed,
    warmup: sleeve.warmup,
    orders: run.orders,
    riskEvents: run.riskEvents,
    openPosition: sleeve.ledger.quantity(symbol),
  };
}
