// Arithmetic on option positions (wheel-rules §2.2, §2.3, §2.6; T1, T3, T4): a position's P&L as a
// fraction of what it cost, short contracts counted plainly or net of the longer-dated longs that
// cover them (calendar spreads, poor man's covered calls), and weighted average strikes.
import type { Right } from './types.ts';

/** What P&L needs of a position (TWS `updatePortfolio` fields). */
export interface PnlFields {
  readonly position: number;
  /** Per share for stocks, per contract for options. */
  readonly avgCost: number;
  readonly unrealizedPnl: number;
}

/**
 * T1: P&L as a fraction of the position's cost: unrealized P&L / |avgCost × position| (0 when that
 * cost is 0). A short put sold for $222.43 now worth $411.94 is −0.85.
 */
export function positionPnl(p: PnlFields): number {
  const cost = Math.abs(p.avgCost * p.position);
  return cost === 0 || !Number.isFinite(cost) ? 0 : p.unrealizedPnl / cost;
}

/** An option leg as the counting rules see it. */
export interface OptionLeg {
  readonly right: Right;
  readonly strike: number;
  readonly dte: number;
  /** Signed contracts. */
  readonly position: number;
}

/** Short contracts of one right (a positive count). */
export function shortContracts(legs: readonly OptionLeg[], right: Right): number {
  let n = 0;
  for (const l of legs) if (l.right === right && l.position < 0) n -= l.position;
  return Math.floor(n);
}

/** Long contracts of one right. */
export function longContracts(legs: readonly OptionLeg[], right: Right): number {
  let n = 0;
  for (const l of legs) if (l.right === right && l.position > 0) n += l.position;
  return Math.floor(n);
}

/**
 * T3 (`write_when.calculate_net_contracts`): short contracts of one right net of the long contracts
 * that cover them. A long covers a short when it expires no earlier and its strike is the same or
 * safer — for calls at or below the short strike, for puts at or above it. Shorts are matched in
 * expiry then strike order (descending for puts), each against the longs in the same order, a long's
 * contracts used once; what is left short is counted.
 */
export function netShortContracts(legs: readonly OptionLeg[], right: Right): number {
  const puts = right === 'P';
  const byExpiryThenStrike = (a: OptionLeg, b: OptionLeg) => (puts ? -1 : 1) * (a.dte - b.dte || a.strike - b.strike);
  const shorts = legs.filter((l) => l.right === right && l.position < 0).sort(byExpiryThenStrike);
  const longs = legs
    .filter((l) => l.right === right && l.position > 0)
    .sort(byExpiryThenStrike)
    .map((l) => ({ dte: l.dte, strike: l.strike, left: l.position }));
  let net = 0;
  for (const s of shorts) {
    let short = s.position;
    for (const l of longs) {
      if (short > -1) break;
      if (l.left < 1 || l.dte < s.dte) continue;
      const covers = Math.abs(l.strike - s.strike) <= 1e-9 * Math.max(1, Math.abs(s.strike)) || (puts ? l.strike >= s.strike : l.strike <= s.strike);
      if (!covers) continue;
      if (short + l.left > 0) {
        l.left += short;
        short = 0;
      } else {
        short += l.left;
        l.left = 0;
      }
    }
    net += Math.min(0, short);
  }
  return Math.floor(0 - net); // never −0
}

/** T4: the contract-weighted average strike of the short (or long) legs of one right; undefined without any. */
export function weightedAverageStrike(legs: readonly OptionLeg[], right: Right, side: 'short' | 'long'): number | undefined {
  let num = 0;
  let den = 0;
  for (const l of legs) {
    if (l.right !== right || (side === 'short' ? l.position >= 0 : l.position <= 0)) continue;
    num += Math.abs(l.position) * l.strike;
    den += Math.abs(l.position);
  }
  return den > 0 ? num / den : undefined;
}
