// Decoders for client → server requests at server version 193 (ib-protocol.md §4). Each reads its
// fields in wire order from a FieldReader and checks the count (a wrong count is error 320 naming the
// message and field). Field lists mirror the §4 table; counts include the message id.

import type { FieldReader } from './field-reader.ts';

/** The contract fields shared by market data, historical and real-time-bar requests (12 fields). */
export interface ContractQuery {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number | undefined;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  includeExpired: boolean;
}

/** conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass. */
export function readContract(r: FieldReader): ContractQuery {
  return {
    conId: r.intOr('conId', 0),
    symbol: r.str('symbol'),
    secType: r.str('secType'),
    lastTradeDateOrContractMonth: r.str('lastTradeDateOrContractMonth'),
    strike: r.num('strike'),
    right: r.str('right'),
    multiplier: r.str('multiplier'),
    exchange: r.str('exchange'),
    primaryExch: r.str('primaryExch'),
    currency: r.str('currency'),
    localSymbol: r.str('localSymbol'),
    tradingClass: r.str('tradingClass'),
    includeExpired: false,
  };
}

/** BAG legs (count, then conId, ratio, action, exchange each): read and validated, not used in phase 1. */
function skipComboLegs(r: FieldReader, contract: ContractQuery): void {
  if (contract.secType.toUpperCase() !== 'BAG') return;
  const legs = r.int('comboLegCount');
  if (legs < 0 || legs > 64) throw r.invalid('comboLegCount', `${legs} is out of range (expected 0..64)`);
  for (let i = 0; i < legs; i++) {
    r.int(`leg ${i} conId`);
    r.int(`leg ${i} ratio`);
    r.str(`leg ${i} action`);
    r.str(`leg ${i} exchange`);
  }
}

/** START_API: [71, v=2, clientId, optionalCapabilities]. 4 fields. */
export function readStartApi(r: FieldReader): { clientId: number } {
  r.str('version');
  const clientId = r.int('clientId');
  r.str('optionalCapabilities');
  r.end();
  return { clientId };
}

export interface MktDataRequest {
  reqId: number;
  contract: ContractQuery;
  genericTickList: string;
  snapshot: boolean;
  regulatorySnapshot: boolean;
}

/**
 * REQ_MKT_DATA: [1, v=11, reqId, contract(12), [BAG legs], deltaNeutralPresent, [conId, delta,
 * price], genericTickList, snapshot, regulatorySnapshot, mktDataOptions]. 20 fields (non-BAG, no DN).
 */
export function readMktData(r: FieldReader): MktDataRequest {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  skipComboLegs(r, contract);
  if (r.bool('deltaNeutralContractPresent')) {
    r.int('deltaNeutral conId');
    r.num('deltaNeutral delta');
    r.num('deltaNeutral price');
  }
  const genericTickList = r.str('genericTickList');
  const snapshot = r.bool('snapshot');
  const regulatorySnapshot = r.bool('regulatorySnapshot');
  r.str('mktDataOptions');
  r.end();
  return { reqId, contract, genericTickList, snapshot, regulatorySnapshot };
}

/** Cancels with a version: CANCEL_MKT_DATA [2, v=1, reqId], CANCEL_HISTORICAL_DATA [25, v=1, reqId], CANCEL_REAL_TIME_BARS [51, v=1, reqId], CANCEL_ACCOUNT_SUMMARY [63, v=1, reqId]. 3 fields. */
export function readVersionedCancel(r: FieldReader): { reqId: number } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  r.end();
  return { reqId };
}

/** Cancels without a version: CANCEL_HEAD_TIMESTAMP [90, reqId], CANCEL_PNL [93, reqId], CANCEL_PNL_SINGLE [95, reqId]. 2 fields. */
export function readPlainCancel(r: FieldReader): { reqId: number } {
  const reqId = (r.reqId = r.int('reqId'));
  r.end();
  return { reqId };
}

/**
 * REQ_CONTRACT_DATA: [9, v=8, reqId, contract(12), includeExpired, secIdType, secId, issuerId].
 * 19 fields.
 */
export function readContractData(r: FieldReader): { reqId: number; contract: ContractQuery; secIdType: string; secId: string } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  contract.includeExpired = r.bool('includeExpired');
  const secIdType = r.str('secIdType');
  const secId = r.str('secId');
  r.str('issuerId');
  r.end();
  return { reqId, contract, secIdType, secId };
}

