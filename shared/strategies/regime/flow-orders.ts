// The flow rail's orders (docs/regime-rebalance.md §2.5; wheel-rules.md §2.10): the candidates are the tradable
// symbols more than one share off target. Flow trades only in the direction the basket's dollar gaps lean:
// deploying capacity needs Σ gap × price > flow_imbalance_tau × Σ |gap × price| (reducing, < −tau × it). Buys
// fill each symbol's share deficit by the same fraction (capacity / the deficits' value, at most 1, floored);
// sells take the shortfall from the overweight symbols in proportion to their excess value (ceiled, never below
// target − 1 share).
import type { SymbolTarget } from './base.ts';
import { num, usd, type Reason } from './types.ts';

/** Shares a symbol may be off target without counting as a flow candidate (thetagang's share_tolerance). */
export const SHARE_TOLERANCE = 1;

export interface FlowBasket {
  readonly candidates: readonly SymbolTarget[];
  /** Σ share gap × price over the candidates. */
  readonly netValueGap: number;
  /** Σ |share gap × price|. */
  readonly totalAbsValueGap: number;
}

/** §2.5: the flow candidates and their dollar gaps. */
export function flowBasket(targets: readonly SymbolTarget[], allowed: (symbol: string) => boolean): FlowBasket {
  const candidates = targets.filter((t) => allowed(t.symbol) && Math.abs(t.shareGap) > SHARE_TOLERANCE);
  let netValueGap = 0;
  let totalAbsValueGap = 0;
  for (const t of candidates) {
    netValueGap += t.shareGap * t.price;
    totalAbsValueGap += Math.abs(t.shareGap * t.price);
  }
  return { candidates, netValueGap, totalAbsValueGap };
}

export type DirectionCode = 'DIRECTION_OK' | 'DIRECTIONAL_IMBALANCE' | 'NO_GAPS';

/** §2.5: whether the gaps lean the way `amount` (the capacity) would trade, by more than tau of their total. */
export function directionalImbalance(b: FlowBasket, amount: number, tau: number): { readonly ok: boolean; readonly reason: Reason<DirectionCode> } {
  if (!(b.totalAbsValueGap > 0) || amount === 0) return { ok: false, reason: { code: 'NO_GAPS', message: 'no symbol is more than one share off target' } };
  const ratio = b.netValueGap / b.totalAbsValueGap;
  const ok = amount > 0 ? b.netValueGap > tau * b.totalAbsValueGap : b.netValueGap < -tau * b.totalAbsValueGap;
  const way = amount > 0 ? 'buy' : 'sell';
  const gaps = `net dollar gap ${usd(b.netValueGap)} of ${usd(b.totalAbsValueGap)} (imbalance ${num(ratio)}, flow_imbalance_tau ${tau})`;
  const message = `${gaps} ${ok ? 'leans' : 'does not lean'} to ${way}`;
  return { ok, reason: { code: ok ? 'DIRECTION_OK' : 'DIRECTIONAL_IMBALANCE', message } };
}

/** §2.5: signed shares per symbol that move `amount` (> 0 deploy, < 0 reduce) through the candidates. */
export function flowOrders(b: FlowBasket, amount: number, tau: number): Map<string, number> {
  const out = new Map<string, number>();
  if (amount === 0 || b.candidates.length === 0 || !directionalImbalance(b, amount, tau).ok) return out;
  if (amount > 0) {
    const deficitValue = b.candidates.reduce((a, t) => a + Math.max(t.shareGap, 0) * t.price, 0);
    if (!(deficitValue > 0)) return out;
    const fraction = Math.min(amount / deficitValue, 1);
    for (const t of b.candidates) {
      const buy = Math.floor(Math.max(t.shareGap, 0) * fraction);
      if (buy > 0) out.set(t.symbol, buy);
    }
    return out;
  }
  const need = -amount;
  const excess = (t: SymbolTarget) => Math.max(-t.shareGap * t.price, 0);
  const totalExcess = b.candidates.reduce((a, t) => a + excess(t), 0);
  if (!(totalExcess > 0)) return out;
  for (const t of b.candidates) {
    if (!(excess(t) > 0)) continue;
    const maxSell = Math.max(t.shares - Math.max(t.targetShares - SHARE_TOLERANCE, 0), 0);
    if (maxSell <= 0) continue;
    const sell = Math.min(Math.ceil((need * (excess(t) / totalExcess)) / t.price), maxSell);
    if (sell > 0) out.set(t.symbol, -sell);
  }
  return out;
}
