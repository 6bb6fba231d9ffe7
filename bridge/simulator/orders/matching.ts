// Whether and how a working order fills at one replay instant, against the replayed quote (rules
// from shared/broker/quote-fills.ts): market orders (and elected stops / trailing stops) at the
// touch, limits when the opposite quote crosses them (at the touch on arrival, at the limit once
// resting), never more than the size shown at the touch that other orders have not taken at this
// instant; combos from their legs' quotes, all legs together. Trading happens only inside a
// session; MOC orders wait for the close (lifecycle.ts). A stock limit or stop-limit order with
// outsideRth also trades in the extended session (04:00–20:00 ET, shared/time/extended-session.ts)
// against the extended-hours quote of market/extended-hours.ts, with the sizes the quote model
// shows at that instant.

import {
  comboLimitCrossed,
  comboTouch,
  fillQuantity,
  quoteFill,
  touchPrice,
  trailReference,
  trailingStop,
  type ComboLegQuote,
  type TouchQuote,
} from '../../../shared/broker/quote-fills.ts';
import { instrumentById } from '../account/listings.ts';
import { extendedHoursQuote } from '../market/extended-hours.ts';
import { newQuote, type Quote } from '../market/quotes.ts';
import { isOptionOrder, isWorking, remaining, type PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

export interface FillPlan {
  /** Units (shares, contracts, or combo units). */
  qty: number;
  /** Price per unit (net per combo unit for combos). */
  price: number;
  /** Combos: each leg's price, in leg order. */
  legPrices: number[];
  /** 1 added liquidity (a resting limit), 2 removed. */
  liquidity: 1 | 2;
}

const scratch: Quote = newQuote();

/** The quote of `conId` at t with the shown sizes reduced by what earlier fills at t took. */
export function touchQuote(broker: PaperBroker, conId: number, t: number): TouchQuote | undefined {
  const inst = instrumentById(broker.state.catalogue, conId);
  if (!inst) return undefined;
  const q = broker.state.quotes.quote(inst, t, scratch);
  if (!q.valid) return undefined;
  return {
    bid: q.bid,
    ask: q.ask,
    last: q.last,
    bidSize: broker.available(conId, false, q.bidSize, t),
    askSize: broker.available(conId, true, q.askSize, t),
  };
}

/** The quote of a stock at t in its pre-market or after-hours session (undefined inside the regular session or when closed). */
export function extendedTouchQuote(broker: PaperBroker, conId: number, t: number): TouchQuote | undefined {
  const inst = instrumentById(broker.state.catalogue, conId);
  const x = inst && extendedHoursQuote(inst, t);
  if (!inst || !x || x.phase === 'regular') return undefined;
  const q = broker.state.quotes.quote(inst, t, scratch);
  return { bid: x.bid, ask: x.ask, last: x.last, bidSize: broker.available(conId, false, q.bidSize, t), askSize: broker.available(conId, true, q.askSize, t) };
}

/** Order types that may trade outside regular hours with outsideRth (TWS ignores the flag for the others, warning 2109). */
export const OUTSIDE_RTH_TYPES: readonly string[] = ['LMT', 'STP LMT'];

/** The order may trade in the extended session: a stock limit / stop-limit order with outsideRth. */
export function tradesOutsideRth(o: PaperOrder): boolean {
  return o.outsideRth && o.legs.length === 0 && o.instrument.secType === 'STK' && OUTSIDE_RTH_TYPES.includes(o.type);
}

/** Whether the order's market is open for it at t: the regular session, or the extended one with outsideRth. */
export function marketOpenFor(broker: PaperBroker, o: PaperOrder, t: number): boolean {
  return broker.state.catalogue.calendar.isOpen(t) || (tradesOutsideRth(o) && extendedTouchQuote(broker, o.instrument.conId ?? 0, t) !== undefined);
}

/** The fill this order gets at instant t, if any (updates trailing stops and stop elections on the order). */
export function planFill(broker: PaperBroker, o: PaperOrder, t: number): FillPlan | undefined {
  if (!isWorking(o) || o.type === 'MOC') return undefined;
  const regular = broker.state.catalogue.calendar.isOpen(t);
  if (!regular && !tradesOutsideRth(o)) return undefined;
  const left = remaining(o);
  if (left <= 0) return undefined;
  return o.legs.length > 0 ? planCombo(broker, o, t, left) : planSingle(broker, o, t, left, !regular);
}

function planSingle(broker: PaperBroker, o: PaperOrder, t: number, left: number, extended = false): FillPlan | undefined {
  const q = extended ? extendedTouchQuote(broker, o.instrument.conId ?? 0, t) : touchQuote(broker, o.instrument.conId ?? 0, t);
  if (!q) return undefined;
  const f = quoteFill(o, q, left, o.resting, isOptionOrder(o), o.triggerMethod, o.allOrNone);
  return f && { qty: f.qty, price: f.price, legPrices: [], liquidity: f.liquidity };
}

function planCombo(broker: PaperBroker, o: PaperOrder, t: number, left: number): FillPlan | undefined {
  const quotes: ComboLegQuote[] = [];
  for (const l of o.legs) {
    const q = touchQuote(broker, l.conId, t);
    if (!q) return undefined;
    quotes.push({ quote: q, ratio: l.ratio, buy: l.buy });
  }
  const touch = comboTouch(quotes);
  const buy = o.side === 'BUY';
  if (o.type === 'LMT' && (o.limitPrice === undefined || !comboLimitCrossed(buy, o.limitPrice, touch))) return undefined;
  const net = buy ? touch.buyPrice : touch.sellPrice;
  if (net !== net) return undefined;
  const qty = fillQuantity(left, buy ? touch.buySize : touch.sellSize);
  if (qty <= 0 || (o.allOrNone && qty < left)) return undefined;
  const legPrices = quotes.map((lq) => touchPrice(buy === lq.buy, lq.quote));
  return { qty, price: Math.round(net * 1e4) / 1e4, legPrices, liquidity: 2 };
}

/** A TRAIL order without a client-given stop gets its first stop from the quote when it starts working. */
export function initTrailingStop(broker: PaperBroker, o: PaperOrder, t: number): void {
  if (o.type !== 'TRAIL' || o.legs.length > 0 || o.trailStop === o.trailStop) return;
  const q = touchQuote(broker, o.instrument.conId ?? 0, t);
  const buy = o.side === 'BUY';
  if (q) o.trailStop = trailingStop(buy, NaN, trailReference(buy, q, isOptionOrder(o)), o.trailAmount, o.trailPercent);
}
