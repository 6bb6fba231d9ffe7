// The pre-trade margin check of a new or modified order (TWS's "insufficient buying power" 201), by
// the shared what-if rule (shared/portfolio/what-if.ts): the order's whole remaining size is booked
// on a copy of the account at a reference price (market-type orders at the touch, limits at the
// limit, stops at the stop) with its estimated commission; AvailableFunds must stay ≥ 0 or not fall.
import { touchPrice } from '../../../shared/broker/quote-fills.ts';
import { orderCommission } from '../../../shared/portfolio/commissions.ts';
import { REG_T } from '../../../shared/portfolio/margin.ts';
import { money, whatIf, type ProposedTrade, type WhatIf } from '../../../shared/portfolio/what-if.ts';
import { instrumentById } from '../account/listings.ts';
import type { Listing } from '../market/listed.ts';
import { touchQuote } from './matching.ts';
import { remaining, type PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

function referencePrice(broker: PaperBroker, o: PaperOrder, inst: Listing, buy: boolean, t: number, useOrderPrice: boolean): number {
  if (useOrderPrice) {
    if ((o.type === 'LMT' || o.type === 'STP LMT') && o.limitPrice !== undefined) return o.limitPrice;
    if (o.type === 'STP' && o.stopPrice !== undefined) return o.stopPrice;
  }
  const q = touchQuote(broker, inst.conId, t);
  const p = q ? touchPrice(buy, q) : NaN;
  return p === p ? p : broker.marks.mark(inst.conId, t);
}

/** The trades an order would make if it filled now in full. */
export function proposedTrades(broker: PaperBroker, o: PaperOrder, t: number): ProposedTrade[] | undefined {
  const qty = remaining(o);
  const buy = o.side === 'BUY';
  const legs: [Listing, boolean, number, number][] = [];
  if (o.legs.length === 0) {
    const inst = o.instrument.conId !== undefined ? instrumentById(broker.state.catalogue, o.instrument.conId) : undefined;
    if (!inst) return undefined;
    legs.push([inst, buy, qty, referencePrice(broker, o, inst, buy, t, true)]);
  } else {
    for (const l of o.legs) {
      const inst = instrumentById(broker.state.catalogue, l.conId);
      if (!inst) return undefined;
      const legBuy = buy === l.buy;
      legs.push([inst, legBuy, qty * l.ratio, referencePrice(broker, o, inst, legBuy, t, false)]);
    }
  }
  const out: ProposedTrade[] = [];
  for (const [inst, legBuy, n, price] of legs) {
    if (!(price > 0) || inst.secType === 'IND') continue;
    out.push({ instrument: inst, qty: legBuy ? n : -n, price, commission: orderCommission(broker.commissions, inst, n, price) });
  }
  return out;
}

/** The 201 reason when the account cannot carry the order, else undefined. */
export function buyingPowerShortfall(broker: PaperBroker, o: PaperOrder, t: number): string | undefined {
  if (remaining(o) <= 0) return undefined;
  const trades = proposedTrades(broker, o, t);
  if (!trades) return undefined;
  const w = whatIf(broker.ledger(o.account), trades, broker.marks.at(t), REG_T);
  return w.accepted ? undefined : shortfallText(w);
}

/** TWS's text for an order the account cannot carry. */
export function shortfallText(w: WhatIf): string {
  return (
    `YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [${money(w.after.equityWithLoan)} USD] ` +
    `MUST EXCEED THE INITIAL MARGIN [${money(w.after.initMargin)} USD]`
  );
}
