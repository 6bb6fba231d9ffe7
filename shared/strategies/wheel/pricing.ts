// Order prices of the wheel (wheel-rules §2.5, §2.5.1; T5, T25, S10): a contract's price (midpoint, else
// last, else model), the SELL limit of a new write, the BUY-to-close limit, the net limit of a roll combo
// (credit_only forced to at least minimum_credit of credit) — each by thetagang's rule or at the price the
// execution policy names (buy_price / sell_price: a rule, a side, or a point between the midpoint and the
// touch) — the repricing step and the "would widen the spread" test. Limits go to the contract's tick,
// nearest (VIX 0.05 ≥ $3, else cents).
import { CENT_TICKS, ladderTick, optionTickLadder, roundToTick, STOCK_TICKS } from '../../broker/ibkr-rules.ts';
import type { ORDER_PRICES } from '../../config/wheel-tables.ts';
import { isPrice, midpoint, type ChainContract, type Reason } from './types.ts';

/** The quote fields the pricing rules read (a chain contract, or the held contract's ticker). */
export type OptionQuote = Pick<ChainContract, 'bid' | 'ask' | 'last' | 'modelPrice'>;

/** An order side. */
export type OrderAction = 'BUY' | 'SELL';

/**
 * §2.5.1: where an order's first limit is set (`buy_price` / `sell_price`): `model` thetagang's rule of §2.5
 * (the default), `mid` the contract's price (midpoint, else last, else model), `bid` / `ask` that side, or a
 * number f in [0, 1]: f of the way from the midpoint to the touch (0 the midpoint, 1 the ask for a BUY and
 * the bid for a SELL), on a two-sided quote — the point a backtest's and a paper run's orders fill at once
 * their resting limit is reached (docs/trading-model.md §8.3).
 */
export type OrderPrice = (typeof ORDER_PRICES)[number] | number;

/** The limit f of the way from a two-sided quote's midpoint to its touch (a BUY toward the ask, a SELL toward the bid); NaN without both sides (a BUY takes a bid of 0). */
export function towardTouch(q: OptionQuote, action: OrderAction, f: number): number {
  const { bid, ask } = q;
  if (!isPrice(ask) || !(action === 'BUY' ? isSide(bid) : isPrice(bid)) || ask < bid!) return NaN;
  const mid = (bid! + ask) / 2;
  return action === 'BUY' ? mid + f * (ask - mid) : mid - f * (mid - bid!);
}

/** "25 % of the way from the midpoint 1.1 to the bid 1" for a message. */
function towardTouchWords(q: OptionQuote, action: OrderAction, f: number): string {
  return `${num(f * 100)} % of the way from the midpoint ${num((q.bid! + q.ask!) / 2)} to the ${action === 'BUY' ? `ask ${num(q.ask!)}` : `bid ${num(q.bid!)}`}`;
}

/** A quote side usable as a BUY price: present, finite and ≥ 0 (a bid of 0 buys at the minimum tick). */
const isSide = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x >= 0;
/** A BUY at a side: the bid when ≥ 0, the ask when above 0; NaN otherwise. */
const buyAt = (q: OptionQuote, side: 'bid' | 'ask'): number => {
  const x = q[side];
  if (side === 'bid') return isSide(x) ? x : NaN;
  return isPrice(x) ? x : NaN;
};
/** A SELL at a side: never at 0 (it would give the contract away); NaN without one above 0. */
const sellAt = (q: OptionQuote, side: 'bid' | 'ask'): number => {
  const x = q[side];
  return isPrice(x) ? x : NaN;
};

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

/** §2.5: a single-leg option limit on the contract's tick (nearest, or the side `mode` names), and never below one tick. */
export function legLimit(symbol: string, price: number, mode: 'nearest' | 'down' | 'up' = 'nearest'): number {
  return Math.max(roundToTick(price, wheelOptionTick(symbol, price), mode), wheelOptionTick(symbol, 0));
}

export type WriteLimitCode = 'WRITE_LIMIT' | 'NO_PRICE';

