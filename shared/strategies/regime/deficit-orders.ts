// The deficit rail's sells (docs/regime-rebalance.md §2.5; wheel-rules.md §2.10): to bring a basket that is worth
// more than its base back down by `amount`, first the overweight symbols (more than one share above target) sell
// in proportion to their overage value, each at most down to target − 1 share; what is still missing is then sold
// across the basket by target weight, round after round (ceiled shares), until it is covered or nothing is left.
import type { SymbolTarget } from './base.ts';
import { SHARE_TOLERANCE } from './flow-orders.ts';

/**
 * §2.5: signed (negative) shares per symbol that raise `amount` dollars from holdings `shares` (the basket's
 * targets give the target shares, prices and weights; `weights` are the target weights normalized to sum 1).
 */
export function deficitOrders(
  targets: readonly SymbolTarget[],
  shares: ReadonlyMap<string, number>,
  amount: number,
  weights: ReadonlyMap<string, number>,
  allowed: (symbol: string) => boolean,
): Map<string, number> {
  const out = new Map<string, number>();
  if (!(amount > 0)) return out;
  const held = (t: SymbolTarget) => shares.get(t.symbol) ?? 0;
  const sell = (t: SymbolTarget, n: number) => {
    out.set(t.symbol, (out.get(t.symbol) ?? 0) - n);
    amount -= n * t.price;
  };
  const initial = amount;
  const overweight = targets.filter((t) => held(t) > t.targetShares + SHARE_TOLERANCE && allowed(t.symbol));
  const overage = (t: SymbolTarget) => Math.max(held(t) - (t.targetShares + SHARE_TOLERANCE), 0) * t.price;
  const totalOverage = overweight.reduce((a, t) => a + overage(t), 0);
  for (const t of overweight) {
    if (!(overage(t) > 0)) continue;
    const maxSell = Math.max(held(t) - Math.max(t.targetShares - SHARE_TOLERANCE, 0), 0);
    if (maxSell <= 0) continue;
    const alloc = Math.min(totalOverage > 0 ? initial * (overage(t) / totalOverage) : amount, amount);
    const n = Math.min(Math.ceil(alloc / t.price), maxSell);
    if (n > 0) {
      sell(t, n);
      if (amount <= 0) return out;
    }
  }
  while (amount > 0) {
    let sold = false;
    for (const t of targets) {
      if (!(t.targetWeight > 0) || !allowed(t.symbol)) continue;
      const maxSell = held(t) + (out.get(t.symbol) ?? 0);
      if (maxSell <= 0) continue;
      const n = Math.min(Math.ceil((amount * (weights.get(t.symbol) ?? 0)) / t.price), maxSell);
      if (n <= 0) continue;
      sell(t, n);
      sold = true;
      if (amount <= 0) break;
    }
    if (!sold) break;
  }
  return out;
}
