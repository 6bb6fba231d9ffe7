// The summary table printed after a backtest: one column per run, each row labelled with its
// convention (backtesting.py stats vs empyrical/quantstats metrics).
import type { BacktestResult } from '../../shared/engine/backtest-result.ts';

type Row = [label: string, value: (r: BacktestResult) => number | string, digits?: number];

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

export function summaryTable(names: readonly string[], results: readonly BacktestResult[]): string {
  const labelWidth = Math.max(...ROWS.map((r) => r[0].length));
  const cols = results.map((res, c) => {
    const values = ROWS.map(([, f, d]) => cell(f(res), d));
    const width = Math.max(names[c].length, ...values.map((v) => v.length));
    return { width, values, name: names[c] };
  });
  const lines = [''.padEnd(labelWidth) + cols.map((c) => '  ' + c.name.padStart(c.width)).join('')];
  ROWS.forEach(([label], i) => lines.push(label.padEnd(labelWidth) + cols.map((c) => '  ' + c.values[i].padStart(c.width)).join('')));
  return lines.join('\n');
}
