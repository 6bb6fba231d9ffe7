// How much the wheel wants (wheel-rules §1.2, §1.8, §2.2, §2.3; T2, S11, S12, S13): the buying power
// all targets are taken from, a symbol's target shares, the puts still needed to reach them, the
// calls its shares may carry, the cap on new contracts per run, and the delta to write at.
import type { Reason, Right } from './types.ts';

/** §1.2: the buying power every target is a share of: floor(net liquidation × margin_usage). */
export function wheelBuyingPower(netLiquidation: number, marginUsage: number): number {
  return Math.floor(netLiquidation * marginUsage);
}

/** §2.2: target shares = floor(weight × buying power / price); 0 without a usable price. */
export function targetShares(weight: number, buyingPower: number, price: number): number {
  if (!(price > 0) || !Number.isFinite(price)) return 0;
  return Math.max(0, Math.floor((weight * buyingPower) / price));
}

/**
 * S11: new contracts one run may open (or roll early) per symbol:
 * max(1, floor(maximum_new_contracts_percent × buying power / underlying price / 100)).
 */
export function maxNewContracts(percent: number, buyingPower: number, underlyingPrice: number): number {
  if (!(underlyingPrice > 0)) return 1;
  return Math.max(1, Math.floor((percent * buyingPower) / underlyingPrice / 100));
}

/** The delta levels of one symbol and right (undefined = not set there). */
export interface DeltaLevels {
  /** `[symbols.<SYM>.puts|calls] delta` */
  readonly symbolRight?: number;
  /** `[symbols.<SYM>] delta` */
  readonly symbol?: number;
  /** `[strategies.wheel.target.puts|calls] delta` */
  readonly targetRight?: number;
  /** `[strategies.wheel.target] delta` (default 0.3) */
  readonly target: number;
}

/** T2: the target |delta| of a right: symbol.right > symbol > target.right > target. */
export function targetDelta(levels: DeltaLevels): number {
  return levels.symbolRight ?? levels.symbol ?? levels.targetRight ?? levels.target;
}

export type PutsCode = 'PUTS_NEEDED' | 'EXCESS_PUTS' | 'AT_TARGET' | 'BUY_ONLY';

/** What the put-writing stage needs: puts to write, and why. */
export interface PutsNeeded extends Reason<PutsCode> {
  /** Contracts still needed (≥ 0). */
  readonly needed: number;
  /** More short puts than the target needs (the symbol is flagged "excess puts"). */
  readonly excess: boolean;
}

/**
 * S13: puts needed = floor((target shares − shares held − 100 × short puts) / 100), short puts net of
 * covering longs when `calculate_net_contracts` is on (the caller counts them); a negative result
 * flags excess puts; a buy-only symbol needs none (its stock is bought directly).
 */
export function putsNeeded(target: number, sharesHeld: number, shortPuts: number, buyOnly = false): PutsNeeded {
  if (buyOnly) return { needed: 0, excess: false, code: 'BUY_ONLY', message: 'no puts: the symbol is rebalanced buy-only (its shares are bought directly)' };
  const raw = Math.floor((target - sharesHeld - 100 * shortPuts) / 100);
  const sums = `target ${target} sh, held ${sharesHeld}, short puts ${shortPuts}`;
  if (raw < 0) return { needed: 0, excess: true, code: 'EXCESS_PUTS', message: `${sums} → no put needed: shares and short puts cover ${sharesHeld + 100 * shortPuts - target} sh more than the target (excess puts)` };
  if (raw === 0) return { needed: 0, excess: false, code: 'AT_TARGET', message: `${sums} → no put needed` };
  return { needed: raw, excess: false, code: 'PUTS_NEEDED', message: `${sums} → ${raw} put${raw === 1 ? '' : 's'} needed` };
}

/** The covered-call caps of a symbol (`write_when.calls`). */
export interface CallCaps {
  /** At most this fraction of held shares is covered (default 1). */
  readonly capFactor: number;
  /** This fraction of the target shares is always left uncovered (default 0). */
  readonly capTargetFloor: number;
  /** Only shares above target are covered (overrides both caps). */
  readonly excessOnly: boolean;
}

/**
 * S12: the calls a symbol's shares may carry. excess_only: max(0, (held − target) // 100); otherwise
 * max(0, min(floor(held × cap_factor / 100), held // 100 − floor(target × cap_target_floor / 100))).
 */
export function targetCalls(sharesHeld: number, target: number, caps: CallCaps): number {
  if (caps.excessOnly) return Math.max(0, Math.floor((sharesHeld - target) / 100));
  const maxCovered = Math.floor((sharesHeld * caps.capFactor) / 100);
  const coverable = Math.floor(sharesHeld / 100);
  const minUncovered = Math.floor((target * caps.capTargetFloor) / 100);
  return Math.max(0, Math.min(maxCovered, coverable - minUncovered));
}

/** The right's name in a sentence. */
export function rightName(right: Right, n = 2): string {
  return right === 'P' ? (n === 1 ? 'put' : 'puts') : n === 1 ? 'call' : 'calls';
}

// ---- funding a write (wheel-rules.md §2.2, §2.3) ---------------------------------------------------

export type FundingCode = 'FUNDED' | 'PARTLY_FUNDED' | 'NOT_FUNDED';
/** The codes of a write cut or not written for want of funds. */
export const SHORT_OF_FUNDS: ReadonlySet<string> = new Set<FundingCode>(['PARTLY_FUNDED', 'NOT_FUNDED']);

/** How many of the contracts a write wants the account's available funds can carry, and why. */
export interface Funded extends Reason<FundingCode> {
  /** Contracts that can be written (0 … wanted). */
  readonly quantity: number;
}

const dollars = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The contracts of a write whose initial margin the available funds (equity with loan value − the
 * initial margin already in use) can carry: floor(funds / margin per contract), at most `wanted`. Funds
 * below zero (or not a number) carry nothing, not even a contract that adds no margin (its commission
 * still lowers them); otherwise such a contract (a covered call) is always funded.
 */
export function fundedContracts(wanted: number, marginPerContract: number, availableFunds: number): Funded {
  if (!(availableFunds >= 0)) {
    const message = `not written: available funds ${dollars(availableFunds)} are below zero (the account already lacks margin)`;
    return { quantity: 0, code: 'NOT_FUNDED', message };
  }
  if (!(marginPerContract > 0)) return { quantity: wanted, code: 'FUNDED', message: 'funded: adds no initial margin' };
  const can = Math.min(wanted, Math.floor(availableFunds / marginPerContract));
  const each = `${dollars(marginPerContract)} of initial margin each, available funds ${dollars(availableFunds)}`;
  if (can >= wanted) return { quantity: wanted, code: 'FUNDED', message: `funded: ${wanted} × ${each}` };
  if (can > 0) return { quantity: can, code: 'PARTLY_FUNDED', message: `cut to ${can} of ${wanted}: ${each} (they secure ${can})` };
  return { quantity: 0, code: 'NOT_FUNDED', message: `not written: ${each} — the account cannot secure ${wanted === 1 ? 'it' : 'them'}` };
}
