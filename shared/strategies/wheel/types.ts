// The wheel's vocabulary (docs/wheel-rules.md: thetagang's rules in our words, §2–§3):
// options as the wheel pass sees them in a snapshot, the stages it runs in, and the reason every
// rule gives for what it decided. The rules themselves are small pure functions beside this file,
// one concept per file, each named for the rule it implements.

/** Put or call. */
export type Right = 'P' | 'C';

/** The stages of a wheel pass, in thetagang's canonical order (wheel-rules §2.1 item 7). */
export const WHEEL_STAGES = ['write_puts', 'write_calls', 'regime_rebalance', 'buy_rebalance', 'sell_rebalance', 'roll', 'close', 'vix_hedge', 'cash_management'] as const;
export type WheelStage = (typeof WHEEL_STAGES)[number];

/** An option contract: the underlying's symbol, right, strike, expiry (yyyymmdd) and multiplier. */
export interface OptionContract {
  readonly symbol: string;
  readonly right: Right;
  readonly strike: number;
  /** Expiry as TWS writes it: "yyyymmdd". */
  readonly expiry: string;
  readonly multiplier: number;
}

/** An option held in the account (TWS `updatePortfolio` fields) with its days to expiry. */
export interface OptionPosition extends OptionContract {
  /** Signed contracts: negative = short. */
  readonly position: number;
  /** Per contract (price × multiplier), as TWS reports it. */
  readonly avgCost: number;
  /** Per share of the underlying (the option's quoted price). */
  readonly marketPrice: number;
  readonly unrealizedPnl: number;
  /** Calendar days from the run's date (America/New_York) to the expiry. */
  readonly dte: number;
}

/** A contract the option-chain scanner may consider, with its quote, model greeks and open interest. */
export interface ChainContract extends OptionContract {
  /** Missing: no quote on that side. */
  readonly bid?: number;
  readonly ask?: number;
  readonly last?: number;
  /** TWS's model option price. */
  readonly modelPrice?: number;
  /** Model delta (negative for puts). */
  readonly delta: number;
  readonly openInterest: number;
  /** Calendar days from the run's date to the expiry. */
  readonly dte: number;
}

/** Why a rule decided what it did: a closed code and a sentence with the numbers. */
export interface Reason<Code extends string = string> {
  readonly code: Code;
  readonly message: string;
}

/** A decision of the pass, as the dry run prints it (wheel-rules §6.2 `decisions`). */
export interface WheelDecision extends Reason {
  readonly stage: WheelStage;
  readonly symbol: string;
  /** What happened: e.g. 'write', 'skip', 'roll', 'close', 'hold', 'buy', 'sell'. */
  readonly verdict: string;
}

/** The midpoint of a bid and an ask; NaN without a two-sided quote (a side missing, not finite, an ask ≤ 0 or below the bid). A bid of 0 (nobody bids a far-out option) still has a midpoint. */
export function midpoint(bid: number | undefined, ask: number | undefined): number {
  return bid !== undefined && ask !== undefined && Number.isFinite(bid) && Number.isFinite(ask) && bid >= 0 && ask > 0 && ask >= bid ? (bid + ask) / 2 : NaN;
}

/** Whether a number is a usable price (finite and above zero). */
export function isPrice(x: number | undefined): x is number {
  return x !== undefined && Number.isFinite(x) && x > 0;
}
