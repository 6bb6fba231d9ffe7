// Execution costs as named functions: commission, spread, slippage and market impact.
import { ibkrFixedCommission, ibkrTieredCommission } from './ibkr-fees.ts';

export interface CostModel {
  /** Fraction of traded value charged per side (backtesting.py's relative commission). */
  readonly commissionRate: number;
  /** Fixed amount per order. */
  readonly commissionFixed: number;
  /** Amount per share. */
  readonly commissionPerShare: number;
  /** Minimum commission per order (0 = none). */
  readonly commissionMin: number;
  /** A broker schedule that replaces the numbers above. */
  readonly preset: 'none' | 'ibkr_tiered' | 'ibkr_fixed';
  /** Fraction added to long entry prices and subtracted from short entry prices (not exits). */
  readonly spread: number;
  /** Fraction applied adversely to every fill price. */
  readonly slippage: number;
  /** Fraction applied adversely to every fill price (the order's own price impact). */
  readonly marketImpact: number;
}

export const ZERO_COSTS: CostModel = {
  commissionRate: 0,
  commissionFixed: 0,
  commissionPerShare: 0,
  commissionMin: 0,
  preset: 'none',
  spread: 0,
  slippage: 0,
  marketImpact: 0,
};

/** Commission of one fill of `units` shares (signed or not) at `price`. */
export function commission(m: CostModel, units: number, price: number): number {
  const shares = Math.abs(units);
  if (shares === 0) return 0;
  if (m.preset === 'ibkr_tiered') return ibkrTieredCommission(shares, price);
  if (m.preset === 'ibkr_fixed') return ibkrFixedCommission(shares, price);
  const c = m.commissionFixed + m.commissionRate * shares * price + m.commissionPerShare * shares;
  return Math.max(c, m.commissionMin);
}

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
