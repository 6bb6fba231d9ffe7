// Order prices of the wheel (wheel-rules §2.5; T5, T25, S10): a contract's price (midpoint, else last,
// else model), the SELL limit of a new write, the BUY-to-close limit, the net limit of a roll combo
// (credit_only forced to at least minimum_credit of credit), the one-time repricing step and the
// "would widen the spread" test. Limits go to the contract's tick, nearest (VIX 0.05 ≥ $3, else cents).
import { CENT_TICKS, ladderTick, optionTickLadder, roundToTick, STOCK_TICKS } from '../../broker/ibkr-rules.ts';
import { isPrice, midpoint, type ChainContract, type Reason } from './types.ts';

/** The quote fields the pricing rules read (a chain contract, or the held contract's ticker). */
export type OptionQuote = Pick<ChainContract, 'bid' | 'ask' | 'last' | 'modelPrice'>;

/** An order side. */
export type OrderAction = 'BUY' | 'SELL';

/** A limit price and why, or no limit (undefined) with the reason there is none. */
export interface LimitResult<Code extends string> {
  readonly limit: number | undefined;
  readonly reason: Reason<Code>;
}

/**
 * §2.4 item 5 / §2.5: the price of an option: the midpoint of a two-sided quote, else the last trade,
 * else TWS's model price; NaN when there is none of them. (thetagang falls back to 0.0; we return
 * NaN so a missing price is seen, never priced.)
 */
export function optionPrice(q: OptionQuote): number {
  const mid = midpoint(q.bid, q.ask);
  if (Number.isFinite(mid)) return mid;
  if (isPrice(q.last)) return q.last;
  if (isPrice(q.modelPrice)) return q.modelPrice;
  return NaN;
}

/**
 * T25 / §6.2: the tick a wheel limit is rounded to: combos trade in cents; VIX options $0.05 at or
 * above $3 and $0.01 below (`OPTION_TICKS`); every other class by the shared ladder with penny ticks
 * (cents; only a class with a rule of its own, SPX, differs — thetagang would send cents there, which
 * IBKR refuses).
 */
export function wheelOptionTick(symbol: string, price: number, combo = false): number {
  if (combo) return ladderTick(CENT_TICKS, price);
  return ladderTick(optionTickLadder(symbol, symbol !== 'VIX'), price);
}

/** §2.5: a stock limit (shares, the cash fund) on the stock tick, nearest. */
export function stockLimitOnTick(price: number): number {
  return roundToTick(price, ladderTick(STOCK_TICKS, price), 'nearest');
}

/** §2.5: an option price on the contract's tick (nearest; a price below half a tick rounds to 0). */
export function optionPriceOnTick(symbol: string, price: number): number {
  return roundToTick(price, wheelOptionTick(symbol, price), 'nearest');
}

/** §2.5: a single-leg option limit on the contract's tick (nearest), and never below one tick. */
export function legLimit(symbol: string, price: number): number {
  return Math.max(optionPriceOnTick(symbol, price), wheelOptionTick(symbol, 0));
}

export type WriteLimitCode = 'WRITE_LIMIT' | 'NO_PRICE';

/**
 * §2.5: the SELL limit of a new write: the higher of the contract's price (midpoint, else last, else
 * model) and the model price, on the contract's tick.
 */
export function writeLimit(symbol: string, q: OptionQuote): LimitResult<WriteLimitCode> {
  const price = optionPrice(q);
  if (!Number.isFinite(price)) {
    return { limit: undefined, reason: { code: 'NO_PRICE', message: 'not written: the contract has no bid/ask, last or model price' } };
  }
  const model = isPrice(q.modelPrice) ? q.modelPrice : NaN;
  const raw = Number.isFinite(model) ? Math.max(price, model) : price;
  const limit = legLimit(symbol, raw);
  const from = Number.isFinite(model) ? `the higher of price ${num(price)} and model ${num(model)}` : `price ${num(price)} (no model price)`;
  return { limit, reason: { code: 'WRITE_LIMIT', message: `SELL limit ${num(limit)}: ${from}, on the ${num(wheelOptionTick(symbol, raw))} tick` } };
}

