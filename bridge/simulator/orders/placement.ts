// placeOrder: a new order, a modification (a placeOrder on an id that is still open, as in TWS),
// or a refusal. Checks, in order (ib-protocol.md §6 "Orders", §7 P4/P10/P11):
//   321 read-only API mode · 104 modifying a filled order · 103 an id at or below the highest this
//   client used that is not an open order · 200 unknown/ambiguous contract · 201 (recorded as an
//   Inactive order: error, then openOrder + orderStatus Inactive) for a bad action/quantity/price,
//   an order type, time in force or feature the paper broker does not execute, a security type the
//   account has no permission for, an unknown account or parent · 110 a price off the tick grid ·
//   201 insufficient buying power.
// Accepted orders: transmit=false ones are held (PreSubmitted, not working) until re-sent with
// transmit=true (a bracket child sent with transmit=true transmits its parent and siblings);
// bracket children wait for their parent to fill; the rest start working and may fill at once.

import { onTick } from '../../../shared/broker/quote-fills.ts';
import { RequestError } from '../wire/field-reader.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import type { PlaceOrderRequest } from '../wire/place-order.ts';
import type { Session } from '../server/session.ts';
import { buyingPowerShortfall } from './buying-power.ts';
import { minTick, orderTypeAllowed, resolveTarget, secTypesOf, type Target } from './contracts.ts';
import { cancelOrder, tryFill } from './lifecycle.ts';
import { initTrailingStop } from './matching.ts';
import { openOrderMessage, orderStatusMessage } from './order-messages.ts';
import { SUPPORTED_ORDER_TYPES, SUPPORTED_TIFS, isTerminal, isWorking, remaining, type SimOrder, type SimOrderType } from './order.ts';
import type { PaperBroker, TradingPermission } from './paper-broker.ts';

/** Handles one decoded PLACE_ORDER from `session`. */
export function placeOrder(broker: PaperBroker, session: Session, req: PlaceOrderRequest): void {
  const state = broker.state;
  const { orderId } = req;
  if (state.faults.readOnly) throw new RequestError(ERR.REQUEST_VALIDATION, orderId, TEXT.readOnly);
  if (orderId <= 0) throw new RequestError(ERR.REQUEST_VALIDATION, orderId, TEXT.validation('placeOrder', `order id ${orderId} must be positive`));
  const clientId = session.clientId;
  const existing = broker.book.get(clientId, orderId);
  if (existing && !isTerminal(existing)) return modifyOrder(broker, existing, req);
  if (existing?.status === 'Filled') throw new RequestError(ERR.CANNOT_MODIFY_FILLED, orderId, TEXT.cannotModifyFilled);
  if (existing || orderId <= broker.book.highestUsed(clientId)) throw new RequestError(ERR.DUPLICATE_ORDER_ID, orderId, TEXT.duplicateOrderId);

  const t = state.now();
  const resolved = resolveTarget(state, req, t);
  if (!resolved.ok && resolved.code === 200) throw new RequestError(ERR.NO_SECURITY_DEFINITION, orderId, resolved.reason);
  const o = draftOrder(broker, clientId, req, resolved.ok ? resolved.target : undefined, t);
  const reason = resolved.ok ? rejection(broker, o, req, resolved.target) : resolved.reason;
  if (reason) return reject(broker, session, o, reason, t);
  const offTick = tickProblem(o, resolved.ok ? resolved.target : undefined);
  if (offTick !== undefined) throw new RequestError(ERR.PRICE_NOT_ON_TICK, orderId, TEXT.priceNotOnTick(offTick));
  const shortfall = buyingPowerShortfall(broker, o, t);
  if (shortfall) return reject(broker, session, o, shortfall, t);
  accept(broker, o, t);
}

