// placeOrder: a new order, a modification (a placeOrder on an id that is still open, as in TWS),
// or a refusal. Checks, in order (ib-protocol.md §6 "Orders", §7 P4/P10/P11):
//   321 read-only API mode · 104 modifying a filled order · 103 an id at or below the highest this
//   client used that is not an open order · 200 unknown/ambiguous contract · 201 (recorded as an
//   Inactive order: error, then openOrder + orderStatus Inactive) for a bad action/quantity/price,
//   an order type, time in force or feature the paper broker does not execute, a security type the
//   account has no permission for, an unknown account or parent · 110 a price off the tick grid ·
//   201 insufficient buying power · 337 / 391 a goodAfterTime / goodTillDate TWS cannot read ·
//   warning 2109 (then accepted) outsideRth on an order that cannot trade outside regular hours.
// Accepted orders: transmit=false ones are held (PreSubmitted, not working) until re-sent with
// transmit=true (a bracket child sent with transmit=true transmits its parent and siblings);
// bracket children wait for their parent to fill; orders with a later good-after time or with
// submit conditions wait for them (timed-orders.ts); the rest start working and may fill at once.
// A whatIf order passes the same checks (its refusals are errors only) and is answered with its
// margin and commission preview (what-if-order.ts); nothing is recorded.

import { minTick, offTickPrice, onTick, orderTypeAllowed } from '../../../shared/broker/ibkr-rules.ts';
import { TIMES_IN_FORCE, type OrderType, type TimeInForce } from '../../../shared/domain/order.ts';
import { RequestError } from '../wire/field-reader.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { IN } from '../wire/message-ids.ts';
import type { PlaceOrderRequest } from '../wire/place-order.ts';
import type { Session } from '../server/session.ts';
import { awaitsActivation } from './activation.ts';
import { conditionProblem } from './conditions.ts';
import { buyingPowerShortfall } from './margin-check.ts';
import { dayOrderEnd, orderTimes, type OrderTimes } from './order-times.ts';
import { answerWhatIf } from './what-if-order.ts';
import { resolveTarget, secTypesOf, type Target } from './contracts.ts';
import { cancelOrder, tryFill } from './lifecycle.ts';
import { initTrailingStop, tradesOutsideRth } from './matching.ts';
import { openOrderMessage, orderStatusMessage } from './order-messages.ts';
import { SUPPORTED_ORDER_TYPES, isTerminal, isWorking, remaining, type PaperOrder } from './paper-order.ts';
import type { PaperBroker, TradingPermission } from './paper-broker.ts';

/** Handles one decoded PLACE_ORDER from `session`. */
export function placeOrder(broker: PaperBroker, session: Session, req: PlaceOrderRequest): void {
  const state = broker.state;
  const { orderId } = req;
  if (state.faults.readOnly) throw new RequestError(ERR.REQUEST_VALIDATION, orderId, TEXT.readOnly);
  if (orderId <= 0) throw new RequestError(ERR.REQUEST_VALIDATION, orderId, TEXT.validation('placeOrder', `order id ${orderId} must be positive`));
  const clientId = session.clientId;
  const existing = broker.book.get(clientId, orderId);
  if (req.whatIf) return preview(broker, session, req, existing);
  if (existing && !isTerminal(existing)) return modifyOrder(broker, existing, req);
  if (existing?.status === 'Filled') throw new RequestError(ERR.CANNOT_MODIFY_FILLED, orderId, TEXT.cannotModifyFilled);
  if (existing || orderId <= broker.book.highestUsed(clientId)) throw new RequestError(ERR.DUPLICATE_ORDER_ID, orderId, TEXT.duplicateOrderId);

  const t = state.now();
  const resolved = resolveTarget(state, req, t);
  if (!resolved.ok && resolved.code === 200) throw new RequestError(ERR.NO_SECURITY_DEFINITION, orderId, resolved.reason);
  const times = orderTimes(req, t, state.catalogue.calendar);
  const o = draftOrder(broker, clientId, req, resolved.ok ? resolved.target : undefined, t, times);
  const reason = resolved.ok ? rejection(broker, o, req, resolved.target) : resolved.reason;
  if (reason) return reject(broker, session, o, reason, t);
  const offTick = tickProblem(o, resolved.ok ? resolved.target : undefined);
  if (offTick !== undefined) throw new RequestError(ERR.PRICE_NOT_ON_TICK, orderId, TEXT.priceNotOnTick(offTick));
  const shortfall = buyingPowerShortfall(broker, o, t);
  if (shortfall) return reject(broker, session, o, shortfall, t);
  if (o.outsideRth && !tradesOutsideRth(o)) {
    o.outsideRth = false; // only stock limit / stop-limit orders trade outside regular hours
    session.error(orderId, ERR.OUTSIDE_RTH_IGNORED, TEXT.outsideRthIgnored);
  }
  accept(broker, o, t);
}

