// Every server → client message, one function each, returning the message body: its fields in
// wire order, each ended by NUL (ib-protocol.md §0 "Framing": the last field too). Field lists mirror
// the tables of ib-protocol.md §5 at server version 193; the "n fields" counts include the id. The
// client's decoder (@stoqey/ib) reports 505 for any missing or extra field, so these are exact.
//
// Value rules (§2): integers in decimal, doubles as JS prints them, booleans 1/0, unset double ""
// (or 1.7976931348623157E308), unset int 2147483647, decimals (sizes) as strings.

import { OUT } from './message-ids.ts';
import { Z, msg, text } from './fields.ts';

export { UNSET_DOUBLE, UNSET_INT } from './fields.ts';
export * from './order-encoders.ts';
export * from './account-encoders.ts';

// ── Connection ────────────────────────────────────────────────────────────────────────────────

/** First framed message (§3 step 2): [serverVersion, connectionTime]. 2 fields, no id. */
export function serverVersion(version: number, connectionTime: string): string {
  return msg(version, connectionTime);
}

/** MANAGED_ACCTS: [15, v=1, accountsList]. 3 fields. Comma-separated, no trailing comma. */
export function managedAccounts(accounts: readonly string[]): string {
  return msg(OUT.MANAGED_ACCTS, 1, accounts.join(','));
}

/** NEXT_VALID_ID: [9, v=1, orderId]. 3 fields. Resumes the client's request queue (§0 "Ready signal"). */
export function nextValidId(orderId: number): string {
  return msg(OUT.NEXT_VALID_ID, 1, orderId);
}

/** ERR_MSG: [4, v=2, id, code, message, advancedOrderRejectJson]. 6 fields. id -1 → client `info`. */
export function errorMessage(id: number, code: number, message: string, advancedOrderRejectJson = ''): string {
  return msg(OUT.ERR_MSG, 2, id, code, message, advancedOrderRejectJson);
}

/** CURRENT_TIME: [49, v=1, epochSeconds]. 3 fields. */
export function currentTime(epochSeconds: number): string {
  return msg(OUT.CURRENT_TIME, 1, Math.floor(epochSeconds));
}

// ── Reference data ────────────────────────────────────────────────────────────────────────────

/** The values of one CONTRACT_DATA message (§5.1), in the contract-details vocabulary. */
export interface ContractDetailsRecord {
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  lastTradeDate: string;
  strike: number;
  right: '' | 'C' | 'P';
  exchange: string;
  currency: string;
  localSymbol: string;
  marketName: string;
  tradingClass: string;
  conId: number;
  minTick: number;
  multiplier: string;
  orderTypes: string;
  validExchanges: string;
  priceMagnifier: number;
  underConId: number;
  longName: string;
  primaryExch: string;
  contractMonth: string;
  industry: string;
  category: string;
  subcategory: string;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  evRule: string;
  evMultiplier: number | undefined;
  secIds: readonly { tag: string; value: string }[];
  aggGroup: number;
  underSymbol: string;
  underSecType: string;
  marketRuleIds: string;
  realExpirationDate: string;
  stockType: string;
  minSize: string;
  sizeIncrement: string;
  suggestedSizeIncrement: string;
}

/**
 * CONTRACT_DATA (§5.1): no version field at ≥164. 42 fields + 2 per secId pair (secType ≠ FUND):
 * 10, reqId, symbol, secType, lastTradeDateOrContractMonth, lastTradeDate, strike, right, exchange,
 * currency, localSymbol, marketName, tradingClass, conId, minTick, multiplier, orderTypes,
 * validExchanges, priceMagnifier, underConId, longName, primaryExch, contractMonth, industry,
 * category, subcategory, timeZoneId, tradingHours, liquidHours, evRule, evMultiplier, secIdListCount,
 * [tag, value]…, aggGroup, underSymbol, underSecType, marketRuleIds, realExpirationDate, stockType,
 * minSize, sizeIncrement, suggestedSizeIncrement, ineligibilityReasonCount(0).
 */
export function contractData(reqId: number, d: ContractDetailsRecord): string {
  let s = msg(
    OUT.CONTRACT_DATA,
    reqId,
    d.symbol,
    d.secType,
    d.lastTradeDateOrContractMonth,
    d.lastTradeDate,
    d.strike,
    d.right,
    d.exchange,
    d.currency,
    d.localSymbol,
    d.marketName,
    d.tradingClass,
    d.conId,
    d.minTick,
    d.multiplier,
    d.orderTypes,
    d.validExchanges,
    d.priceMagnifier,
    d.underConId,
    d.longName,
    d.primaryExch,
    d.contractMonth,
    d.industry,
    d.category,
    d.subcategory,
    d.timeZoneId,
    d.tradingHours,
    d.liquidHours,
    d.evRule,
    d.evMultiplier,
    d.secIds.length,
  );
  for (const { tag, value } of d.secIds) s += msg(tag, value);
  s += msg(d.aggGroup, d.underSymbol, d.underSecType, d.marketRuleIds, d.realExpirationDate, d.stockType, d.minSize, d.sizeIncrement, d.suggestedSizeIncrement, 0);
  return s;
}

