// Server → client order messages at server version 193 (ib-protocol.md §5, §5.2): OPEN_ORDER (133
// fields for a plain order), ORDER_STATUS, EXECUTION_DATA, COMMISSION_REPORT and COMPLETED_ORDER
// (98 fields for a plain order; its layout is @stoqey/ib's decodeMsg_COMPLETED_ORDER at 193). Field
// lists are written out one per line group, in wire order, so they can be checked against the doc.

import { Z, maxIfUnset, msg, UNSET_DOUBLE } from './fields.ts';
import { OUT } from './message-ids.ts';
import { conditionsFields, type ConditionsBlock } from './order-conditions.ts';

/** The contract fields orders, executions and positions echo (conId … tradingClass). */
export interface ContractFields {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  /** 0 for stocks. */
  strike: number;
  right: '' | 'C' | 'P';
  /** "" for stocks, "100" for options. */
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

/** A BAG leg as OPEN_ORDER / COMPLETED_ORDER carry it (8 fields). */
export interface ComboLegFields {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
  openClose: number;
  shortSaleSlot: number;
  designatedLocation: string;
  exemptCode: number;
}

/** A what-if order's state: the margin impact and the commission estimate (OPEN_ORDER fields 86–99). */
export interface WhatIfState {
  initMarginBefore: number;
  maintMarginBefore: number;
  equityWithLoanBefore: number;
  initMarginChange: number;
  maintMarginChange: number;
  equityWithLoanChange: number;
  initMarginAfter: number;
  maintMarginAfter: number;
  equityWithLoanAfter: number;
  commission: number;
  minCommission: number;
  maxCommission: number;
  commissionCurrency: string;
  warningText: string;
}

/** What an order message says about one order (the values the paper broker varies; the rest are unset). */
export interface OrderFields {
  orderId: number;
  contract: ContractFields;
  comboLegs: readonly ComboLegFields[];
  /** Per-leg limit prices (orderComboLegs), usually empty. */
  orderComboLegPrices: readonly (number | undefined)[];
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  ocaType: number;
  account: string;
  openClose: string;
  origin: number;
  orderRef: string;
  clientId: number;
  permId: number;
  outsideRth: boolean;
  hidden: boolean;
  goodAfterTime: string;
  goodTillDate: string;
  displaySize: number | undefined;
  allOrNone: boolean;
  minQty: number | undefined;
  parentId: number;
  triggerMethod: number;
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
  /** orderState.status: PreSubmitted, Submitted, Filled, Cancelled, Inactive… */
  status: string;
  /** Commission paid so far (orderState.commission), undefined before any fill. */
  commission: number | undefined;
  filledQuantity: number;
  /** Replay time of completion, `yyyyMMdd HH:mm:ss US/Eastern` (completed orders). */
  completedTime: string;
  completedStatus: string;
  /** The order's conditions (none: undefined or an empty list). */
  conditions?: ConditionsBlock;
  /** Set on the answer to a whatIf order: whatIf = 1 and the margin/commission fields. */
  whatIf?: WhatIfState;
}

const opt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(v));

function comboBlocks(o: OrderFields): string {
  let s = msg(o.comboLegs.length);
  for (const l of o.comboLegs) s += msg(l.conId, l.ratio, l.action, l.exchange, l.openClose, l.shortSaleSlot, l.designatedLocation, l.exemptCode);
  s += msg(o.orderComboLegPrices.length);
  for (const p of o.orderComboLegPrices) s += opt(p) + Z;
  return s;
}

/** `conId|ratio,conId|ratio` as TWS describes a combo's legs. */
export function comboLegsDescription(legs: readonly ComboLegFields[]): string {
  return legs.map((l) => `${l.conId}|${l.ratio}`).join(',');
}

