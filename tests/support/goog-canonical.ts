// The canonical backtest case (backtest-model.md §8): GOOG daily bars and upstream's expected stats.
import { readFileSync } from 'node:fs';
import type { BacktestStats } from '../../shared/analytics/index.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';

let cached: BarSeries | undefined;

/** GOOG_1d.csv (backtesting.py's own test data), read with the project's reader. */
export function googBars(): BarSeries {
  cached ??= readBarsCsv(readFileSync(new URL('../../data/samples/GOOG_1d.csv', import.meta.url), 'utf8'), 'GOOG_1d.csv', { symbol: 'GOOG' });
  return cached;
}

/** Epoch ms of UTC midnight of a `YYYY-MM-DD` date (test helper). */
export function utc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export /** §8, upstream's `test_compute_stats` expectations (rounded as the spec prints them). */
const EXPECTED_STATS: BacktestStats = {
  start: '2004-08-19',
  end: '2013-03-01',
  durationDays: 3116,
  exposureTimePct: 96.74115456,
  equityFinal: 51422.99,
  equityPeak: 75787.44,
  commissions: 0,
  returnPct: 414.2299,
  buyHoldReturnPct: 522.06018519,
  returnAnnPct: 21.19109925,
  volatilityAnnPct: 36.49716091,
  cagrPct: 21.16024571,
  sharpeRatio: 0.58062322,
  sortinoRatio: 1.08534344,
  calmarRatio: 0.44166409,
  alphaPct: 394.37391142,
  beta: 0.03803391,
  maxDrawdownPct: -47.98012705,
  avgDrawdownPct: -5.92585158,
  maxDrawdownDurationDays: 584,
  avgDrawdownDurationDays: 41,
  numTrades: 66,
  winRatePct: 46.96969697,
  bestTradePct: 53.5959523,
  worstTradePct: -18.3988735,
  avgTradePct: 2.53171598,
  maxTradeDurationDays: 183,
  avgTradeDurationDays: 46,
  profitFactor: 2.16794597,
  expectancyPct: 3.27480781,
  sqn: 1.07661874,
  kellyCriterion: 0.15187051,
};