/** CONTRACT_DATA_END: [52, v=1, reqId]. 3 fields. */
export function contractDataEnd(reqId: number): string {
  return msg(OUT.CONTRACT_DATA_END, 1, reqId);
}

/**
 * SECURITY_DEFINITION_OPTION_PARAMETER: [75, reqId, exchange, underlyingConId, tradingClass,
 * multiplier, expCount, exp…(YYYYMMDD), strikeCount, strike…]. 8 + expCount + strikeCount fields.
 */
export function secDefOptParameter(
  reqId: number,
  exchange: string,
  underlyingConId: number,
  tradingClass: string,
  multiplier: string,
  expirations: readonly string[],
  strikes: readonly number[],
): string {
  let s = msg(OUT.SECURITY_DEFINITION_OPTION_PARAMETER, reqId, exchange, underlyingConId, tradingClass, multiplier, expirations.length);
  for (const e of expirations) s += e + Z;
  s += strikes.length + Z;
  for (const k of strikes) s += text(k) + Z;
  return s;
}

/** SECURITY_DEFINITION_OPTION_PARAMETER_END: [76, reqId]. 2 fields. */
export function secDefOptParameterEnd(reqId: number): string {
  return msg(OUT.SECURITY_DEFINITION_OPTION_PARAMETER_END, reqId);
}

export interface SymbolSample {
  conId: number;
  symbol: string;
  secType: string;
  primaryExch: string;
  currency: string;
  derivativeSecTypes: readonly string[];
  description: string;
}

/**
 * SYMBOL_SAMPLES: [79, reqId, count, then per contract: conId, symbol, secType, primaryExch,
 * currency, derivativeCount, derivativeSecType…, description, issuerId]. description and issuerId
 * are present at ≥176 (BOND_ISSUERID).
 */
export function symbolSamples(reqId: number, samples: readonly SymbolSample[]): string {
  let s = msg(OUT.SYMBOL_SAMPLES, reqId, samples.length);
  for (const c of samples) {
    s += msg(c.conId, c.symbol, c.secType, c.primaryExch, c.currency, c.derivativeSecTypes.length);
    for (const d of c.derivativeSecTypes) s += d + Z;
    s += msg(c.description, '');
  }
  return s;
}

/** HEAD_TIMESTAMP: [88, reqId, headTimestamp]. 3 fields. */
export function headTimestamp(reqId: number, timestamp: string): string {
  return msg(OUT.HEAD_TIMESTAMP, reqId, timestamp);
}

// ── Market data (hot path: plain concatenation, no intermediate arrays) ──────────────────────

/** MARKET_DATA_TYPE: [58, v=1, reqId, type]. 4 fields. */
export function marketDataType(reqId: number, type: number): string {
  return '58\x001\x00' + reqId + Z + type + Z;
}

/** TICK_REQ_PARAMS: [81, tickerId, minTick, bboExchange, snapshotPermissions]. 5 fields. */
export function tickReqParams(reqId: number, minTick: number, bboExchange: string, snapshotPermissions: number): string {
  return msg(OUT.TICK_REQ_PARAMS, reqId, minTick, bboExchange, snapshotPermissions);
}

/**
 * TICK_PRICE: [1, v=6, tickerId, tickType, price, size, attrMask]. 7 fields. The client also emits
 * a tickSize for BID/ASK/LAST and their delayed twins (1→0, 2→3, 4→5, 66→69, 67→70, 68→71).
 * attrMask bit 0 = canAutoExecute, bit 1 = pastLimit, bit 2 = preOpen.
 */
export function tickPrice(reqId: number, tickType: number, price: number, size: number | '', attrMask: number): string {
  return '1\x006\x00' + reqId + Z + tickType + Z + price + Z + size + Z + attrMask + Z;
}

/** TICK_SIZE: [2, v=6, tickerId, tickType, size]. 5 fields. */
export function tickSize(reqId: number, tickType: number, size: number): string {
  return '2\x006\x00' + reqId + Z + tickType + Z + size + Z;
}

/** TICK_GENERIC: [45, v=6, tickerId, tickType, value]. 5 fields. */
export function tickGeneric(reqId: number, tickType: number, value: number): string {
  return '45\x006\x00' + reqId + Z + tickType + Z + value + Z;
}

/** TICK_STRING: [46, v=6, tickerId, tickType, value]. 5 fields. */
export function tickString(reqId: number, tickType: number, value: string): string {
  return '46\x006\x00' + reqId + Z + tickType + Z + value + Z;
}

/**
 * TICK_OPTION_COMPUTATION (no version at ≥156): [21, tickerId, tickType, tickAttrib, impliedVol,
 * delta, optPrice, pvDividend, gamma, vega, theta, undPrice]. 12 fields. "Not computed" is -1 for
 * impliedVol/optPrice/pvDividend/undPrice and -2 for delta/gamma/vega/theta; NaN inputs map to those.
 * tickAttrib: 0 return-based, 1 price-based.
 */
