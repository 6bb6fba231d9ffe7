// Strike bounds handed to the option-chain scanner (wheel-rules §2.2, §2.3, §2.4 item 9, §2.6; S8,
// S9, S15): the cap of a put roll, the floor of a call roll, the floor of a new covered call and the
// cap of a new put. An undefined bound means "no bound": the scanner then uses its 1.05 × price
// (puts) / 0.95 × price (calls) window.
import { roundToTick } from '../../broker/ibkr-rules.ts';
import type { OptionPosition, Reason } from './types.ts';

export type StrikeBoundCode =
  | 'PUT_STRIKE_LIMIT'
  | 'PUT_PREMIUM_CAP'
  | 'PUT_OLD_STRIKE'
  | 'PUT_ITM_OLD_STRIKE'
  | 'CALL_STRIKE_LIMIT'
  | 'CALL_AVERAGE_COST'
  | 'CALL_HIGH_WATER_MARK'
  | 'CALL_MARKET_PRICE'
  | 'PRICE_WINDOW';

/** A strike bound (puts: the highest strike allowed; calls: the lowest), or undefined for the scanner's price window. */
export interface StrikeBound {
  readonly bound: number | undefined;
  readonly reason: Reason<StrikeBoundCode>;
}

/** The inputs of a put roll's strike cap. */
export interface PutRollCapInput {
  /** The short put being rolled: its strike, avgCost (per contract, as TWS reports it) and multiplier. */
  readonly position: Pick<OptionPosition, 'strike' | 'avgCost' | 'multiplier'>;
  /** What buying it back costs now, per share (its price: midpoint, else last, else model). */
  readonly costToClose: number;
  /** Whether the put is ITM (strike ≥ the underlying price; see roll-rules `isItm`). */
  readonly itm: boolean;
  /** `symbols.<SYM>.puts.strike_limit`, if set. */
  readonly strikeLimit?: number;
}

/**
 * S8: the highest strike a put may be rolled to: min(put strike_limit, max(old strike, old strike +
 * premium received per share − cost to close)), and never above the old strike while ITM (old 100,
 * premium $2.00, cost $0.50 → ≤ 101.50; ITM → ≤ 100; strike_limit 95 → ≤ 95).
 */
export function putRollStrikeCap(input: PutRollCapInput): StrikeBound {
  const old = input.position.strike;
  const premium = Math.abs(input.position.avgCost) / input.position.multiplier;
  const cost = input.costToClose;
  let bound = old;
  let code: StrikeBoundCode = 'PUT_OLD_STRIKE';
  let why: string;
  if (Number.isFinite(premium) && Number.isFinite(cost) && cost >= 0) {
    // Rounded to cents like thetagang, which also cleans the float noise of the sum.
    const byPremium = roundToTick(old + premium - cost, 0.01, 'nearest');
    const gain = `old strike ${num(old)} + premium ${num(premium)} − cost to close ${num(cost)} = ${num(byPremium)}`;
    if (byPremium > old) {
      bound = byPremium;
      code = 'PUT_PREMIUM_CAP';
      why = gain;
    } else {
      why = `old strike ${num(old)} (${gain} is not above it)`;
    }
  } else {
    // thetagang prices a missing cost to close at 0, which would lift the cap by the whole premium.
    why = `old strike ${num(old)} (the ${Number.isFinite(premium) ? 'cost to close' : 'premium received'} is unknown)`;
  }
  if (isStrike(input.strikeLimit) && input.strikeLimit < bound) {
    bound = input.strikeLimit;
    code = 'PUT_STRIKE_LIMIT';
    why = `puts.strike_limit ${num(input.strikeLimit)} (below ${why})`;
  }
  if (input.itm && bound > old) {
    bound = old;
    code = 'PUT_ITM_OLD_STRIKE';
    why = `old strike ${num(old)}: the put is ITM and is never rolled up`;
  }
  return { bound, reason: { code, message: `put roll strike ≤ ${num(bound)}: ${why}` } };
}

/** The inputs of a call roll's strike floor. */
export interface CallRollFloorInput {
  /** The short call being rolled. */
  readonly oldStrike: number;
  /** Average cost per share of the shares held; undefined (or not a price) when no shares are held. */
  readonly averageCost?: number;
  /** `symbols.<SYM>.calls.strike_limit`, if set. */
  readonly strikeLimit?: number;
  /** `calls.maintain_high_water_mark`: never roll to a lower strike. */
  readonly maintainHighWaterMark: boolean;
}

/**
 * S9, §2.4 item 9: the lowest strike a call may be rolled to: max(call strike_limit, share average
 * cost), and ≥ the old strike with maintain_high_water_mark — no rounding up and no market price;
 * undefined (the scanner's 0.95 × price window) when none of these applies (no shares, no limit).
 */
export function callRollStrikeFloor(input: CallRollFloorInput): StrikeBound {
  const terms: Term[] = [];
  if (isStrike(input.strikeLimit)) terms.push({ value: input.strikeLimit, code: 'CALL_STRIKE_LIMIT', label: 'calls.strike_limit' });
  if (isStrike(input.averageCost)) terms.push({ value: input.averageCost, code: 'CALL_AVERAGE_COST', label: 'share average cost' });
  if (input.maintainHighWaterMark && isStrike(input.oldStrike)) {
    terms.push({ value: input.oldStrike, code: 'CALL_HIGH_WATER_MARK', label: 'old strike (maintain_high_water_mark)' });
  }
  return highest(terms, 'call roll', (b) => b, 'no shares held, no calls.strike_limit and no high-water mark: the scanner uses 0.95 × price');
}

