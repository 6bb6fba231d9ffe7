// The pre-trade margin check of a new or modified order (TWS's "insufficient buying power" 201): the
// account is copied, the order's whole remaining size is booked at a reference price (market-type
// orders at the touch, limits at the limit, stops at the stop) with its estimated commission, and the
// copy's AvailableFunds (equity with loan value − initial margin) must stay ≥ 0. An order that lowers
// the requirement (closing or reducing a position) always passes.

import { instrumentById, positionFacts } from '../account/instruments.ts';
import { accountValues, money } from '../account/valuation.ts';
import type { Instrument } from '../market/instruments.ts';
import { touchPrice } from '../../../shared/broker/quote-fills.ts';
import { orderCommission } from './commissions.ts';
import { touchQuote } from './matching.ts';
import { remaining, type SimOrder } from './order.ts';
import type { PaperBroker } from './paper-broker.ts';

function referencePrice(broker: PaperBroker, o: SimOrder, inst: Instrument, buy: boolean, t: number, useOrderPrice: boolean): number {
  if (useOrderPrice) {
    if ((o.orderType === 'LMT' || o.orderType === 'STP LMT') && o.lmtPrice !== undefined) return o.lmtPrice;
    if (o.orderType === 'STP' && o.auxPrice !== undefined) return o.auxPrice;
  }
  const q = touchQuote(broker, inst.conId, t);
  const p = q ? touchPrice(buy, q) : NaN;
  return p === p ? p : broker.marks.mark(inst.conId, t);
}

/** The 201 reason when the account cannot carry the order, else undefined. */
export function buyingPowerShortfall(broker: PaperBroker, o: SimOrder, t: number): string | undefined {
  const qty = remaining(o);
  if (qty <= 0) return undefined;
  const ledger = broker.ledger(o.account);
  const before = accountValues(ledger, broker.marks, t);
  const copy = ledger.clone();
  const trades: [Instrument, boolean, number, number][] = [];
  if (o.legs.length === 0) {
    const inst = instrumentById(broker.state.catalogue, o.conId);
    if (!inst) return undefined;
    trades.push([inst, o.buy, qty, referencePrice(broker, o, inst, o.buy, t, true)]);
  } else {
    for (const l of o.legs) {
      const inst = instrumentById(broker.state.catalogue, l.conId);
      if (!inst) return undefined;
      const buy = o.buy === l.buy;
      trades.push([inst, buy, qty * l.ratio, referencePrice(broker, o, inst, buy, t, false)]);
    }
  }
  for (const [inst, buy, n, price] of trades) {
    if (!(price > 0)) continue;
    copy.trade(positionFacts(inst), buy ? n : -n, price, orderCommission(broker.commissions, inst.kind === 'OPT', n, price));
  }
  const after = accountValues(copy, broker.marks, t);
  if (after.availableFunds >= 0 || after.availableFunds >= before.availableFunds) return undefined;
  return (
    `YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [${money(after.equityWithLoan)} USD] ` +
    `MUST EXCEED THE INITIAL MARGIN [${money(after.initMargin)} USD]`
  );
}
