// backtesting.py's 32 stats (§5) from an equity curve, the closes and the closed trades.
// Every formula lives in a named module; this file only wires them in upstream's order.

import { formatIsoDate } from '../data/iso-time.ts';
import { annualizationPeriods } from './annualization.ts';
import { calendarCagr } from './annual-return.ts';
import { beta as betaOf, jensenAlphaPct } from './beta.ts';
import { checkAnalyticsInput } from './check-input.ts';
import { daysBetween, maxDaysCeil, meanDaysCeil } from './calendar-days.ts';
import { drawdownSeries, maxDrawdownDepth } from './drawdown.ts';
import { drawdownPeriods, summarizeDrawdownPeriods } from './drawdown-periods.ts';
import { exposureTimePct } from './exposure.ts';
import { annualizedGeometricReturn, compoundedAnnualVolatility, geometricMeanReturn } from './geometric-returns.ts';
import { kellyCriterion } from './kelly.ts';
import { mean, ratio, sampleVariance } from './moments.ts';
import { annualisedReturns } from './day-returns.ts';
import { systemQualityNumber } from './sqn.ts';
import { profitFactor, winRate } from './trade-outcomes.ts';
import type { AnalyticsInput, BacktestStats } from './types.ts';
import { downsideDeviation } from './volatility-ratios.ts';

/** Largest value; NaN when empty. */
function maxOf(x: ArrayLike<number>): number {
  if (x.length === 0) return Number.NaN;
  let m = x[0];
  for (let i = 1; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
}

/** Smallest value; NaN when empty. */
function minOf(x: ArrayLike<number>): number {
  if (x.length === 0) return Number.NaN;
  let m = x[0];
  for (let i = 1; i < x.length; i++) if (x[i] < m) m = x[i];
  return m;
}

export function computeStats(input: AnalyticsInput): BacktestStats {
  const n = checkAnalyticsInput(input);
  const { times, equity, close, warmup, trades } = input;
  const P = input.periodsPerYear ?? annualizationPeriods(times);
  const e0 = equity[0];
  const eN = equity[n - 1];

  const dd = drawdownSeries(equity);
  const maxDd = maxDrawdownDepth(dd);
  const ddSummary = summarizeDrawdownPeriods(drawdownPeriods(dd, times));

  const r = annualisedReturns(times, equity, input.utcOffsetMin); // per bar; per calendar day for intraday bars (§5.1)
  const g = geometricMeanReturn(r);
  const annRet = annualizedGeometricReturn(g, P);
  const returnAnnPct = annRet * 100;
  const volatilityAnnPct = compoundedAnnualVolatility(sampleVariance(r), g, P) * 100;

  const returnPct = ((eN - e0) / e0) * 100;
  const buyHoldReturnPct = ((close[n - 1] - close[warmup]) / close[warmup]) * 100;
  const b = betaOf(equity, close);

  const pnl = trades.map((t) => t.pnl);
  const tradeReturns = trades.map((t) => t.returnPct);
  const tradeDays = trades.map((t) => daysBetween(times[t.entryBar], times[t.exitBar]));
  let commissions = 0;
  for (const t of trades) commissions += t.commission;
  const durationDays = daysBetween(times[0], times[n - 1]);

  return {
    start: formatIsoDate(times[0]),
    end: formatIsoDate(times[n - 1]),
    durationDays: Math.floor(durationDays),
    exposureTimePct: exposureTimePct(trades, n),
    equityFinal: eN,
    equityPeak: maxOf(equity),
    commissions,
    returnPct,
    buyHoldReturnPct,
    returnAnnPct,
    volatilityAnnPct,
    cagrPct: calendarCagr(e0, eN, durationDays) * 100,
    sharpeRatio: ratio(returnAnnPct, volatilityAnnPct),
    sortinoRatio: ratio(annRet, downsideDeviation(r) * Math.sqrt(P)),
    calmarRatio: ratio(annRet, maxDd),
    alphaPct: jensenAlphaPct(returnPct, b, buyHoldReturnPct),
    beta: b,
    maxDrawdownPct: -maxDd * 100,
    avgDrawdownPct: -ddSummary.avgPeak * 100,
    maxDrawdownDurationDays: ddSummary.maxDurationDays,
    avgDrawdownDurationDays: ddSummary.avgDurationDays,
    numTrades: trades.length,
    winRatePct: winRate(pnl) * 100,
    bestTradePct: maxOf(tradeReturns) * 100,
    worstTradePct: minOf(tradeReturns) * 100,
    avgTradePct: geometricMeanReturn(tradeReturns) * 100,
    maxTradeDurationDays: maxDaysCeil(tradeDays),
    avgTradeDurationDays: meanDaysCeil(tradeDays),
    profitFactor: profitFactor(tradeReturns),
    expectancyPct: mean(tradeReturns) * 100,
    sqn: systemQualityNumber(pnl),
    kellyCriterion: kellyCriterion(pnl),
  };
}