/** The inputs of a new covered call's strike floor. */
export interface NewCallFloorInput {
  /** Average cost per share of the shares held (undefined or not a price: ignored). */
  readonly averageCost?: number;
  /** The underlying's market price. */
  readonly price: number;
  /** `symbols.<SYM>.calls.strike_limit`, if set. */
  readonly strikeLimit?: number;
}

/**
 * S15, §2.3: the lowest strike a new covered call may have: ceil(max(share average cost, market
 * price, call strike_limit)) — never below cost basis nor below the market.
 */
export function newCallStrikeFloor(input: NewCallFloorInput): StrikeBound {
  const terms: Term[] = [];
  if (isStrike(input.averageCost)) terms.push({ value: input.averageCost, code: 'CALL_AVERAGE_COST', label: 'share average cost' });
  if (isStrike(input.price)) terms.push({ value: input.price, code: 'CALL_MARKET_PRICE', label: 'market price' });
  if (isStrike(input.strikeLimit)) terms.push({ value: input.strikeLimit, code: 'CALL_STRIKE_LIMIT', label: 'calls.strike_limit' });
  return highest(terms, 'new call', Math.ceil, 'no average cost, price or calls.strike_limit: the scanner uses 0.95 × price');
}

/** §2.2: the highest strike a new put may have: the put strike_limit, else none (the scanner's 1.05 × price window). */
export function newPutStrikeCap(strikeLimit: number | undefined): StrikeBound {
  if (isStrike(strikeLimit)) {
    return { bound: strikeLimit, reason: { code: 'PUT_STRIKE_LIMIT', message: `new put strike ≤ ${num(strikeLimit)}: puts.strike_limit` } };
  }
  return { bound: undefined, reason: { code: 'PRICE_WINDOW', message: 'new put strike: no puts.strike_limit, the scanner uses 1.05 × price' } };
}

interface Term {
  readonly value: number;
  readonly code: StrikeBoundCode;
  readonly label: string;
}

/** The floor set by the highest term (the first one listed on a tie), shaped by `shape`; undefined without terms. */
function highest(terms: readonly Term[], what: string, shape: (x: number) => number, none: string): StrikeBound {
  if (terms.length === 0) return { bound: undefined, reason: { code: 'PRICE_WINDOW', message: `${what} strike: ${none}` } };
  let top = terms[0];
  for (const t of terms) if (t.value > top.value) top = t;
  const bound = shape(top.value);
  const all = terms.map((t) => `${t.label} ${num(t.value)}`).join(', ');
  const shaped = bound !== top.value ? ` rounded up to ${num(bound)}` : '';
  return { bound, reason: { code: top.code, message: `${what} strike ≥ ${num(bound)}: the ${top.label}${shaped} (highest of ${all})` } };
}

/** A usable strike or bound: finite and above zero (thetagang treats an unset or 0 limit as none). */
function isStrike(x: number | undefined): x is number {
  return x !== undefined && Number.isFinite(x) && x > 0;
}

/** A number for a message: at most 4 decimals, no float noise. */
function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toFixed(4))) : String(x);
}

// ---- retarget_delta roll bounds (wheel-rules.md §2.6.1) ----

/**
 * §2.6.1 retarget_delta: a put roll's cap as a new put's (puts.strike_limit, else the scanner's 1.05 × price
 * window), so the scanner can reach the target delta above the old strike — but never above the old strike
 * while the put is ITM (as S8).
 */
export function putRetargetCap(input: { readonly oldStrike: number; readonly itm: boolean; readonly strikeLimit?: number }): StrikeBound {
  const write = newPutStrikeCap(input.strikeLimit);
  if (input.itm && (write.bound === undefined || write.bound > input.oldStrike)) {
    const old = num(input.oldStrike);
    const message = `put roll strike ≤ ${old}: old strike ${old}: the put is ITM and is never rolled up`;
    return { bound: input.oldStrike, reason: { code: 'PUT_ITM_OLD_STRIKE', message } };
  }
  return { bound: write.bound, reason: { code: write.reason.code, message: write.reason.message.replace('new put strike', 'put roll strike (as a new put)') } };
}

/**
 * §2.6.1 retarget_delta: a call roll's floor as a new covered call's (S15: ceil of the highest of average
 * cost, market price and calls.strike_limit), and at least the old strike with maintain_high_water_mark.
 */
export function callRetargetFloor(input: NewCallFloorInput & { readonly oldStrike: number; readonly maintainHighWaterMark: boolean }): StrikeBound {
  const write = newCallStrikeFloor(input);
  const message = write.reason.message.replace('new call strike', 'call roll strike (as a new call)');
  if (input.maintainHighWaterMark && isStrike(input.oldStrike) && (write.bound === undefined || input.oldStrike > write.bound)) {
    const old = num(input.oldStrike);
    const why = `call roll strike ≥ ${old}: old strike ${old} (maintain_high_water_mark), above ${message}`;
    return { bound: input.oldStrike, reason: { code: 'CALL_HIGH_WATER_MARK', message: why } };
  }
  return { bound: write.bound, reason: { code: write.reason.code, message } };
}