/**
 * §2.5: the SELL limit of a new write: the higher of the contract's price (midpoint, else last, else
 * model) and the model price, on the contract's tick. §2.5.1: `sell_price` other than `model` sells at the
 * contract's price (`mid`) or at that side (`bid`, `ask`; NO_PRICE without one above 0).
 */
export function writeLimit(symbol: string, q: OptionQuote, sellPrice: OrderPrice = 'model'): LimitResult<WriteLimitCode> {
  if (typeof sellPrice === 'number') {
    const p = towardTouch(q, 'SELL', sellPrice);
    if (!Number.isFinite(p)) return { limit: undefined, reason: { code: 'NO_PRICE', message: `not written: sell_price = ${sellPrice} needs a bid and an ask above 0` } };
    const limit = legLimit(symbol, p, 'up'); // on the tick toward the midpoint: never past the point asked for
    return { limit, reason: { code: 'WRITE_LIMIT', message: `SELL limit ${num(limit)}: ${towardTouchWords(q, 'SELL', sellPrice)} (sell_price = ${sellPrice}), on the ${num(wheelOptionTick(symbol, p))} tick` } };
  }
  if (sellPrice === 'bid' || sellPrice === 'ask') {
    const side = sellAt(q, sellPrice);
    if (!Number.isFinite(side)) {
      return { limit: undefined, reason: { code: 'NO_PRICE', message: `not written: sell_price = ${sellPrice} and the contract has no ${sellPrice} above 0` } };
    }
    const limit = legLimit(symbol, side);
    const message = `SELL limit ${num(limit)}: the ${sellPrice} ${num(side)} (sell_price = ${sellPrice}), on the ${num(wheelOptionTick(symbol, side))} tick`;
    return { limit, reason: { code: 'WRITE_LIMIT', message } };
  }
  const price = optionPrice(q);
  if (!Number.isFinite(price)) {
    return { limit: undefined, reason: { code: 'NO_PRICE', message: 'not written: the contract has no bid/ask, last or model price' } };
  }
  const model = sellPrice === 'model' && isPrice(q.modelPrice) ? q.modelPrice : NaN;
  const raw = Number.isFinite(model) ? Math.max(price, model) : price;
  const limit = legLimit(symbol, raw);
  const from =
    sellPrice === 'mid'
      ? `price ${num(price)} (sell_price = mid)`
      : Number.isFinite(model)
        ? `the higher of price ${num(price)} and model ${num(model)}`
        : `price ${num(price)} (no model price)`;
  return { limit, reason: { code: 'WRITE_LIMIT', message: `SELL limit ${num(limit)}: ${from}, on the ${num(wheelOptionTick(symbol, raw))} tick` } };
}

export type CloseLimitCode = 'CLOSE_LIMIT' | 'CLOSE_AT_MIN_TICK' | 'NO_PRICE';

/**
 * §2.5: the BUY-to-close limit of a short: the lower of the contract's price and the model price, on
 * the contract's tick; with no price at all, the contract's minimum tick. §2.5.1: `buy_price` other than
 * `model` buys at the contract's price (`mid`, the minimum tick without one) or at that side (`bid` — a
 * bid of 0 buys at the minimum tick — or `ask`; NO_PRICE without that side: the only case with no limit).
 */
