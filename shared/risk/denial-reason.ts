// The closed list of reasons an intent is denied or changed, one sentence each
// (docs/trading-model.md §11). Risk outcomes are events carrying one of these codes, never exceptions.
export const RISK_REASONS = {
  MAX_DRAWDOWN_HALT: 'the drawdown from the equity peak reached max_drawdown: new entries are halted (exits still allowed)',
  POSITION_SIZE_CAPPED: 'the entry was reduced so the position stays within position_size_limit of equity',
  POSITION_SIZE_FULL: 'the position already uses position_size_limit of equity: no further entry',
  TRADING_HALTED: 'trading is HALTED (kill switch): no new orders; cancels and closes still pass',
  TRADING_REDUCING: 'trading is REDUCING: only orders that reduce a position pass',
  INSUFFICIENT_FUNDS: "the strategy's sleeve cannot pay for the order: its available funds are too small",
  NO_PRICE: 'the instrument has no price at this step: the order cannot be sized',
  CONFLICT_OVERRULED: 'another strategy wants the opposite position in this instrument and won the conflict (priority, then confidence-weighted vote)',
  CONFLICT_TIE: 'strategies want opposite positions in this instrument with equal priority and equal votes: neither opens (fail closed)',
  CONFLICT_KEEPS_CALLS_COVERED: 'the sale was reduced so that short calls held in the account stay covered by shares',
  ORDER_REFUSED: 'the broker refused the order',
} as const;

export type RiskReason = keyof typeof RISK_REASONS;
