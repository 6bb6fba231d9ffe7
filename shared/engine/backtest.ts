// A backtest = the engine fed by a replay of stored bars, with the simulated broker and a SimClock.
import type { BarSeries } from '../data/bar-series.ts';
import { SimBroker } from '../broker/sim-broker.ts';
import type { Fill } from '../broker/order.ts';
import type { Strategy } from '../strategies/strategy.ts';
import { SimClock } from '../time/clock.ts';
import { Engine, type EngineSettings, type RiskEvent } from './engine.ts';
import { IndicatorCache } from './indicator-provider.ts';
import { Ledger, type ClosedTrade } from './ledger.ts';

export interface BacktestInput {
  readonly bars: BarSeries;
  readonly strategy: Strategy;
  readonly settings: EngineSettings;
  /** Batch indicators already computed for these bars (a sweep passes one cache to every run). */
  readonly cache?: IndicatorCache;
  /** Called every `progressEvery` bars and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
}

export interface BacktestRun {
  readonly equity: Float64Array;
  /** Closed trades in exit order (backtest-model §4, bar indices; the report adds dates). */
  readonly trades: readonly ClosedTrade[];
  /** Index of the last warm-up bar (W): decisions start at W + 1. */
  readonly warmup: number;
  readonly fills: readonly Fill[];
  readonly riskEvents: readonly RiskEvent[];
  /** Shares still open after the last bar (0 with finalize_trades). */
  readonly openPosition: number;
}

export function runBacktest(input: BacktestInput): BacktestRun {
  const { bars, strategy, settings } = input;
  const ledger = new Ledger(settings.initialCash);
  const broker = new SimBroker(ledger, settings.costs);
  const clock = new SimClock(bars.length ? bars.time[0] : 0);
  const engine = new Engine(bars, strategy, broker, ledger, clock, settings, input.cache ?? new IndicatorCache(bars));
  const every = input.progressEvery ?? 0;
  for (let i = 0; i < bars.length; i++) {
    engine.onBar(i);
    if (every > 0 && input.onProgress && i % every === every - 1) input.onProgress(i + 1, bars.length);
  }
  engine.finish();
  input.onProgress?.(bars.length, bars.length);
  return {
    equity: engine.equity,
    trades: ledger.closed,
    warmup: engine.warmup,
    fills: broker.fills,
    riskEvents: engine.riskEvents,
    openPosition: ledger.position(0),
  };
}
