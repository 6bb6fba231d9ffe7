// Kelly criterion as backtesting.py computes it (§5), on net $ pnl (quantstats' formula too):
//   w = #(pnl > 0)/n,  b = mean(pnl[pnl > 0]) / −mean(pnl[pnl < 0]),  kelly = w − (1 − w)/b
// NaN without a winning or without a losing trade.

import { averageLoss, averageWin, winRate } from './trade-outcomes.ts';

export function kellyCriterion(pnl: ArrayLike<number>): number {
  const w = winRate(pnl);
  return w - (1 - w) / (averageWin(pnl) / -averageLoss(pnl));
}