/** The order as the request describes it (status decided by accept/reject). */
function draftOrder(broker: PaperBroker, clientId: number, req: PlaceOrderRequest, target: Target | undefined, t: number): SimOrder {
  const action = req.action.toUpperCase();
  const single = target?.kind === 'single' ? target.inst : undefined;
  const contract = target?.contract ?? {
    conId: req.contract.conId, symbol: req.contract.symbol, secType: req.contract.secType, lastTradeDateOrContractMonth: req.contract.lastTradeDateOrContractMonth,
    strike: req.contract.strike ?? 0, right: '' as const, multiplier: req.contract.multiplier, exchange: req.contract.exchange, primaryExch: req.contract.primaryExch,
    currency: req.contract.currency, localSymbol: req.contract.localSymbol, tradingClass: req.contract.tradingClass,
  };
  return {
    clientId,
    orderId: req.orderId,
    permId: 0, // assigned when the order is recorded
    account: broker.resolveAccount(req.account) ?? req.account,
    contract,
    conId: single?.conId ?? 0,
    multiplier: single?.kind === 'OPT' ? 100 : 1,
    isOption: single?.kind === 'OPT',
    comboLegs: req.comboLegs.map((l) => ({ ...l })),
    legs: target?.kind === 'combo' ? target.legs.map((l) => ({ conId: l.inst.conId, ratio: l.ratio, buy: l.buy, contract: l.contract, multiplier: l.multiplier, commission: 0, filled: 0, avgPrice: 0 })) : [],
    action,
    buy: action === 'BUY',
    totalQuantity: req.totalQuantity ?? 0,
    orderType: req.orderType.toUpperCase() as SimOrderType,
    lmtPrice: req.lmtPrice,
    auxPrice: req.auxPrice,
    trailingPercent: req.trailingPercent,
    trailStopPrice: req.trailStopPrice,
    tif: (req.tif || 'DAY').toUpperCase(),
    ocaGroup: req.ocaGroup,
    ocaType: req.ocaType,
    orderRef: req.orderRef,
    openClose: req.openClose,
    origin: req.origin,
    outsideRth: req.outsideRth,
    hidden: req.hidden,
    displaySize: req.displaySize,
    allOrNone: req.allOrNone,
    minQty: req.minQty,
    goodTillDate: req.goodTillDate,
    transmit: req.transmit,
    parentId: req.parentId,
    triggerMethod: req.triggerMethod,
    status: 'PreSubmitted',
    whyHeld: '',
    filled: 0,
    avgFillPrice: 0,
    lastFillPrice: 0,
    commission: 0,
    triggered: false,
    resting: false,
    placedAt: t,
    completedAt: undefined,
    completedStatus: '',
  };
}

/** Why TWS would reject the order (201), or undefined. Shared by new orders and modifications. */
function rejection(broker: PaperBroker, o: SimOrder, req: PlaceOrderRequest, target: Target): string | undefined {
  if (o.action !== 'BUY' && o.action !== 'SELL' && o.action !== 'SSHORT') return `action '${req.action}' is not BUY, SELL or SSHORT`;
  if (!(o.totalQuantity > 0) || !Number.isInteger(o.totalQuantity)) return `total quantity ${req.totalQuantity ?? '(empty)'} must be a positive whole number`;
  if (!(SUPPORTED_ORDER_TYPES as readonly string[]).includes(o.orderType)) return `No trading permission for order type '${req.orderType}': the MoneyTrailz paper broker executes ${SUPPORTED_ORDER_TYPES.join(', ')}`;
  for (const secType of secTypesOf(target)) {
    if (secType === 'IND' || !broker.permissions.has(secType as TradingPermission)) return `No trading permissions for ${secType}: this account is not permissioned to trade it`;
  }
  if (!orderTypeAllowed(target, o.orderType)) return `No trading permission for order type ${o.orderType} on ${target.kind === 'combo' ? 'BAG' : target.inst.kind} contracts`;
  if (!(SUPPORTED_TIFS as readonly string[]).includes(o.tif)) return `time in force '${req.tif}' is not supported (DAY, GTC, IOC)`;
  if (o.orderType === 'MOC' && o.tif !== 'DAY') return 'MOC orders must be DAY orders';
  if (req.unsupported.length > 0) return `not supported by the MoneyTrailz paper broker: ${req.unsupported.join(', ')}`;
  if (!broker.resolveAccount(req.account)) return `account '${req.account}' is not managed by this login`;
  const needsLimit = o.orderType === 'LMT' || o.orderType === 'STP LMT';
  if (needsLimit && o.lmtPrice === undefined) return `a ${o.orderType} order needs a limit price`;
  if (needsLimit && target.kind === 'single' && !(o.lmtPrice! > 0)) return `limit price ${o.lmtPrice} must be positive`;
  if ((o.orderType === 'STP' || o.orderType === 'STP LMT') && !(o.auxPrice! > 0)) return `a ${o.orderType} order needs a positive stop price (auxPrice)`;
  if (o.orderType === 'TRAIL' && !(o.auxPrice! > 0) && !(o.trailingPercent! > 0)) return 'a TRAIL order needs a trailing amount (auxPrice) or a trailing percent';
  if (o.parentId > 0) {
    const parent = broker.book.parentOf(o);
    if (!parent) return `parent order ${o.parentId} is not known`;
    if (parent.status === 'Cancelled' || parent.status === 'Inactive') return `parent order ${o.parentId} is ${parent.status}`;
  }
  return undefined;
}

