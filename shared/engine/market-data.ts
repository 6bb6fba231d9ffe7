// The engine's market data (docs/trading-model.md §9): several symbols' bars on one timeline, and
// each symbol's coarser timeframes resampled from its own bars. The timeline is the union of the
// symbols' bar times; at a step a symbol either has a bar or keeps its last price and cannot trade.
// A coarser bar becomes visible at the first step whose bar ends at or after the coarser bar's end
// (no look-ahead: shared/timeframes/align.ts's rule). Columnar and allocation-free per step.
import { stock, type StockInstrument } from '../domain/instrument.ts';
import { MS_PER_DAY, yyyymmddFromDays } from '../data/iso-time.ts';
import { isIntraday, type BarSeries, type Timeframe } from '../data/bar-series.ts';
import { ParameterError } from '../errors.ts';
import { resample } from '../timeframes/resample.ts';
import { ColumnRef, IndicatorCache, type BarCursor } from './indicator-provider.ts';
import type { SeriesRef } from '../strategies/strategy.ts';

/** One symbol's bars at one timeframe, read at the engine's current step. */
export class Frame {
  /** Index of the newest completed bar at the current step (-1 before the first). */
  readonly cursor: BarCursor = { i: -1 };
  /** Per timeline step: the newest completed bar (-1 none). */
  readonly cursorAt: Int32Array;
  readonly cache: IndicatorCache;
  readonly open: SeriesRef;
  readonly high: SeriesRef;
  readonly low: SeriesRef;
  readonly close: SeriesRef;
  readonly volume: SeriesRef;
  readonly time: SeriesRef;

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
    readonly bars: BarSeries,
    cursorAt: Int32Array,
  ) {
    this.cursorAt = cursorAt;
    this.cache = new IndicatorCache(bars);
    const col = (v: Float64Array) => new ColumnRef(v, this.cursor);
    this.open = col(bars.open);
    this.high = col(bars.high);
    this.low = col(bars.low);
    this.close = col(bars.close);
    this.volume = col(bars.volume);
    this.time = col(bars.time);
  }

  /** A new bar completed at the current step. */
  fresh = false;

  /** Moves the cursor to timeline step k. */
  moveTo(k: number): void {
    const i = this.cursorAt[k];
    this.fresh = i !== this.cursor.i && i >= 0;
    this.cursor.i = i;
  }
}

/** A symbol traded in a run: its stock instrument, its bars (the finest given) and their timeline index. */
export interface SymbolData {
  readonly id: number;
  readonly symbol: string;
  readonly instrument: StockInstrument;
  readonly bars: BarSeries;
  /** Per timeline step: the index of this symbol's bar at that step, or -1 (read-only: it may be a shared array). */
  readonly barAt: Int32Array;
}

export class MarketData {
  readonly symbols: readonly SymbolData[];
  /** Bar start of each step (epoch ms), ascending: the union of every symbol's bar times. */
  readonly timeline: Float64Array;
  readonly timeframe: Timeframe;
  /** Number of timeline steps. */
  readonly steps: number;
  private readonly bySymbol = new Map<string, SymbolData>();
  private readonly frames = new Map<string, Frame>();
  private readonly frameList: Frame[] = [];
  /** Intraday only, per step: the session (yyyymmdd) of the step's bars. */
  private readonly sessionKey: Int32Array | undefined;
  /** Intraday only, per step: 1 when the step is the last of its session (a daily bar is a session). */
  private readonly sessionEnd: Uint8Array | undefined;

  /** `series`: one bar series per symbol, all of the same (finest) timeframe. */
  constructor(series: readonly BarSeries[]) {
    if (series.length === 0) throw new ParameterError('market data', 'series', 'is empty (expected at least one symbol)');
    const tf = series[0].timeframe;
    for (const s of series) {
      if (!s.symbol) throw new ParameterError('market data', 'symbol', 'every series needs its symbol');
      if (s.timeframe !== tf) throw new ParameterError('market data', s.symbol, `has ${s.timeframe} bars but ${series[0].symbol} has ${tf}: every symbol of one run needs bars of the same timeframe`);
    }
    this.timeframe = tf;
    this.timeline = unionTimes(series.map((s) => s.time));
    const steps = this.timeline.length;
    this.steps = steps;
    this.symbols = series.map((bars, id) => {
      if (this.bySymbol.has(bars.symbol)) throw new ParameterError('market data', bars.symbol, 'appears twice');
      let barAt: Int32Array;
      if (bars.length === steps) barAt = identity(steps); // the timeline is its own bars
      else {
        barAt = new Int32Array(steps).fill(-1);
        const timeline = this.timeline;
        const time = bars.time;
        let k = 0;
        for (let i = 0; i < bars.length; i++) {
          while (timeline[k] < time[i]) k++;
          barAt[k] = i;
        }
      }
      const d: SymbolData = { id, symbol: bars.symbol, instrument: stock(bars.symbol), bars, barAt };
      this.bySymbol.set(bars.symbol, d);
      return d;
    });
    // Intraday bars carry their session (yyyymmdd); a daily (or longer) bar is a session of its own.
    if (isIntraday(tf)) {
      const key = (this.sessionKey = new Int32Array(steps));
      for (const d of this.symbols) {
        const sessions = d.bars.session;
        const barAt = d.barAt;
        if (!sessions) throw new ParameterError('market data', d.symbol, `${tf} bars need their session column`);
        for (let k = 0; k < steps; k++) {
          const i = barAt[k];
          if (i >= 0) key[k] = sessions[i];
        }
      }
      const end = (this.sessionEnd = new Uint8Array(steps));
      for (let k = 0; k < steps - 1; k++) end[k] = key[k + 1] !== key[k] ? 1 : 0;
      if (steps > 0) end[steps - 1] = 1;
    }
  }