/** Fields 84–99: whatIf, status, the nine margin values, commission, min, max, currency, warning text. */
function whatIfFields(o: OrderFields): string {
  const w = o.whatIf;
  if (!w) return msg(0, o.status, '', '', '', '', '', '', '', '', '', opt(o.commission), '', '', o.commission === undefined ? '' : 'USD', '');
  return msg(
    1, o.status,
    w.initMarginBefore, w.maintMarginBefore, w.equityWithLoanBefore, w.initMarginChange, w.maintMarginChange, w.equityWithLoanChange, w.initMarginAfter, w.maintMarginAfter, w.equityWithLoanAfter,
    w.commission, w.minCommission, w.maxCommission, w.commissionCurrency, w.warningText,
  );
}

/**
 * OPEN_ORDER (§5.2, no version at ≥145): 133 fields for a plain order, + 8 per combo leg + 1 per
 * order combo leg price. Every conditional block is kept closed (empty controlling fields).
 */
export function openOrder(o: OrderFields): string {
  const c = o.contract;
  return (
    msg(OUT.OPEN_ORDER, o.orderId) +
    // 2–12 contract
    msg(c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass) +
    // 13–29 action … goodAfterTime
    msg(o.action, o.totalQuantity, o.orderType, opt(o.lmtPrice), opt(o.auxPrice), o.tif, o.ocaGroup, o.account, o.openClose, o.origin, o.orderRef, o.clientId, o.permId, o.outsideRth, o.hidden, 0, o.goodAfterTime) +
    // 30 sharesAllocation, 31–33 FA, 34 modelCode, 35 goodTillDate, 36 rule80A, 37 percentOffset, 38 settlingFirm
    msg('', '', '', '', '', o.goodTillDate, '', '', '') +
    // 39 shortSaleSlot, 40 designatedLocation, 41 exemptCode, 42 auctionStrategy, 43–45 box, 46–47 stock range
    msg(0, '', -1, 0, '', '', '', '', '') +
    // 48 displaySize, 49 blockOrder, 50 sweepToFill, 51 allOrNone, 52 minQty, 53 ocaType, 54 eTradeOnly, 55 firmQuoteOnly, 56 nbboPriceCap
    msg(opt(o.displaySize), 0, 0, o.allOrNone, opt(o.minQty), o.ocaType, 0, 0, '') +
    // 57 parentId, 58 triggerMethod
    msg(o.parentId, o.triggerMethod) +
    // 59 volatility, 60 volatilityType, 61 deltaNeutralOrderType (empty: no DN block), 62 deltaNeutralAuxPrice, 63 continuousUpdate, 64 referencePriceType
    msg('', 0, '', '', 0, 0) +
    // 65 trailStopPrice, 66 trailingPercent, 67 basisPoints, 68 basisPointsType
    msg(opt(o.trailStopPrice), opt(o.trailingPercent), '', '') +
    // 69 comboLegsDescription, 70 comboLegsCount ⟂, 71 orderComboLegsCount ⟂, 72 smartComboRoutingParamsCount
    msg(comboLegsDescription(o.comboLegs)) +
    comboBlocks(o) +
    msg(0) +
    // 73 scaleInitLevelSize, 74 scaleSubsLevelSize, 75 scalePriceIncrement (empty: no scale block), 76 hedgeType (empty)
    msg('', '', '', '') +
    // 77 optOutSmartRouting, 78 clearingAccount, 79 clearingIntent, 80 notHeld, 81 deltaNeutralContractPresent, 82 algoStrategy, 83 solicited
    msg(0, '', '', 0, 0, '', 0) +
    // 84 whatIf, 85 status, 86–94 margin before/change/after, 95 commission, 96 min, 97 max, 98 currency, 99 warningText
    whatIfFields(o) +
    // 100 randomizeSize, 101 randomizePrice, 102 conditionsCount (+ the conditions block, order-conditions.ts)
    msg(0, 0) +
    conditionsFields(o.conditions) +
    // 103 adjustedOrderType, 104 triggerPrice, 105 trailStopPrice, 106 lmtPriceOffset, 107 adjustedStopPrice, 108 adjustedStopLimitPrice, 109 adjustedTrailingAmount, 110 adjustableTrailingUnit
    msg('', '', opt(o.trailStopPrice), '', '', '', '', 0) +
    // 111–113 softDollarTier name/value/displayName, 114 cashQty, 115 dontUseAutoPriceForHedge, 116 isOmsContainer
    msg('', '', '', '', 0, 0) +
    // 117 discretionaryUpToLimitPrice, 118 usePriceMgmtAlgo, 119 duration, 120 postToAts, 121 autoCancelParent
    msg(0, 0, '', '', 0) +
    // 122 minTradeQty, 123 minCompeteSize, 124 competeAgainstBestOffset, 125 midOffsetAtWhole, 126 midOffsetAtHalf
    msg('', '', '', '', '') +
    // 127 customerAccount, 128 professionalCustomer, 129 bondAccruedInterest, 130 includeOvernight, 131 extOperator, 132 manualOrderIndicator
    msg('', 0, '', 0, '', '')
  );
}

