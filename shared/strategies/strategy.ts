// The strategy interface: pure code fed by market events and a read-only context. It declares its
// indicators once (init) and answers each bar with order intents or a signal with a confidence.
// The same object runs in a backtest, in paper mode and live; it cannot tell which.
import type { STRATEGY_PARAMS, StrategyName, StrategyType } from '../config/strategy-params.ts';

export type SignalKind = 'BUY' | 'SELL' | 'HOLD';

/** A directional view with a confidence in [0, 1] and a human-readable reason. */
export interface StrategySignal {
  readonly signal: SignalKind;
  readonly confidence: number;
  readonly reason: string;
}

/** What a strategy wants; the risk gate and the broker decide what happens. */
export type OrderIntent =
  | { readonly action: 'close'; readonly tag?: string }
  | {
      readonly action: 'buy' | 'sell';
      /** Fraction of available equity (< 1) or shares (≥ 1); default: the run's size fraction. */
      readonly size?: number;
      readonly limit?: number;
      readonly stop?: number;
      /** Stop-loss and take-profit prices attached to the entry. */
      readonly sl?: number;
      readonly tp?: number;
      readonly tag?: string;
    };

/** A value series the strategy reads at the current bar: at(0) is now, at(1) the previous bar. */
export interface SeriesRef {
  at(back?: number): number;
}

/** Declares what the strategy needs; called once before the first bar. */
export interface InitContext {
  /** An indicator output on the strategy's symbol ('SMA', {period: 10}; output for multi-output ones). */
  indicator(name: string, params?: object, output?: string): SeriesRef;
}

/** The read-only view a strategy gets at each bar. */
export interface BarContext {
  /** Index of the current bar in the strategy's series. */
  readonly bar: number;
  /** The clock: the current bar's start, epoch ms. */
  readonly time: number;
  readonly open: SeriesRef;
  readonly high: SeriesRef;
  readonly low: SeriesRef;
  readonly close: SeriesRef;
  readonly volume: SeriesRef;
  /** Signed shares held in the strategy's symbol. */
  readonly position: number;
  readonly cash: number;
  readonly equity: number;
}

export interface Strategy {
  readonly name: string;
  readonly type: StrategyType;
  readonly symbols: readonly string[];
  readonly timeframes: readonly string[];
  /** The parameter schema (from the one table in shared/config/strategy-params.ts). */
  readonly schema: (typeof STRATEGY_PARAMS)[StrategyName];
  init(ctx: InitContext): void;
  onBar(ctx: BarContext): readonly OrderIntent[] | StrategySignal | undefined;
}

/** Returned by strategies that do nothing this bar (no allocation per bar). */
export const NO_INTENTS: readonly OrderIntent[] = Object.freeze([]);

/** `a` crossed above `b` at this bar: strictly below on the previous bar and strictly above now. */
export function crossAbove(a: SeriesRef, b: SeriesRef): boolean {
  return a.at(1) < b.at(1) && a.at(0) > b.at(0);
}
