// Building blocks for engine tests: settings with backtesting.py's defaults, a run helper.
// `costs` accepts the per-trade commission terms by name (commissionRate, commissionPerShare,
// commissionMin) as well as a whole CommissionPolicy.
import { ZERO_COSTS, type CostModel } from '../../../shared/broker/costs.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { runBacktest } from '../../../shared/engine/backtest.ts';
import { backtestResult, type BacktestResult } from '../../../shared/engine/backtest-result.ts';
import type { EngineSettings } from '../../../shared/engine/engine.ts';
import type { Strategy } from '../../../shared/strategies/strategy.ts';

export const ALL_IN = 1 - 2 ** -52;

export interface CostTerms extends Partial<CostModel> {
  readonly commissionRate?: number;
  readonly commissionPerShare?: number;
  readonly commissionMin?: number;
}

export function costModel(c: CostTerms = {}): CostModel {
  const { commissionRate, commissionPerShare, commissionMin, ...rest } = c;
  const perTrade = commissionRate !== undefined || commissionPerShare !== undefined || commissionMin !== undefined;
  return {
    ...ZERO_COSTS,
    ...rest,
    ...(perTrade && { commission: { kind: 'per_trade', rate: commissionRate ?? 0, perUnit: commissionPerShare ?? 0, fixed: 0, min: commissionMin ?? 0 } }),
  };
}

export function settings(over: Omit<Partial<EngineSettings>, 'costs'> & { costs?: CostTerms } = {}): EngineSettings {
  return {
    initialCash: 10_000,
    sizeFraction: ALL_IN,
    fill: 'next_open',
    finalizeTrades: true,
    allowShort: true,
    risk: {},
    ...over,
    costs: costModel(over.costs),
  };
}

export function run(bars: BarSeries, strategy: Strategy, s: EngineSettings = settings()): BacktestResult {
  return backtestResult(bars, runBacktest({ bars, strategy, settings: s }));
}
