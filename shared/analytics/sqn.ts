// Van Tharp's System Quality Number as backtesting.py computes it (§5), on net $ pnl:
//   SQN = sqrt(n) · mean(pnl) / sd(pnl)     (ddof = 1; NaN when sd is 0 or n < 2)

import { mean, ratio, sampleStd } from './moments.ts';

export function systemQualityNumber(pnl: ArrayLike<number>): number {
  return ratio(Math.sqrt(pnl.length) * mean(pnl), sampleStd(pnl));
}
