// Fill rules against a live quote (bid/ask/last with sizes), for the paper broker of the TWS
// simulator and for a live engine that paper-trades on streamed quotes. The bar-based rules of the
// backtest are in triggers.ts; these are their quote-by-quote counterparts. Pure functions: a NaN
// price means "no such quote" and never fills or triggers.
//
// - market orders fill at the touch: a buy at the ask, a sell at the bid;
// - a limit order fills when the opposite quote crosses it (buy: ask <= limit; sell: bid >= limit),
//   at the touch when it arrives marketable and at its own limit once it has been resting;
// - a fill takes at most the size shown at the touch; the rest keeps working;
// - stops trigger on the price their trigger method names (TWS's triggerMethod codes);
// - trailing stops ratchet only in the order's favour;
// - quoteFill puts these together for one order at one quote: the simulator's paper broker and the
//   backtest venue's intraday walk over option quotes (sim-venue.ts) both call it.

import type { Order } from '../domain/order.ts';

export interface TouchQuote {
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
  readonly bidSize: number;
  readonly askSize: number;
}

/** The price a market order pays or receives now: the ask for a buy, the bid for a sell (NaN when absent). */
export function touchPrice(buy: boolean, q: TouchQuote): number {
  const p = buy ? q.ask : q.bid;
  return p > 0 ? p : NaN;
}

/** The size shown at the touch an order of this side takes from (ask size for a buy, bid size for a sell). */
export function touchSize(buy: boolean, q: TouchQuote): number {
  const s = buy ? q.askSize : q.bidSize;
  return s > 0 ? s : 0;
}

/** How much of `remaining` fills against `available` shown size (never negative, never more than asked). */
export function fillQuantity(remaining: number, available: number): number {
  return Math.max(0, Math.min(remaining, available));
}

/** A limit order is marketable when the opposite quote crosses it: buy when ask <= limit, sell when bid >= limit. */
export function limitCrossed(buy: boolean, limit: number, q: TouchQuote): boolean {
  const p = touchPrice(buy, q);
  return p === p && (buy ? p <= limit + 1e-9 : p >= limit - 1e-9);
}

/**
 * Fill price of a crossed limit order: an order that arrives marketable trades at the touch (never worse
 * than its limit); one that was resting trades at its own limit (the quote moved through it).
 */
export function limitFillPrice(buy: boolean, limit: number, q: TouchQuote, resting: boolean): number {
  if (resting) return limit;
  const p = touchPrice(buy, q);
  return buy ? Math.min(p, limit) : Math.max(p, limit);
}

/**
 * TWS trigger methods (Order.triggerMethod): 0 default (bid/ask for options, last otherwise),
 * 1 double bid/ask, 2 last, 3 double last, 4 bid/ask, 7 last or bid/ask, 8 mid-point. The "double"
 * variants (two consecutive quotes) are treated as their single forms.
 */
export type TriggerMethod = 0 | 1 | 2 | 3 | 4 | 7 | 8;

/** Whether a stop at `stop` is elected by the quote under `method` (buy stops rise through it, sell stops fall). */
export function stopElected(buy: boolean, stop: number, q: TouchQuote, method: number, isOption = false): boolean {
  const m = method === 0 ? (isOption ? 4 : 2) : method;
  const above = (p: number) => p === p && p > 0 && p >= stop - 1e-9;
  const below = (p: number) => p === p && p > 0 && p <= stop + 1e-9;
  const bidAsk = buy ? above(q.ask) : below(q.bid);
  const last = buy ? above(q.last) : below(q.last);
  switch (m) {
    case 1:
    case 4:
      return bidAsk;
    case 2:
    case 3:
      return last;
    case 7:
      return bidAsk || last;
    case 8: {
      const mid = midPrice(q);
      return buy ? above(mid) : below(mid);
    }
    default:
      return last;
  }
}

/** The bid/ask mid-point (NaN without both sides). */
export function midPrice(q: TouchQuote): number {
  return q.bid > 0 && q.ask > 0 ? (q.bid + q.ask) / 2 : NaN;
}

/** The price a trailing stop follows: the last trade (bid/ask for options, like the default trigger). */
export function trailReference(buy: boolean, q: TouchQuote, isOption = false): number {
  if (isOption) return buy ? q.ask : q.bid;
  return q.last > 0 ? q.last : buy ? q.ask : q.bid;
}

/**
 * A trailing stop's stop price after a new reference price: a sell stop trails `amount` (or
 * `percent` %) below the highest reference seen and only moves up; a buy stop trails above the lowest
 * and only moves down. `current` NaN means not yet set (the first quote sets it).
 */
export function trailingStop(buy: boolean, current: number, reference: number, amount: number | undefined, percent: number | undefined): number {
  if (!(reference > 0)) return current;
  const offset = percent !== undefined && percent > 0 ? (reference * percent) / 100 : (amount ?? 0);
  const candidate = buy ? reference + offset : reference - offset;
  if (current !== current) return candidate;
  return buy ? Math.min(current, candidate) : Math.max(current, candidate);
}