export function closeLimit(symbol: string, q: OptionQuote, buyPrice: OrderPrice = 'model'): LimitResult<CloseLimitCode> {
  const minTick = wheelOptionTick(symbol, 0);
  if (typeof buyPrice === 'number') {
    const p = towardTouch(q, 'BUY', buyPrice);
    if (!Number.isFinite(p)) return { limit: undefined, reason: { code: 'NO_PRICE', message: `not closed: buy_price = ${buyPrice} needs a bid and an ask` } };
    const limit = legLimit(symbol, p, 'down');
    return { limit, reason: { code: 'CLOSE_LIMIT', message: `BUY-to-close limit ${num(limit)}: ${towardTouchWords(q, 'BUY', buyPrice)} (buy_price = ${buyPrice}), on the ${num(wheelOptionTick(symbol, p))} tick` } };
  }
  if (buyPrice === 'bid' || buyPrice === 'ask') {
    const side = buyAt(q, buyPrice);
    if (!Number.isFinite(side)) {
      return { limit: undefined, reason: { code: 'NO_PRICE', message: `not closed: buy_price = ${buyPrice} and the contract has no ${buyPrice}` } };
    }
    const limit = legLimit(symbol, side);
    const message = `BUY-to-close limit ${num(limit)}: the ${buyPrice} ${num(side)} (buy_price = ${buyPrice}), on the ${num(wheelOptionTick(symbol, side))} tick`;
    return { limit, reason: { code: 'CLOSE_LIMIT', message } };
  }
  const price = optionPrice(q);
  if (!Number.isFinite(price)) {
    const message = `BUY-to-close limit ${num(minTick)}: no bid/ask, last or model price, so the minimum tick`;
    return { limit: minTick, reason: { code: 'CLOSE_AT_MIN_TICK', message } };
  }
  const model = buyPrice === 'model' && isPrice(q.modelPrice) ? q.modelPrice : NaN;
  const raw = Number.isFinite(model) ? Math.min(price, model) : price;
  const limit = legLimit(symbol, raw);
  const from =
    buyPrice === 'mid'
      ? `price ${num(price)} (buy_price = mid)`
      : Number.isFinite(model)
        ? `the lower of price ${num(price)} and model ${num(model)}`
        : `price ${num(price)} (no model price)`;
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
  /**
   * §2.5.1 `buy_price` of the combo (a BUY): `model` / `mid` (default) price(old) − price(new); `bid` bid(old) −
   * ask(new); `ask` ask(old) − bid(new); a number f: f of the way from mid(old) − mid(new) to ask(old) − bid(new).
   */
  readonly buyPrice?: OrderPrice;
}

export type RollLimitCode = 'ROLL_CREDIT' | 'ROLL_DEBIT' | 'CREDIT_FLOOR' | 'NO_PRICE';

/**
 * §2.5, S10: the BUY limit of a roll combo (buy old, sell new): price(old) − price(new), negative for
 * a credit, in cents; with credit_only it is at most −minimum_credit (mid old 1.00, new 1.20, minimum
 * credit 0.05 → −0.20). §2.5.1: `buy_price` = `bid` prices the combo at its bid, bid(old) − ask(new), and
 * `ask` at its ask, ask(old) − bid(new) (NO_PRICE without those sides); the credit floor applies after.
 */
export function rollLimit(input: RollLimitInput): LimitResult<RollLimitCode> {
  const share = typeof input.buyPrice === 'number' ? input.buyPrice : undefined;
  const side = input.buyPrice === 'bid' || input.buyPrice === 'ask' ? input.buyPrice : undefined;
  const other = side === 'bid' ? 'ask' : 'bid';
  // A share of the way to the touch: each leg toward its own touch (the old one's ask, the new one's bid).
  const oldPrice = share !== undefined ? towardTouch(input.old, 'BUY', share) : side ? buyAt(input.old, side) : optionPrice(input.old);
  const newPrice = share !== undefined ? towardTouch(input.new, 'SELL', share) : side ? sellAt(input.new, other) : optionPrice(input.new);
  if (!Number.isFinite(oldPrice) || !Number.isFinite(newPrice)) {
    const leg = !Number.isFinite(oldPrice) ? 'the contract to buy back' : 'the contract to sell';
    const what =
      share !== undefined ? `no bid and ask (buy_price = ${share})` : side ? `no ${!Number.isFinite(oldPrice) ? side : other} (buy_price = ${side})` : 'no bid/ask, last or model price';
    return { limit: undefined, reason: { code: 'NO_PRICE', message: `not rolled: ${leg} has ${what}` } };
  }
  const raw = oldPrice - newPrice;
  const tick = wheelOptionTick(input.symbol, raw, true);
  // At a share of the way to the touch, on the tick toward the midpoint (a BUY's net down).
  const net = roundToTick(raw, tick, share !== undefined ? 'down' : 'nearest');
  const legs =
    share !== undefined
      ? `${num(oldPrice)} (buy back ${num(share * 100)} % of the way to its ask) − ${num(newPrice)} (sell ${num(share * 100)} % of the way to its bid)`
      : side
        ? `${num(oldPrice)} (buy back at its ${side}) − ${num(newPrice)} (sell at its ${other})`
        : `${num(oldPrice)} (buy back) − ${num(newPrice)} (sell)`;
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
  /** The share of the way to the midpoint this step moves, in (0, 1]; default ½ (thetagang's half-way). */
  readonly fraction?: number;
}

