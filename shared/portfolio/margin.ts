// Margin requirements of an account, rules-based (docs/trading-model.md §4). One rule set for the
// backtest, the TWS simulator and the bridge's checks; the stock rates are the policy's:
// - stocks and ETFs, long or short: `stockInitial` of market value initial, `stockMaintenance`
//   maintenance (Reg-T: 50 % / 25 %; a cash account or backtesting.py's margin = 1: 100 % / 100 %);
// - long options: paid in full, no requirement (they have no loan value either, see account-values.ts);
// - short puts: cash-secured, strike × multiplier per contract; a long put of the same underlying
//   with a later-or-equal expiry pairs with one as a spread, leaving its maximum loss
//   (short strike − long strike)⁺ × multiplier (nothing when the long strike is at or above);
// - short calls: covered by `multiplier` long shares each (no requirement; physically settled
//   options only), else by a long call of the same underlying with a later-or-equal expiry
//   ((long strike − short strike)⁺ × multiplier), else naked: the call's value plus
//   max(20 % of the underlying − the out-of-the-money amount, 10 % of the underlying), × multiplier
//   (IBKR's rule for US equity options);
// - broad-based index options (cash-settled, underlying an index: SPX) follow Reg-T's index rule
//   instead: a naked short put needs its value + max(15 % of the index − OTM amount, 10 % of the
//   strike), a naked short call its value + max(15 % of the index − OTM amount, 10 % of the index),
//   × multiplier (not cash-secured: they settle in cash, nothing is delivered); spreads as above.
// Pairing is greedy (the closest covering strikes first); nothing is netted across underlyings.
import { instrumentKey, type OptionInstrument } from '../domain/instrument.ts';
import type { Position } from '../domain/position.ts';

export interface MarginPolicy {
  /** Initial requirement on stock market value (0.5 Reg-T, 1 for a cash account). */
  readonly stockInitial: number;
  /** Maintenance requirement on stock market value (0.25 Reg-T, 1 for a cash account). */
  readonly stockMaintenance: number;
}

export const REG_T: MarginPolicy = { stockInitial: 0.5, stockMaintenance: 0.25 };
/** No leverage: a position needs its full value (backtesting.py's margin = 1). */
export const CASH_ACCOUNT: MarginPolicy = { stockInitial: 1, stockMaintenance: 1 };

/** backtesting.py's `margin` ratio as a policy (1 = no leverage, 0.5 = 2:1). */
export function marginRatioPolicy(margin: number): MarginPolicy {
  return margin === 1 ? CASH_ACCOUNT : { stockInitial: margin, stockMaintenance: margin };
}

export interface MarginRequirement {
  initial: number;
  maintenance: number;
}

interface OptionUnit {
  strike: number;
  expiry: number;
  count: number;
  multiplier: number;
  /** Price per unit of the underlying (the option's mark). */
  price: number;
}

/**
 * Requirement of a set of positions. `mark(p)` is a position's price per unit (before the
 * multiplier); `spot(underlyingKey)` an underlying's price (NaN when unknown).
 */
export function marginRequirement(
  positions: readonly Position[],
  mark: (p: Position) => number,
  spot: (underlyingKey: string) => number,
  policy: MarginPolicy,
): MarginRequirement {
  let initial = 0;
  let maintenance = 0;
  let byUnderlying: Map<string, Position[]> | undefined;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k];
    if (p.qty === 0) continue;
    const inst = p.instrument;
    if (inst.secType === 'STK') {
      const value = Math.abs(p.qty * mark(p) * inst.multiplier);
      initial += policy.stockInitial * value;
      maintenance += policy.stockMaintenance * value;
    } else if (inst.secType === 'OPT') {
      byUnderlying ??= new Map();
      const u = instrumentKey(inst.underlying);
      const list = byUnderlying.get(u);
      if (list) list.push(p);
      else byUnderlying.set(u, [p]);
    }
  }
  if (byUnderlying) {
    for (const [u, options] of byUnderlying) {
      let shares = 0;
      for (const p of positions) if (p.key === u && p.instrument.secType === 'STK') shares = p.qty;
      const index = (options[0].instrument as OptionInstrument).underlying.secType === 'IND';
      const req = optionRequirement(options, shares, spot(u), mark, index);
      initial += req;
      maintenance += req;
    }
  }
  return { initial, maintenance };
}

