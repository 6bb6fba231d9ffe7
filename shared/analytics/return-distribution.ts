// Ratios on the distribution of per-bar returns, threshold 0 (§6):
//   omega             = Σ max(r_t, 0) / Σ max(−r_t, 0)           empyrical omega_ratio
//   tailRatio         = |pctl(r, 95)| / |pctl(r, 5)|             empyrical tail_ratio
//   dailyWinRate      = #(r_t > 0) / #(r_t ≠ 0)                  quantstats win_rate
//   dailyProfitFactor = Σ r_t[r_t ≥ 0] / |Σ r_t[r_t < 0]|        quantstats profit_factor

import { ratio } from './moments.ts';
import { percentileSorted, sortedCopy } from './percentile.ts';

export function omegaRatio(returns: ArrayLike<number>): number {
  let gains = 0;
  let losses = 0;
  for (let i = 0; i < returns.length; i++) {
    if (returns[i] > 0) gains += returns[i];
    else if (returns[i] < 0) losses -= returns[i];
  }
  return ratio(gains, losses);
}

export function tailRatio(returns: ArrayLike<number>, sorted: ArrayLike<number> = sortedCopy(returns)): number {
  return ratio(Math.abs(percentileSorted(sorted, 95)), Math.abs(percentileSorted(sorted, 5)));
}

export function dailyWinRate(returns: ArrayLike<number>): number {
  let wins = 0;
  let nonZero = 0;
  for (let i = 0; i < returns.length; i++) {
    if (returns[i] !== 0) nonZero++;
    if (returns[i] > 0) wins++;
  }
  return ratio(wins, nonZero);
}

export function dailyProfitFactor(returns: ArrayLike<number>): number {
  let gains = 0;
  let losses = 0;
  for (let i = 0; i < returns.length; i++) {
    if (returns[i] >= 0) gains += returns[i];
    else losses += returns[i];
  }
  return ratio(gains, Math.abs(losses));
}
