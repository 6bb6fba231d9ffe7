// The summary table printed after a backtest: one column per run (or the portfolio and each of its
// sleeves), each row labelled with its convention (backtesting.py stats vs empyrical/quantstats metrics).
import type { BacktestMetrics, BacktestStats } from '../../shared/analytics/types.ts';

/** What a column shows: a run's stats and metrics. */
export interface SummaryColumn {
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
}

type Row = [label: string, value: (r: SummaryColumn, column: number) => number | string, digits?: number];

const ROWS: Row[] = [
  ['Equity final [$]', (r) => r.stats.equityFinal],
  ['Return [%]', (r) => r.stats.returnPct],
  ['Buy & hold return [%]', (r) => r.stats.buyHoldReturnPct],
  ['CAGR [%]', (r) => r.stats.cagrPct],
  ['Annual return [%] (empyrical)', (r) => r.metrics.annualReturn * 100],
  ['Annual volatility [%] (empyrical)', (r) => r.metrics.annualVolatility * 100],
  ['Sharpe (empyrical)', (r) => r.metrics.sharpe, 3],
  ['Sortino (empyrical)', (r) => r.metrics.sortino, 3],
  ['Calmar (empyrical)', (r) => r.metrics.calmar, 3],
  ['Sharpe (backtesting.py)', (r) => r.stats.sharpeRatio, 3],
  ['Sortino (backtesting.py)', (r) => r.stats.sortinoRatio, 3],
  ['Max drawdown [%]', (r) => r.stats.maxDrawdownPct],
  ['Max drawdown duration [days]', (r) => r.stats.maxDrawdownDurationDays, 0],
  ['VaR 95% daily, historical [%]', (r) => r.metrics.var95Hist * 100],
  ['CVaR 95% daily, historical [%]', (r) => r.metrics.cvar95Hist * 100],
  ['# trades', (r) => r.stats.numTrades, 0],
  ['Win rate [%]', (r) => r.stats.winRatePct],
  ['Profit factor ($, per trade)', (r) => r.metrics.tradeProfitFactor, 3],
  ['Expectancy [$ per trade]', (r) => r.metrics.expectancy],
  ['Exposure time [%]', (r) => r.stats.exposureTimePct],
  ['Commissions [$]', (r) => r.stats.commissions],
];

function cell(v: number | string, digits = 2): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * The table: one column per result, headed by `names`. `head` rows (e.g. a sleeve's strategy, symbols
 * and allocation) come first, one text per column.
 */
export function summaryTable(names: readonly string[], results: readonly SummaryColumn[], head: readonly (readonly [label: string, values: readonly string[]])[] = []): string {
  const rows: Row[] = [...head.map(([label, values]): Row => [label, (_r, c) => values[c] ?? '']), ...ROWS];
  const labelWidth = Math.max(...rows.map((r) => r[0].length));
  const cols = results.map((res, c) => {
    const values = rows.map(([, f, d]) => cell(f(res, c), d));
    const width = Math.max(names[c].length, ...values.map((v) => v.length));
    return { width, values, name: names[c] };
  });
  const lines = [''.padEnd(labelWidth) + cols.map((c) => '  ' + c.name.padStart(c.width)).join('')];
  rows.forEach(([label], i) => lines.push(label.padEnd(labelWidth) + cols.map((c) => '  ' + c.values[i].padStart(c.width)).join('')));
  return lines.join('\n');
}
