// Parameter sweeps: the grid and the per-worker batch, pure so that Node worker threads and
// browser Web Workers run the same code. Each combination is an ordinary backtest — identical to a
// single run with those parameters — sharing one MarketData (and its indicator caches) per worker.
import { ParameterError } from '../errors.ts';
import { STRATEGY_PARAMS, type StrategyName } from '../config/strategy-params.ts';
import type { BarSeries, Timeframe } from '../data/bar-series.ts';
import { createStrategy } from '../strategies/registry.ts';
import type { BacktestMetrics, BacktestStats } from '../analytics/types.ts';
import { runPortfolioBacktest } from './backtest.ts';
import { backtestResult } from './backtest-result.ts';
import type { EngineSettings } from './engine.ts';
import type { MarketData } from './market-data.ts';
import type { SleeveSpec } from './sleeve.ts';

export interface GridAxis {
  readonly param: string;
  readonly values: readonly number[];
}

/** `fast=5:50:5` (start:stop:step, stop included) or `fast=5,8,13`. */
export function parseGridAxis(text: string): GridAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ParameterError('sweep', 'grid', `'${text}' is not name=start:stop:step or name=a,b,c`);
  const param = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const nums = (parts: string[]) =>
    parts.map((p) => {
      const v = Number(p);
      if (p.trim() === '' || !Number.isFinite(v)) throw new ParameterError('sweep', `grid ${param}`, `'${p}' is not a number`);
      return v;
    });
  let values: number[];
  if (spec.includes(':')) {
    const [start, stop, step = 1] = nums(spec.split(':'));
    if (spec.split(':').length > 3 || !(step > 0) || stop < start) {
      throw new ParameterError('sweep', `grid ${param}`, `'${spec}' must be start:stop:step with step > 0 and stop >= start`);
    }
    values = [];
    // Integer arithmetic on the index avoids accumulating float error in the steps.
    for (let k = 0; start + k * step <= stop + 1e-9 * Math.abs(step); k++) values.push(Number((start + k * step).toPrecision(12)));
  } else values = nums(spec.split(','));
  if (values.length === 0) throw new ParameterError('sweep', `grid ${param}`, 'has no values');
  return { param, values };
}

/** Every combination of the axes (the first axis varies slowest). */
export function gridCombinations(axes: readonly GridAxis[]): Record<string, number>[] {
  let combos: Record<string, number>[] = [{}];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.param]: v })));
  return combos;
}

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
