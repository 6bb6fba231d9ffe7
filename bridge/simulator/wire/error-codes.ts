// TWS error and notice codes the simulator sends, with TWS-like texts (ib-protocol.md §6 end, §7).
// ERR_MSG with id -1 reaches @stoqey/ib as an `info` event, with any other id as `error` (§1.1).

export const NO_ID = -1;

export const ERR = {
  /** Max number of tickers (market data lines) reached. */
  MAX_TICKERS: 101,
  /** Duplicate order id: an id at or below the highest this client used, not an open order. */
  DUPLICATE_ORDER_ID: 103,
  /** Can't modify a filled order. */
  CANNOT_MODIFY_FILLED: 104,
  /** The price does not conform to the minimum price variation (tick) of the contract. */
  PRICE_NOT_ON_TICK: 110,
  /** Historical data service error: no data, pacing violation, bad parameters. */
  HISTORICAL_SERVICE: 162,
  /** No security definition found / ambiguous contract. */
  NO_SECURITY_DEFINITION: 200,
  /** Order rejected, with a reason; followed by openOrder/orderStatus Inactive. */
  ORDER_REJECTED: 201,
  /** Order cancelled (after a cancelOrder or reqGlobalCancel). */
  ORDER_CANCELLED: 202,
  /** Cancel of an unknown ticker id. */
  NO_TICKER_FOR_CANCEL: 300,
  /** The server could not read (decode) a request. */
  REQUEST_READ_ERROR: 320,
  /** The server could not validate a request (also: read-only API mode). */
  REQUEST_VALIDATION: 321,
  /** Error processing request, e.g. duplicate ticker id. */
  REQUEST_PROCESSING: 322,
  /** Client id already in use. */
  CLIENT_ID_IN_USE: 326,
  /** No historical query found for a cancel. */
  NO_HISTORICAL_QUERY: 366,
  /** An order's goodAfterTime (label "Start Time") is not a date-time TWS reads. */
  INVALID_START_TIME: 337,
  /** A GTD order's goodTillDate (label "End Time") is missing or not a date-time TWS reads. */
  INVALID_END_TIME: 391,
  /** cancelOrder of an order id that is not known. */
  CANCEL_NOT_FOUND: 10147,
  /** cancelOrder of an order that is already filled or cancelled. */
  CANCEL_NOT_ALLOWED: 10148,
  /** Fundamental data (reqFundamentalData) is not available for the security. */
  NO_FUNDAMENTALS: 430,
  /** Market depth: deep data is not offered for this security type / exchange (a paper account without L2). */
  NO_DEEP_DATA: 10092,
  /** reqNewsArticle of an article that does not exist. */
  NEWS_ARTICLE_FAILED: 10172,
  /** reqTickByTickData that cannot be served for the contract. */
  TICK_BY_TICK_FAILED: 10189,
  /** More simultaneous tick-by-tick subscriptions than allowed. */
  MAX_TICK_BY_TICK: 10190,
  CONNECTIVITY_LOST: 1100,
  CONNECTIVITY_RESTORED_DATA_LOST: 1101,
  CONNECTIVITY_RESTORED_DATA_MAINTAINED: 1102,
  MARKET_FARM_BROKEN: 2103,
  /** Warning on the order id: outsideRth is ignored for this order type / instrument; the order is processed. */
  OUTSIDE_RTH_IGNORED: 2109,
  MARKET_FARM_OK: 2104,
  HMDS_FARM_BROKEN: 2105,
  HMDS_FARM_OK: 2106,
  TWS_SERVER_BROKEN: 2110,
  SECDEF_FARM_BROKEN: 2157,
  SECDEF_FARM_OK: 2158,
} as const;

