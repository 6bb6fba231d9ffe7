// The order guard's settings from moneytrailz.toml's [guard] table (docs/trading-model.md §11.5):
// the bridge reads every key here; the defaults live in the schema (shared/config).
import { guardConfig, type GuardConfig, type MoneyTrailzConfig } from '../../shared/config/index.ts';
import type { OrderLimits } from '../../shared/risk/order-limits.ts';

export interface GuardSettings {
  readonly limits: OrderLimits;
  readonly intentMaxAgeMs: number;
}

export function guardSettings(config: Pick<MoneyTrailzConfig, 'guard'> | undefined): GuardSettings {
  const g: GuardConfig = guardConfig(config ?? {});
  return {
    limits: {
      maxOrderValue: g.max_order_value,
      maxPositionShare: g.max_position_share,
      dailyLossLimit: g.daily_loss_limit,
      maxOpenOrders: g.max_open_orders,
      maxOrdersPerMinute: g.max_orders_per_minute,
      allowedSymbols: g.allowed_symbols,
      allowedOrderTypes: g.allowed_order_types,
    },
    intentMaxAgeMs: g.intent_max_age_seconds * 1000,
  };
}

/** One line for the console: the limits in force. */
export function describeGuard(s: GuardSettings): string {
  const l = s.limits;
  const parts = [
    l.maxOrderValue !== undefined ? `max order value ${l.maxOrderValue}` : undefined,
    l.maxPositionShare !== undefined ? `max ${l.maxPositionShare * 100} % of net liquidation per position` : undefined,
    l.dailyLossLimit !== undefined ? `daily loss limit ${l.dailyLossLimit}` : undefined,
    l.maxOpenOrders !== undefined ? `${l.maxOpenOrders} open orders` : undefined,
    l.maxOrdersPerMinute !== undefined ? `${l.maxOrdersPerMinute} orders/min` : undefined,
    l.allowedSymbols ? `symbols ${l.allowedSymbols.join(', ') || 'none'}` : undefined,
    l.allowedOrderTypes ? `order types ${l.allowedOrderTypes.join(', ') || 'none'}` : undefined,
    `intents at most ${s.intentMaxAgeMs / 1000} s old`,
  ];
  return parts.filter((p) => p !== undefined).join(', ');
}