/**
 * ORDER_STATUS (no version at ≥131): [3, orderId, status, filled, remaining, avgFillPrice, permId,
 * parentId, lastFillPrice, clientId, whyHeld, mktCapPrice]. 12 fields.
 */
export function orderStatus(
  orderId: number,
  status: string,
  filled: number,
  remaining: number,
  avgFillPrice: number,
  permId: number,
  parentId: number,
  lastFillPrice: number,
  clientId: number,
  whyHeld: string,
  mktCapPrice = 0,
): string {
  return msg(OUT.ORDER_STATUS, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId, whyHeld, mktCapPrice);
}

/** One execution (a fill) as EXECUTION_DATA carries it. */
export interface ExecutionFields {
  orderId: number;
  contract: ContractFields;
  execId: string;
  /** `yyyyMMdd HH:mm:ss US/Eastern`. */
  time: string;
  account: string;
  exchange: string;
  /** BOT or SLD. */
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  permId: number;
  clientId: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  /** 1 added liquidity, 2 removed, 3 routed out. */
  lastLiquidity: number;
}

/**
 * EXECUTION_DATA (no version at ≥136): [11, reqId (-1 unsolicited), orderId, conId, symbol, secType,
 * lastTradeDateOrContractMonth, strike, right, multiplier, exchange, currency, localSymbol,
 * tradingClass, execId, time, acctNumber, execExchange, side, shares, price, permId, clientId,
 * liquidation, cumQty, avgPrice, orderRef, evRule, evMultiplier, modelCode, lastLiquidity,
 * pendingPriceRevision]. 32 fields.
 */
export function executionData(reqId: number, e: ExecutionFields): string {
  const c = e.contract;
  return (
    msg(OUT.EXECUTION_DATA, reqId, e.orderId) +
    msg(c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass) +
    msg(e.execId, e.time, e.account, e.exchange, e.side, e.shares, e.price, e.permId, e.clientId, 0, e.cumQty, e.avgPrice, e.orderRef, '', '', '', e.lastLiquidity, 0)
  );
}

/**
 * COMMISSION_REPORT: [59, v=1, execId, commission, currency, realizedPNL, yield,
 * yieldRedemptionDate]. 8 fields. realizedPNL is Java's MAX_VALUE on opening fills (decodes as
 * undefined), as TWS sends it; yield always so; the redemption date "" (→ 0).
 */
export function commissionReport(execId: string, commission: number, currency: string, realizedPNL: number | undefined): string {
  return msg(OUT.COMMISSION_REPORT, 1, execId, commission, currency, maxIfUnset(realizedPNL), UNSET_DOUBLE, '');
}

