// The band rebalance's share counts (docs/regime-rebalance.md §2.5; wheel-rules.md §2.10; T37, T38): each symbol
// trades target shares − shares held; after a hard breach with `hard_band_rebalance_fraction` below 1 only that
// fraction of the way, rounded half to even as thetagang's Python does (−10 × 0.5 → −5, 5 × 0.5 = 2.5 → 2).
// Symbols that may not trade (no_trading) are left out.
import type { SymbolTarget } from './base.ts';
import { roundHalfEven } from './types.ts';

/** thetagang's math.isclose(fraction, 1.0): relative tolerance 1e-9. */
function isOne(x: number): boolean {
  return Math.abs(x - 1) <= 1e-9 * Math.max(1, Math.abs(x));
}

/**
 * T37/T38: signed shares per symbol (0s left out) for a band rebalance; `fraction` applies to a hard breach only
 * (a soft breach always goes the whole way).
 */
export function bandOrders(targets: readonly SymbolTarget[], hard: boolean, fraction: number, allowed: (symbol: string) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of targets) {
    let desired = t.targetShares - t.shares;
    if (hard && !isOne(fraction)) desired = roundHalfEven(desired * fraction);
    if (desired === 0 || !allowed(t.symbol)) continue;
    out.set(t.symbol, desired);
  }
  return out;
}
