// The closed list of reasons the risk gate denies or changes an intent, one sentence each.
export const RISK_REASONS = {
  MAX_DRAWDOWN_HALT: 'the drawdown from the equity peak reached max_drawdown: new entries are halted (exits still allowed)',
  POSITION_SIZE_CAPPED: "the entry was reduced so the position stays within position_size_limit of equity",
  POSITION_SIZE_FULL: 'the position already uses position_size_limit of equity: no further entry',
} as const;

export type RiskReason = keyof typeof RISK_REASONS;