function units(options: readonly Position[], right: 'C' | 'P', short: boolean, mark: (p: Position) => number): OptionUnit[] {
  const out: OptionUnit[] = [];
  for (const p of options) {
    const o = p.instrument as OptionInstrument;
    if (o.right === right && (short ? p.qty < 0 : p.qty > 0)) out.push({ strike: o.strike, expiry: o.expiry, count: Math.abs(p.qty), multiplier: o.multiplier, price: mark(p) });
  }
  return out;
}

/** One underlying's option requirement, per the rules above; `shares` is the stock position; `index` for broad-based index options. */
function optionRequirement(options: readonly Position[], shares: number, spot: number, mark: (p: Position) => number, index: boolean): number {
  let req = 0;
  // Short puts: paired with long puts (highest strike first) as spreads, else cash-secured.
  const longPuts = units(options, 'P', false, mark).sort((a, b) => b.strike - a.strike);
  for (const s of units(options, 'P', true, mark).sort((a, b) => b.strike - a.strike)) {
    let left = s.count;
    for (const l of longPuts) {
      if (left === 0) break;
      if (l.count === 0 || l.expiry < s.expiry) continue;
      const n = Math.min(left, l.count);
      req += Math.max(0, s.strike - l.strike) * s.multiplier * n;
      l.count -= n;
      left -= n;
    }
    if (index) req += ((s.price === s.price ? s.price : 0) + nakedIndexPut(spot, s.strike)) * s.multiplier * left;
    else req += s.strike * s.multiplier * left;
  }
  // Short calls: covered by long stock (physically settled only), then by long calls (lowest strike first), else naked.
  const physical = options.some((p) => (p.instrument as OptionInstrument).settlement === 'physical');
  let coveringShares = physical ? Math.max(0, shares) : 0;
  const longCalls = units(options, 'C', false, mark).sort((a, b) => a.strike - b.strike);
  for (const s of units(options, 'C', true, mark).sort((a, b) => a.strike - b.strike)) {
    let left = s.count;
    const byStock = Math.min(left, Math.floor(coveringShares / s.multiplier));
    coveringShares -= byStock * s.multiplier;
    left -= byStock;
    for (const l of longCalls) {
      if (left === 0) break;
      if (l.count === 0 || l.expiry < s.expiry) continue;
      const n = Math.min(left, l.count);
      req += Math.max(0, l.strike - s.strike) * s.multiplier * n;
      l.count -= n;
      left -= n;
    }
    if (left > 0) req += ((s.price === s.price ? s.price : 0) + nakedCall(spot, s.strike, index ? BROAD_INDEX_RATE : EQUITY_OPTION_RATE)) * s.multiplier * left;
  }
  return req;
}

/** Reg-T's share of the underlying for naked equity options (20 %) and broad-based index options (15 %); the floor is 10 % for both. */
export const EQUITY_OPTION_RATE = 0.2;
export const BROAD_INDEX_RATE = 0.15;
export const NAKED_MINIMUM_RATE = 0.1;

/**
 * The underlying-based part of a naked short call's requirement per unit: max(rate × spot − OTM
 * amount, 10 % of spot), rate 20 % (equity) or 15 % (broad-based index); the call's value is added to it.
 */
export function nakedCall(spot: number, strike: number, rate = EQUITY_OPTION_RATE): number {
  if (!(spot > 0)) return strike;
  const otm = Math.max(0, strike - spot);
  return Math.max(rate * spot - otm, NAKED_MINIMUM_RATE * spot);
}

/**
 * The underlying-based part of a naked short broad-based index put's requirement per unit:
 * max(15 % of the index − OTM amount, 10 % of the strike); the put's value is added to it. Without
 * an index level, the strike (as cash-secured).
 */
export function nakedIndexPut(spot: number, strike: number): number {
  if (!(spot > 0)) return strike;
  const otm = Math.max(0, spot - strike);
  return Math.max(BROAD_INDEX_RATE * spot - otm, NAKED_MINIMUM_RATE * strike);
}

/** Shares of an underlying that short calls on it encumber (they cover the calls; selling them makes the calls naked). */
export function sharesCoveringCalls(positions: readonly Position[], underlyingKey: string): number {
  let n = 0;
  for (const p of positions) {
    const i = p.instrument;
    if (i.secType === 'OPT' && p.qty < 0 && i.right === 'C' && i.settlement === 'physical' && instrumentKey(i.underlying) === underlyingKey) n += -p.qty * i.multiplier;
  }
  return n;
}
