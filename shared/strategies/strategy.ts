// The strategy interface: pure code fed by market events and a read-only context
// (docs/trading-model.md §10). A strategy declares its indicators and series once (init) and answers
// each bar of its timeframe with order intents or a signal with a confidence. The same object runs
// in a backtest, in paper mode and live; it cannot tell which.
//
// Scope: a per-symbol strategy (the default) decides on one symbol; an instance configured with
// several symbols gets one strategy object per symbol, all trading the instance's one sleeve of
// capital. A portfolio strategy gets one object that sees all its symbols at once.
import type { STRATEGY_PARAMS, StrategyName, StrategyType } from '../config/strategy-params.ts';
import type { Timeframe } from '../data/bar-series.ts';
import type { InstrumentRef, OrderIntent } from '../domain/intent.ts';
import type { Position } from '../domain/position.ts';

export type { OrderIntent } from '../domain/intent.ts';
export type { ChainQuote } from '../options/option-quotes.ts';
import type { ChainQuote } from '../options/option-quotes.ts';

export type SignalKind = 'BUY' | 'SELL' | 'HOLD';

/** A directional view with a confidence in [0, 1] and a human-readable reason. */
export interface StrategySignal {
  readonly signal: SignalKind;
  readonly confidence: number;
  readonly reason: string;
}

/** A value series the strategy reads at the current bar: at(0) is now, at(1) the previous bar. */
export interface SeriesRef {
  at(back?: number): number;
}

/** One symbol's bars at one timeframe, read at the current step (the newest completed bar is at(0)). */
export interface BarsRef {
  readonly open: SeriesRef;
  readonly high: SeriesRef;
  readonly low: SeriesRef;
  readonly close: SeriesRef;
  readonly volume: SeriesRef;
  /** Bar start times (epoch ms). */
  readonly time: SeriesRef;
}

/** Which series an indicator or a bar view reads: default the strategy's symbol and first timeframe. */
export interface SeriesWhere {
  readonly symbol?: string;
  readonly timeframe?: Timeframe;
}

/** Declares what the strategy needs; called once before the first bar. */
export interface InitContext {
  /** The symbol this strategy object decides on (a portfolio strategy: its first symbol). */
  readonly symbol: string;
  readonly symbols: readonly string[];
  readonly timeframes: readonly Timeframe[];
  /** An indicator output ('SMA', {period: 10}; `output` for multi-output ones) on a series. */
  indicator(name: string, params?: object, output?: string, where?: SeriesWhere): SeriesRef;
  /** The bars of a series. */
  bars(where?: SeriesWhere): BarsRef;
}

/** The read-only view a strategy gets at each bar. */
export interface BarContext {
  /** Index of the current bar in the strategy's primary series (its symbol, first timeframe). */
  readonly bar: number;
  /** The clock: the current bar's start, epoch ms. */
  readonly time: number;
  /** The symbol being decided on. */
  readonly symbol: string;
  readonly open: SeriesRef;
  readonly high: SeriesRef;
  readonly low: SeriesRef;
  readonly close: SeriesRef;
  readonly volume: SeriesRef;
  /** Signed units held of `symbol` in this strategy's sleeve. */
  readonly position: number;
  /** The sleeve's cash, equity (marked at the latest prices) and available funds (equity with loan value − initial margin). */
  readonly cash: number;
  readonly equity: number;
  readonly availableFunds: number;
  /** What the sleeve can buy in stock: available funds ÷ the stock initial margin rate (IBKR's BuyingPower; = available funds in a cash account). */
  readonly buyingPower: number;
  /** Signed units held in the sleeve of a symbol or instrument. */
  positionOf(instrument: InstrumentRef): number;
  /** The sleeve's open positions. */
  positions(): readonly Position[];
  /** Listed options on `symbol` at this instant with synthetic or live quotes (empty when none are listed). */
  chain(symbol: string, expiry?: number): readonly ChainQuote[];
  /** The expiries (yyyymmdd, ascending) listed on `symbol` at this instant: `chain(symbol, expiry)` quotes one of them. */
  expiries(symbol: string): readonly number[];
}

export interface Strategy {
  readonly name: string;
  readonly type: StrategyType;
  readonly symbols: readonly string[];
  readonly timeframes: readonly string[];
  /** 'symbol' (default): one object per symbol; 'portfolio': one object for all symbols. */
  readonly scope?: 'symbol' | 'portfolio';
  /** The parameter schema (from the one table in shared/config/strategy-params.ts). */
  readonly schema: (typeof STRATEGY_PARAMS)[StrategyName];
  init(ctx: InitContext): void;
  onBar(ctx: BarContext): readonly OrderIntent[] | StrategySignal | readonly StrategySignal[] | undefined;
}

/** Returned by strategies that do nothing this bar (no allocation per bar). */
export const NO_INTENTS: readonly OrderIntent[] = Object.freeze([]);

/** `a` crossed above `b` at this bar: strictly below on the previous bar and strictly above now. */
export function crossAbove(a: SeriesRef, b: SeriesRef): boolean {
  return a.at(1) < b.at(1) && a.at(0) > b.at(0);
}
