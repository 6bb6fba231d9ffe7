// Server → client messages of the informational services (ib-protocol.md §5): market rules,
// scanners, news, Wall Street Horizon, user info, family codes, depth exchanges, SMART components,
// soft dollar tiers, and tick-by-tick data. Field lists are exact at server version 193 (the
// client's decoder reads every one); counts include the message id.

import type { TickLadder } from '../../../shared/broker/ibkr-rules.ts';
import { OUT } from './message-ids.ts';
import { msg } from './fields.ts';

/** MARKET_RULE: [93, marketRuleId, count, then lowEdge, increment per step]. 3 + 2 × count fields. */
export function marketRule(ruleId: number, ladder: TickLadder): string {
  let s = msg(OUT.MARKET_RULE, ruleId, ladder.length);
  for (const step of ladder) s += msg(step.lowEdge, step.increment);
  return s;
}

/** SCANNER_PARAMETERS: [19, v=1, xml]. 3 fields. */
export function scannerParameters(xml: string): string {
  return msg(OUT.SCANNER_PARAMETERS, 1, xml);
}

/** One row of a scan: a contract and its 0-based rank. */
export interface ScannerRow {
  rank: number;
  conId: number;
  symbol: string;
  secType: string;
  exchange: string;
  currency: string;
  localSymbol: string;
  marketName: string;
  tradingClass: string;
}

/**
 * SCANNER_DATA: [20, v=3, reqId, count, then per row: rank, conId, symbol, secType,
 * lastTradeDateOrContractMonth, strike, right, exchange, currency, localSymbol, marketName,
 * tradingClass, distance, benchmark, projection, legsStr]. 4 + 16 × count fields. The client emits
 * scannerData per row and scannerDataEnd after the last.
 */
export function scannerData(reqId: number, rows: readonly ScannerRow[]): string {
  let s = msg(OUT.SCANNER_DATA, 3, reqId, rows.length);
  for (const r of rows) s += msg(r.rank, r.conId, r.symbol, r.secType, '', 0, '', r.exchange, r.currency, r.localSymbol, r.marketName, r.tradingClass, '', '', '', '');
  return s;
}

/** NEWS_PROVIDERS: [85, count, then providerCode, providerName each]. 2 + 2 × count fields. */
export function newsProviders(providers: readonly { code: string; name: string }[]): string {
  let s = msg(OUT.NEWS_PROVIDERS, providers.length);
  for (const p of providers) s += msg(p.code, p.name);
  return s;
}

/** HISTORICAL_NEWS_END: [87, reqId, hasMore]. 3 fields. */
export function historicalNewsEnd(reqId: number, hasMore: boolean): string {
  return msg(OUT.HISTORICAL_NEWS_END, reqId, hasMore);
}

/** WSH_META_DATA: [104, reqId, dataJson]. 3 fields. */
export function wshMetaData(reqId: number, json: string): string {
  return msg(OUT.WSH_META_DATA, reqId, json);
}

/** WSH_EVENT_DATA: [105, reqId, dataJson]. 3 fields. */
export function wshEventData(reqId: number, json: string): string {
  return msg(OUT.WSH_EVENT_DATA, reqId, json);
}

/** USER_INFO: [107, reqId, whiteBrandingId]. 3 fields. */
export function userInfo(reqId: number, whiteBrandingId: string): string {
  return msg(OUT.USER_INFO, reqId, whiteBrandingId);
}

/** FAMILY_CODES: [78, count, then accountID, familyCode each]. 2 + 2 × count fields. */
export function familyCodes(codes: readonly { account: string; familyCode: string }[]): string {
  let s = msg(OUT.FAMILY_CODES, codes.length);
  for (const c of codes) s += msg(c.account, c.familyCode);
  return s;
}

export interface DepthExchange {
  exchange: string;
  secType: string;
  listingExch: string;
  /** 'Deep' or 'Deep2'. */
  serviceDataType: string;
  /** Unset → "" (the client reads it as undefined). */
  aggGroup: number | undefined;
}

/** MKT_DEPTH_EXCHANGES (≥ SERVICE_DATA_TYPE): [80, count, then exchange, secType, listingExch, serviceDataType, aggGroup each]. 2 + 5 × count fields. */
export function mktDepthExchanges(rows: readonly DepthExchange[]): string {
  let s = msg(OUT.MKT_DEPTH_EXCHANGES, rows.length);
  for (const r of rows) s += msg(r.exchange, r.secType, r.listingExch, r.serviceDataType, r.aggGroup);
  return s;
}

/** SMART_COMPONENTS: [82, reqId, count, then bitNumber, exchange, exchangeLetter each]. 3 + 3 × count fields. */
export function smartComponents(reqId: number, components: readonly { bit: number; exchange: string; letter: string }[]): string {
  let s = msg(OUT.SMART_COMPONENTS, reqId, components.length);
  for (const c of components) s += msg(c.bit, c.exchange, c.letter);
  return s;
}

/** SOFT_DOLLAR_TIERS: [77, reqId, count, then name, value, displayName each]. 3 + 3 × count fields. */
export function softDollarTiers(reqId: number, tiers: readonly { name: string; value: string; displayName: string }[]): string {
  let s = msg(OUT.SOFT_DOLLAR_TIERS, reqId, tiers.length);
  for (const t of tiers) s += msg(t.name, t.value, t.displayName);
  return s;
}

/**
 * TICK_BY_TICK Last (1) / AllLast (2): [99, reqId, tickType, time(epoch s), price, size, mask,
 * exchange, specialConditions]. 9 fields. mask bit 0 = pastLimit, bit 1 = unreported.
 */
export function tickByTickLast(reqId: number, tickType: 1 | 2, time: number, price: number, size: number, mask: number, exchange: string, specialConditions: string): string {
  return msg(OUT.TICK_BY_TICK, reqId, tickType, time, price, size, mask, exchange, specialConditions);
}

/** TICK_BY_TICK BidAsk (3): [99, reqId, 3, time, bidPrice, askPrice, bidSize, askSize, mask]. 9 fields. mask bit 0 = bidPastLow, bit 1 = askPastHigh. */
export function tickByTickBidAsk(reqId: number, time: number, bid: number, ask: number, bidSize: number, askSize: number, mask: number): string {
  return msg(OUT.TICK_BY_TICK, reqId, 3, time, bid, ask, bidSize, askSize, mask);
}

/** TICK_BY_TICK MidPoint (4): [99, reqId, 4, time, midPoint]. 5 fields. */
export function tickByTickMidPoint(reqId: number, time: number, mid: number): string {
  return msg(OUT.TICK_BY_TICK, reqId, 4, time, mid);
}
