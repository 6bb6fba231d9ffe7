// The regime rebalance's vocabulary (docs/regime-rebalance.md §2, wheel-rules.md §2.10): the order tag its
// orders carry (thetagang's, so fills of either program count for the cooldown), the decisions the pass
// returns, and the rounding thetagang's Python does. The rules are the small files beside this one.
import type { Reason } from '../wheel/types.ts';

export type { Reason } from '../wheel/types.ts';

/** docs/regime-rebalance.md §2.5: every order carries `tg:regime-rebalance:<SYM>` as its order reference. */
export const REGIME_ORDER_REF_PREFIX = 'tg:regime-rebalance';

/** The order reference of a regime order on `symbol`. */
export function regimeOrderRef(symbol: string): string {
  return `${REGIME_ORDER_REF_PREFIX}:${symbol}`;
}

/** What a decision is about: the whole basket's gates, or one symbol's order. */
export const REGIME_STEPS = ['inputs', 'weights', 'bands', 'regime', 'ratio', 'cooldown', 'flow', 'deficit', 'mode', 'order'] as const;
export type RegimeStep = (typeof REGIME_STEPS)[number];

/** A decision of the pass: a step, a symbol ('*' for the basket), a verdict, a closed code and a sentence with the numbers. */
export interface RegimeDecision extends Reason {
  readonly step: RegimeStep;
  readonly symbol: string;
  /** e.g. 'pass', 'block', 'buy', 'sell', 'hold', 'skip', 'abort'. */
  readonly verdict: string;
}

/**
 * Python's round(): to the nearest integer, halves to the even one (2.5 → 2, 3.5 → 4, −2.5 → −2). thetagang
 * rounds a partial hard-band trade with it (docs/regime-rebalance.md §2.5).
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Dollars with at most 2 decimals. */
export function usd(x: number): string {
  return Number.isFinite(x) ? `$${Math.round(x * 100) / 100}` : `$${x}`;
}

/** A fraction as a percentage with up to 2 decimals. */
export function pct(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x * 10_000) / 100}%` : String(x);
}

/** A number with up to 4 significant decimals. */
export function num(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 10_000) / 10_000) : String(x);
}
