// PLACE_ORDER (3) at server version 193 (ib-protocol.md §4.1): 118 fields for a plain non-BAG order.
// Fields 1–34 are read by position (everything a paper broker needs), then every conditional block is
// walked (BAG legs, delta-neutral, scale, hedge, algo, PEG BENCH, conditions, PEG BEST/MID) so that a
// wrong field count is caught (error 320) and features the paper broker does not execute are listed
// in `unsupported` for a 201 rejection. Good-after/good-till times, conditions (order-conditions.ts)
// and whatIf are returned for the broker. Nothing is acted on before the whole message was read.

import type { FieldReader } from './field-reader.ts';
import { readConditions, type ConditionsBlock } from './order-conditions.ts';
import { readContract, type ContractQuery } from './requests.ts';

/** The order's contract: the 12 shared contract fields, then secIdType and secId. */
export interface PlaceOrderContract extends ContractQuery {
  secIdType: string;
  secId: string;
}

/** One BAG leg as placeOrder sends it (8 fields). */
export interface PlaceOrderLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
  openClose: number;
  shortSaleSlot: number;
  designatedLocation: string;
  exemptCode: number;
}

export interface PlaceOrderRequest {
  orderId: number;
  contract: PlaceOrderContract;
  comboLegs: PlaceOrderLeg[];
  orderComboLegPrices: (number | undefined)[];
  action: string;
  totalQuantity: number | undefined;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  account: string;
  openClose: string;
  origin: number;
  orderRef: string;
  /** "" (unset) reads as false: TWS keeps such an order untransmitted (P11). */
  transmit: boolean;
  parentId: number;
  displaySize: number | undefined;
  triggerMethod: number;
  outsideRth: boolean;
  hidden: boolean;
  goodAfterTime: string;
  goodTillDate: string;
  ocaType: number;
  allOrNone: boolean;
  minQty: number | undefined;
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
  /** The conditions block (none: an empty list). */
  conditions: ConditionsBlock;
  /** A margin and commission preview: answered with an OPEN_ORDER, nothing is kept. */
  whatIf: boolean;
  /** Features present in the message that the paper broker does not execute (for a 201 reason). */
  unsupported: string[];
}

/**
 * The fields that open a conditional block are checked for plausible values, so that a message one
 * field too long cannot be absorbed by a block that happens to read one more field (e.g. a stray "0"
 * shifted into algoStrategy): a wrong field count is always error 320.
 */
const ORDER_TYPE_RE = /^[A-Z][A-Z +]*$/i;
const ALGO_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
const HEDGE_TYPES = ['D', 'B', 'F', 'P', 'PAIR'];

function count(r: FieldReader, what: string, max: number): number {
  const n = r.intOr(what, 0);
  if (n < 0 || n > max) throw r.invalid(what, `${n} is out of range (expected 0..${max})`);
  return n;
}

