// A symbol's exit mode (wheel-rules.md §2.6.2): what happens to its shorts that are due for a roll — roll
// (thetagang's), close instead, roll or else close, or wind the symbol down (no new puts, no rolls, no buying;
// covered calls still written on the shares so they get called away) — how it agrees with
// close_if_unable_to_roll, and each answer's reason.
import type { EXIT_MODES } from '../../config/wheel-tables.ts';
import type { WheelConfig } from './config.ts';
import type { RollRules } from './roll-rules.ts';
import type { Reason } from './types.ts';

/** `[symbols.<SYM>] exit`. */
export type ExitMode = (typeof EXIT_MODES)[number];

export type ExitCode = 'EXIT_CLOSE' | 'WIND_DOWN' | 'ROLL_OR_CLOSE' | 'ROLL_OR_CLOSE_KEPT';

/** §2.6.2: a symbol's exit mode; unset is "roll", thetagang's behaviour. */
export function symbolExitMode(c: WheelConfig, symbol: string): ExitMode {
  return c.symbols.get(symbol)?.exit ?? 'roll';
}

/**
 * §2.6.2: why a symbol's `exit` and its own `close_if_unable_to_roll` contradict each other, or undefined.
 * close_if_unable_to_roll refines exit = "roll" only: roll_or_close already closes what cannot be rolled
 * (without needing roll_when.max_dte), and close / wind_down never roll, so the key would not be read.
 */
export function exitModeProblem(exit: ExitMode | undefined, closeIfUnableToRoll: boolean | undefined): string | undefined {
  if (exit === undefined || exit === 'roll' || closeIfUnableToRoll === undefined) return undefined;
  if (exit === 'roll_or_close') {
    return closeIfUnableToRoll
      ? 'is not needed with exit = "roll_or_close", which already closes what cannot be rolled (without needing roll_when.max_dte): remove it'
      : 'contradicts exit = "roll_or_close", which closes what cannot be rolled: remove it, or set exit = "roll" to keep such positions';
  }
  return `is never read with exit = "${exit}", which does not roll: remove it`;
}

/** What a short that rollVerdict says to roll becomes under the exit mode. */
export type DueForRoll = { readonly action: 'roll' } | { readonly action: 'close' | 'hold'; readonly reason: Reason<ExitCode> };

/**
 * §2.6.2: a short due for a roll is rolled (roll, roll_or_close), closed instead (close), or not rolled
 * (wind_down: it is left to expire, or closed by close_at_pnl).
 */
export function dueForRoll(mode: ExitMode): DueForRoll {
  if (mode === 'close') return { action: 'close', reason: { code: 'EXIT_CLOSE', message: 'closed instead of rolled: exit = "close"' } };
  if (mode === 'wind_down') {
    return { action: 'hold', reason: { code: 'WIND_DOWN', message: 'not rolled: exit = "wind_down" (left to expire, or closed by close_at_pnl)' } };
  }
  return { action: 'roll' };
}

/** §2.6.2: whether roll_or_close closes a short it cannot roll, and why. */
export interface RollOrCloseVerdict extends Reason<ExitCode> {
  readonly close: boolean;
}

/**
 * §2.6.2 roll_or_close: a short due for a roll with no roll target is closed when its P&L > 0 — S17's rule
 * without its quirk: roll_when.max_dte need not be set (when set, DTE must still be ≤ it).
 */
export function rollOrCloseVerdict(c: { readonly dte: number; readonly pnl: number }, rules: Pick<RollRules, 'maxDte'>): RollOrCloseVerdict {
  const pnl = `${(c.pnl * 100).toFixed(1)}%`;
  if (!(c.pnl > 0)) {
    return { close: false, code: 'ROLL_OR_CLOSE_KEPT', message: `kept: no roll target, and exit = "roll_or_close" closes only at a profit (P&L ${pnl})` };
  }
  if (rules.maxDte !== undefined && c.dte > rules.maxDte) {
    return { close: false, code: 'ROLL_OR_CLOSE_KEPT', message: `kept: no roll target and DTE ${c.dte} > roll_when.max_dte ${rules.maxDte}` };
  }
  return { close: true, code: 'ROLL_OR_CLOSE', message: `closed: no roll target, exit = "roll_or_close" and P&L ${pnl} > 0` };
}

/** §2.6.2 wind_down: no new puts and no share buying; the shares' target is 0, so every held lot may carry a call. */
export function windsDown(mode: ExitMode): boolean {
  return mode === 'wind_down';
}

/** §2.6.2: the reason a wind-down symbol writes no put or buys no shares. */
export function windDownSkip(what: 'puts' | 'buy'): Reason<'WIND_DOWN'> {
  if (what === 'puts') return { code: 'WIND_DOWN', message: 'no new puts: exit = "wind_down"' };
  return { code: 'WIND_DOWN', message: 'not bought: exit = "wind_down" (its shares are only called away or sold)' };
}