/** REQ_SEC_DEF_OPT_PARAMS: [78, reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId]. 6 fields. */
export function readSecDefOptParams(r: FieldReader): { reqId: number; symbol: string; futFopExchange: string; secType: string; conId: number } {
  const reqId = (r.reqId = r.int('reqId'));
  const symbol = r.str('underlyingSymbol');
  const futFopExchange = r.str('futFopExchange');
  const secType = r.str('underlyingSecType');
  const conId = r.intOr('underlyingConId', 0);
  r.end();
  return { reqId, symbol, futFopExchange, secType, conId };
}

/** REQ_MARKET_DATA_TYPE: [59, v=1, marketDataType]. 3 fields. */
export function readMarketDataType(r: FieldReader): { type: number } {
  r.str('version');
  const type = r.int('marketDataType');
  r.end();
  return { type };
}

export interface HistoricalRequest {
  reqId: number;
  contract: ContractQuery;
  endDateTime: string;
  barSize: string;
  duration: string;
  useRTH: boolean;
  whatToShow: string;
  formatDate: number;
  keepUpToDate: boolean;
}

/**
 * REQ_HISTORICAL_DATA (no version at ≥124): [20, reqId, contract(12), includeExpired, endDateTime,
 * barSizeSetting, durationStr, useRTH, whatToShow, formatDate, [BAG legs], keepUpToDate,
 * chartOptions]. 23 fields.
 */
export function readHistoricalData(r: FieldReader): HistoricalRequest {
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  contract.includeExpired = r.bool('includeExpired');
  const endDateTime = r.str('endDateTime');
  const barSize = r.str('barSizeSetting');
  const duration = r.str('durationStr');
  const useRTH = r.bool('useRTH');
  const whatToShow = r.str('whatToShow');
  const formatDate = r.intOr('formatDate', 1);
  skipComboLegs(r, contract);
  const keepUpToDate = r.bool('keepUpToDate');
  r.str('chartOptions');
  r.end();
  return { reqId, contract, endDateTime, barSize, duration, useRTH, whatToShow, formatDate, keepUpToDate };
}

/**
 * REQ_REAL_TIME_BARS: [50, v=3, reqId, contract(12), barSize, whatToShow, useRTH,
 * realTimeBarsOptions]. 19 fields.
 */
export function readRealTimeBars(r: FieldReader): { reqId: number; contract: ContractQuery; barSize: number; whatToShow: string; useRTH: boolean } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  const barSize = r.intOr('barSize', 5);
  const whatToShow = r.str('whatToShow');
  const useRTH = r.bool('useRTH');
  r.str('realTimeBarsOptions');
  r.end();
  return { reqId, contract, barSize, whatToShow, useRTH };
}

/** REQ_MATCHING_SYMBOLS: [81, reqId, pattern]. 3 fields. */
export function readMatchingSymbols(r: FieldReader): { reqId: number; pattern: string } {
  const reqId = (r.reqId = r.int('reqId'));
  const pattern = r.str('pattern');
  r.end();
  return { reqId, pattern };
}

/** REQ_HEAD_TIMESTAMP: [87, reqId, contract(12), includeExpired, useRTH, whatToShow, formatDate]. 18 fields. */
export function readHeadTimestamp(r: FieldReader): { reqId: number; contract: ContractQuery; useRTH: boolean; whatToShow: string; formatDate: number } {
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  contract.includeExpired = r.bool('includeExpired');
  const useRTH = r.bool('useRTH');
  const whatToShow = r.str('whatToShow');
  const formatDate = r.intOr('formatDate', 1);
  r.end();
  return { reqId, contract, useRTH, whatToShow, formatDate };
}

/** Requests that are only a version: REQ_CURRENT_TIME [49,1], REQ_MANAGED_ACCTS [17,1], REQ_POSITIONS [61,1], CANCEL_POSITIONS [64,1], REQ_OPEN_ORDERS [5,1], REQ_ALL_OPEN_ORDERS [16,1]. 2 fields. */
export function readVersionOnly(r: FieldReader): void {
  r.str('version');
  r.end();
}

/** REQ_IDS: [8, v=1, numIds]. 3 fields. */
export function readReqIds(r: FieldReader): { numIds: number } {
  r.str('version');
  const numIds = r.intOr('numIds', 1);
  r.end();
  return { numIds };
}

