// The one commission policy (docs/trading-model.md §5), used by the backtest's simulated venue, the
// TWS simulator's paper fills and the bridge's previews:
// - `ibkr_tiered` / `ibkr_fixed`: Interactive Brokers' published IBKR Pro schedules (below);
// - `per_trade`: the backtest's own settings, per order: fixed + rate × traded value +
//   per-unit × units, at least `min` (backtesting.py's relative commission is `rate`).
// A schedule's per-order minimum applies once per order: each partial fill is charged the order's
// cumulative commission minus what it already paid (fillCommission).
//
// IBKR Pro, US stocks and ETFs. Tiered: USD 0.0035/share (the ≤ 300,000 shares/month tier), minimum
// USD 0.35 per order, maximum 1 % of trade value; exchange, clearing and regulatory fees are not
// included. Fixed: USD 0.005/share, minimum USD 1.00, maximum 1 % of trade value (fees included).
// IBKR Pro, US equity and index options, per order (first tier, up to 10,000 contracts a month):
// tiered USD 0.65 per contract when the premium is USD 0.10 or more, 0.50 from 0.05 to below 0.10,
// 0.25 below 0.05, minimum USD 1.00 per order, no maximum; fixed USD 0.65 per contract at any
// premium, minimum USD 1.00. Exchange, clearing and regulatory fees (ORF, OCC, FINRA TAF) are not
// included. The premium is per share (the quoted option price), contracts unsigned.
import type { Instrument } from '../domain/instrument.ts';

export type CommissionPolicy =
  | { readonly kind: 'ibkr_tiered' }
  | { readonly kind: 'ibkr_fixed' }
  | {
      readonly kind: 'per_trade';
      /** Fraction of the traded value (price × units × multiplier). */
      readonly rate: number;
      /** Amount per unit (share or contract). */
      readonly perUnit: number;
      /** Amount per order. */
      readonly fixed: number;
      /** Minimum per order (0 = none). */
      readonly min: number;
    };

export const NO_COMMISSION: CommissionPolicy = { kind: 'per_trade', rate: 0, perUnit: 0, fixed: 0, min: 0 };

export function ibkrTieredCommission(shares: number, price: number): number {
  return Math.min(Math.max(0.0035 * shares, 0.35), 0.01 * shares * price);
}

export function ibkrFixedCommission(shares: number, price: number): number {
  return Math.min(Math.max(0.005 * shares, 1.0), 0.01 * shares * price);
}

/** Per-contract rate of the tiered option schedule's first tier for a premium (per share). */
export function ibkrOptionRate(premium: number): number {
  const p = Math.abs(premium);
  if (p >= 0.1) return 0.65;
  if (p >= 0.05) return 0.5;
  return 0.25;
}

export function ibkrTieredOptionCommission(contracts: number, premium: number): number {
  const n = Math.abs(contracts);
  if (n === 0) return 0;
  return Math.max(ibkrOptionRate(premium) * n, 1.0);
}

export function ibkrFixedOptionCommission(contracts: number, _premium: number): number {
  const n = Math.abs(contracts);
  if (n === 0) return 0;
  return Math.max(0.65 * n, 1.0);
}

/**
 * Commission of an order (or one combo leg) that has filled `units` (signed or not) of `instrument`
 * at an average `price` per unit before the multiplier.
 */
export function orderCommission(policy: CommissionPolicy, instrument: Pick<Instrument, 'secType' | 'multiplier'>, units: number, price: number): number {
  const n = Math.abs(units);
  if (n === 0) return 0;
  const option = instrument.secType === 'OPT';
  switch (policy.kind) {
    case 'ibkr_tiered':
      return option ? ibkrTieredOptionCommission(n, price) : ibkrTieredCommission(n, Math.abs(price));
    case 'ibkr_fixed':
      return option ? ibkrFixedOptionCommission(n, price) : ibkrFixedCommission(n, Math.abs(price));
    case 'per_trade': {
      const c = policy.fixed + policy.rate * n * Math.abs(price) * instrument.multiplier + policy.perUnit * n;
      return Math.max(c, policy.min);
    }
  }
}

/** What one more fill of an order costs: the cumulative commission after it minus what was charged before (≥ 0, to 1/10000). */
export function fillCommission(policy: CommissionPolicy, instrument: Pick<Instrument, 'secType' | 'multiplier'>, filledAfter: number, avgPriceAfter: number, chargedBefore: number): number {
  const c = orderCommission(policy, instrument, filledAfter, avgPriceAfter) - chargedBefore;
  return Math.max(0, Math.round(c * 1e4) / 1e4);
}
