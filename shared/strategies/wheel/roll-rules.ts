// Whether a short option is rolled, closed or left alone (wheel-rules §1.11, §2.6; S1–S7, S17): the
// roll eligibility checks in thetagang's order, the early-roll quantity cap, closing at a profit when
// the position cannot be rolled, and closing when no roll target exists. Every answer has a reason.
import type { Reason, Right } from './types.ts';
import { rightName } from './targets.ts';

/** `roll_when` settings of one right. */
export interface RollRightRules {
  /** May an ITM option be rolled at all? (calls default true, puts false) */
  readonly itm: boolean;
  /** Roll as soon as ITM, whatever the DTE and P&L (default false). */
  readonly alwaysWhenItm: boolean;
  /** Roll a symbol that holds more shorts than its target? (default true) */
  readonly hasExcess: boolean;
}

/** `[strategies.wheel.roll_when]`. */
export interface RollRules {
  /** Roll when DTE ≤ this … */
  readonly dte: number;
  /** … and P&L ≥ this (default 0). */
  readonly minPnl: number;
  /** Roll any time P&L ≥ this (default 0). */
  readonly pnl: number;
  /** Never roll positions with more days left than this (also bounds close_if_unable_to_roll). */
  readonly maxDte?: number;
  /** Close (not roll) a short that cannot be rolled when P&L > this (default 1: off; 0 also off). */
  readonly closeAtPnl: number;
  /** Close when no roll target exists (P&L > 0 and DTE ≤ max_dte, max_dte set). */
  readonly closeIfUnableToRoll: boolean;
  readonly puts: RollRightRules;
  readonly calls: RollRightRules;
}

/** A short option as the roll rules see it. */
export interface RollCandidate {
  readonly right: Right;
  readonly strike: number;
  /** Signed contracts (the rules act on shorts only). */
  readonly position: number;
  readonly dte: number;
  /** positionPnl (T1). */
  readonly pnl: number;
  /** The underlying's price (the VIX index for VIX options). */
  readonly underlyingPrice: number;
  /** The symbol holds more short contracts of this right than its target (§2.2/§2.3 "excess"). */
  readonly symbolHasExcess: boolean;
  /** `no_trading` is set for the symbol. */
  readonly noTrading: boolean;
}

export type RollCode =
  | 'LONG'
  | 'NO_TRADING'
  | 'ITM_ALWAYS'
  | 'ITM_NOT_ALLOWED'
  | 'HAS_EXCESS'
  | 'BEYOND_MAX_DTE'
  | 'DTE_AND_PNL'
  | 'PNL_TARGET'
  | 'PNL_BELOW_MIN'
  | 'NOT_YET'
  | 'NO_PRICE';

export interface RollVerdict extends Reason<RollCode> {
  readonly roll: boolean;
}

/** §2.6: ITM means a put strike ≥ the underlying price, a call strike ≤ it. */
export function isItm(right: Right, strike: number, underlyingPrice: number): boolean {
  return right === 'P' ? strike >= underlyingPrice : strike <= underlyingPrice;
}

/**
 * S1–S5: whether a short option is rolled, checked in this order: long → no; no_trading → no; ITM
 * with always_when_itm → roll; ITM when the right's `itm` is false → no; excess shorts with
 * has_excess false → no; DTE > max_dte → no; DTE ≤ roll dte and P&L ≥ min_pnl → roll; P&L ≥ pnl →
 * roll; else no.
 */