/** The tick the order's prices miss, or undefined when they are on the grid. */
function tickProblem(o: SimOrder, target: Target | undefined): number | undefined {
  if (!target) return undefined;
  const prices: number[] = [];
  if (o.lmtPrice !== undefined && (o.orderType === 'LMT' || o.orderType === 'STP LMT')) prices.push(o.lmtPrice);
  if (o.auxPrice !== undefined && (o.orderType === 'STP' || o.orderType === 'STP LMT' || (o.orderType === 'TRAIL' && o.trailingPercent === undefined))) prices.push(o.auxPrice);
  if (o.orderType === 'TRAIL' && o.trailStopPrice !== undefined) prices.push(o.trailStopPrice);
  for (const p of prices) {
    const tick = minTick(target, p);
    if (!onTick(p, tick)) return tick;
  }
  return undefined;
}

/** 201: error first, then openOrder + orderStatus Inactive (§6 "Reject"); the id counts as used. */
function reject(broker: PaperBroker, session: Session, o: SimOrder, reason: string, t: number): void {
  o.permId = broker.book.nextPermId();
  o.status = 'Inactive';
  o.completedAt = t;
  o.completedStatus = `Rejected: ${reason}`;
  broker.book.add(o);
  broker.state.orderIds.noteUsed(o.clientId, o.orderId);
  session.error(o.orderId, ERR.ORDER_REJECTED, TEXT.orderRejected(reason));
  broker.sendToOwner(o, openOrderMessage(o));
  broker.sendToOwner(o, orderStatusMessage(o));
  broker.state.events.emit('request-error', session, ERR.ORDER_REJECTED, reason);
  broker.changed();
}

/** The status an accepted, untouched order shows: held until transmitted and until its parent fills. */
function entryStatus(broker: PaperBroker, o: SimOrder): 'PreSubmitted' | 'Submitted' {
  if (!o.transmit) return 'PreSubmitted';
  const parent = broker.book.parentOf(o);
  return parent && parent.status !== 'Filled' ? 'PreSubmitted' : 'Submitted';
}

function accept(broker: PaperBroker, o: SimOrder, t: number): void {
  o.permId = broker.book.nextPermId();
  o.status = entryStatus(broker, o);
  if (o.status === 'Submitted') initTrailingStop(broker, o, t);
  broker.book.add(o);
  broker.state.orderIds.noteUsed(o.clientId, o.orderId);
  broker.sendToOwner(o, openOrderMessage(o));
  broker.sendToOwner(o, orderStatusMessage(o));
  const parent = broker.book.parentOf(o);
  if (o.transmit && parent && !parent.transmit) transmitGroup(broker, parent, t);
  else start(broker, o, t);
  broker.changed();
}