export function tickOptionComputation(
  reqId: number,
  tickType: number,
  tickAttrib: number,
  impliedVol: number,
  delta: number,
  optPrice: number,
  pvDividend: number,
  gamma: number,
  vega: number,
  theta: number,
  undPrice: number,
): string {
  return (
    '21\x00' +
    reqId + Z +
    tickType + Z +
    tickAttrib + Z +
    or(impliedVol, -1) + Z +
    or(delta, -2) + Z +
    or(optPrice, -1) + Z +
    or(pvDividend, -1) + Z +
    or(gamma, -2) + Z +
    or(vega, -2) + Z +
    or(theta, -2) + Z +
    or(undPrice, -1) + Z
  );
}

function or(v: number, notComputed: number): number {
  return v === v && v !== Infinity && v !== -Infinity ? v : notComputed;
}

/** TICK_SNAPSHOT_END: [57, v=1, reqId]. 3 fields. */
export function tickSnapshotEnd(reqId: number): string {
  return '57\x001\x00' + reqId + Z;
}

// ── Bars ──────────────────────────────────────────────────────────────────────────────────────

/** Bars for HISTORICAL_DATA, columnar. volume/wap/count of -1 mean "not applicable" (MIDPOINT…). */
export interface BarsOut {
  readonly length: number;
  readonly date: readonly string[];
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
  readonly wap: ArrayLike<number>;
  readonly count: ArrayLike<number>;
}

/**
 * HISTORICAL_DATA (no version at ≥124, no hasGaps): [17, reqId, startDateStr, endDateStr, barCount,
 * then per bar: date, open, high, low, close, volume(decimal), WAP(decimal), barCount(int)].
 * 5 + 8 × bars fields. The client emits one event per bar and a final "finished-start-end" marker.
 */
export function historicalData(reqId: number, startDateStr: string, endDateStr: string, bars: BarsOut): string {
  const parts: string[] = [msg(OUT.HISTORICAL_DATA, reqId, startDateStr, endDateStr, bars.length)];
  for (let i = 0; i < bars.length; i++) {
    parts.push(
      bars.date[i] + Z + bars.open[i] + Z + bars.high[i] + Z + bars.low[i] + Z + bars.close[i] + Z + bars.volume[i] + Z + bars.wap[i] + Z + bars.count[i] + Z,
    );
  }
  return parts.join('');
}

/**
 * HISTORICAL_DATA_UPDATE: [90, reqId, barCount, date, open, close, high, low, WAP, volume].
 * 10 fields. Note the wire order close, high, low (§5).
 */
export function historicalDataUpdate(reqId: number, barCount: number, date: string, open: number, high: number, low: number, close: number, wap: number, volume: number): string {
  return '90\x00' + reqId + Z + barCount + Z + date + Z + open + Z + close + Z + high + Z + low + Z + wap + Z + volume + Z;
}

/** REAL_TIME_BARS: [50, v=3, reqId, time(epoch s), open, high, low, close, volume, wap, count]. 11 fields. */
export function realTimeBar(reqId: number, time: number, open: number, high: number, low: number, close: number, volume: number, wap: number, count: number): string {
  return '50\x003\x00' + reqId + Z + time + Z + open + Z + high + Z + low + Z + close + Z + volume + Z + wap + Z + count + Z;
}

// ── Empty account answers (phase 1; phase 2 sends the real rows before these) ───────────────

/** POSITION_END: [62, v=1]. 2 fields. */
export function positionEnd(): string {
  return msg(OUT.POSITION_END, 1);
}

/** OPEN_ORDER_END: [53, v=1]. 2 fields. */
export function openOrderEnd(): string {
  return msg(OUT.OPEN_ORDER_END, 1);
}

/** EXECUTION_DATA_END: [55, v=1, reqId]. 3 fields. */
export function executionDataEnd(reqId: number): string {
  return msg(OUT.EXECUTION_DATA_END, 1, reqId);
}

/** COMPLETED_ORDERS_END: [102]. 1 field. */
export function completedOrdersEnd(): string {
  return msg(OUT.COMPLETED_ORDERS_END);
}

/** ACCOUNT_SUMMARY_END: [64, v=1, reqId]. 3 fields. */
export function accountSummaryEnd(reqId: number): string {
  return msg(OUT.ACCOUNT_SUMMARY_END, 1, reqId);
}

/** ACCOUNT_SUMMARY: [63, v=1, reqId, account, tag, value, currency]. 7 fields. */
export function accountSummary(reqId: number, account: string, tag: string, value: string, currency: string): string {
  return msg(OUT.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency);
}

/** ACCT_DOWNLOAD_END: [54, v=1, accountName]. 3 fields. */
export function accountDownloadEnd(account: string): string {
  return msg(OUT.ACCT_DOWNLOAD_END, 1, account);
}

/** ACCT_UPDATE_TIME: [8, v=1, "HH:mm"]. 3 fields. */
export function accountUpdateTime(hhmm: string): string {
  return msg(OUT.ACCT_UPDATE_TIME, 1, hhmm);
}
