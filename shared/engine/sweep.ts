// Parameter sweeps: the grid and the per-worker batch, pure so that Node worker threads and
// browser Web Workers run the same code. Each combination is an ordinary backtest — identical to a
// single run with those parameters — sharing one MarketData (and its indicator caches) per worker.
import { STRATEGY_PARAMS, type StrategyName } from '../config/strategy-params.ts';
import type { BarSeries, Timeframe } from '../data/bar-series.ts';
import { createStrategy } from '../strategies/registry.ts';
import type { BacktestMetrics, BacktestStats } from '../analytics/types.ts';
import { runPortfolioBacktest } from './backtest.ts';
import { alignCloses, backtestResult } from './backtest-result.ts';
import type { EngineSettings } from './engine.ts';
import { MarketData } from './market-data.ts';
import type { SleeveSpec } from './sleeve.ts';
import type { InstancePlan } from '../config/instances.ts';
import type { BacktestJob, DataSeries } from './backtest-job.ts';
import { gridCombinations, type GridAxis } from './sweep-grid.ts';

// The grid (its axes and combinations) lives in sweep-grid.ts, free of strategy code so the app's page can count one.
export { gridCombinations, parseGridAxis, type GridAxis } from './sweep-grid.ts';

/** The strategy's own cross-parameter rule (e.g. fast < slow), or null when the combination is valid. */
export function combinationProblem(strategy: string, params: Readonly<Record<string, unknown>>): string | null {
  const spec = STRATEGY_PARAMS[strategy as StrategyName] as { check?: (p: Record<string, unknown>) => { problem: string } | undefined } | undefined;
  return spec?.check?.({ ...params })?.problem ?? null;
}

export interface SweepRow {
  readonly index: number;
  readonly params: Readonly<Record<string, number>>;
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
}

/** One strategy instance on one symbol with all the capital, and the parameters every combination starts from. */
export interface SweepBatch {
  readonly bars: BarSeries;
  readonly settings: EngineSettings;
  readonly strategy: string;
  readonly baseParams: Readonly<Record<string, unknown>>;
  readonly symbol: string;
  /** The bars as the engine reads them, built once per worker (indicators are computed once and shared). */
  readonly market: MarketData;
  /** The instance's timeframes, the first primary (default: the bars' own). */
  readonly timeframes?: readonly Timeframe[];
  readonly priority?: number;
  readonly minConfidence?: number;
  /** The closes buy & hold and beta are measured on (default: the bars' own; a benchmark's, aligned). */
  readonly close?: Float64Array;
}

/** Runs the combinations `items` ([index, params]) and returns their stats and metrics (each equal to a single run). */
export function runSweepItems(b: SweepBatch, items: readonly (readonly [number, Readonly<Record<string, number>>])[]): SweepRow[] {
  return items.map(([index, params]) => {
    const strategy = createStrategy(b.strategy, { ...b.baseParams, ...params }, [b.symbol]);
    // The single run's sleeve (as runBacktest builds it), with the instance's timeframes.
    const spec: SleeveSpec = {
      id: b.strategy,
      strategy: b.strategy,
      symbols: [b.symbol],
      timeframes: b.timeframes ?? [b.market.timeframe],
      allocation: 1,
      priority: b.priority ?? 0,
      minConfidence: b.minConfidence ?? 0,
      allowShort: b.settings.allowShort,
      create: () => strategy,
    };
    const run = runPortfolioBacktest({ market: b.market, sleeves: [spec], settings: b.settings });
    const sleeve = run.engine.sleeves[0];
    const single = { equity: run.equity, trades: sleeve.trips.closed, warmup: sleeve.warmup, orders: run.orders, riskEvents: run.riskEvents, openPosition: sleeve.ledger.quantity(b.symbol) };
    const r = backtestResult(b.bars, single, b.close);
    return { index, params, stats: r.stats, metrics: r.metrics };
  });
}

// --- The grid's plan and a job's batch, shared by the lab's Web Workers (app/workers/sweep-*.ts) and the CLI's threads.

/** A grid split into the combinations that run, as [index, params], and those set aside by the strategy's rule. */
export interface GridPlan {
  readonly total: number;
  readonly items: [number, Record<string, number>][];
  readonly skipped: number;
  /** The skipped ones by their problem without the values (`fast must be less than slow`), with a count each. */
  readonly skippedBy: Readonly<Record<string, number>>;
  /** The first skipped combination and its problem, e.g. `fast=20, slow=20: fast (20) must be less than slow (20)`. */
  readonly firstProblem: string | null;
}

/** Every combination of `axes` on top of `baseParams`, checked by the strategy's cross-parameter rule. */
export function planGrid(strategy: string, baseParams: Readonly<Record<string, unknown>>, axes: readonly GridAxis[]): GridPlan {
  const combos = gridCombinations(axes);
  const items: [number, Record<string, number>][] = [];
  const skippedBy: Record<string, number> = {};
  let firstProblem: string | null = null;
  combos.forEach((params, i) => {
    const problem = combinationProblem(strategy, { ...baseParams, ...params });
    if (problem === null) return void items.push([i, params]);
    firstProblem ??= `${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')}: ${problem}`;
    const reason = problem.replace(/ \([^)]*\)/g, '');
    skippedBy[reason] = (skippedBy[reason] ?? 0) + 1;
  });
  return { total: combos.length, items, skipped: combos.length - items.length, skippedBy, firstProblem };
}

/** The batch of a job's `instance` on its one `series`: what a sweep worker builds once and runs every combination on. */
export function sweepBatchOf(job: BacktestJob, instance: InstancePlan, series: DataSeries): SweepBatch {
  const bars = series.bars;
  return {
    bars,
    settings: job.settings,
    strategy: instance.strategy,
    baseParams: instance.params,
    symbol: series.symbol,
    market: new MarketData([bars]),
    timeframes: instance.timeframes,
    priority: instance.priority,
    minConfidence: instance.minConfidence,
    close: job.benchmark.symbol === series.symbol ? bars.close : alignCloses(bars.time, job.benchmark.bars),
  };
}
