// Decoders for the informational requests at server version 193 (ib-protocol.md §4): market rules,
// scanners, news, Wall Street Horizon, user info, family codes, depth exchanges, SMART components,
// soft dollar tiers, option calculations, and the requests we refuse with TWS's own error (market
// depth, fundamental data, tick-by-tick). Counts include the message id.

import type { FieldReader } from './field-reader.ts';
import { readContract, type ContractQuery } from './requests.ts';

/** REQ_MARKET_RULE: [91, marketRuleId]. 2 fields (no request id: the reply is keyed by the rule id). */
export function readMarketRule(r: FieldReader): { ruleId: number } {
  const ruleId = r.int('marketRuleId');
  r.end();
  return { ruleId };
}

/** Requests that are only an id: REQ_NEWS_PROVIDERS [85], REQ_FAMILY_CODES [80], REQ_MKT_DEPTH_EXCHANGES [82]. 1 field. */
export function readNothing(r: FieldReader): void {
  r.end();
}

/** Requests that are a request id only: REQ_WSH_META_DATA [100, reqId], REQ_USER_INFO [104, reqId], REQ_SOFT_DOLLAR_TIERS [79, reqId], and the cancels 101, 103, 98. 2 fields. */
export function readReqIdOnly(r: FieldReader): { reqId: number } {
  const reqId = (r.reqId = r.int('reqId'));
  r.end();
  return { reqId };
}

/** REQ_SMART_COMPONENTS: [83, reqId, bboExchange]. 3 fields. */
export function readSmartComponents(r: FieldReader): { reqId: number; bboExchange: string } {
  const reqId = (r.reqId = r.int('reqId'));
  const bboExchange = r.str('bboExchange');
  r.end();
  return { reqId, bboExchange };
}

/** REQ_NEWS_BULLETINS: [12, v=1, allMsgs]. 3 fields. */
export function readNewsBulletins(r: FieldReader): { allMessages: boolean } {
  r.str('version');
  const allMessages = r.bool('allMsgs');
  r.end();
  return { allMessages };
}

/** REQ_HISTORICAL_NEWS: [86, reqId, conId, providerCodes, startDateTime, endDateTime, totalResults, options]. 8 fields. */
export function readHistoricalNews(r: FieldReader): { reqId: number; conId: number; providerCodes: string; totalResults: number } {
  const reqId = (r.reqId = r.int('reqId'));
  const conId = r.intOr('conId', 0);
  const providerCodes = r.str('providerCodes');
  r.str('startDateTime');
  r.str('endDateTime');
  const totalResults = r.intOr('totalResults', 10);
  r.str('historicalNewsOptions');
  r.end();
  return { reqId, conId, providerCodes, totalResults };
}

/** REQ_NEWS_ARTICLE: [84, reqId, providerCode, articleId, options]. 5 fields. */
export function readNewsArticle(r: FieldReader): { reqId: number; providerCode: string; articleId: string } {
  const reqId = (r.reqId = r.int('reqId'));
  const providerCode = r.str('providerCode');
  const articleId = r.str('articleId');
  r.str('newsArticleOptions');
  r.end();
  return { reqId, providerCode, articleId };
}

/**
 * REQ_WSH_EVENT_DATA: [102, reqId, conId, filter, fillWatchlist, fillPortfolio, fillCompetitors,
 * startDate, endDate, totalLimit]. 10 fields.
 */
export function readWshEventData(r: FieldReader): { reqId: number; conId: number; filter: string } {
  const reqId = (r.reqId = r.int('reqId'));
  const conId = r.intOr('conId', 0);
  const filter = r.str('filter');
  r.bool('fillWatchlist');
  r.bool('fillPortfolio');
  r.bool('fillCompetitors');
  r.str('startDate');
  r.str('endDate');
  r.intOr('totalLimit', 0);
  r.end();
  return { reqId, conId, filter };
}

/**
 * REQ_CALC_IMPLIED_VOLAT [54, v=2, reqId, contract(12), optionPrice, underPrice, options] and
 * REQ_CALC_OPTION_PRICE [55, v=2, reqId, contract(12), volatility, underPrice, options]. 18 fields.
 * `value` is the option price (54) or the volatility (55).
 */
export function readOptionCalc(r: FieldReader, valueName: string): { reqId: number; contract: ContractQuery; value: number | undefined; underPrice: number | undefined } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  const value = r.num(valueName);
  const underPrice = r.num('underPrice');
  r.str('options');
  r.end();
  return { reqId, contract, value, underPrice };
}

/**
 * REQ_MKT_DEPTH: [10, v=5, reqId, conId, symbol, secType, lastTradeDateOrContractMonth, strike,
 * right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass, numRows,
 * isSmartDepth, options]. 18 fields.
 */
export function readMktDepth(r: FieldReader): { reqId: number; contract: ContractQuery } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  r.intOr('numRows', 0);
  r.bool('isSmartDepth');
  r.str('mktDepthOptions');
  r.end();
  return { reqId, contract };
}

/** CANCEL_MKT_DEPTH: [11, v=1, reqId, isSmartDepth]. 4 fields. */
export function readCancelMktDepth(r: FieldReader): { reqId: number } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  r.bool('isSmartDepth');
  r.end();
  return { reqId };
}

/**
 * REQ_FUNDAMENTAL_DATA: [52, v=2, reqId, conId, symbol, secType, exchange, primaryExch, currency,
 * localSymbol, reportType, options]. 12 fields.
 */
export function readFundamentalData(r: FieldReader): { reqId: number; reportType: string } {
  r.str('version');
  const reqId = (r.reqId = r.int('reqId'));
  r.intOr('conId', 0);
  r.str('symbol');
  r.str('secType');
  r.str('exchange');
  r.str('primaryExch');
  r.str('currency');
  r.str('localSymbol');
  const reportType = r.str('reportType');
  r.str('fundamentalDataOptions');
  r.end();
  return { reqId, reportType };
}

/** REQ_TICK_BY_TICK_DATA: [97, reqId, contract(12), tickType, numberOfTicks, ignoreSize]. 17 fields. */
export function readTickByTick(r: FieldReader): { reqId: number; contract: ContractQuery; tickType: string; numberOfTicks: number; ignoreSize: boolean } {
  const reqId = (r.reqId = r.int('reqId'));
  const contract = readContract(r);
  const tickType = r.str('tickType');
  const numberOfTicks = r.intOr('numberOfTicks', 0);
  const ignoreSize = r.bool('ignoreSize');
  r.end();
  return { reqId, contract, tickType, numberOfTicks, ignoreSize };
}
