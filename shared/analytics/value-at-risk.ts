// Value at risk and expected shortfall at 95 % on per-bar returns (§6):
//   var95Hist   empyrical value_at_risk             pctl(r, 5)
//   cvar95Hist  empyrical conditional_value_at_risk mean of the k+1 smallest, k = floor((n−1)·0.05)
//   var95Gauss  quantstats value_at_risk            mean(r) + sd(r)·Φ⁻¹(0.05)
//   cvar95Gauss quantstats cvar                     mean of r_t < var95Gauss (else var95Gauss)

import { mean, sampleStd } from './moments.ts';
import { percentileSorted, sortedCopy } from './percentile.ts';

/** Φ⁻¹(0.05), scipy `norm.ppf(0.05)`. */
export const NORMAL_QUANTILE_05 = -1.6448536269514729;

/** Historical VaR: the linear `cutoff` percentile of the returns. */
export function historicalVar(returns: ArrayLike<number>, cutoff = 0.05, sorted: ArrayLike<number> = sortedCopy(returns)): number {
  return percentileSorted(sorted, 100 * cutoff);
}

/** Historical CVaR: mean of the k+1 smallest returns, k = floor((n − 1)·cutoff); NaN when empty. */
export function historicalCvar(returns: ArrayLike<number>, cutoff = 0.05, sorted: Float64Array = sortedCopy(returns)): number {
  const n = returns.length;
  if (n === 0) return Number.NaN;
  const k = Math.floor((n - 1) * cutoff);
  return mean(sorted.subarray(0, k + 1));
}

/** Parametric (normal) VaR at 95 %: mean + sd·Φ⁻¹(0.05). */
export function gaussianVar95(returns: ArrayLike<number>): number {
  return mean(returns) + sampleStd(returns) * NORMAL_QUANTILE_05;
}

/** quantstats CVaR at 95 %: mean of the returns below the parametric VaR, or that VaR when none are. */
export function gaussianCvar95(returns: ArrayLike<number>): number {
  const threshold = gaussianVar95(returns);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < returns.length; i++) {
    if (returns[i] < threshold) {
      sum += returns[i];
      count++;
    }
  }
  return count === 0 ? threshold : sum / count;
}