/** SET_SERVER_LOGLEVEL: [14, v=1, logLevel]. 3 fields. */
export function readServerLogLevel(r: FieldReader): { level: number } {
  r.str('version');
  const level = r.intOr('logLevel', 0);
  r.end();
  return { level };
}

/** REQ_ACCOUNT_SUMMARY: [62, v=1, reqId, group, tags]. 5 fields. */
export function readAccountSummary(r: FieldReader): { reqId: number; group: string; tags: string } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const group = r.str('group');
  const tags = r.str('tags');
  r.end();
  return { reqId, group, tags };
}

/** REQ_ACCOUNT_DATA (reqAccountUpdates): [6, v=2, subscribe, acctCode]. 4 fields. */
export function readAccountUpdates(r: FieldReader): { subscribe: boolean; account: string } {
  r.str('version');
  const subscribe = r.bool('subscribe');
  const account = r.str('acctCode');
  r.end();
  return { subscribe, account };
}

/** REQ_AUTO_OPEN_ORDERS: [15, v=1, autoBind]. 3 fields. */
export function readAutoOpenOrders(r: FieldReader): { autoBind: boolean } {
  r.str('version');
  const autoBind = r.bool('autoBind');
  r.end();
  return { autoBind };
}

/** The filter of reqExecutions; "" fields match everything, clientId 0 means any client. */
export interface ExecutionFilterRequest {
  clientId: number;
  acctCode: string;
  /** `yyyyMMdd HH:mm:ss[ zone]` or `yyyyMMdd-HH:mm:ss`: executions at or after it. */
  time: string;
  symbol: string;
  secType: string;
  exchange: string;
  /** BUY or SELL. */
  side: string;
}

/** REQ_EXECUTIONS: [7, v=3, reqId, clientId, acctCode, time, symbol, secType, exchange, side]. 10 fields. */
export function readExecutions(r: FieldReader): { reqId: number; filter: ExecutionFilterRequest } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const filter: ExecutionFilterRequest = {
    clientId: r.intOr('clientId', 0),
    acctCode: r.str('acctCode'),
    time: r.str('time'),
    symbol: r.str('symbol'),
    secType: r.str('secType'),
    exchange: r.str('exchange'),
    side: r.str('side'),
  };
  r.end();
  return { reqId, filter };
}

/** REQ_COMPLETED_ORDERS: [99, apiOnly]. 2 fields. */
export function readCompletedOrders(r: FieldReader): { apiOnly: boolean } {
  const apiOnly = r.bool('apiOnly');
  r.end();
  return { apiOnly };
}

/** REQ_PNL: [92, reqId, account, modelCode]. 4 fields. */
export function readPnL(r: FieldReader): { reqId: number; account: string } {
  const reqId = (r.reqId = r.int('reqId'));
  const account = r.str('account');
  r.str('modelCode');
  r.end();
  return { reqId, account };
}

/** REQ_PNL_SINGLE: [94, reqId, account, modelCode, conId]. 5 fields. */
export function readPnLSingle(r: FieldReader): { reqId: number; account: string; conId: number } {
  const reqId = (r.reqId = r.int('reqId'));
  const account = r.str('account');
  r.str('modelCode');
  const conId = r.intOr('conId', 0);
  r.end();
  return { reqId, account, conId };
}

/** PLACE_ORDER (§4.1): the full decoder is in place-order.ts (118 fields for a plain order). */
export { readPlaceOrder, type PlaceOrderRequest, type PlaceOrderContract, type PlaceOrderLeg } from './place-order.ts';

/** CANCEL_ORDER (no version at ≥192): [4, orderId, manualOrderCancelTime, extOperator, manualOrderIndicator]. 5 fields. */
export function readCancelOrder(r: FieldReader): { orderId: number } {
  const orderId = (r.reqId = r.int('orderId'));
  r.str('manualOrderCancelTime');
  r.str('extOperator');
  r.str('manualOrderIndicator');
  r.end();
  return { orderId };
}

/** REQ_GLOBAL_CANCEL: [58, extOperator, manualOrderIndicator]. 3 fields. */
export function readGlobalCancel(r: FieldReader): void {
  r.str('extOperator');
  r.str('manualOrderIndicator');
  r.end();
}
