// The pre-trade margin check (IBKR's what-if; TWS rejects with 201 "insufficient buying power"):
// the trades are booked on a copy of the account and its AvailableFunds (equity with loan value −
// initial margin) must stay ≥ 0 — or at least not fall: an order that lowers the requirement
// (closing or reducing a position) always passes. Used by the simulator's order checks, the
// backtest's intent executor and the bridge's order guard.
import type { HoldableInstrument } from '../domain/instrument.ts';
import { accountValues, type AccountValues, type Marks } from './account-values.ts';
import type { Ledger } from './ledger.ts';
import type { MarginPolicy } from './margin.ts';

export interface ProposedTrade {
  readonly instrument: HoldableInstrument;
  /** Signed units. */
  readonly qty: number;
  /** Price per unit before the multiplier. */
  readonly price: number;
  readonly commission: number;
}

export interface WhatIf {
  readonly before: AccountValues;
  readonly after: AccountValues;
  /** The account can carry the trades. */
  readonly accepted: boolean;
  /** Change of the initial margin requirement. */
  readonly initMarginChange: number;
  /** Change of the maintenance margin requirement. */
  readonly maintMarginChange: number;
  /** Sum of the trades' commissions. */
  readonly commission: number;
}

export function whatIf(ledger: Ledger, trades: readonly ProposedTrade[], marks: Marks, policy: MarginPolicy): WhatIf {
  const before = accountValues(ledger, marks, policy);
  const copy = ledger.clone();
  let commission = 0;
  for (const t of trades) {
    copy.trade(t.instrument, t.qty, t.price, t.commission);
    commission += t.commission;
  }
  const after = accountValues(copy, marks, policy);
  return {
    before,
    after,
    accepted: after.availableFunds >= 0 || after.availableFunds >= before.availableFunds,
    initMarginChange: after.initMargin - before.initMargin,
    maintMarginChange: after.maintMargin - before.maintMargin,
    commission,
  };
}

/** Money rounded to cents, as TWS prints account values. */
export function money(v: number): string {
  return (Math.round(v * 100) / 100).toFixed(2);
}
