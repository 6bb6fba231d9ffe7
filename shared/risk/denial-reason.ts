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
  // The bridge's order guard (docs/trading-model.md §11.5, runner leases §11.6): live orders only.
  NOT_CONNECTED: 'the bridge is not connected to TWS: nothing is sent (and nothing is queued for later)',
  RECONCILING: 'the bridge is reconciling with TWS (orders, executions, positions): no order until it is done',
  STALE_INTENT: "the intent is not within intent_max_age_seconds of the bridge's clock: it is refused, never sent late",
  NO_LEASE: "the sender does not hold the strategy's runner lease",
  LEASE_EXPIRED: "the strategy's runner lease has expired: the device must acquire it again",
  STALE_FENCING_TOKEN: "the intent carries an older fencing token: another device has since taken the strategy's runner lease",
  NO_PRICE_FOR_LIMIT: 'the instrument has no price on the bridge: the order cannot be checked against the limits (fail closed)',
  MAX_ORDER_VALUE: 'the order is worth more than max_order_value',
  MAX_POSITION_SHARE: "the position after the order would exceed max_position_share of the account's net liquidation",
  DAILY_LOSS_LIMIT: "the day's loss (realised and unrealised since the session started) reached daily_loss_limit: only orders that reduce a position pass",
  MAX_OPEN_ORDERS: 'max_open_orders orders are already working: no further order until one is done',
  ORDER_RATE: 'max_orders_per_minute orders were already sent in the last minute',
  SYMBOL_NOT_ALLOWED: 'the symbol is not in allowed_symbols',
  ORDER_TYPE_NOT_ALLOWED: 'the order type is not in allowed_order_types',
  UNKNOWN_ORDER: 'no working order has this id (it is unknown or already done)',
} as const;

export type RiskReason = keyof typeof RISK_REASONS;
