// backtest-model.md §6 on the canonical case: all 24 metrics, each checked against a
// straightforward recomputation written here with plain array code (sort, filter, reduce),
// plus the rounded figures §6.1–§6.2 print.
import { describe, expect, it } from 'vitest';
import { METRICS_KEYS, computeMetrics, computeStats, parityMismatches, type BacktestMetrics } from '../../../shared/analytics/index.ts';
import { smaCrossVectorized } from '../../reference/backtest/sma-cross-vectorized.ts';
import { googBars } from '../../support/goog-canonical.ts';

const bars = googBars();
const ref = smaCrossVectorized(bars);
const input = { times: bars.time, equity: ref.equity, close: bars.close, warmup: ref.warmup, trades: ref.trades };
const metrics = computeMetrics(input);

const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);
const avg = (x: number[]) => sum(x) / x.length;
const sd = (x: number[]) => {
  const m = avg(x);
  return Math.sqrt(sum(x.map((v) => (v - m) ** 2)) / (x.length - 1));
};
/** numpy linear percentile, textbook form. */
const pctl = (x: number[], q: number) => {
  const s = [...x].sort((a, b) => a - b);
  const h = ((s.length - 1) * q) / 100;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
};

/** The 24 metrics, recomputed independently of shared/analytics. */
function independentMetrics(): BacktestMetrics {
  const E = Array.from(ref.equity);
  const r = E.slice(1).map((e, t) => e / E[t] - 1);
  const n = r.length;
  const P = 252;
  const mu = avg(r);
  const sigma = sd(r);
  const downside = Math.sqrt(avg(r.map((v) => Math.min(v, 0) ** 2))) * Math.sqrt(P);
  let peak = -Infinity;
  const maxDrawdown = Math.min(...E.map((e) => ((peak = Math.max(peak, e)), e / peak - 1)));
  const annualReturn = r.reduce((g, v) => g * (1 + v), 1) ** (P / n) - 1;
  const sorted = [...r].sort((a, b) => a - b);
  const k = Math.floor((n - 1) * 0.05);
  const var95Gauss = mu + sigma * -1.6448536269514729;
  const below = r.filter((v) => v < var95Gauss);
  const pnl = ref.trades.map((t) => t.pnl);
  const wins = pnl.filter((v) => v > 0);
  const losses = pnl.filter((v) => v < 0);
  return {
    nReturns: n,
    totalReturn: E[E.length - 1] / E[0] - 1,
    annualReturn,
    annualVolatility: sigma * Math.sqrt(P),
    sharpe: (mu / sigma) * Math.sqrt(P),
    downsideRisk: downside,
    sortino: (mu * P) / downside,
    maxDrawdown,
    calmar: annualReturn / Math.abs(maxDrawdown),
    var95Hist: pctl(r, 5),
    cvar95Hist: avg(sorted.slice(0, k + 1)),
    var95Gauss,
    cvar95Gauss: below.length ? avg(below) : var95Gauss,
    omega: sum(r.filter((v) => v > 0)) / -sum(r.filter((v) => v < 0)),
    tailRatio: Math.abs(pctl(r, 95)) / Math.abs(pctl(r, 5)),
    dailyWinRate: r.filter((v) => v > 0).length / r.filter((v) => v !== 0).length,
    dailyProfitFactor: sum(r.filter((v) => v >= 0)) / Math.abs(sum(r.filter((v) => v < 0))),
    tradeWinRate: wins.length / pnl.length,
    tradeProfitFactor: sum(wins) / Math.abs(sum(losses)),
    avgWin: avg(wins),
    avgLoss: avg(losses),
    payoffRatio: avg(wins) / Math.abs(avg(losses)),
    expectancy: avg(pnl),
    tradeMeanReturn: avg(ref.trades.map((t) => t.returnPct)),
  };
}

describe('canonical metrics (§6) on SmaCross(10, 30) / GOOG', () => {
  it('has the 24 keys in the §6 order', () => {
    expect(Object.keys(metrics)).toEqual([...METRICS_KEYS]);
  });

  it('matches an independent recomputation of every metric (1e-9 relative)', () => {
    expect(parityMismatches({ metrics }, { metrics: independentMetrics() }, 1e-9)).toEqual([]);
  });

  it('prints the §6.2 empyrical/quantstats figures: Sharpe 0.798, Sortino 1.206, volatility 29.5 %', () => {
    expect(metrics.sharpe.toFixed(3)).toBe('0.798');
    expect(metrics.sortino.toFixed(3)).toBe('1.206');
    expect((metrics.annualVolatility * 100).toFixed(1)).toBe('29.5');
    expect(metrics.nReturns).toBe(2147);
  });

  it('keeps the two CVaRs apart (§6.1): historical −4.10 %, parametric-threshold −4.36 %', () => {
    expect((metrics.cvar95Hist * 100).toFixed(2)).toBe('-4.10');
    expect((metrics.cvar95Gauss * 100).toFixed(2)).toBe('-4.36');
  });

  it('agrees with the backtesting.py set where the spec says they coincide', () => {
    const stats = computeStats(input);
    // §6: annualReturn equals returnAnnPct/100 up to rounding; the two Sharpes and Sortinos differ (§6.2).
    expect(metrics.annualReturn).toBeCloseTo(stats.returnAnnPct / 100, 12);
    expect(metrics.maxDrawdown * 100).toBeCloseTo(stats.maxDrawdownPct, 10);
    expect(metrics.tradeWinRate * 100).toBeCloseTo(stats.winRatePct, 12);
    expect(metrics.tradeMeanReturn * 100).toBeCloseTo(stats.expectancyPct, 12);
    expect(metrics.omega).toBe(metrics.dailyProfitFactor);
    expect(stats.sharpeRatio.toFixed(3)).toBe('0.581');
    expect(stats.sortinoRatio.toFixed(3)).toBe('1.085');
    expect(stats.volatilityAnnPct.toFixed(1)).toBe('36.5');
  });
});