/** A transmitted child transmits its parent and every sibling (TWS's bracket submission). */
function transmitGroup(broker: PaperBroker, parent: SimOrder, t: number): void {
  for (const child of broker.book.children(parent)) {
    if (isTerminal(child) || child.transmit) continue;
    child.transmit = true;
    broker.sendToOwner(child, orderStatusMessage(child));
  }
  parent.transmit = true;
  parent.status = entryStatus(broker, parent);
  if (parent.status === 'Submitted') initTrailingStop(broker, parent, t);
  broker.sendToOwner(parent, openOrderMessage(parent));
  broker.sendToOwner(parent, orderStatusMessage(parent));
  start(broker, parent, t);
}

/** First evaluation of a working order; IOC cancels what did not fill at once. */
function start(broker: PaperBroker, o: SimOrder, t: number): void {
  if (!isWorking(o)) return;
  tryFill(broker, o, t);
  if (o.tif === 'IOC' && !isTerminal(o)) cancelOrder(broker, o, t, 'ioc');
}

/** A placeOrder on an open order's id: new quantity, prices, time in force, transmit… (same contract and side). */
function modifyOrder(broker: PaperBroker, o: SimOrder, req: PlaceOrderRequest): void {
  const state = broker.state;
  const t = state.now();
  const resolved = resolveTarget(state, req, t);
  if (!resolved.ok) throw new RequestError(resolved.code === 200 ? ERR.NO_SECURITY_DEFINITION : ERR.ORDER_REJECTED, o.orderId, resolved.code === 200 ? resolved.reason : TEXT.orderRejected(resolved.reason));
  const draft = draftOrder(broker, o.clientId, req, resolved.target, t);
  const sameContract = draft.conId === o.conId && draft.legs.map((l) => `${l.conId}:${l.ratio}:${l.buy}`).join() === o.legs.map((l) => `${l.conId}:${l.ratio}:${l.buy}`).join();
  if (!sameContract || draft.buy !== o.buy) throw new RequestError(ERR.REQUEST_VALIDATION, o.orderId, TEXT.validation('placeOrder', `order ${o.orderId} is open: a modification cannot change its contract or side`));
  if (draft.totalQuantity < o.filled) throw new RequestError(ERR.REQUEST_VALIDATION, o.orderId, TEXT.validation('placeOrder', `order ${o.orderId} already filled ${o.filled}; the quantity cannot go below that`));
  draft.parentId = o.parentId;
  const reason = rejection(broker, draft, req, resolved.target);
  if (reason) throw new RequestError(ERR.ORDER_REJECTED, o.orderId, TEXT.orderRejected(reason));
  const offTick = tickProblem(draft, resolved.target);
  if (offTick !== undefined) throw new RequestError(ERR.PRICE_NOT_ON_TICK, o.orderId, TEXT.priceNotOnTick(offTick));
  const changes: Partial<SimOrder> = {
    totalQuantity: draft.totalQuantity, orderType: draft.orderType, lmtPrice: draft.lmtPrice, auxPrice: draft.auxPrice, trailingPercent: draft.trailingPercent,
    tif: draft.tif, ocaGroup: draft.ocaGroup, ocaType: draft.ocaType, orderRef: draft.orderRef, outsideRth: draft.outsideRth, triggerMethod: draft.triggerMethod,
    allOrNone: draft.allOrNone, displaySize: draft.displaySize, goodTillDate: draft.goodTillDate, resting: false,
  };
  if (draft.trailStopPrice !== undefined) changes.trailStopPrice = draft.trailStopPrice;
  if ((draft.auxPrice !== o.auxPrice || draft.orderType !== o.orderType) && o.filled === 0) changes.triggered = false;
  const shortfall = buyingPowerShortfall(broker, { ...o, ...changes }, t);
  if (shortfall) throw new RequestError(ERR.ORDER_REJECTED, o.orderId, TEXT.orderRejected(shortfall));
  Object.assign(o, changes);
  const transmitNow = draft.transmit && !o.transmit;
  if (transmitNow) o.transmit = true;
  if (o.status === 'PreSubmitted' || o.status === 'Submitted') o.status = entryStatus(broker, o);
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

