// Execution costs of the backtest's simulated venue as named functions: the commission policy
// (shared/portfolio/commissions.ts, one for every mode) plus the fill-price adjustments a bar
// replay needs: spread on entries, slippage and market impact on every fill (backtest-model §3).
import { NO_COMMISSION, type CommissionPolicy } from '../portfolio/commissions.ts';

export interface CostModel {
  readonly commission: CommissionPolicy;
  /** Fraction added to long entry prices and subtracted from short entry prices (not exits). */
  readonly spread: number;
  /** Fraction applied adversely to every fill price. */
  readonly slippage: number;
  /** Fraction applied adversely to every fill price (the order's own price impact). */
  readonly marketImpact: number;
}

export const ZERO_COSTS: CostModel = { commission: NO_COMMISSION, spread: 0, slippage: 0, marketImpact: 0 };

/** A fill price moved against the trader by slippage and impact: up for buys, down for sells. */
export function slipped(m: CostModel, buy: boolean, price: number): number {
  const adverse = m.slippage + m.marketImpact;
  return adverse === 0 ? price : price * (buy ? 1 + adverse : 1 - adverse);
}

/** Entry price: slippage/impact, then the spread (long pays more, short receives less). */
export function entryPrice(m: CostModel, buy: boolean, base: number): number {
  const p = slipped(m, buy, base);
  return m.spread === 0 ? p : p * (buy ? 1 + m.spread : 1 - m.spread);
}

/** Exit price: slippage/impact only — no spread on exits (backtest-model §3.2). */
export function exitPrice(m: CostModel, buy: boolean, base: number): number {
  return slipped(m, buy, base);
}