/**
 * COMPLETED_ORDER (101): 98 fields for a plain order (+8 per combo leg, +1 per order combo leg
 * price), in the order of @stoqey/ib's decodeMsg_COMPLETED_ORDER at server version 193: contract(11),
 * action … goodAfterTime (no clientId), FA(3), modelCode, goodTillDate, rule80A, percentOffset,
 * settlingFirm, shortSaleSlot, designatedLocation, exemptCode, box(3), stock range(2), displaySize,
 * sweepToFill, allOrNone, minQty, ocaType, triggerMethod, vol(6), trail(2), combo legs, smart combo
 * params, scale(3), hedgeType, clearing(2), notHeld, deltaNeutralContractPresent, algoStrategy,
 * solicited, status, randomize(2), conditionsCount, trailStopPrice, lmtPriceOffset, cashQty,
 * dontUseAutoPriceForHedge, isOmsContainer, autoCancelDate, filledQuantity, refFuturesConId,
 * autoCancelParent, shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId, completedTime,
 * completedStatus, peg best/mid(5), customerAccount, professionalCustomer.
 */
export function completedOrder(o: OrderFields): string {
  const c = o.contract;
  return (
    msg(OUT.COMPLETED_ORDER) +
    // 1–11 contract
    msg(c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass) +
    // 12–27 action … goodAfterTime
    msg(o.action, o.totalQuantity, o.orderType, opt(o.lmtPrice), opt(o.auxPrice), o.tif, o.ocaGroup, o.account, o.openClose, o.origin, o.orderRef, o.permId, o.outsideRth, o.hidden, 0, o.goodAfterTime) +
    // 28–30 FA, 31 modelCode, 32 goodTillDate, 33 rule80A, 34 percentOffset, 35 settlingFirm, 36 shortSaleSlot, 37 designatedLocation, 38 exemptCode
    msg('', '', '', '', o.goodTillDate, '', '', '', 0, '', -1) +
    // 39–41 box, 42–43 stock range, 44 displaySize, 45 sweepToFill, 46 allOrNone, 47 minQty, 48 ocaType, 49 triggerMethod
    msg('', '', '', '', '', opt(o.displaySize), 0, o.allOrNone, opt(o.minQty), o.ocaType, o.triggerMethod) +
    // 50 volatility, 51 volatilityType, 52 deltaNeutralOrderType (empty), 53 deltaNeutralAuxPrice, 54 continuousUpdate, 55 referencePriceType
    msg('', 0, '', '', 0, 0) +
    // 56 trailStopPrice, 57 trailingPercent, 58 comboLegsDescription, 59–60 combo legs, 61 smartComboRoutingParamsCount
    msg(opt(o.trailStopPrice), opt(o.trailingPercent), comboLegsDescription(o.comboLegs)) +
    comboBlocks(o) +
    msg(0) +
    // 62–64 scale, 65 hedgeType, 66–67 clearing, 68 notHeld, 69 deltaNeutralContractPresent, 70 algoStrategy, 71 solicited, 72 status
    msg('', '', '', '', '', '', 0, 0, '', 0, o.status) +
    // 73–74 randomize, 75 conditionsCount (+ block), 76 trailStopPrice, 77 lmtPriceOffset, 78 cashQty, 79 dontUseAutoPriceForHedge, 80 isOmsContainer
    msg(0, 0) +
    conditionsFields(o.conditions) +
    msg(opt(o.trailStopPrice), '', '', 0, 0) +
    // 81 autoCancelDate, 82 filledQuantity, 83 refFuturesConId, 84 autoCancelParent, 85 shareholder, 86 imbalanceOnly, 87 routeMarketableToBbo, 88 parentPermId
    msg('', o.filledQuantity, 0, 0, '', 0, 0, 0) +
    // 89 completedTime, 90 completedStatus, 91–95 peg best/mid, 96 customerAccount, 97 professionalCustomer
    msg(o.completedTime, o.completedStatus, '', '', '', '', '', '', 0)
  );
}
