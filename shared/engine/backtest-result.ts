// A finished run as the report and the JSON need it: dated trades, backtesting.py stats,
// empyrical/quantstats metrics, the equity curve (backtest-model §4–§7).
import { computeMetrics, computeStats, toJsonResult, type BacktestJsonResult, type BacktestMetrics, type BacktestStats, type Trade } from '../analytics/index.ts';
import type { BarSeries } from '../data/bar-series.ts';
import { formatIsoDate, formatIsoDateTime } from '../data/iso-time.ts';
import type { BacktestRun } from './backtest.ts';

export interface BacktestResult {
  readonly trades: readonly Trade[];
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
  readonly equity: Float64Array;
  readonly warmup: number;
  readonly run: BacktestRun;
}

/** The time label of bar `i`: YYYY-MM-DD for daily bars, an ISO datetime with offset for intraday bars. */
export function barLabel(bars: BarSeries, i: number): string {
  return bars.utcOffsetMin ? formatIsoDateTime(bars.time[i], bars.utcOffsetMin[i]) : formatIsoDate(bars.time[i]);
}

export function backtestResult(bars: BarSeries, run: BacktestRun): BacktestResult {
  const trades: Trade[] = run.trades.map((t) => ({
    entryBar: t.entryBar,
    exitBar: t.exitBar,
    entryTime: barLabel(bars, t.entryBar),
    exitTime: barLabel(bars, t.exitBar),
    size: t.size,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice,
    pnl: t.pnl,
    commission: t.commission,
    returnPct: t.returnPct,
  }));
  const input = { times: bars.time, equity: run.equity, close: bars.close, warmup: run.warmup, trades };
  return { trades, stats: computeStats(input), metrics: computeMetrics(input), equity: run.equity, warmup: run.warmup, run };
}

/** The §7 JSON object of one run. */
export function backtestJson(r: BacktestResult): BacktestJsonResult {
  return toJsonResult({ trades: r.trades, stats: r.stats, metrics: r.metrics, equity: r.equity });
}
