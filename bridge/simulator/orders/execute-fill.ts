// Booking a fill: the shared ledger trade (cash, position, average cost, realised P&L), the shared
// commission, the execution record, and the message sequence the owner sees (ib-protocol.md §6 "Orders"):
//   partial: execDetails → orderStatus(Submitted, filled, remaining, …) → commissionReport
//   final:   execDetails → openOrder(Filled) → orderStatus(Filled, …) → commissionReport
// A combo sends one execDetails and one commissionReport per leg (its legs are what trades).

import { fillCommission } from '../../../shared/portfolio/commissions.ts';
import { instrumentById } from '../account/listings.ts';
import { plainInstrument, type Listing } from '../market/listed.ts';
import type { ExecutionRecord } from './executions.ts';
import type { FillPlan } from './matching.ts';
import { commissionMessage, executionMessage, openOrderMessage, orderStatusMessage } from './order-messages.ts';
import { remaining, type PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

function execExchange(inst: Listing): string {
  return inst.secType === 'STK' ? (inst.primaryExchange === 'NASDAQ' ? 'ISLAND' : inst.primaryExchange) : 'CBOE';
}

/** Books one trade of `qty` units (unsigned) of an instrument for the order; returns its execution. */
function bookTrade(
  broker: PaperBroker,
  o: PaperOrder,
  inst: Listing,
  buy: boolean,
  qty: number,
  price: number,
  commission: number,
  cumQty: number,
  avgPrice: number,
  liquidity: number,
  t: number,
): ExecutionRecord {
  const ledger = broker.ledger(o.account);
  const { realized } = ledger.trade(plainInstrument(inst), buy ? qty : -qty, price, commission);
  const contract = o.legs.length > 0 ? o.legs.find((l) => l.conId === inst.conId)!.contract : o.contract;
  const e: ExecutionRecord = {
    execId: broker.executions.nextExecId(o.permId),
    orderId: o.id,
    clientId: o.clientId,
    permId: o.permId,
    account: o.account,
    contract,
    side: buy ? 'BOT' : 'SLD',
    shares: qty,
    price,
    cumQty,
    avgPrice,
    orderRef: o.ref,
    exchange: execExchange(inst),
    lastLiquidity: liquidity,
    time: t,
    commission,
    realizedPnL: realized,
  };
  broker.executions.add(e);
  broker.take(inst.conId, buy, qty, t);
  return e;
}

/** Applies a planned fill to the order and the books and queues the messages. */
export function executeFill(broker: PaperBroker, o: PaperOrder, plan: FillPlan, t: number): void {
  const executions: ExecutionRecord[] = [];
  const conIds: number[] = [];
  const filledAfter = o.filled + plan.qty;
  const avgAfter = (o.avgFillPrice * o.filled + plan.price * plan.qty) / filledAfter;
  if (o.legs.length === 0) {
    const inst = instrumentById(broker.state.catalogue, o.instrument.conId!)!;
    const commission = fillCommission(broker.commissions, o.instrument, filledAfter, avgAfter, o.commission);
    o.commission += commission;
    executions.push(bookTrade(broker, o, inst, o.side === 'BUY', plan.qty, plan.price, commission, filledAfter, round(avgAfter), plan.liquidity, t));
    conIds.push(inst.conId);
  } else {
    o.legs.forEach((leg, i) => {
      const inst = instrumentById(broker.state.catalogue, leg.conId)!;
      const legQty = plan.qty * leg.ratio;
      const legPrice = plan.legPrices[i];
      const legFilled = leg.filled + legQty;
      const legAvg = (leg.avgPrice * leg.filled + legPrice * legQty) / legFilled;
      const commission = fillCommission(broker.commissions, inst, legFilled, legAvg, leg.commission);
      leg.commission += commission;
      leg.filled = legFilled;
      leg.avgPrice = legAvg;
      executions.push(bookTrade(broker, o, inst, (o.side === 'BUY') === leg.buy, legQty, legPrice, commission, legFilled, round(legAvg), plan.liquidity, t));
      conIds.push(inst.conId);
    });
  }
  o.filled = filledAfter;
  o.avgFillPrice = round(avgAfter);
  o.lastFillPrice = plan.price;
  o.resting = true;
  const done = remaining(o) === 0;
  if (done) {
    o.status = 'Filled';
    o.completedAt = t;
    o.completedStatus = 'Filled';
  }
  for (const e of executions) broker.sendToOwner(o, executionMessage(-1, e));
  if (done) broker.sendToOwner(o, openOrderMessage(o));
  broker.sendToOwner(o, orderStatusMessage(o));
  for (const e of executions) broker.sendToOwner(o, commissionMessage(e));
  broker.accountChanged(o.account, conIds);
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
