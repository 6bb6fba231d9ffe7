// The lab's stats table: the portfolio JSON's numbers with human labels (the CLI's summary table's
// picks, bridge/cli/summary-table.ts), each formatted; null (undefined in the run) shows as '—'.
import type { PortfolioJson } from '../../shared/engine/backtest-result.ts';

export interface StatRow {
  readonly label: string;
  /** The JSON key it reads, e.g. `stats.returnPct`. */
  readonly key: string;
  readonly value: (j: PortfolioJson) => number | string | null;
  /** Fraction digits; a percentage of a fraction is multiplied by 100 by `value`. */
  readonly digits: number;
  readonly unit?: '%' | '$' | 'days';
}

const pct = (v: number | null) => (v === null ? null : v * 100);

export const STAT_ROWS: readonly StatRow[] = [
  { label: 'Start', key: 'stats.start', value: (j) => j.stats.start, digits: 0 },
  { label: 'End', key: 'stats.end', value: (j) => j.stats.end, digits: 0 },
  { label: 'Final equity', key: 'stats.equityFinal', value: (j) => j.stats.equityFinal, digits: 2, unit: '$' },
  { label: 'Return', key: 'stats.returnPct', value: (j) => j.stats.returnPct, digits: 2, unit: '%' },
  { label: 'Buy & hold return', key: 'stats.buyHoldReturnPct', value: (j) => j.stats.buyHoldReturnPct, digits: 2, unit: '%' },
  { label: 'CAGR', key: 'stats.cagrPct', value: (j) => j.stats.cagrPct, digits: 2, unit: '%' },
  { label: 'Annual volatility', key: 'stats.volatilityAnnPct', value: (j) => j.stats.volatilityAnnPct, digits: 2, unit: '%' },
  { label: 'Max drawdown', key: 'stats.maxDrawdownPct', value: (j) => j.stats.maxDrawdownPct, digits: 2, unit: '%' },
  { label: 'Max drawdown duration', key: 'stats.maxDrawdownDurationDays', value: (j) => j.stats.maxDrawdownDurationDays, digits: 0, unit: 'days' },
  { label: 'Sharpe ratio', key: 'stats.sharpeRatio', value: (j) => j.stats.sharpeRatio, digits: 3 },
  { label: 'Sortino ratio', key: 'stats.sortinoRatio', value: (j) => j.stats.sortinoRatio, digits: 3 },
  { label: 'Calmar ratio', key: 'stats.calmarRatio', value: (j) => j.stats.calmarRatio, digits: 3 },
  { label: 'Trades', key: 'stats.numTrades', value: (j) => j.stats.numTrades, digits: 0 },
  { label: 'Win rate', key: 'stats.winRatePct', value: (j) => j.stats.winRatePct, digits: 2, unit: '%' },
  { label: 'Profit factor', key: 'stats.profitFactor', value: (j) => j.stats.profitFactor, digits: 3 },
  { label: 'Best trade', key: 'stats.bestTradePct', value: (j) => j.stats.bestTradePct, digits: 2, unit: '%' },
  { label: 'Worst trade', key: 'stats.worstTradePct', value: (j) => j.stats.worstTradePct, digits: 2, unit: '%' },
  { label: 'Exposure time', key: 'stats.exposureTimePct', value: (j) => j.stats.exposureTimePct, digits: 2, unit: '%' },
  { label: 'Commissions', key: 'stats.commissions', value: (j) => j.stats.commissions, digits: 2, unit: '$' },
  { label: 'VaR 95% daily (historical)', key: 'metrics.var95Hist', value: (j) => pct(j.metrics.var95Hist), digits: 2, unit: '%' },
];

/** A row's value as shown: e.g. `12.34 %`, `$10,523.10`, `—`. */
export function formatStat(row: StatRow, j: PortfolioJson): string {
  const v = row.value(j);
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  const n = v.toLocaleString('en-US', { minimumFractionDigits: row.digits, maximumFractionDigits: row.digits });
  if (row.unit === '$') return `$${n}`;
  if (row.unit === '%') return `${n} %`;
  if (row.unit === 'days') return `${n} days`;
  return n;
}

/** When a result was stored, e.g. `Mar 5, 2025, 2:30 PM`. */
export function formatStoredAt(ms: number): string {
  return new Date(ms).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}
