// Commissions of paper fills, from the one rule set in shared/broker/ibkr-fees.ts (IBKR Pro tiered
// or fixed, stocks per share and options per contract). A schedule's per-order minimum applies once
// per order: each fill is charged the order's cumulative commission minus what it already paid.

import {
  ibkrFixedCommission,
  ibkrFixedOptionCommission,
  ibkrTieredCommission,
  ibkrTieredOptionCommission,
} from '../../../shared/broker/ibkr-fees.ts';
import type { CommissionSchedule } from './paper-broker.ts';

/** Commission of an order (or combo leg) that has filled `qty` units at an average `price`. */
export function orderCommission(schedule: CommissionSchedule, isOption: boolean, qty: number, price: number): number {
  if (schedule === 'none' || qty === 0) return 0;
  if (isOption) return schedule === 'fixed' ? ibkrFixedOptionCommission(qty, price) : ibkrTieredOptionCommission(qty, price);
  return schedule === 'fixed' ? ibkrFixedCommission(qty, price) : ibkrTieredCommission(qty, price);
}

/** What one more fill costs: the cumulative commission after it minus what was charged before (≥ 0, to 1/10000 USD). */
export function fillCommission(schedule: CommissionSchedule, isOption: boolean, filledAfter: number, avgPriceAfter: number, chargedBefore: number): number {
  const c = orderCommission(schedule, isOption, filledAfter, avgPriceAfter) - chargedBefore;
  return Math.max(0, Math.round(c * 1e4) / 1e4);
}
