// empyrical / quantstats risk-adjusted returns on per-bar returns r, rf = 0 (§6):
//   annualVolatility = sd(r)·√P                          (ddof = 1)
//   sharpe           = mean(r) / sd(r) · √P
//   downsideRisk     = sqrt(Σ min(r_t, 0)² / n) · √P      (mean over ALL n returns)
//   sortino          = mean(r)·P / downsideRisk
// Contrast backtesting.py's geometric versions in geometric-returns.ts.

import { mean, ratio, sampleStd } from './moments.ts';

export function annualVolatility(returns: ArrayLike<number>, periodsPerYear: number): number {
  return sampleStd(returns) * Math.sqrt(periodsPerYear);
}

export function sharpeRatio(returns: ArrayLike<number>, periodsPerYear: number): number {
  return ratio(mean(returns), sampleStd(returns)) * Math.sqrt(periodsPerYear);
}

/** sqrt(mean(min(r_t, 0)²)) — the root-mean-square shortfall below 0, not annualised. */
export function downsideDeviation(returns: ArrayLike<number>): number {
  const n = returns.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.min(returns[i], 0);
    s += d * d;
  }
  return Math.sqrt(s / n);
}

export function downsideRisk(returns: ArrayLike<number>, periodsPerYear: number): number {
  return downsideDeviation(returns) * Math.sqrt(periodsPerYear);
}

export function sortinoRatio(returns: ArrayLike<number>, periodsPerYear: number): number {
  return ratio(mean(returns) * periodsPerYear, downsideRisk(returns, periodsPerYear));
}
