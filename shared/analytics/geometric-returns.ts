// backtesting.py's compounded annualisation (§5, SSRN 3054517):
//   g      = exp(Σ ln(1 + r_t) / n) − 1          geometric mean return (0 if any 1 + r_t ≤ 0)
//   annRet = (1 + g)^P − 1
//   vol    = sqrt((var(r) + (1 + g)²)^P − (1 + g)^(2P))    var with ddof = 1
// The same geometric mean, applied to trade returns, is the "Avg. Trade [%]" stat.

/** Geometric mean of returns (NaN entries count as 0, as upstream's `fillna(0)`); 0 if any 1 + r ≤ 0; NaN when empty. */
export function geometricMeanReturn(returns: ArrayLike<number>): number {
  const n = returns.length;
  if (n === 0) return Number.NaN;
  let sumLog = 0;
  for (let i = 0; i < n; i++) {
    const g = 1 + (Number.isNaN(returns[i]) ? 0 : returns[i]);
    if (g <= 0) return 0;
    sumLog += Math.log(g);
  }
  return Math.exp(sumLog / n) - 1;
}

/** (1 + g)^P − 1. */
export function annualizedGeometricReturn(g: number, periodsPerYear: number): number {
  return (1 + g) ** periodsPerYear - 1;
}

/**
 * sqrt((variance + (1 + g)²)^P − (1 + g)^(2P)): the volatility of compounded returns. With zero
 * variance the radicand is 0 only up to rounding; a negative one gives NaN, as numpy does upstream.
 */
export function compoundedAnnualVolatility(variance: number, g: number, periodsPerYear: number): number {
  return Math.sqrt((variance + (1 + g) ** 2) ** periodsPerYear - (1 + g) ** (2 * periodsPerYear));
}
