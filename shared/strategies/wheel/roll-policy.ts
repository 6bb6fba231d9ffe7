// The roll policy (wheel-rules.md §2.6.1): keep_strike — thetagang's bounds from the old strike (S8, S9) — or
// retarget_delta — the new contract at the target delta, chosen like a new write, when the buying power covers
// what a higher put strike adds. Which policy a symbol's right uses, what a roll adds to the buying power it
// needs, what this pass's queued orders already commit, and the check with its sentence.
import type { ROLL_POLICIES } from '../../config/wheel-tables.ts';
import type { WheelConfig } from './config.ts';
import { money, rateText } from './currency.ts';
import { rightName } from './targets.ts';
import type { Reason, Right } from './types.ts';

/** `roll_when.<right>.policy` / `[symbols.<SYM>.<right>] roll_policy`. */
export type RollPolicy = (typeof ROLL_POLICIES)[number];

/** The policy a roll uses and the key that chose it. */
export interface RollPolicyChoice {
  readonly policy: RollPolicy;
  /** `symbols.SPY.puts.roll_policy`, `roll_when.puts.policy`, or `the default`. */
  readonly setBy: string;
}

/** §2.6.1: a symbol's roll policy for a right: `[symbols.<SYM>.<right>] roll_policy` > `roll_when.<right>.policy` > keep_strike. */
export function symbolRollPolicy(c: WheelConfig, symbol: string, right: Right): RollPolicyChoice {
  const own = (right === 'P' ? c.symbols.get(symbol)?.puts : c.symbols.get(symbol)?.calls)?.rollPolicy;
  if (own) return { policy: own, setBy: `symbols.${symbol}.${rightName(right)}.roll_policy` };
  const wheel = (right === 'P' ? c.rollWhen.puts : c.rollWhen.calls).policy;
  if (wheel) return { policy: wheel, setBy: `roll_when.${rightName(right)}.policy` };
  return { policy: 'keep_strike', setBy: 'the default' };
}

/** "keep_strike (the default)", "retarget_delta (roll_when.puts.policy)". */
export function policyText(p: RollPolicyChoice): string {
  return `${p.policy} (${p.setBy})`;
}

/**
 * §2.6.1: what rolling `quantity` contracts from `oldStrike` to `newStrike` adds to the buying power a
 * position needs, in the contract's currency: a put is cash-secured, (new − old) × multiplier × quantity
 * (negative when rolled down: it frees that much); a covered call needs none (the shares cover it).
 */
export function rollBuyingPowerNeed(right: Right, oldStrike: number, newStrike: number, multiplier: number, quantity: number): number {
  return right === 'P' ? (newStrike - oldStrike) * multiplier * quantity : 0;
}

/** A combo leg as the buying-power accounting sees it. */
export interface CommittingLeg {
  readonly action: 'BUY' | 'SELL';
  readonly contract: { readonly right: Right; readonly strike: number; readonly multiplier: number };
}

/** A queued order as the buying-power accounting sees it (the pass's WheelOrder fits). */
export interface CommittingOrder {
  readonly symbol: string;
  readonly action: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly limit: number;
  readonly contract: { readonly secType: string; readonly right?: Right; readonly strike?: number; readonly multiplier?: number };
  readonly legs?: readonly CommittingLeg[];
}

/**
 * §2.6.1: the buying power this pass's queued orders already commit, in the base currency: puts sold
 * (strike × multiplier × quantity), rolls whose put legs move up (sell strike − buy strike, × multiplier ×
 * quantity, when positive) and shares bought (limit × quantity). What sells free is not counted: it is not
 * there until they fill. `rateOf` gives a symbol's rate to the base (an order of a symbol without one is
 * never queued).
 */
export function committedBuyingPower(orders: readonly CommittingOrder[], rateOf: (symbol: string) => number | undefined): number {
  let total = 0;
  for (const o of orders) {
    const rate = rateOf(o.symbol) ?? NaN;
    const c = o.contract;
    let need = 0;
    if (c.secType === 'OPT' && o.action === 'SELL' && c.right === 'P') need = (c.strike ?? 0) * (c.multiplier ?? 100) * o.quantity;
    else if (c.secType === 'STK' && o.action === 'BUY') need = o.limit * o.quantity;
    else if (c.secType === 'BAG') {
      for (const leg of o.legs ?? []) {
        if (leg.contract.right !== 'P') continue;
        need += (leg.action === 'SELL' ? 1 : -1) * leg.contract.strike * leg.contract.multiplier * o.quantity;
      }
      need = Math.max(0, need);
    }
    if (need > 0) total += need * rate;
  }
  return total;
}

export type RetargetCode = 'RETARGET_DELTA' | 'RETARGET_SHORT_OF_BUYING_POWER' | 'RETARGET_NO_BUYING_POWER';

/** What the check of a retarget_delta roll looks at. */
export interface RetargetInput {
  readonly right: Right;
  /** The retargeted contract's delta and strike. */
  readonly delta: number;
  readonly strike: number;
  /** rollBuyingPowerNeed, in the contract's currency. */
  readonly need: number;
  /** The contract's currency, the base currency and base units per unit of the contract's (1 when the same). */
  readonly currency: string;
  readonly base: string;
  readonly rate: number;
  /** The snapshot's buying power less what this pass's queued orders commit, in the base currency; undefined when the snapshot has none. */
  readonly available: number | undefined;
}

/** §2.6.1: whether a retarget_delta roll may go ahead, and the sentence that says why. */
export interface RetargetCheck {
  readonly allowed: boolean;
  readonly reason: Reason<RetargetCode>;
}

/**
 * §2.6.1: a retargeted roll goes ahead when it adds no buying power (a call, a put rolled down or sideways)
 * or the added need (in the base currency) is at most what is available; otherwise — or when the snapshot
 * has no buying power to check against — it does not, and the caller falls back to keep_strike.
 */
export function retargetCheck(i: RetargetInput): RetargetCheck {
  const to = `${Number(Math.abs(i.delta).toFixed(3))} delta (strike ${Number(i.strike.toFixed(4))})`;
  const needBase = i.need * i.rate;
  const converted = i.currency !== i.base && i.need !== 0 ? ` (${money(Math.abs(i.need), i.currency)} at ${rateText(i)})` : '';
  const available = i.available === undefined ? undefined : money(i.available, i.base);
  if (!(needBase > 0)) {
    const why =
      i.right === 'C'
        ? 'the call is covered by the shares held: no buying power needed'
        : needBase === 0
          ? 'same strike: no more buying power needed'
          : `frees ${money(-needBase, i.base)}${converted} of buying power`;
    return { allowed: true, reason: { code: 'RETARGET_DELTA', message: `rolled to ${to} per retarget_delta; ${why}` } };
  }
  const needs = `${money(needBase, i.base)} more buying power${converted}`;
  if (i.available === undefined) {
    const message = `retarget_delta would roll to ${to}, needing ${needs}, but the snapshot has no buyingPower to check it against`;
    return { allowed: false, reason: { code: 'RETARGET_NO_BUYING_POWER', message } };
  }
  if (needBase > i.available) {
    const message = `retarget_delta would roll to ${to}, needing ${needs}, but only ${available} is available`;
    return { allowed: false, reason: { code: 'RETARGET_SHORT_OF_BUYING_POWER', message } };
  }
  return { allowed: true, reason: { code: 'RETARGET_DELTA', message: `rolled to ${to} per retarget_delta; needs ${needs}, ${available} available` } };
}
