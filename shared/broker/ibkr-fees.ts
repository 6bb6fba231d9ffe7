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
