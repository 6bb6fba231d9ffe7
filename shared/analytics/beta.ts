// backtesting.py's Beta and Jensen's Alpha (§5), rf = 0:
//   le_t = ln(E[t]/E[t−1]), lm_t = ln(C[t]/C[t−1]);  beta = cov(le, lm) / var(lm)  (ddof 1 both)
//   alpha% = returnPct − beta · buyHoldReturnPct     (on total returns in percent)

import { logReturns } from './returns.ts';
import { ratio, sampleCovariance, sampleVariance } from './moments.ts';

/** Beta of the equity curve against the close; NaN with fewer than 2 log returns or a flat market. */
export function beta(equity: ArrayLike<number>, close: ArrayLike<number>): number {
  const le = logReturns(equity);
  const lm = logReturns(close);
  if (le.length < 2) return Number.NaN;
  return ratio(sampleCovariance(le, lm), sampleVariance(lm));
}

/** Jensen's alpha in percent: returnPct − beta·buyHoldReturnPct. */
export function jensenAlphaPct(returnPct: number, betaValue: number, buyHoldReturnPct: number): number {
  return returnPct - betaValue * buyHoldReturnPct;
}