/** One leg of a combo quote: its quote, its ratio and whether the combo buys it (for a BUY combo). */
export interface ComboLegQuote {
  readonly quote: TouchQuote;
  readonly ratio: number;
  readonly buy: boolean;
}

export interface ComboTouch {
  /** Net price per combo unit to buy it (ask of bought legs minus bid of sold legs) and to sell it. */
  readonly buyPrice: number;
  readonly sellPrice: number;
  /** Combo units the shown sizes allow on each side. */
  readonly buySize: number;
  readonly sellSize: number;
}

/**
 * The touch of a combo from its legs: buying the combo buys the BUY legs at their asks and sells the
 * SELL legs at their bids; selling reverses every leg. Sizes are the fewest combo units any leg allows.
 */
export function comboTouch(legs: readonly ComboLegQuote[]): ComboTouch {
  let buyPrice = 0;
  let sellPrice = 0;
  let buySize = Infinity;
  let sellSize = Infinity;
  for (const l of legs) {
    const payAsk = touchPrice(true, l.quote);
    const getBid = touchPrice(false, l.quote);
    if (l.buy) {
      buyPrice += l.ratio * payAsk;
      sellPrice += l.ratio * getBid;
      buySize = Math.min(buySize, Math.floor(touchSize(true, l.quote) / l.ratio));
      sellSize = Math.min(sellSize, Math.floor(touchSize(false, l.quote) / l.ratio));
    } else {
      buyPrice -= l.ratio * getBid;
      sellPrice -= l.ratio * payAsk;
      buySize = Math.min(buySize, Math.floor(touchSize(false, l.quote) / l.ratio));
      sellSize = Math.min(sellSize, Math.floor(touchSize(true, l.quote) / l.ratio));
    }
  }
  if (legs.length === 0) return { buyPrice: NaN, sellPrice: NaN, buySize: 0, sellSize: 0 };
  return { buyPrice, sellPrice, buySize: buySize === Infinity ? 0 : buySize, sellSize: sellSize === Infinity ? 0 : sellSize };
}

/** A combo limit is crossed when the net touch is at or better than the limit (buy: pay at most it; sell: get at least it). */
export function comboLimitCrossed(buy: boolean, limit: number, t: ComboTouch): boolean {
  const p = buy ? t.buyPrice : t.sellPrice;
  return p === p && (buy ? p <= limit + 1e-9 : p >= limit - 1e-9);
}

/** What one order gets from one quote: units, price, and whether it added (1) or removed (2) liquidity. */
export interface QuoteFill {
  readonly qty: number;
  readonly price: number;
  readonly liquidity: 1 | 2;
}

/**
 * The fill a single-instrument order gets from quote `q` (sizes already net of what other orders took
 * at this instant), with `left` units to fill; undefined when nothing fills. `resting`: the order has
 * seen a quote of an open market before, so a limit fills at its own price; arriving, at the touch.
 * Trailing stops ratchet and stops are elected on `o` (its `trailStop` and `triggered`); an elected
 * stop limit arrives now. MOC orders never fill here.
 */
export function quoteFill(o: Order, q: TouchQuote, left: number, resting: boolean, isOption: boolean, triggerMethod = 0, allOrNone = false): QuoteFill | undefined {
  const buy = o.side === 'BUY';
  let arriving = !resting;
  if (o.type === 'MOC') return undefined;
  if (o.type === 'TRAIL') {
    o.trailStop = trailingStop(buy, o.trailStop, trailReference(buy, q, isOption), o.trailAmount, o.trailPercent);
    if (!o.triggered && o.trailStop === o.trailStop && stopElected(buy, o.trailStop, q, triggerMethod, isOption)) o.triggered = true;
    if (!o.triggered) return undefined;
  } else if (o.type === 'STP' || o.type === 'STP LMT') {
    if (!o.triggered) {
      if (!stopElected(buy, o.stopPrice ?? NaN, q, triggerMethod, isOption)) return undefined;
      o.triggered = true;
      arriving = true; // a stop limit goes live now: it trades at the touch if marketable
    }
  }
  const limit = o.type === 'LMT' || o.type === 'STP LMT' ? o.limitPrice : undefined;
  let price: number;
  let liquidity: 1 | 2 = 2;
  if (limit === undefined) {
    price = touchPrice(buy, q);
  } else {
    if (!limitCrossed(buy, limit, q)) return undefined;
    price = limitFillPrice(buy, limit, q, !arriving);
    if (!arriving) liquidity = 1;
  }
  if (!(price > 0)) return undefined;
  const qty = fillQuantity(left, touchSize(buy, q));
  if (qty <= 0 || (allOrNone && qty < left)) return undefined;
  return { qty, price, liquidity };
}