export function rollVerdict(c: RollCandidate, rules: RollRules): RollVerdict {
  const name = rightName(c.right, 1);
  const r = c.right === 'P' ? rules.puts : rules.calls;
  const key = `roll_when.${rightName(c.right)}`;
  const no = (code: RollCode, message: string): RollVerdict => ({ roll: false, code, message });
  const yes = (code: RollCode, message: string): RollVerdict => ({ roll: true, code, message });
  const pnl = pct(c.pnl);
  if (c.position >= 0) return no('LONG', `not rolled: a long ${name} is never rolled`);
  if (c.noTrading) return no('NO_TRADING', `not rolled: no_trading is set for the symbol`);
  if (!(c.underlyingPrice > 0)) return no('NO_PRICE', `not rolled: the underlying has no price to tell whether the ${name} is ITM`);
  const itm = isItm(c.right, c.strike, c.underlyingPrice);
  const where = `strike ${c.strike} ${c.right === 'P' ? '≥' : '≤'} price ${round2(c.underlyingPrice)}`;
  if (itm && r.alwaysWhenItm) return yes('ITM_ALWAYS', `rolled: ${name} is ITM (${where}) and ${key}.always_when_itm = true`);
  if (itm && !r.itm) return no('ITM_NOT_ALLOWED', `not rolled: ${name} is ITM (${where}) and ${key}.itm = false`);
  if (c.symbolHasExcess && !r.hasExcess) return no('HAS_EXCESS', `not rolled: the symbol has excess ${rightName(c.right)} and ${key}.has_excess = false`);
  if (rules.maxDte !== undefined && c.dte > rules.maxDte) return no('BEYOND_MAX_DTE', `not rolled: DTE ${c.dte} > roll_when.max_dte ${rules.maxDte}`);
  if (c.dte <= rules.dte) {
    if (c.pnl >= rules.minPnl) return yes('DTE_AND_PNL', `rolled: DTE ${c.dte} ≤ roll_when.dte ${rules.dte} and P&L ${pnl} ≥ min_pnl ${pct(rules.minPnl)}`);
    if (c.pnl >= rules.pnl) return yes('PNL_TARGET', `rolled: P&L ${pnl} ≥ roll_when.pnl ${pct(rules.pnl)}`);
    return no('PNL_BELOW_MIN', `not rolled: DTE ${c.dte} ≤ roll_when.dte ${rules.dte} but P&L ${pnl} < min_pnl ${pct(rules.minPnl)}`);
  }
  if (c.pnl >= rules.pnl) return yes('PNL_TARGET', `rolled: P&L ${pnl} ≥ roll_when.pnl ${pct(rules.pnl)}`);
  return no('NOT_YET', `not rolled: DTE ${c.dte} > roll_when.dte ${rules.dte} and P&L ${pnl} < roll_when.pnl ${pct(rules.pnl)}`);
}

/**
 * S7: contracts a roll moves: the whole position, but at most the run's new-contract cap when the
 * roll is early (DTE > roll_when.dte).
 */
export function rollQuantity(position: number, dte: number, rules: RollRules, maxNew: number): number {
  const all = Math.abs(position);
  return dte > rules.dte ? Math.min(all, maxNew) : all;
}

export type CloseCode = 'CLOSE_AT_PNL' | 'HOLD' | 'LONG' | 'NO_TRADING' | 'UNABLE_TO_ROLL' | 'UNABLE_TO_ROLL_KEPT';

export interface CloseVerdict extends Reason<CloseCode> {
  readonly close: boolean;
}

/** S6: a short that is not rolled is closed (bought back) when its P&L > close_at_pnl (0 disables it). */
export function closeVerdict(c: Pick<RollCandidate, 'right' | 'position' | 'pnl' | 'noTrading'>, rules: RollRules): CloseVerdict {
  const name = rightName(c.right, 1);
  if (c.position >= 0) return { close: false, code: 'LONG', message: `not closed: a long ${name} is never closed by the wheel` };
  if (c.noTrading) return { close: false, code: 'NO_TRADING', message: 'not closed: no_trading is set for the symbol' };
  if (rules.closeAtPnl && c.pnl > rules.closeAtPnl) return { close: true, code: 'CLOSE_AT_PNL', message: `closed: P&L ${pct(c.pnl)} > roll_when.close_at_pnl ${pct(rules.closeAtPnl)}` };
  return { close: false, code: 'HOLD', message: `held: not rollable and P&L ${pct(c.pnl)} ≤ roll_when.close_at_pnl ${pct(rules.closeAtPnl)}` };
}

/**
 * S17: a rollable short with no roll target is closed instead when close_if_unable_to_roll is on,
 * its P&L > 0 and roll_when.max_dte is set with DTE ≤ it. (thetagang's rule, kept: without max_dte
 * nothing is closed — the setting bounds how far out a position is bought back.)
 */
export function unableToRollVerdict(c: Pick<RollCandidate, 'dte' | 'pnl'>, rules: RollRules, closeIfUnableToRoll = rules.closeIfUnableToRoll): CloseVerdict {
  if (!closeIfUnableToRoll) return { close: false, code: 'UNABLE_TO_ROLL_KEPT', message: 'kept: no roll target and close_if_unable_to_roll = false' };
  if (!(c.pnl > 0)) return { close: false, code: 'UNABLE_TO_ROLL_KEPT', message: `kept: no roll target and P&L ${pct(c.pnl)} is not positive` };
  if (rules.maxDte === undefined) return { close: false, code: 'UNABLE_TO_ROLL_KEPT', message: 'kept: no roll target; close_if_unable_to_roll needs roll_when.max_dte' };
  if (c.dte > rules.maxDte) return { close: false, code: 'UNABLE_TO_ROLL_KEPT', message: `kept: no roll target and DTE ${c.dte} > roll_when.max_dte ${rules.maxDte}` };
  return { close: true, code: 'UNABLE_TO_ROLL', message: `closed: no roll target, P&L ${pct(c.pnl)} > 0 and DTE ${c.dte} ≤ roll_when.max_dte ${rules.maxDte}` };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
