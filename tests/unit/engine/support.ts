// Building blocks for engine tests: settings with backtesting.py's defaults, a run helper.
import { ZERO_COSTS, type CostModel } from '../../../shared/broker/costs.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { runBacktest } from '../../../shared/engine/backtest.ts';
import { backtestResult, type BacktestResult } from '../../../shared/engine/backtest-result.ts';
import type { EngineSettings } from '../../../shared/engine/engine.ts';
import type { Strategy } from '../../../shared/strategies/strategy.ts';

export const ALL_IN = 1 - 2 ** -52;

export function settings(over: Omit<Partial<EngineSettings>, 'costs'> & { costs?: Partial<CostModel> } = {}): EngineSettings {
  return {
    initialCash: 10_000,
    sizeFraction: ALL_IN,
    fill: 'next_open',
    finalizeTrades: true,
    allowShort: true,
    risk: {},
    ...over,
    costs: { ...ZERO_COSTS, ...over.costs },
  };
}

export function run(bars: BarSeries, strategy: Strategy, s: EngineSettings = settings()): BacktestResult {
  return backtestResult(bars, runBacktest({ bars, strategy, settings: s }));
}