/**
 * A whatIf order: the checks of a new order, answered as errors only (nothing is recorded, the id is
 * not used up), then the preview. An id of an open order previews the order as sent.
 */
function preview(broker: PaperBroker, session: Session, req: PlaceOrderRequest, existing: PaperOrder | undefined): void {
  const { orderId } = req;
  const open = existing !== undefined && !isTerminal(existing);
  if (!open && (existing || orderId <= broker.book.highestUsed(session.clientId))) throw new RequestError(ERR.DUPLICATE_ORDER_ID, orderId, TEXT.duplicateOrderId);
  const t = broker.state.now();
  const resolved = resolveTarget(broker.state, req, t);
  if (!resolved.ok) throw new RequestError(resolved.code === 200 ? ERR.NO_SECURITY_DEFINITION : ERR.ORDER_REJECTED, orderId, resolved.code === 200 ? resolved.reason : TEXT.orderRejected(resolved.reason));
  const o = draftOrder(broker, session.clientId, req, resolved.target, t, orderTimes(req, t, broker.state.catalogue.calendar));
  const reason = rejection(broker, o, req, resolved.target);
  if (reason) throw new RequestError(ERR.ORDER_REJECTED, orderId, TEXT.orderRejected(reason));
  const offTick = tickProblem(o, resolved.target);
  if (offTick !== undefined) throw new RequestError(ERR.PRICE_NOT_ON_TICK, orderId, TEXT.priceNotOnTick(offTick));
  answerWhatIf(broker, session, o, t);
}

/** The order as the request describes it (status decided by accept/reject). A GTD order is GTC with an expiry instant for the shared model. */
function draftOrder(broker: PaperBroker, clientId: number, req: PlaceOrderRequest, target: Target | undefined, t: number, times: OrderTimes): PaperOrder {
  const action = req.action.toUpperCase();
  const orderType = req.orderType.toUpperCase();
  const tif = (req.tif || 'DAY').toUpperCase();
  const contract = target?.contract ?? {
    conId: req.contract.conId, symbol: req.contract.symbol, secType: req.contract.secType, lastTradeDateOrContractMonth: req.contract.lastTradeDateOrContractMonth,
    strike: req.contract.strike ?? 0, right: '' as const, multiplier: req.contract.multiplier, exchange: req.contract.exchange, primaryExch: req.contract.primaryExch,
    currency: req.contract.currency, localSymbol: req.contract.localSymbol, tradingClass: req.contract.tradingClass,
  };
  const type = orderType as OrderType;
  const openClose = req.openClose.toUpperCase();
  const o: PaperOrder = {
    // The shared order (a refused request keeps its own spellings in `echo`).
    id: req.orderId,
    instrument: target?.instrument ?? { secType: 'STK', symbol: req.contract.symbol || '?', currency: 'USD', exchange: 'SMART', multiplier: 1 },
    side: action === 'BUY' ? 'BUY' : 'SELL',
    quantity: req.totalQuantity ?? 0,
    type,
    limitPrice: req.lmtPrice,
    stopPrice: type === 'TRAIL' ? undefined : req.auxPrice,
    trailAmount: type === 'TRAIL' ? req.auxPrice : undefined,
    trailPercent: req.trailingPercent,
    tif: (tif === 'GTD' ? 'GTC' : tif) as TimeInForce,
    ocaGroup: req.ocaGroup,
    parentId: req.parentId,
    openClose: openClose === 'O' || openClose === 'C' ? openClose : undefined,
    ref: req.orderRef,
    status: 'PreSubmitted',
    filled: 0,
    avgFillPrice: 0,
    commission: 0,
    placedAt: t,
    triggered: false,
    trailStop: req.trailStopPrice ?? NaN,
    // What the wire adds.
    clientId,
    permId: 0, // assigned when the order is recorded
    account: broker.resolveAccount(req.account) ?? req.account,
    contract,
    comboLegs: req.comboLegs.map((l) => ({ ...l })),
    legs: target?.kind === 'combo' ? target.legs.map((l) => ({ conId: l.listing.conId, ratio: l.ratio, buy: l.buy, contract: l.contract, multiplier: l.multiplier, commission: 0, filled: 0, avgPrice: 0 })) : [],
    echo: { action, orderType, tif, openClose: req.openClose },
    ocaType: req.ocaType,
    origin: req.origin,
    outsideRth: req.outsideRth,
    hidden: req.hidden,
    displaySize: req.displaySize,
    allOrNone: req.allOrNone,
    minQty: req.minQty,
    goodTillDate: req.goodTillDate,
    goodAfterTime: req.goodAfterTime,
    activeFrom: times.activeFrom,
    expiresAt: times.expiresAt,
    conditions: req.conditions.conditions,
    conditionsIgnoreRth: req.conditions.conditionsIgnoreRth,
    conditionsCancelOrder: req.conditions.conditionsCancelOrder,
    conditionsMet: false,
    transmit: req.transmit,
    triggerMethod: req.triggerMethod,
    whyHeld: '',
    lastFillPrice: 0,
    resting: false,
    completedAt: undefined,
    completedStatus: '',
  };
  // A DAY order ends with its session (its after-hours when it trades outside regular hours); MOC orders fill at that close instead.
  if (o.tif === 'DAY' && o.type !== 'MOC') o.expiresAt = dayOrderEnd(broker.state.catalogue.calendar, Math.max(t, times.activeFrom ?? t), tradesOutsideRth(o));
  return o;
}