export const TEXT = {
  clientIdInUse: 'Unable to connect as the client id is already in use. Retry with a unique client id.',
  maxTickers: 'Max number of tickers has been reached',
  noSecurityDefinition: 'No security definition has been found for the request',
  ambiguous: (what: string) => `The contract description specified for ${what} is ambiguous.`,
  hmdsNoData: (what: string) => `Historical Market Data Service error message:HMDS query returned no data: ${what}`,
  hmdsPacing: 'Historical Market Data Service error message:Historical data request pacing violation',
  hmdsTooLong: (bars: number, max: number) => `Historical Market Data Service error message:Time length exceed max. (${bars} bars asked, at most ${max} per request)`,
  validation: (what: string, cause: string) => `Error validating request.-'${what}' : cause - ${cause}`,
  readError: (what: string, cause: string) => `Error reading request.-'${what}' : cause - ${cause}`,
  duplicateOrderId: 'Duplicate order id',
  cannotModifyFilled: "Can't modify a filled order",
  priceNotOnTick: (tick: number) => `The price does not conform to the minimum price variation for this contract (${tick}).`,
  orderRejected: (reason: string) => `Order rejected - reason:${reason}`,
  orderCancelled: 'Order Canceled - reason:',
  cancelNotFound: (id: number) => `OrderId ${id} that needs to be cancelled is not found.`,
  cancelNotAllowed: (id: number, status: string) => `OrderId ${id} that needs to be cancelled cannot be cancelled, state: ${status}.`,
  invalidDateTime: (label: string) =>
    `${label}: The date, time, or time-zone entered is invalid. The correct format is yyyymmdd hh:mm:ss xx/xxxx where yyyymmdd and xx/xxxx are optional. E.g.: 20031126 15:59:00 US/Eastern  Note that there is a space between the date and time, and between the time and time-zone.  If no date is specified, current date is assumed. If no time-zone is specified, local time-zone is assumed(deprecated).  You can also provide yyyymmddd-hh:mm:ss time is in UTC. Note that there is a dash between the date and time in UTC notation.`,
  outsideRthIgnored: "Order Event Warning:Attribute 'Outside Regular Trading Hours' is ignored based on the order type and destination. PlaceOrder is now processed.",
  readOnly: "Error validating request.-'bN' : cause - The API interface is currently in Read-Only mode.",
  tooManyHistorical: (max: number) => `Error processing request.-'bW' : cause - Only ${max} simultaneous API historical data requests allowed.`,
  duplicateTickerId: (id: number) => `Error processing request.-'bX' : cause - Duplicate ticker id ${id}`,
  noTickerForCancel: (id: number) => `Can't find EId with tickerId:${id}`,
  noHistoricalQuery: (id: number) => `No historical data query found for ticker id:${id}`,
  connectivityLost: 'Connectivity between IBKR and Trader Workstation has been lost.',
  restoredDataLost: 'Connectivity between IBKR and Trader Workstation has been restored - data lost.',
  restoredDataMaintained: 'Connectivity between IBKR and Trader Workstation has been restored - data maintained.',
  twsServerBroken: 'Connectivity between Trader Workstation and server is broken. It will be restored automatically.',
  marketFarmOk: 'Market data farm connection is OK:usfarm',
  hmdsFarmOk: 'HMDS data farm connection is OK:ushmds',
  secdefFarmOk: 'Sec-def data farm connection is OK:secdefnj',
  marketFarmBroken: 'Market data farm connection is broken:usfarm',
  hmdsFarmBroken: 'HMDS data farm connection is broken:ushmds',
  secdefFarmBroken: 'Sec-def data farm connection is broken:secdefnj',
  noFundamentals: 'The fundamentals data for the security specified is not available.',
  noDeepData: 'Deep market data is not supported for this combination of security type/exchange',
  newsArticleFailed: 'Failed to request news article: No data available',
  tickByTickFailed: (why: string) => `Failed to request tick-by-tick data:${why}`,
  maxTickByTick: 'Max number of tick-by-tick requests has been reached.',
  scanner: (what: string) => `Historical Market Data Service error message:Scanner ${what}`,
} as const;
