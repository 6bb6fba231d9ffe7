// Per-trade win/loss figures (§5, §6), on any per-trade value (net $ pnl or returnPct):
//   winRate      = #(v > 0) / n
//   profitFactor = Σ v[v > 0] / |Σ v[v < 0]|    (backtesting.py: on returnPct; metrics: on $ pnl)
//   avgWin       = mean(v[v > 0]),  avgLoss = mean(v[v < 0]) (negative),  payoff = avgWin / |avgLoss|

import { ratio } from './moments.ts';

/** Share of values > 0; NaN when empty. */
export function winRate(values: ArrayLike<number>): number {
  let wins = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0) wins++;
  return ratio(wins, values.length);
}

/** Gross gains over gross losses; NaN when there is no loss. */
export function profitFactor(values: ArrayLike<number>): number {
  let gains = 0;
  let losses = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > 0) gains += values[i];
    else if (values[i] < 0) losses += values[i];
  }
  return ratio(gains, Math.abs(losses));
}

/** Mean of the values > 0; NaN when none. */
export function averageWin(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > 0) {
      sum += values[i];
      count++;
    }
  }
  return ratio(sum, count);
}

/** Mean of the values < 0 (a negative number); NaN when none. */
export function averageLoss(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0) {
      sum += values[i];
      count++;
    }
  }
  return ratio(sum, count);
}

/** avgWin / |avgLoss|; NaN when either is undefined. */
export function payoffRatio(values: ArrayLike<number>): number {
  return ratio(averageWin(values), Math.abs(averageLoss(values)));
}
