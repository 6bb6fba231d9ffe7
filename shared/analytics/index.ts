// Backtest analytics: backtesting.py's stats (§5) and the empyrical/quantstats metrics (§6),
// the §7 JSON shape and parity rule. Pure functions over Float64Array series.

export * from './types.ts';
export { checkAnalyticsInput } from './check-input.ts';
export { computeStats } from './compute-stats.ts';
export { computeMetrics } from './compute-metrics.ts';
export { annualizationPeriods, medianBarGapMs, weekendShare } from './annualization.ts';
export { annualReturn, calendarCagr, calmarRatio, totalReturn } from './annual-return.ts';
export { beta, jensenAlphaPct } from './beta.ts';
export { annualisedReturns, dayEndEquity, isIntradaySpacing } from './day-returns.ts';
export { daysBetween, maxDaysCeil, meanDaysCeil } from './calendar-days.ts';
export { drawdownSeries, maxDrawdownDepth, maxDrawdownOfEquity } from './drawdown.ts';
export { drawdownPeriods, summarizeDrawdownPeriods, type DrawdownPeriod, type DrawdownPeriodSummary } from './drawdown-periods.ts';
export { exposedBarCount, exposureTimePct } from './exposure.ts';
export { annualizedGeometricReturn, compoundedAnnualVolatility, geometricMeanReturn } from './geometric-returns.ts';
export { kellyCriterion } from './kelly.ts';
export { mean, ratio, sampleCovariance, sampleStd, sampleVariance } from './moments.ts';
export { percentile, percentileSorted, sortedCopy } from './percentile.ts';
export { logReturns, simpleReturns } from './returns.ts';
export { dailyProfitFactor, dailyWinRate, omegaRatio, tailRatio } from './return-distribution.ts';
export { systemQualityNumber } from './sqn.ts';
export { averageLoss, averageWin, payoffRatio, profitFactor, winRate } from './trade-outcomes.ts';
export { NORMAL_QUANTILE_05, gaussianCvar95, gaussianVar95, historicalCvar, historicalVar } from './value-at-risk.ts';
export { annualVolatility, downsideDeviation, downsideRisk, sharpeRatio, sortinoRatio } from './volatility-ratios.ts';
export { jsonValue, toJsonResult, type BacktestJsonResult, type JsonMetrics, type JsonResultParts, type JsonStats, type JsonTrade, type Jsonified } from './json-result.ts';
export { PARITY_TOLERANCE, parityMismatches, valuesMatch, type ParityInput } from './parity.ts';
