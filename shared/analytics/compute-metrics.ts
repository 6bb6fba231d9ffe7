// The empyrical / quantstats / per-trade metrics (§6) from the same equity curve and trades.
// Per-bar returns r_t (per calendar day for intraday bars, §5.1) include the flat warm-up bars; rf = 0;
// P from §5.1 unless given.

import { annualizationPeriods } from './annualization.ts';
import { annualReturn, calmarRatio, totalReturn } from './annual-return.ts';
import { checkAnalyticsInput } from './check-input.ts';
import { maxDrawdownOfEquity } from './drawdown.ts';
import { mean } from './moments.ts';
import { sortedCopy } from './percentile.ts';
import { annualisedReturns } from './day-returns.ts';
import { dailyProfitFactor, dailyWinRate, omegaRatio, tailRatio } from './return-distribution.ts';
import { averageLoss, averageWin, payoffRatio, profitFactor, winRate } from './trade-outcomes.ts';
import type { AnalyticsInput, BacktestMetrics } from './types.ts';
import { gaussianCvar95, gaussianVar95, historicalCvar, historicalVar } from './value-at-risk.ts';
import { annualVolatility, downsideRisk, sharpeRatio, sortinoRatio } from './volatility-ratios.ts';

export function computeMetrics(input: AnalyticsInput): BacktestMetrics {
  checkAnalyticsInput(input);
  const { times, equity, trades } = input;
  const P = input.periodsPerYear ?? annualizationPeriods(times);
  const r = annualisedReturns(times, equity, input.utcOffsetMin);
  const pnl = trades.map((t) => t.pnl);
  const annual = annualReturn(r, P);
  const maxDd = maxDrawdownOfEquity(equity);
  const sorted = sortedCopy(r); // one sort for every percentile-based metric

  return {
    nReturns: r.length,
    totalReturn: totalReturn(equity),
    annualReturn: annual,
    annualVolatility: annualVolatility(r, P),
    sharpe: sharpeRatio(r, P),
    downsideRisk: downsideRisk(r, P),
    sortino: sortinoRatio(r, P),
    maxDrawdown: maxDd,
    calmar: calmarRatio(annual, maxDd),
    var95Hist: historicalVar(r, 0.05, sorted),
    cvar95Hist: historicalCvar(r, 0.05, sorted),
    var95Gauss: gaussianVar95(r),
    cvar95Gauss: gaussianCvar95(r),
    omega: omegaRatio(r),
    tailRatio: tailRatio(r, sorted),
    dailyWinRate: dailyWinRate(r),
    dailyProfitFactor: dailyProfitFactor(r),
    tradeWinRate: winRate(pnl),
    tradeProfitFactor: profitFactor(pnl),
    avgWin: averageWin(pnl),
    avgLoss: averageLoss(pnl),
    payoffRatio: payoffRatio(pnl),
    expectancy: mean(pnl),
    tradeMeanReturn: mean(trades.map((t) => t.returnPct)),
  };
}