  /** Moves every frame's cursor to step k (before strategies decide). */
  moveFrames(k: number): void {
    const list = this.frameList;
    for (let i = 0; i < list.length; i++) list[i].moveTo(k);
  }

  /**
   * A live driver wrote new bars into the symbols' columns (planned bars not yet seen are NaN):
   * coarser frames are resampled again and every cached indicator computed again, in place.
   */
  refresh(): void {
    for (const f of this.frameList) {
      const base = this.symbol(f.symbol).bars;
      if (f.bars !== base) {
        const again = resample(base, f.timeframe);
        if (again.length !== f.bars.length) throw new ParameterError('market data', f.symbol, `${f.timeframe} bars changed in number (${f.bars.length} → ${again.length}) while live`);
        for (const c of ['open', 'high', 'low', 'close', 'volume'] as const) f.bars[c].set(again[c]);
      }
      f.cache.refresh();
    }
  }

  /** Puts every cursor before the first bar (a new run over the same data). */
  resetFrames(): void {
    for (const f of this.frameList) {
      f.cursor.i = -1;
      f.fresh = false;
    }
  }

  /** Whether the session of step k ends with it (the next step belongs to another session). */
  sessionEnds(k: number): boolean {
    return this.sessionEnd === undefined || this.sessionEnd[k] === 1;
  }

  /** The session date (yyyymmdd) of step k (a weekly or monthly bar's: its last session's). */
  sessionDate(k: number): number {
    if (this.sessionKey) return this.sessionKey[k];
    let end = this.timeline[k] + MS_PER_DAY;
    for (const d of this.symbols) if (d.barAt[k] >= 0) end = Math.max(end, d.bars.end[d.barAt[k]]);
    return yyyymmddFromDays(Math.floor((end - 1) / MS_PER_DAY));
  }


  symbol(name: string): SymbolData {
    const d = this.bySymbol.get(name);
    if (!d) throw new ParameterError('market data', 'symbol', `'${name}' has no data (loaded: ${[...this.bySymbol.keys()].join(', ')})`);
    return d;
  }

  has(name: string): boolean {
    return this.bySymbol.has(name);
  }

  /** A symbol's index in `symbols`, or -1 when it has no data. */
  symbolId(name: string): number {
    const d = this.bySymbol.get(name);
    return d === undefined ? -1 : d.id;
  }

  /** The bars of `symbol` at `timeframe` (resampled from its finest bars once, then shared). */
  frame(symbol: string, timeframe: Timeframe = this.timeframe): Frame {
    const key = `${symbol}@${timeframe}`;
    let f = this.frames.get(key);
    if (f) return f;
    const d = this.symbol(symbol);
    const bars = timeframe === d.bars.timeframe ? d.bars : resample(d.bars, timeframe);
    const steps = this.steps;
    const base = d.bars;
    const barAt = d.barAt;
    // The symbol's own bars on a timeline of only them: the cursor is the step (a shared identity array).
    f = new Frame(symbol, timeframe, bars, bars === base && base.length === steps ? barAt : new Int32Array(steps));
    // The newest completed bar at step k: every bar ending by the end of the symbol's latest bar.
    const cursorAt = f.cursorAt;
    let j = -1;
    let last = -1;
    if (cursorAt === barAt) {
      // already the answer
    } else if (bars === base) {
      for (let k = 0; k < steps; k++) {
        const i = barAt[k];
        if (i >= 0) j = i;
        cursorAt[k] = j;
      }
    } else {
      for (let k = 0; k < steps; k++) {
        const i = barAt[k];
        if (i >= 0) last = i;
        if (last >= 0) {
          const end = base.end[last];
          while (j + 1 < bars.length && bars.end[j + 1] <= end) j++;
        }
        cursorAt[k] = j;
      }
    }
    this.frames.set(key, f);
    this.frameList.push(f);
    return f;
  }
}

let identityValues = new Int32Array(0);

/** [0, 1, …, n − 1], read-only by convention: a view of one array shared by every run. */
function identity(n: number): Int32Array {
  if (identityValues.length < n) {
    identityValues = new Int32Array(Math.max(n, 2 * identityValues.length));
    for (let i = 0; i < identityValues.length; i++) identityValues[i] = i;
  }
  return identityValues.subarray(0, n);
}

/** Sorted union of ascending time arrays. */
function unionTimes(arrays: readonly Float64Array[]): Float64Array {
  if (arrays.length === 1) return arrays[0];
  const all = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    all.set(a, o);
    o += a.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.slice(0, n);
}