export type CloseLimitCode = 'CLOSE_LIMIT' | 'CLOSE_AT_MIN_TICK';

/**
 * §2.5: the BUY-to-close limit of a short: the lower of the contract's price and the model price, on
 * the contract's tick; with no price at all, the contract's minimum tick.
 */
export function closeLimit(symbol: string, q: OptionQuote): LimitResult<CloseLimitCode> {
  const price = optionPrice(q);
  const minTick = wheelOptionTick(symbol, 0);
  if (!Number.isFinite(price)) {
    const message = `BUY-to-close limit ${num(minTick)}: no bid/ask, last or model price, so the minimum tick`;
    return { limit: minTick, reason: { code: 'CLOSE_AT_MIN_TICK', message } };
  }
  const model = isPrice(q.modelPrice) ? q.modelPrice : NaN;
  const raw = Number.isFinite(model) ? Math.min(price, model) : price;
  const limit = legLimit(symbol, raw);
  const from = Number.isFinite(model) ? `the lower of price ${num(price)} and model ${num(model)}` : `price ${num(price)} (no model price)`;
  return { limit, reason: { code: 'CLOSE_LIMIT', message: `BUY-to-close limit ${num(limit)}: ${from}, on the ${num(wheelOptionTick(symbol, raw))} tick` } };
}

/** The inputs of a roll combo's limit. */
export interface RollLimitInput {
  /** The underlying (for messages; combos trade in cents whatever the class). */
  readonly symbol: string;
  /** The held short, bought back. */
  readonly old: OptionQuote;
  /** The new contract, sold. */
  readonly new: OptionQuote;
  /** `roll_when.<right>.credit_only`. */
  readonly creditOnly: boolean;
  /** `orders.minimum_credit` (≥ 0). */
  readonly minimumCredit: number;
}

export type RollLimitCode = 'ROLL_CREDIT' | 'ROLL_DEBIT' | 'CREDIT_FLOOR' | 'NO_PRICE';

/**
 * §2.5, S10: the BUY limit of a roll combo (buy old, sell new): price(old) − price(new), negative for
 * a credit, in cents; with credit_only it is at most −minimum_credit (mid old 1.00, new 1.20, minimum
 * credit 0.05 → −0.20).
 */
export function rollLimit(input: RollLimitInput): LimitResult<RollLimitCode> {
  const oldPrice = optionPrice(input.old);
  const newPrice = optionPrice(input.new);
  if (!Number.isFinite(oldPrice) || !Number.isFinite(newPrice)) {
    const leg = !Number.isFinite(oldPrice) ? 'the contract to buy back' : 'the contract to sell';
    return { limit: undefined, reason: { code: 'NO_PRICE', message: `not rolled: ${leg} has no bid/ask, last or model price` } };
  }
  const raw = oldPrice - newPrice;
  const tick = wheelOptionTick(input.symbol, raw, true);
  const net = roundToTick(raw, tick, 'nearest');
  const legs = `${num(oldPrice)} (buy back) − ${num(newPrice)} (sell)`;
  if (input.creditOnly) {
    const credit = Number.isFinite(input.minimumCredit) ? Math.max(0, input.minimumCredit) : 0;
    // The floor goes to the tick away from zero so rounding never gives less credit than required.
    const floor = roundToTick(-credit, tick, 'down');
    if (net > floor) {
      const message = `combo limit ${num(floor)}: ${legs} = ${num(net)}, forced to the minimum credit ${num(credit)} (credit_only)`;
      return { limit: floor, reason: { code: 'CREDIT_FLOOR', message } };
    }
  }
  const code = net <= 0 ? 'ROLL_CREDIT' : 'ROLL_DEBIT';
  return { limit: net, reason: { code, message: `combo limit ${num(net)} (${net <= 0 ? 'credit' : 'debit'}): ${legs}` } };
}

/**
 * T5: whether moving a limit from `oldLimit` to `newLimit` widens the spread: a BUY priced lower or a
 * SELL priced higher (BUY −10 → −15 yes, −10 → −5 no; SELL −10 → −5 yes, −10 → −15 no).
 */
