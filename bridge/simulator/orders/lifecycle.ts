// An order's life after placement: matching on every clock move, what a fill sets off (OCA groups,
// bracket children), cancels, and the session boundary (MOC fills at the close, option expiry,
// DAY orders expiring, a new trading day for the books).
//
// OCA: ocaType 1 (and 0, unset) cancels the group's other orders on a fill; 2 and 3 reduce their
// size by the filled quantity (cancelling them at zero). A bracket's children form an implicit
// reducing OCA group, and wait (PreSubmitted) until their parent has filled.

import { positionMark } from '../../../shared/portfolio/account-values.ts';
import { settleExpiredOptions } from '../account/settle-options.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { awaitsActivation } from './activation.ts';
import { executeFill } from './execute-fill.ts';
import { initTrailingStop, marketOpenFor, planFill } from './matching.ts';
import { openOrderMessage, orderStatusMessage } from './order-messages.ts';
import { isTerminal, isWorking, remaining, type PaperOrder } from './paper-order.ts';
import type { PaperBroker } from './paper-broker.ts';

export type CancelReason = 'api' | 'global' | 'oca' | 'parent' | 'expired' | 'ioc' | 'conditions';

/** Tries to fill a working order at t; then applies what the fill sets off. */
export function tryFill(broker: PaperBroker, o: PaperOrder, t: number): void {
  const before = `${o.trailStop}|${o.triggered}|${o.resting}`;
  const plan = planFill(broker, o, t);
  if (!plan) {
    if (isWorking(o) && marketOpenFor(broker, o, t)) o.resting = true; // it saw a quote of an open market
    if (`${o.trailStop}|${o.triggered}|${o.resting}` !== before) broker.changed(); // a trailing stop moved, a stop was elected
    return;
  }
  executeFill(broker, o, plan, t);
  afterFill(broker, o, plan.qty, t);
}

function afterFill(broker: PaperBroker, o: PaperOrder, qty: number, t: number): void {
  for (const peer of broker.book.ocaPeers(o)) {
    const bracketSibling = o.parentId > 0 && peer.parentId === o.parentId && peer.clientId === o.clientId;
    const reduce = bracketSibling || o.ocaType === 2 || o.ocaType === 3;
    if (!reduce) {
      cancelOrder(broker, peer, t, 'oca');
      continue;
    }
    peer.quantity = Math.max(peer.filled, peer.quantity - qty);
    if (remaining(peer) === 0) {
      cancelOrder(broker, peer, t, 'oca');
    } else {
      broker.sendToOwner(peer, openOrderMessage(peer));
      broker.sendToOwner(peer, orderStatusMessage(peer));
    }
  }
  if (o.status === 'Filled') releaseChildren(broker, o, t);
}

/** A filled parent releases its transmitted children: they start working (and may fill at once) unless a good-after time or conditions still hold them. */
export function releaseChildren(broker: PaperBroker, parent: PaperOrder, t: number): void {
  for (const child of broker.book.children(parent)) {
    if (child.status !== 'PreSubmitted' || !child.transmit || awaitsActivation(broker, child, t)) continue;
    child.status = 'Submitted';
    initTrailingStop(broker, child, t);
    broker.sendToOwner(child, openOrderMessage(child));
    broker.sendToOwner(child, orderStatusMessage(child));
    tryFill(broker, child, t);
  }
}

/**
 * Cancels an order (idempotent for finished orders). An API cancel shows PendingCancel, then
 * Cancelled and error 202 (§6 "Cancel"); the others just Cancelled. Held children go with it.
 */
export function cancelOrder(broker: PaperBroker, o: PaperOrder, t: number, reason: CancelReason): void {
  if (isTerminal(o)) return;
  const byClient = reason === 'api' || reason === 'global';
  if (byClient) broker.sendToOwner(o, orderStatusMessage(o, 'PendingCancel'));
  o.status = 'Cancelled';
  o.completedAt = t;
  o.completedStatus = byClient ? 'Cancelled by Trader' : reason === 'expired' ? 'Cancelled: order expired' : 'Cancelled';
  broker.sendToOwner(o, orderStatusMessage(o));
  if (byClient) {
    const s = broker.state.byClientId.get(o.clientId);
    s?.error(o.id, ERR.ORDER_CANCELLED, TEXT.orderCancelled);
  }
  for (const child of broker.book.children(o)) cancelOrder(broker, child, t, 'parent'); // held behind a parent that will never fill
  broker.changed();
}

