// whatIf orders (ib-protocol.md §6 "What-if orders"): a margin and commission preview. The answer is
// one OPEN_ORDER with whatIf = 1 whose order state carries the account's initial and maintenance
// margin and equity with loan value before, the change and after, and the commission estimate —
// computed by the same shared rules the paper account uses for its pre-trade check (margin-check.ts
// proposedTrades: the order's whole size at its reference price with the shared commission;
// shared/portfolio/what-if.ts on a copy of the ledger). Nothing is kept: no order, no id used, no
// position or cash change, no orderStatus. An order the account could not carry is still answered,
// with TWS's shortfall text as the warning.
import { REG_T } from '../../../shared/portfolio/margin.ts';
import { whatIf } from '../../../shared/portfolio/what-if.ts';
import * as enc from '../wire/encoders.ts';
import type { WhatIfState } from '../wire/order-encoders.ts';
import type { Session } from '../server/session.ts';
import { proposedTrades, shortfallText } from './margin-check.ts';
import { orderFields, type PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

const cents = (v: number) => Math.round(v * 100) / 100;

/** The preview of order `o` at instant t (the shared what-if rule on the order's account). */
export function whatIfState(broker: PaperBroker, o: PaperOrder, t: number): WhatIfState {
  const w = whatIf(broker.ledger(o.account), proposedTrades(broker, o, t) ?? [], broker.marks.at(t), REG_T);
  const commission = Math.round(w.commission * 1e4) / 1e4;
  return {
    initMarginBefore: cents(w.before.initMargin),
    maintMarginBefore: cents(w.before.maintMargin),
    equityWithLoanBefore: cents(w.before.equityWithLoan),
    initMarginChange: cents(w.initMarginChange),
    maintMarginChange: cents(w.maintMarginChange),
    equityWithLoanChange: cents(w.after.equityWithLoan - w.before.equityWithLoan),
    initMarginAfter: cents(w.after.initMargin),
    maintMarginAfter: cents(w.after.maintMargin),
    equityWithLoanAfter: cents(w.after.equityWithLoan),
    commission,
    minCommission: commission,
    maxCommission: commission,
    commissionCurrency: 'USD',
    warningText: w.accepted ? '' : shortfallText(w),
  };
}

/** Answers a checked whatIf order with its OPEN_ORDER (status PreSubmitted); the broker's state is not touched. */
export function answerWhatIf(broker: PaperBroker, session: Session, o: PaperOrder, t: number): void {
  session.send(enc.openOrder({ ...orderFields(o), status: 'PreSubmitted', whatIf: whatIfState(broker, o, t) }));
}