/** Why TWS would reject the order (201), or undefined. Shared by new orders and modifications. */
function rejection(broker: PaperBroker, o: PaperOrder, req: PlaceOrderRequest, target: Target): string | undefined {
  const { action, orderType, tif } = o.echo;
  if (action !== 'BUY' && action !== 'SELL' && action !== 'SSHORT') return `action '${req.action}' is not BUY, SELL or SSHORT`;
  if (!(o.quantity > 0) || !Number.isInteger(o.quantity)) return `total quantity ${req.totalQuantity ?? '(empty)'} must be a positive whole number`;
  if (!(SUPPORTED_ORDER_TYPES as readonly string[]).includes(orderType)) return `No trading permission for order type '${req.orderType}': the MoneyTrailz paper broker executes ${SUPPORTED_ORDER_TYPES.join(', ')}`;
  for (const secType of secTypesOf(target)) {
    if (secType === 'IND' || !broker.permissions.has(secType as TradingPermission)) return `No trading permissions for ${secType}: this account is not permissioned to trade it`;
  }
  if (!orderTypeAllowed(target.instrument.secType, o.type)) return `No trading permission for order type ${orderType} on ${target.instrument.secType} contracts`;
  if (!(TIMES_IN_FORCE as readonly string[]).includes(tif) && tif !== 'GTD') return `time in force '${req.tif}' is not supported (DAY, GTC, IOC, GTD)`;
  if (o.expiresAt !== undefined && o.expiresAt <= o.placedAt) return `the good till date '${req.goodTillDate}' has already passed`;
  const conditionIssue = conditionProblem(broker, req.conditions.conditions, o.placedAt);
  if (conditionIssue) return conditionIssue;
  if (o.type === 'MOC' && o.tif !== 'DAY') return 'MOC orders must be DAY orders';
  if (req.unsupported.length > 0) return `not supported by the MoneyTrailz paper broker: ${req.unsupported.join(', ')}`;
  if (!broker.resolveAccount(req.account)) return `account '${req.account}' is not managed by this login`;
  const needsLimit = o.type === 'LMT' || o.type === 'STP LMT';
  if (needsLimit && o.limitPrice === undefined) return `a ${orderType} order needs a limit price`;
  if (needsLimit && target.kind === 'single' && !(o.limitPrice! > 0)) return `limit price ${o.limitPrice} must be positive`;
  if ((o.type === 'STP' || o.type === 'STP LMT') && !(o.stopPrice! > 0)) return `a ${orderType} order needs a positive stop price (auxPrice)`;
  if (o.type === 'TRAIL' && !(o.trailAmount! > 0) && !(o.trailPercent! > 0)) return 'a TRAIL order needs a trailing amount (auxPrice) or a trailing percent';
  if (o.parentId > 0) {
    const parent = broker.book.parentOf(o);
    if (!parent) return `parent order ${o.parentId} is not known`;
    if (parent.status === 'Cancelled' || parent.status === 'Inactive') return `parent order ${o.parentId} is ${parent.status}`;
  }
  return undefined;
}

