// Whole-share sizing from a fraction of available margin (backtesting.py's rule, backtest-model §3.3).

/**
 * `floor(marginAvailable · leverage · fraction / (adjustedPrice + commissionPerUnit))`, where the
 * adjusted price includes spread/slippage and the per-unit commission is computed at the unadjusted
 * price. 0 means the order cannot buy a single share.
 */
export function unitsFromFraction(marginAvailable: number, fraction: number, adjustedPrice: number, commissionPerUnit: number, leverage = 1): number {
  const units = Math.floor((Math.max(0, marginAvailable) * leverage * fraction) / (adjustedPrice + commissionPerUnit));
  return units > 0 ? units : 0;
}
