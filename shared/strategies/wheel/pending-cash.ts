// The cash this run's queued orders will use or free (wheel-rules §2.9; T20): cash management counts
// it on top of the account's cash, so a sweep never spends money a queued buy needs. Σ over orders of
// (SELL ? +1 : −1) × quantity × limit × multiplier; a combo's negative limit (a credit) frees cash.

/** T20: one queued order as the cash count sees it. */
export interface QueuedOrderCash {
  readonly action: 'BUY' | 'SELL';
  /** Contracts or shares (the sign is taken from `action`; a negative quantity counts by its size). */
  readonly quantity: number;
  /** The limit price per share (negative for a credit combo). */
  readonly price: number;
  /** 1 for stock, the contract multiplier for options and combos (thetagang: a combo's first leg). */
  readonly multiplier: number;
}

/**
 * T20: the pending cash of queued orders: Σ (SELL ? +1 : −1) × |quantity| × price × multiplier. An order
 * whose numbers are not finite counts 0 (thetagang counts a missing limit as 0), so the sum stays a number.
 */
export function pendingCash(orders: readonly QueuedOrderCash[]): number {
  let cash = 0;
  for (const o of orders) {
    const value = Math.abs(o.quantity) * o.price * o.multiplier;
    if (!Number.isFinite(value)) continue;
    cash += o.action === 'SELL' ? value : -value;
  }
  return cash;
}
