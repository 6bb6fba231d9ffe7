// The informational requests a paper TWS answers (ib-protocol.md §6 "Informational requests"):
// market rules (the tick ladders our contracts advertise), news providers / historical news /
// articles / bulletins (we carry no news feed: empty but well-formed answers), Wall Street Horizon
// metadata and events (empty JSON), user info, family codes, market depth exchanges, SMART
// components and soft dollar tiers.

import { ERR, NO_ID, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { IN, requestName } from '../wire/message-ids.ts';
import { readVersionOnly } from '../wire/requests.ts';
import * as svc from '../wire/service-encoders.ts';
import {
  readHistoricalNews,
  readMarketRule,
  readNewsArticle,
  readNewsBulletins,
  readNothing,
  readReqIdOnly,
  readSmartComponents,
  readWshEventData,
} from '../wire/service-requests.ts';
import { STOCK_EXCHANGES } from '../market/listed.ts';
import { STOCK_BBO_EXCHANGE } from './market-data.ts';
import { marketRule } from '../market/market-rules.ts';
import type { SimulatorModule } from '../server/module.ts';

/** The exchange letters TWS uses in SMART components, for the venues our stocks list (listed.ts). */
const EXCHANGE_LETTERS: Readonly<Record<string, string>> = {
  AMEX: 'A', NYSE: 'N', CBOE: 'W', PHLX: 'X', ISE: 'I', CHX: 'M', ARCA: 'P', ISLAND: 'Q', NASDAQ: 'T', DRCTEDGE: 'K', BEX: 'B', BATS: 'Z',
  EDGEA: 'J', BYX: 'Y', IEX: 'V', LTSE: 'L', MEMX: 'U', PEARL: 'H', PSX: 'x',
};

/** WSH metadata with nothing in it: no event types, no filters (the shape TWS's JSON has, empty). */
const EMPTY_WSH_META = JSON.stringify({ validated_countries: [], event_types: [], filters: [] });

export const servicesModule: SimulatorModule = {
  name: 'services',
  handlers: {
    /**
     * [91, ruleId] → MARKET_RULE with the shared tick ladder (shared/broker/ibkr-rules.ts). The
     * request has no id: an unknown rule gets the 321 notice on id -1 as TWS sends it, plus an empty
     * MARKET_RULE for that id so a client waiting on the rule id (IBApiNext.getMarketRule) resolves.
     */
    [IN.REQ_MARKET_RULE]: ({ session, r }) => {
      const { ruleId } = readMarketRule(r);
      const ladder = marketRule(ruleId);
      if (!ladder) session.error(NO_ID, ERR.REQUEST_VALIDATION, TEXT.validation(requestName(IN.REQ_MARKET_RULE), `market rule id ${ruleId} is not known`));
      session.send(svc.marketRule(ruleId, ladder ?? []));
    },

    /** [85] → NEWS_PROVIDERS with no providers: the simulator carries no news feed. */
    [IN.REQ_NEWS_PROVIDERS]: ({ session, r }) => {
      readNothing(r);
      session.send(svc.newsProviders([]));
    },
    /** [86, reqId, conId, providers, start, end, total, options] → HISTORICAL_NEWS_END (no headlines, hasMore 0). */
    [IN.REQ_HISTORICAL_NEWS]: ({ session, r }) => {
      const { reqId } = readHistoricalNews(r);
      session.send(svc.historicalNewsEnd(reqId, false));
    },
    /** [84, reqId, provider, articleId, options] → 10172 "No data available": no article exists. */
    [IN.REQ_NEWS_ARTICLE]: ({ r }) => {
      const { reqId } = readNewsArticle(r);
      throw new RequestError(ERR.NEWS_ARTICLE_FAILED, reqId, TEXT.newsArticleFailed);
    },
    /** [12, 1, allMsgs]: subscribed; there are no bulletins to send. */
    [IN.REQ_NEWS_BULLETINS]: ({ r }) => {
      readNewsBulletins(r);
    },
    [IN.CANCEL_NEWS_BULLETINS]: ({ r }) => readVersionOnly(r),

    /** [100, reqId] → WSH_META_DATA with empty JSON. */
    [IN.REQ_WSH_META_DATA]: ({ session, r }) => {
      const { reqId } = readReqIdOnly(r);
      session.send(svc.wshMetaData(reqId, EMPTY_WSH_META));
    },
    [IN.CANCEL_WSH_META_DATA]: ({ r }) => {
      readReqIdOnly(r);
    },
    /** [102, reqId, conId, filter, …] → WSH_EVENT_DATA with an empty JSON list of events. */
    [IN.REQ_WSH_EVENT_DATA]: ({ session, r }) => {
      const { reqId } = readWshEventData(r);
      session.send(svc.wshEventData(reqId, '[]'));
    },
    [IN.CANCEL_WSH_EVENT_DATA]: ({ r }) => {
      readReqIdOnly(r);
    },

    /** [104, reqId] → USER_INFO with an empty white-branding id (an IBKR-branded account). */
    [IN.REQ_USER_INFO]: ({ session, r }) => {
      const { reqId } = readReqIdOnly(r);
      session.send(svc.userInfo(reqId, ''));
    },
    /** [80] → FAMILY_CODES: each managed (paper) account, in no family (empty code). */
    [IN.REQ_FAMILY_CODES]: ({ session, state, r }) => {
      readNothing(r);
      session.send(svc.familyCodes(state.accounts.map((account) => ({ account, familyCode: '' }))));
    },
    /** [82] → MKT_DEPTH_EXCHANGES with none: the paper account has no depth (reqMktDepth → 10092). */
    [IN.REQ_MKT_DEPTH_EXCHANGES]: ({ session, r }) => {
      readNothing(r);
      session.send(svc.mktDepthExchanges([]));
    },
    /** [83, reqId, bboExchange] → SMART_COMPONENTS of our stock bbo exchange; another one → 321. */
    [IN.REQ_SMART_COMPONENTS]: ({ session, r }) => {
      const { reqId, bboExchange } = readSmartComponents(r);
      if (bboExchange !== STOCK_BBO_EXCHANGE) {
        throw new RequestError(ERR.REQUEST_VALIDATION, reqId, TEXT.validation(requestName(IN.REQ_SMART_COMPONENTS), `bboExchange '${bboExchange}' is not known (market data names ${STOCK_BBO_EXCHANGE})`));
      }
      const venues = STOCK_EXCHANGES.filter((e) => e !== 'SMART' && EXCHANGE_LETTERS[e]);
      session.send(svc.smartComponents(reqId, venues.map((exchange, bit) => ({ bit, exchange, letter: EXCHANGE_LETTERS[exchange] }))));
    },
    /** [79, reqId] → SOFT_DOLLAR_TIERS with none (an individual account has no soft-dollar tiers). */
    [IN.REQ_SOFT_DOLLAR_TIERS]: ({ session, r }) => {
      const { reqId } = readReqIdOnly(r);
      session.send(svc.softDollarTiers(reqId, []));
    },
  },
};