/** Every working order against the quotes at t (oldest first). */
export function matchAll(broker: PaperBroker, t: number): void {
  const working = broker.book.open().filter(isWorking);
  if (working.length === 0) return;
  working.sort((a, b) => a.permId - b.permId);
  for (const o of working) if (isWorking(o)) tryFill(broker, o, t);
}

/**
 * The clock crossed from session `prevDate` into `date`: MOC orders fill at the close of prevDate,
 * options expiring on or before it are exercised/assigned or expire, orders on them are cancelled,
 * DAY orders expire (not those a good-after time still holds for a later day), GTD orders whose
 * time passed expire, and the books start a new day (today's executions, completed orders and
 * realised P&L reset; daily P&L counts from the close).
 */
export function crossSession(broker: PaperBroker, date: number, prevDate: number): void {
  const state = broker.state;
  const cal = state.catalogue.calendar;
  const i = cal.indexOf(prevDate);
  const closeT = (i >= 0 ? cal.closeMs[i] : state.now()) - 1;
  // The instant this crossing stands for: the new session's open (the clock may have jumped further).
  const j = cal.indexOf(date);
  const boundary = j >= 0 ? cal.openMs[j] : state.now();
  for (const o of broker.book.open()) if (o.type === 'MOC' && isWorking(o)) fillAtClose(broker, o, closeT);
  const settled = settleExpiredOptions(broker, prevDate, closeT);
  for (const o of broker.book.open()) {
    const expiredOption = o.instrument.secType === 'OPT' ? o.instrument.expiry <= prevDate : o.legs.some((l) => l.contract.secType === 'OPT' && l.contract.lastTradeDateOrContractMonth <= String(prevDate));
    // DAY and GTD orders carry the instant they end (order-times.ts: a DAY order placed after that
    // close, or held by a good-after time past it, belongs to the next session; with outsideRth it
    // works until the after-hours end). Orders kept from before that rule end at the close.
    const ended = o.expiresAt !== undefined ? o.expiresAt <= boundary : (o.tif === 'DAY' || o.tif === 'IOC') && o.placedAt <= closeT && !(o.activeFrom !== undefined && o.activeFrom > closeT);
    if (expiredOption || ended) cancelOrder(broker, o, !expiredOption && o.expiresAt !== undefined ? Math.max(o.placedAt, o.expiresAt) : closeT, 'expired');
  }
  for (const [account, conIds] of settled) broker.accountChanged(account, conIds); // while the closed positions still show (qty 0)
  const marks = broker.marks.at(closeT);
  for (const ledger of broker.ledgers.values()) ledger.newDay((p) => p.qty * positionMark(p, marks) * p.instrument.multiplier);
  broker.executions.clear();
  broker.book.pruneCompleted();
  broker.sessionDate = date;
  broker.changed();
}

/** A market-on-close order trades its whole remaining size at the closing price. */
function fillAtClose(broker: PaperBroker, o: PaperOrder, closeT: number): void {
  const price = broker.marks.mark(o.instrument.conId ?? 0, closeT);
  if (!(price > 0)) return;
  executeFill(broker, o, { qty: remaining(o), price, legPrices: [], liquidity: 2 }, closeT);
  afterFill(broker, o, o.filled, closeT);
}

/**
 * After a restart the clock may start in a later session than the saved state's: every session
 * boundary in between is crossed (MOC, expiries, DAY orders, new day) before trading resumes.
 */
export function catchUpSessions(broker: PaperBroker): void {
  const cal = broker.state.catalogue.calendar;
  const today = broker.state.clock.sessionDate();
  let prev = broker.sessionDate;
  for (const d of cal.dates) {
    if (d <= prev || d > today) continue;
    crossSession(broker, d, prev);
    prev = d;
  }
}