export function wouldWidenSpread(action: OrderAction, oldLimit: number, newLimit: number): boolean {
  return action === 'BUY' ? newLimit < oldLimit : newLimit > oldLimit;
}

/** The inputs of one repricing step. */
export interface RepriceInput {
  readonly symbol: string;
  readonly action: OrderAction;
  /** The working order's limit (a combo's is signed: negative = credit). */
  readonly oldLimit: number;
  /** The contract's (or combo's) current midpoint. */
  readonly midpoint: number;
  /** `orders.minimum_credit`: the floor of a credit combo's credit. */
  readonly minimumCredit: number;
  /** A roll combo (cents, signed limit) rather than a single option. */
  readonly combo: boolean;
}

export type RepriceCode = 'REPRICED' | 'UNCHANGED' | 'NO_MIDPOINT' | 'WOULD_WIDEN_SPREAD' | 'WOULD_FLIP_SIGN';

/**
 * §2.5: one repricing step (symbols with adjust_price_after_delay): half-way from the old limit to the
 * current midpoint on the tick, keeping the old limit's sign, at least minimum_credit of credit for a
 * credit combo (a BUY at ≤ 0); skipped when it would widen the spread (T5) or flip credit ↔ debit.
 */
export function repriceLimit(input: RepriceInput): LimitResult<RepriceCode> {
  const { action, oldLimit, minimumCredit } = input;
  const mid = input.midpoint;
  const skip = (code: RepriceCode, message: string): LimitResult<RepriceCode> => ({ limit: undefined, reason: { code, message } });
  if (!Number.isFinite(mid)) return skip('NO_MIDPOINT', `not repriced: no current midpoint (limit stays ${num(oldLimit)})`);
  if (!Number.isFinite(oldLimit)) return skip('NO_MIDPOINT', `not repriced: the working limit ${oldLimit} is not a number`);
  const half = (oldLimit + mid) / 2;
  // thetagang keeps the old sign by mirroring a half-way that crossed zero (a −0.20 credit with a +0.50
  // midpoint became −0.15); we skip instead: the market has moved to the other side of zero.
  if (Math.sign(half) !== Math.sign(oldLimit)) {
    return skip('WOULD_FLIP_SIGN', `not repriced: half-way ${num(half)} between limit ${num(oldLimit)} and midpoint ${num(mid)} would flip credit ↔ debit`);
  }
  const tick = wheelOptionTick(input.symbol, half, input.combo);
  let limit = roundToTick(half, tick, 'nearest');
  let floored = false;
  if (input.combo && action === 'BUY' && oldLimit <= 0 && Number.isFinite(minimumCredit) && minimumCredit > 0) {
    const floor = roundToTick(-minimumCredit, tick, 'down');
    if (limit > floor) {
      limit = floor;
      floored = true;
    }
  }
  if (!input.combo && !(limit > 0)) limit = wheelOptionTick(input.symbol, 0);
  if (Math.sign(limit) !== Math.sign(oldLimit)) {
    return skip('WOULD_FLIP_SIGN', `not repriced: half-way ${num(half)} between limit ${num(oldLimit)} and midpoint ${num(mid)} rounds to ${num(limit)}`);
  }
  if (wouldWidenSpread(action, oldLimit, limit)) {
    const move = `${action} limit ${num(oldLimit)} → ${num(limit)} (half-way to midpoint ${num(mid)})`;
    return skip('WOULD_WIDEN_SPREAD', `not repriced: ${move} would widen the spread`);
  }
  if (limit === oldLimit) return skip('UNCHANGED', `not repriced: half-way to midpoint ${num(mid)} rounds to the same limit ${num(oldLimit)}`);
  const why = floored ? `, held at the minimum credit ${num(minimumCredit)}` : '';
  return { limit, reason: { code: 'REPRICED', message: `repriced ${action} limit ${num(oldLimit)} → ${num(limit)}: half-way to midpoint ${num(mid)}${why}` } };
}

/** A number for a message: at most 4 decimals, no float noise. */
function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toFixed(4))) : String(x);
}