export type RepriceCode = 'REPRICED' | 'UNCHANGED' | 'NO_MIDPOINT' | 'WOULD_WIDEN_SPREAD' | 'WOULD_FLIP_SIGN';

/**
 * §2.5: one repricing step (symbols with adjust_price_after_delay): half-way from the old limit to the
 * current midpoint on the tick, keeping the old limit's sign, at least minimum_credit of credit for a
 * credit combo (a BUY at ≤ 0); skipped when it would widen the spread (T5) or flip credit ↔ debit.
 * §2.5.1: `fraction` moves another share of the way (execution-policy.ts's steps).
 */
export function repriceLimit(input: RepriceInput): LimitResult<RepriceCode> {
  const { action, oldLimit, minimumCredit } = input;
  const mid = input.midpoint;
  const fraction = input.fraction ?? 0.5;
  const skip = (code: RepriceCode, message: string): LimitResult<RepriceCode> => ({ limit: undefined, reason: { code, message } });
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`repriceLimit: fraction must be in (0, 1], got ${fraction}`);
  if (!Number.isFinite(mid)) return skip('NO_MIDPOINT', `not repriced: no current midpoint (limit stays ${num(oldLimit)})`);
  if (!Number.isFinite(oldLimit)) return skip('NO_MIDPOINT', `not repriced: the working limit ${oldLimit} is not a number`);
  const inverse = Math.round(1 / fraction);
  const way =
    fraction === 0.5
      ? 'half-way'
      : fraction === 1
        ? 'all the way'
        : Math.abs(1 / fraction - inverse) < 1e-9
          ? `1/${inverse} of the way`
          : `${num(fraction * 100)} % of the way`;
  const toward = oldLimit + (mid - oldLimit) * fraction;
  // thetagang keeps the old sign by mirroring a half-way that crossed zero (a −0.20 credit with a +0.50
  // midpoint became −0.15); we skip instead: the market has moved to the other side of zero.
  if (Math.sign(toward) !== Math.sign(oldLimit)) {
    return skip('WOULD_FLIP_SIGN', `not repriced: ${way} (${num(toward)}) from limit ${num(oldLimit)} to midpoint ${num(mid)} would flip credit ↔ debit`);
  }
  const tick = wheelOptionTick(input.symbol, toward, input.combo);
  let limit = roundToTick(toward, tick, 'nearest');
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
    return skip('WOULD_FLIP_SIGN', `not repriced: ${way} (${num(toward)}) from limit ${num(oldLimit)} to midpoint ${num(mid)} rounds to ${num(limit)}`);
  }
  if (wouldWidenSpread(action, oldLimit, limit)) {
    const move = `${action} limit ${num(oldLimit)} → ${num(limit)} (${way} to midpoint ${num(mid)})`;
    return skip('WOULD_WIDEN_SPREAD', `not repriced: ${move} would widen the spread`);
  }
  if (limit === oldLimit) return skip('UNCHANGED', `not repriced: ${way} to midpoint ${num(mid)} rounds to the same limit ${num(oldLimit)}`);
  const why = floored ? `, held at the minimum credit ${num(minimumCredit)}` : '';
  return { limit, reason: { code: 'REPRICED', message: `repriced ${action} limit ${num(oldLimit)} → ${num(limit)}: ${way} to midpoint ${num(mid)}${why}` } };
}

/** A number for a message: at most 4 decimals, no float noise. */
function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toFixed(4))) : String(x);
}