/** The tick the order's prices miss (shared/broker/ibkr-rules.ts), or undefined when they are on the grid. */
function tickProblem(o: PaperOrder, target: Target | undefined): number | undefined {
  if (!target) return undefined;
  const off = offTickPrice(o);
  if (off !== undefined) return off;
  if (o.type === 'TRAIL' && o.trailStop === o.trailStop) {
    const tick = minTick(o.instrument, o.trailStop);
    if (!onTick(o.trailStop, tick)) return tick;
  }
  return undefined;
}

/** 201: error first, then openOrder + orderStatus Inactive (§6 "Reject"); the id counts as used. */
function reject(broker: PaperBroker, session: Session, o: PaperOrder, reason: string, t: number): void {
  o.permId = broker.book.nextPermId();
  o.status = 'Inactive';
  o.completedAt = t;
  o.completedStatus = `Rejected: ${reason}`;
  broker.book.add(o);
  broker.state.orderIds.noteUsed(o.clientId, o.id);
  session.error(o.id, ERR.ORDER_REJECTED, TEXT.orderRejected(reason));
  broker.sendToOwner(o, openOrderMessage(o));
  broker.sendToOwner(o, orderStatusMessage(o));
  broker.state.events.emit('request-error', session, ERR.ORDER_REJECTED, reason, o.id, IN.PLACE_ORDER);
  broker.changed();
}

/** The status an accepted, untouched order shows: held until transmitted, until its parent fills and until its good-after time and submit conditions came. */
function entryStatus(broker: PaperBroker, o: PaperOrder, t: number): 'PreSubmitted' | 'Submitted' {
  if (!o.transmit) return 'PreSubmitted';
  const parent = broker.book.parentOf(o);
  if (parent && parent.status !== 'Filled') return 'PreSubmitted';
  if (awaitsActivation(broker, o, t)) return 'PreSubmitted';
  if ((o.conditions?.length ?? 0) > 0 && !o.conditionsCancelOrder) o.conditionsMet = true;
  return 'Submitted';
}

function accept(broker: PaperBroker, o: PaperOrder, t: number): void {
  o.permId = broker.book.nextPermId();
  o.status = entryStatus(broker, o, t);
  if (o.status === 'Submitted') initTrailingStop(broker, o, t);
  broker.book.add(o);
  broker.state.orderIds.noteUsed(o.clientId, o.id);
  broker.sendToOwner(o, openOrderMessage(o));
  broker.sendToOwner(o, orderStatusMessage(o));
  const parent = broker.book.parentOf(o);
  if (o.transmit && parent && !parent.transmit) transmitGroup(broker, parent, t);
  else start(broker, o, t);
  broker.changed();
}

/** A transmitted child transmits its parent and every sibling (TWS's bracket submission). */
function transmitGroup(broker: PaperBroker, parent: PaperOrder, t: number): void {
  for (const child of broker.book.children(parent)) {
    if (isTerminal(child) || child.transmit) continue;
    child.transmit = true;
    broker.sendToOwner(child, orderStatusMessage(child));
  }
  parent.transmit = true;
  parent.status = entryStatus(broker, parent, t);
  if (parent.status === 'Submitted') initTrailingStop(broker, parent, t);
  broker.sendToOwner(parent, openOrderMessage(parent));
  broker.sendToOwner(parent, orderStatusMessage(parent));
  start(broker, parent, t);
}

/** First evaluation of a working order; IOC cancels what did not fill at once. */
function start(broker: PaperBroker, o: PaperOrder, t: number): void {
  if (!isWorking(o)) return;
  tryFill(broker, o, t);
  if (o.tif === 'IOC' && !isTerminal(o)) cancelOrder(broker, o, t, 'ioc');
}

