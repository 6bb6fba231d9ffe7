// Margin requirements of the paper account (a Reg-T margin account, simplified):
// - stocks and ETFs, long or short: 50 % of market value initial, 25 % maintenance (Reg-T);
// - long options: paid in full, no requirement (and no loan value, see account-values.ts);
// - short puts: cash-secured, strike × 100 per contract, initial and maintenance; a long put of the
//   same underlying with a higher-or-equal strike and a later-or-equal expiry covers one, leaving the
//   spread's maximum loss (short strike − long strike) × 100;
// - short calls: covered by 100 long shares each (no requirement), else by a long call of the same
//   underlying with a later-or-equal expiry ((long strike − short strike)⁺ × 100), else naked:
//   max(20 % of the underlying − the out-of-the-money amount, 10 % of the underlying) × 100.
// Pairing is greedy (the closest covering strikes first). This is an approximation of IBKR's
// rules-based margin, good enough for paper trading; it never nets across underlyings.

import type { PositionRecord } from './ledger.ts';

export interface MarginRequirement {
  initial: number;
  maintenance: number;
}

export const REG_T_INITIAL = 0.5;
export const REG_T_MAINTENANCE = 0.25;

interface OptionUnit {
  strike: number;
  expiry: number;
  count: number;
}

/** Requirement of a set of positions; `mark(conId)` gives the price per unit, `underlying(conId)` an underlying's price. */
export function marginRequirement(positions: readonly PositionRecord[], mark: (conId: number) => number): MarginRequirement {
  let initial = 0;
  let maintenance = 0;
  const byUnderlying = new Map<number, PositionRecord[]>();
  for (const p of positions) {
    if (p.qty === 0) continue;
    if (p.kind === 'STK') {
      const value = Math.abs(p.qty * mark(p.conId) * p.multiplier);
      initial += REG_T_INITIAL * value;
      maintenance += REG_T_MAINTENANCE * value;
    } else if (p.kind === 'OPT') {
      const list = byUnderlying.get(p.underConId) ?? [];
      list.push(p);
      byUnderlying.set(p.underConId, list);
    }
  }
  for (const [underConId, options] of byUnderlying) {
    const stock = positions.find((p) => p.conId === underConId && p.kind === 'STK');
    const req = optionRequirement(options, stock?.qty ?? 0, mark(underConId));
    initial += req;
    maintenance += req;
  }
  return { initial, maintenance };
}

function units(options: readonly PositionRecord[], right: 'C' | 'P', short: boolean): OptionUnit[] {
  return options
    .filter((p) => p.right === right && (short ? p.qty < 0 : p.qty > 0))
    .map((p) => ({ strike: p.strike, expiry: p.expiry, count: Math.abs(p.qty) }));
}

/** One underlying's option requirement, per the rules above. */
function optionRequirement(options: readonly PositionRecord[], stockQty: number, spot: number): number {
  let req = 0;
  // Short puts: covered by long puts with strike >= (highest first), else cash-secured.
  const longPuts = units(options, 'P', false).sort((a, b) => b.strike - a.strike);
  for (const s of units(options, 'P', true).sort((a, b) => b.strike - a.strike)) {
    let left = s.count;
    for (const l of longPuts) {
      if (left === 0) break;
      if (l.count === 0 || l.expiry < s.expiry) continue;
      const n = Math.min(left, l.count);
      req += Math.max(0, s.strike - l.strike) * 100 * n;
      l.count -= n;
      left -= n;
    }
    req += s.strike * 100 * left;
  }
  // Short calls: covered by long stock, then by long calls (lowest strike first), else naked.
  let coveringShares = Math.max(0, stockQty);
  const longCalls = units(options, 'C', false).sort((a, b) => a.strike - b.strike);
  for (const s of units(options, 'C', true).sort((a, b) => a.strike - b.strike)) {
    let left = s.count;
    const byStock = Math.min(left, Math.floor(coveringShares / 100));
    coveringShares -= byStock * 100;
    left -= byStock;
    for (const l of longCalls) {
      if (left === 0) break;
      if (l.count === 0 || l.expiry < s.expiry) continue;
      const n = Math.min(left, l.count);
      req += Math.max(0, l.strike - s.strike) * 100 * n;
      l.count -= n;
      left -= n;
    }
    if (left > 0) req += nakedCall(spot, s.strike) * 100 * left;
  }
  return req;
}

/** Naked short call requirement per share: max(20 % of spot − OTM amount, 10 % of spot). */
export function nakedCall(spot: number, strike: number): number {
  if (!(spot > 0)) return strike;
  const otm = Math.max(0, strike - spot);
  return Math.max(0.2 * spot - otm, 0.1 * spot);
}
