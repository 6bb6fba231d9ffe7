// Interactive Brokers' US stock commission schedules (IBKR Pro), used as presets.
// Tiered: USD 0.0035/share (the ≤ 300,000 shares/month tier), minimum USD 0.35 per order, maximum
// 1 % of trade value; exchange, clearing and regulatory fees are not included. Fixed: USD 0.005/share,
// minimum USD 1.00, maximum 1 % of trade value (fees included by IBKR).

export function ibkrTieredCommission(shares: number, price: number): number {
  return Math.min(Math.max(0.0035 * shares, 0.35), 0.01 * shares * price);
}

export function ibkrFixedCommission(shares: number, price: number): number {
  return Math.min(Math.max(0.005 * shares, 1.0), 0.01 * shares * price);
}

// Interactive Brokers' US equity and index option commissions (IBKR Pro), per order. Source
// assumptions (IBKR's published "Options commissions – North America" table, tiered, first tier:
// up to 10,000 contracts a month): USD 0.65 per contract when the premium is USD 0.10 or more,
// USD 0.50 for a premium from USD 0.05 to below 0.10, USD 0.25 below USD 0.05; minimum USD 1.00
// per order; no maximum. Fixed: USD 0.65 per contract at any premium, minimum USD 1.00. Exchange,
// clearing and regulatory fees (ORF, OCC, FINRA TAF) are not included. Premium is per share (the
// quoted option price), contracts unsigned.

/** Per-contract rate of the tiered schedule's first tier for a premium (per share). */
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