/** A placeOrder on an open order's id: new quantity, prices, time in force, transmit… (same contract and side). */
function modifyOrder(broker: PaperBroker, o: PaperOrder, req: PlaceOrderRequest): void {
  const state = broker.state;
  const t = state.now();
  const resolved = resolveTarget(state, req, t);
  if (!resolved.ok) throw new RequestError(resolved.code === 200 ? ERR.NO_SECURITY_DEFINITION : ERR.ORDER_REJECTED, o.id, resolved.code === 200 ? resolved.reason : TEXT.orderRejected(resolved.reason));
  const draft = draftOrder(broker, o.clientId, req, resolved.target, t, orderTimes(req, t, state.catalogue.calendar));
  const sameContract = draft.instrument.conId === o.instrument.conId && draft.legs.map((l) => `${l.conId}:${l.ratio}:${l.buy}`).join() === o.legs.map((l) => `${l.conId}:${l.ratio}:${l.buy}`).join();
  if (!sameContract || draft.side !== o.side) throw new RequestError(ERR.REQUEST_VALIDATION, o.id, TEXT.validation('placeOrder', `order ${o.id} is open: a modification cannot change its contract or side`));
  if (draft.quantity < o.filled) throw new RequestError(ERR.REQUEST_VALIDATION, o.id, TEXT.validation('placeOrder', `order ${o.id} already filled ${o.filled}; the quantity cannot go below that`));
  draft.parentId = o.parentId;
  const reason = rejection(broker, draft, req, resolved.target);
  if (reason) throw new RequestError(ERR.ORDER_REJECTED, o.id, TEXT.orderRejected(reason));
  const offTick = tickProblem(draft, resolved.target);
  if (offTick !== undefined) throw new RequestError(ERR.PRICE_NOT_ON_TICK, o.id, TEXT.priceNotOnTick(offTick));
  const changes: Partial<PaperOrder> = {
    quantity: draft.quantity, type: draft.type, limitPrice: draft.limitPrice, stopPrice: draft.stopPrice, trailAmount: draft.trailAmount, trailPercent: draft.trailPercent,
    tif: draft.tif, ocaGroup: draft.ocaGroup, ocaType: draft.ocaType, ref: draft.ref, outsideRth: draft.outsideRth, triggerMethod: draft.triggerMethod,
    allOrNone: draft.allOrNone, displaySize: draft.displaySize, goodTillDate: draft.goodTillDate, resting: false, echo: draft.echo,
    goodAfterTime: draft.goodAfterTime, activeFrom: draft.activeFrom, expiresAt: draft.expiresAt, conditionsIgnoreRth: draft.conditionsIgnoreRth, conditionsCancelOrder: draft.conditionsCancelOrder,
  };
  if (JSON.stringify(draft.conditions) !== JSON.stringify(o.conditions ?? [])) {
    changes.conditions = draft.conditions;
    changes.conditionsMet = false;
  }
  if (draft.trailStop === draft.trailStop) changes.trailStop = draft.trailStop;
  if ((draft.stopPrice !== o.stopPrice || draft.trailAmount !== o.trailAmount || draft.type !== o.type) && o.filled === 0) changes.triggered = false;
  const shortfall = buyingPowerShortfall(broker, { ...o, ...changes }, t);
  if (shortfall) throw new RequestError(ERR.ORDER_REJECTED, o.id, TEXT.orderRejected(shortfall));
  Object.assign(o, changes);
  const transmitNow = draft.transmit && !o.transmit;
  if (transmitNow) o.transmit = true;
  if (o.status === 'PreSubmitted' || o.status === 'Submitted') o.status = entryStatus(broker, o, t);
  if (o.status === 'Submitted') initTrailingStop(broker, o, t);
  if (remaining(o) === 0) {
    o.status = 'Filled';
    o.completedAt = t;
    o.completedStatus = 'Filled';
  }
  broker.sendToOwner(o, openOrderMessage(o));
  broker.sendToOwner(o, orderStatusMessage(o));
  const parent = broker.book.parentOf(o);
  if (transmitNow && parent && !parent.transmit) transmitGroup(broker, parent, t);
  else start(broker, o, t);
  broker.changed();
}