/** Reads a whole PLACE_ORDER message (fields 1…117 for a plain order) and checks its length. */
export function readPlaceOrder(r: FieldReader): PlaceOrderRequest {
  const orderId = (r.reqId = r.int('orderId'));
  const contract: PlaceOrderContract = { ...readContract(r), secIdType: r.str('secIdType'), secId: r.str('secId') };
  const unsupported: string[] = [];
  const action = r.str('action');
  const totalQuantity = r.num('totalQuantity');
  const orderType = r.str('orderType');
  const lmtPrice = r.num('lmtPrice');
  const auxPrice = r.num('auxPrice');
  const tif = r.str('tif');
  const ocaGroup = r.str('ocaGroup');
  const account = r.str('account');
  const openClose = r.str('openClose');
  const origin = r.intOr('origin', 0);
  const orderRef = r.str('orderRef');
  const transmit = r.bool('transmit');
  const parentId = r.intOr('parentId', 0);
  r.bool('blockOrder');
  r.bool('sweepToFill');
  const displaySize = r.intOr('displaySize', -1);
  const triggerMethod = r.intOr('triggerMethod', 0);
  const outsideRth = r.bool('outsideRth');
  const hidden = r.bool('hidden');

  const comboLegs: PlaceOrderLeg[] = [];
  const orderComboLegPrices: (number | undefined)[] = [];
  if (contract.secType.toUpperCase() === 'BAG') {
    const legs = count(r, 'comboLegCount', 16);
    for (let i = 0; i < legs; i++) {
      comboLegs.push({
        conId: r.int(`leg ${i} conId`),
        ratio: r.int(`leg ${i} ratio`),
        action: r.str(`leg ${i} action`),
        exchange: r.str(`leg ${i} exchange`),
        openClose: r.intOr(`leg ${i} openClose`, 0),
        shortSaleSlot: r.intOr(`leg ${i} shortSaleSlot`, 0),
        designatedLocation: r.str(`leg ${i} designatedLocation`),
        exemptCode: r.intOr(`leg ${i} exemptCode`, -1),
      });
    }
    const prices = count(r, 'orderComboLegCount', 16);
    for (let i = 0; i < prices; i++) orderComboLegPrices.push(r.num(`order combo leg ${i} price`));
    if (orderComboLegPrices.some((p) => p !== undefined)) unsupported.push('per-leg combo prices');
    const params = count(r, 'smartComboRoutingParamsCount', 64);
    for (let i = 0; i < params; i++) {
      r.str(`smart combo routing param ${i} tag`);
      r.str(`smart combo routing param ${i} value`);
    }
  }

  r.str('sharesAllocation');
  if (r.num('discretionaryAmt')) unsupported.push('discretionary amount');
  const goodAfterTime = r.str('goodAfterTime');
  const goodTillDate = r.str('goodTillDate');
  const faGroup = r.str('faGroup');
  r.str('faMethod');
  r.str('faPercentage');
  if (faGroup) unsupported.push('FA allocation');
  r.str('modelCode');
  r.str('shortSaleSlot');
  r.str('designatedLocation');
  r.str('exemptCode');
  const ocaType = r.intOr('ocaType', 0);
  r.str('rule80A');
  r.str('settlingFirm');
  const allOrNone = r.bool('allOrNone');
  const minQty = r.intOr('minQty', -1);
  r.num('percentOffset');
  r.bool('eTradeOnly');
  r.bool('firmQuoteOnly');
  r.num('nbboPriceCap');
  r.str('auctionStrategy');
  r.num('startingPrice');
  r.num('stockRefPrice');
  r.num('delta');
  r.num('stockRangeLower');
  r.num('stockRangeUpper');
  r.str('overridePercentageConstraints');
  if (r.num('volatility') !== undefined) unsupported.push('volatility orders');
  r.str('volatilityType');
  const dnType = r.str('deltaNeutralOrderType');
  if (dnType && !ORDER_TYPE_RE.test(dnType)) throw r.invalid('deltaNeutralOrderType', `'${dnType}' is not an order type`);
  r.num('deltaNeutralAuxPrice');
  if (dnType) {
    unsupported.push('delta-neutral orders');
    for (const f of ['conId', 'settlingFirm', 'clearingAccount', 'clearingIntent', 'openClose', 'shortSale', 'shortSaleSlot', 'designatedLocation']) r.str(`deltaNeutral ${f}`);
  }
  r.str('continuousUpdate');
  r.str('referencePriceType');
  const trailStopPrice = r.num('trailStopPrice');
  const trailingPercent = r.num('trailingPercent');
  r.str('scaleInitLevelSize');
  r.str('scaleSubsLevelSize');
  if (r.str('scalePriceIncrement') !== '') {
    unsupported.push('scale orders');
    for (const f of ['scalePriceAdjustValue', 'scalePriceAdjustInterval', 'scaleProfitOffset', 'scaleAutoReset', 'scaleInitPosition', 'scaleInitFillQty', 'scaleRandomPercent']) r.str(f);
  }
  if (r.str('scaleTable')) unsupported.push('scale table');
  r.str('activeStartTime');
  r.str('activeStopTime');
  const hedgeType = r.str('hedgeType');
  if (hedgeType && !HEDGE_TYPES.includes(hedgeType)) throw r.invalid('hedgeType', `'${hedgeType}' is not a hedge type (${HEDGE_TYPES.join(', ')})`);
  if (hedgeType) {
    unsupported.push('hedge orders');
    r.str('hedgeParam');
  }
  r.bool('optOutSmartRouting');
  r.str('clearingAccount');
  r.str('clearingIntent');
  r.bool('notHeld');
  if (r.bool('deltaNeutralContractPresent')) {
    unsupported.push('delta-neutral contract');
    r.int('deltaNeutralContract conId');
    r.num('deltaNeutralContract delta');
    r.num('deltaNeutralContract price');
  }
  const algo = r.str('algoStrategy');
  if (algo && !ALGO_RE.test(algo)) throw r.invalid('algoStrategy', `'${algo}' is not an algo strategy name`);
  if (algo) {
    unsupported.push('algo orders');
    const n = r.int('algoParamsCount'); // the client always sends the count with a strategy
    if (n < 0 || n > 64) throw r.invalid('algoParamsCount', `${n} is out of range (expected 0..64)`);
    for (let i = 0; i < n; i++) {
      r.str(`algo param ${i} tag`);
      r.str(`algo param ${i} value`);
    }
  }
  r.str('algoId');
  const whatIf = r.bool('whatIf');
  r.str('orderMiscOptions');
  r.bool('solicited');
  r.bool('randomizeSize');
  r.bool('randomizePrice');
  const type = orderType.toUpperCase();
  if (type === 'PEG BENCH' || type === 'PEGBENCH') {
    for (const f of ['referenceContractId', 'isPeggedChangeAmountDecrease', 'peggedChangeAmount', 'referenceChangeAmount', 'referenceExchangeId']) r.str(f);
  }
  const conditions = readConditions(r);
  if (r.str('adjustedOrderType')) unsupported.push('adjusted (attached) orders');
  for (const f of ['triggerPrice', 'lmtPriceOffset', 'adjustedStopPrice', 'adjustedStopLimitPrice', 'adjustedTrailingAmount', 'adjustableTrailingUnit', 'extOperator', 'softDollarTier.name', 'softDollarTier.value']) r.str(f);
  if (r.num('cashQty') !== undefined) unsupported.push('cash quantity');
  for (const f of ['mifid2DecisionMaker', 'mifid2DecisionAlgo', 'mifid2ExecutionTrader', 'mifid2ExecutionAlgo', 'dontUseAutoPriceForHedge', 'isOmsContainer', 'discretionaryUpToLimitPrice', 'usePriceMgmtAlgo', 'duration', 'postToAts', 'autoCancelParent', 'advancedErrorOverride', 'manualOrderTime']) r.str(f);
  // PEG BEST / PEG MID extras (§4.1): minTradeQty on IBKRATS; PEG BEST's compete fields; mid offsets.
  if (contract.exchange.toUpperCase() === 'IBKRATS') r.str('minTradeQty');
  let midOffsets = type === 'PEG MID' || type === 'PEGMID';
  if (type === 'PEG BEST' || type === 'PEGBEST') {
    r.str('minCompeteSize');
    midOffsets = r.str('competeAgainstBestOffset') === 'Infinity'; // COMPETE_AGAINST_BEST_OFFSET_UP_TO_MID
  }
  if (midOffsets) {
    r.str('midOffsetAtWhole');
    r.str('midOffsetAtHalf');
  }
  r.str('customerAccount');
  r.str('professionalCustomer');
  r.str('includeOvernight');
  r.str('manualOrderIndicator');
  r.end();
  return {
    orderId, contract, comboLegs, orderComboLegPrices, action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup, account, openClose, origin,
    orderRef, transmit, parentId, displaySize: displaySize < 0 ? undefined : displaySize, triggerMethod, outsideRth, hidden, goodAfterTime, goodTillDate,
    ocaType, allOrNone, minQty: minQty < 0 ? undefined : minQty, trailStopPrice, trailingPercent, conditions, whatIf, unsupported,
  };
}
