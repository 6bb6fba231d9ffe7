// Messages between the PWA and the bridge (JSON over a WebSocket; docs/app-protocol.md). Both
// sides import these; validate.ts checks every client message on arrival.
import type { BarSizeCode } from './topics.ts';

// --- handshake (docs/app-protocol.md §1) ----------------------------------------------------------

/** Sent first by the app on every (re)connection. */
export interface ClientHello {
  readonly type: 'hello';
  /** The client's major protocol version. */
  readonly protocol: number;
  /** Its minor (default 0). */
  readonly minor?: number;
  /** e.g. 'moneytrailz-pwa' or 'moneytrailz-cli'. */
  readonly client: string;
  readonly clientVersion: string;
  /** Stable per device; used by sync later. */
  readonly deviceId?: string;
}

/** The bridge's answer to a compatible hello. */
export interface Welcome {
  readonly type: 'welcome';
  readonly protocol: number;
  readonly minor: number;
  readonly server: 'moneytrailz-bridge';
  readonly serverVersion: string;
  /** Where orders go: the embedded TWS simulator or a real TWS / IB Gateway. */
  readonly broker: 'simulator' | 'tws' | 'none';
  /** Bridge wall-clock time, epoch ms (the app's clock-skew measure). */
  readonly bridgeTime: number;
}

// --- live topics (§2) ------------------------------------------------------------------------------

export interface Subscription {
  /** A topic string (topics.ts): quotes:SPY, quotes:SPY250307P00385000, bars:SPY:5m, account, positions, orders, pnl (minor 2: executions, strategies). */
  readonly topic: string;
}

export interface SubscribeMessage {
  readonly type: 'subscribe';
  /** The client's id for this request; the ack carries it. */
  readonly id: string;
  readonly subscriptions: readonly Subscription[];
}

export interface UnsubscribeMessage {
  readonly type: 'unsubscribe';
  readonly id: string;
  readonly topics: readonly string[];
}

/** The client lost its place in a topic (a seq it did not get): the bridge answers with a snapshot. */
export interface ResyncMessage {
  readonly type: 'resync';
  /** Optional id for the ack (default `resync:<topic>`). */
  readonly id?: string;
  readonly topic: string;
  /** The last seq the client applied, for the log. */
  readonly lastSeq?: number;
}

/** The whole state of a topic as of `seq`. */
export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly topic: string;
  readonly seq: number;
  readonly data: Record<string, unknown>;
  /** Why it was sent: the first for a subscription, a resync asked for, or TWS data restarted. */
  readonly reason: 'subscribed' | 'resync' | 'restarted';
}

/** A change to a topic's state: apply when seq = the last applied + 1 (applyPatch), else resync. */
export interface DeltaMessage {
  readonly type: 'delta';
  readonly topic: string;
  readonly seq: number;
  readonly data: Record<string, unknown>;
}

// --- requests (§3) ---------------------------------------------------------------------------------

export interface HistoricalBarsRequest {
  readonly type: 'historicalBars';
  readonly id: string;
  /** A symbol (SMART, USD stock or ETF), a conId or (minor 1) an option's OSI symbol, as a string. */
  readonly instrument: string;
  readonly barSize: BarSizeCode;
  /** TWS duration: `<n> S|D|W|M|Y`, e.g. '2 D'. */
  readonly duration: string;
  /** End of the range, `YYYYMMDD-HH:MM:SS` in UTC; omitted or '' = now. */
  readonly end?: string;
  readonly whatToShow?: 'TRADES' | 'MIDPOINT' | 'BID' | 'ASK';
  /** Regular trading hours only (default true). */
  readonly rth?: boolean;
}

export interface Bar {
  /** TWS's bar time: epoch seconds for intraday bars, YYYYMMDD for daily ones. */
  readonly time: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface HistoricalBarsResponse {
  readonly type: 'historicalBars';
  readonly id: string;
  readonly bars: readonly Bar[];
  /** Served from the bridge's cache (no TWS request). */
  readonly cached: boolean;
}

export interface OptionChainRequest {
  readonly type: 'optionChain';
  readonly id: string;
  /** The underlying stock or ETF (minor 1: or index, when TWS knows no stock of that symbol). */
  readonly symbol: string;
  /** `YYYYMMDD`; omitted = the nearest listed expiry. */
  readonly expiry?: string;
  /** How many strikes around the underlying's price (default 10, at most 50). */
  readonly strikes?: number;
  /**
   * Minor 1: also read each contract's open interest. TWS sends no generic ticks (101) on a snapshot,
   * so each contract is then read by a short streaming line, cancelled once its fields are in or
   * its time is up.
   */
  readonly openInterest?: boolean;
}

export interface OptionRow {
  readonly strike: number;
  readonly right: 'C' | 'P';
  /** Minor 1: the contract's OSI symbol (`SPY250307P00385000`): quote it (`quotes:<it>`) or trade it (an intent's instrument). */
  readonly instrument?: string;
  readonly bid?: number;
  readonly ask?: number;
  readonly last?: number;
  /** Minor 1: the previous session's close. */
  readonly close?: number;
  readonly impliedVol?: number;
  readonly delta?: number;
  /** Minor 1: TWS's model option price (tickOptionComputation, model). */
  readonly modelPrice?: number;
  /** Minor 1: open interest (only when the request asked for it). */
  readonly openInterest?: number;
  /** Set when TWS answered this contract with an error instead of data. */
  readonly error?: string;
}

export interface OptionChainResponse {
  readonly type: 'optionChain';
  readonly id: string;
  readonly symbol: string;
  readonly expiry: string;
  readonly underlyingPrice?: number;
  /** Minor 1: every listed expiry (YYYYMMDD, ascending), so a client can choose and ask again. */
  readonly expiries?: readonly string[];
  /** Minor 1: the contracts' multiplier (100 for US equity and index options). */
  readonly multiplier?: number;
  /** Minor 1: 'IND' when the symbol is an index (SPX), the stock lookup having failed. */
  readonly underlyingSecType?: 'STK' | 'IND';
  readonly rows: readonly OptionRow[];
}

/**
 * Minor 1: a row of the `account` topic keyed `portfolio:<conId>` (TWS `updatePortfolio`), deleted
 * when the position goes flat. Prices are per share; `avgCost` is TWS's: per share for stocks, per
 * contract (price × multiplier) for options.
 */
export interface PortfolioRow {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: string;
  readonly currency?: string;
  /** Options: 'C' or 'P', strike, expiry YYYYMMDD, multiplier. */
  readonly right?: 'C' | 'P';
  readonly strike?: number;
  readonly expiry?: string;
  readonly multiplier?: number;
  readonly position: number;
  readonly marketPrice: number;
  readonly marketValue: number;
  readonly avgCost: number;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
}

/** Minor 1: a quote topic's `marketDataType` (TWS's): what kind of data the line delivers. */
export const MARKET_DATA_TYPES = { 1: 'live', 2: 'frozen', 3: 'delayed', 4: 'delayed frozen' } as const;

/** Minor 1: the broker's clock (TWS's reqCurrentTime: the replay clock on the simulator). */
export interface ClockRequest {
  readonly type: 'clock';
  readonly id: string;
}

export interface ClockResponse {
  readonly type: 'clock';
  readonly id: string;
  /** TWS's time, epoch ms (whole seconds). */
  readonly brokerTime: number;
  /** The bridge's wall clock when TWS answered, epoch ms. */
  readonly bridgeTime: number;
}

// --- orders and commands (§4) ----------------------------------------------------------------------

export interface IntentLeg {
  /** A symbol, a conId or (minor 1) an option's OSI symbol, as a string. */
  readonly instrument: string;
  readonly side: 'BUY' | 'SELL';
  /** Whole shares or contracts, > 0. */
  readonly quantity: number;
  readonly orderType: 'MKT' | 'LMT' | 'STP' | 'STP LMT';
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly tif?: 'DAY' | 'GTC';
}

/** Minor 1: a leg of a combo intent: the instrument, its action and its ratio (the order's type and price are the combo's). */
export interface ComboIntentLeg {
  /** A symbol (a stock), a conId or an option's OSI symbol: every leg on one underlying symbol. */
  readonly instrument: string;
  /** The leg's action when the combo is bought (a SELL combo reverses every leg). */
  readonly side: 'BUY' | 'SELL';
  /** The leg's ratio: whole, > 0. */
  readonly quantity: number;
}

/** Minor 1: a combo (IBKR BAG) order made of an intent's 2–4 legs, sent as one order at one net price. */
export interface IntentCombo {
  readonly side: 'BUY' | 'SELL';
  /** Whole combo units, > 0. */
  readonly quantity: number;
  readonly orderType: 'LMT' | 'MKT';
  /** LMT only: the net price per combo unit (negative = a credit, as IBKR's BAG limits are). */
  readonly limitPrice?: number;
  readonly tif?: 'DAY' | 'GTC';
}

interface IntentBase {
  readonly type: 'intent';
  /** Deterministic for a strategy decision, random once per click for a manual order. */
  readonly intentId: string;
  /** The strategy's runner-lease fencing token (absent for manual orders). */
  readonly leaseToken?: number;
  readonly strategyId?: string;
  /** Bridge time (epoch ms, from the welcome's clock) when the intent was made. */
  readonly createdAt: number;
}

/** An order the app wants placed; never queued offline (sync-design's fail-closed rule). */
export type IntentMessage = SingleIntentMessage | ComboIntentMessage;

/** One order on one instrument (exactly one leg). */
export interface SingleIntentMessage extends IntentBase {
  readonly legs: readonly IntentLeg[];
  readonly combo?: undefined;
}

/** Minor 1: one combo (BAG) order on 2–4 legs of one underlying, all filled together or not at all. */
export interface ComboIntentMessage extends IntentBase {
  readonly legs: readonly ComboIntentLeg[];
  readonly combo: IntentCombo;
}

export type CommandKind = 'halt' | 'reduce' | 'resume' | 'arm' | 'disarm' | 'setLimit' | 'cancel' | 'modify' | 'acquireLease' | 'renewLease' | 'releaseLease';
export const COMMAND_KINDS: readonly CommandKind[] = ['halt', 'reduce', 'resume', 'arm', 'disarm', 'setLimit', 'cancel', 'modify', 'acquireLease', 'renewLease', 'releaseLease'];

export interface CommandMessage {
  readonly type: 'command';
  readonly commandId: string;
  readonly kind: CommandKind;
  /** arm, disarm, acquireLease, renewLease, releaseLease. */
  readonly strategyId?: string;
  /** renewLease, releaseLease: the fencing token the lease was granted with. */
  readonly leaseToken?: number;
  /** acquireLease: take the lease even while another device holds it (its token goes stale). */
  readonly takeover?: boolean;
  /** setLimit: the limit's name and its new value. */
  readonly limit?: string;
  readonly value?: number;
  /** cancel, modify: the intent whose order is to be cancelled or changed. */
  readonly intentId?: string;
  /**
   * modify (minor 1): the working order's new limit price (a combo's net price; negative = a credit). The
   * change goes through the order guard like a new order (a strategy's order needs its strategyId and
   * leaseToken); the unfilled rest keeps working at it.
   */
  readonly limitPrice?: number;
}

/** Answer to subscribe, unsubscribe, intent and command (id = the request's id, intentId or commandId). */
export interface AckMessage {
  readonly type: 'ack';
  readonly id: string;
  readonly ok: boolean;
  readonly code?: AckCode;
  readonly message?: string;
  /** subscribe / unsubscribe: one result per topic, in the request's order. */
  readonly results?: readonly { readonly topic: string; readonly ok: boolean; readonly code?: AckCode; readonly message?: string }[];
  /** intent (accepted, or repeated), cancel: the order that carries the intent out, as it stands. */
  readonly order?: AckOrder;
  /** acquireLease / renewLease: the lease granted (its token goes on every intent of the strategy). */
  readonly lease?: AckLease;
  /** halt / reduce / resume: the kill switch's state after the command. */
  readonly tradingState?: 'ACTIVE' | 'REDUCING' | 'HALTED';
}

export interface AckOrder {
  readonly orderId: number;
  readonly status: string;
  readonly filled: number;
  readonly remaining: number;
  readonly avgFillPrice: number;
}

export interface AckLease {
  readonly strategyId: string;
  /** The fencing token: intents carry it as leaseToken. */
  readonly token: number;
  /** Bridge time (epoch ms) the lease lapses unless renewed. */
  readonly expiresAt: number;
}

/** Why a request was refused or failed; each has one meaning. */
export type AckCode =
  | 'NOT_AVAILABLE' // the bridge cannot do this (no order path; several legs without `combo`; setLimit; arm without strategy runners)
  | 'NO_BROKER' // the bridge runs without a TWS connection
  | 'TWS_NOT_READY' // TWS is not connected / not ready: nothing was sent (fail closed)
  | 'LINES_EXHAUSTED' // every market data line the bridge may use is taken
  | 'TOO_MANY_SUBSCRIPTIONS' // this client holds the most topics it may
  | 'TOO_MANY_REQUESTS' // this client has the most historical / option-chain requests waiting it may
  | 'NOT_SUBSCRIBED' // unsubscribe / resync of a topic the client does not hold
  | 'UNKNOWN_INSTRUMENT' // TWS does not know the contract (200)
  | 'NO_SUCH_EXPIRY' // the option chain has no such expiry
  | 'TWS_ERROR' // TWS answered with another error (the message has its code)
  // Intents and commands (docs/app-protocol.md §4): the order guard's closed codes (shared/risk/denial-reason.ts) …
  | 'NOT_CONNECTED'
  | 'RECONCILING'
  | 'STALE_INTENT'
  | 'NO_LEASE'
  | 'LEASE_EXPIRED'
  | 'STALE_FENCING_TOKEN'
  | 'NO_PRICE_FOR_LIMIT'
  | 'MAX_ORDER_VALUE'
  | 'MAX_POSITION_SHARE'
  | 'DAILY_LOSS_LIMIT'
  | 'MAX_OPEN_ORDERS'
  | 'ORDER_RATE'
  | 'SYMBOL_NOT_ALLOWED'
  | 'ORDER_TYPE_NOT_ALLOWED'
  | 'TRADING_HALTED'
  | 'TRADING_REDUCING'
  | 'ORDER_REFUSED'
  | 'UNKNOWN_ORDER'
  // … and the app protocol's own.
  | 'LEASE_HELD' // another device holds the strategy's runner lease (acquire with takeover to take it)
  | 'JOURNAL_FAILED' // the order path could not make the intent durable: it was not sent
  | 'UNKNOWN_STRATEGY'; // minor 2: arm / disarm of an id that is no configured strategy instance

// --- minor 2: executions (§2) and the order preview (§3) -------------------------------------------

/**
 * Minor 2: a row of the `executions` topic, keyed by TWS's execId: one fill of today, with its
 * commission once TWS's commissionReport for it has come.
 */
export interface ExecutionRow {
  readonly execId: string;
  /** When it filled, epoch ms (TWS's execution time). */
  readonly time: number;
  /** The symbol of a stock, an option's OSI symbol (`SPY250307P00385000`): quote it or trade it as it is. */
  readonly instrument: string;
  readonly symbol: string;
  readonly secType: 'STK' | 'OPT' | 'IND';
  /** Options: 'C' or 'P', strike, expiry YYYYMMDD, multiplier. */
  readonly right?: 'C' | 'P';
  readonly strike?: number;
  readonly expiry?: string;
  readonly multiplier?: number;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  /** Per share (an option's premium per share). */
  readonly price: number;
  /** TWS's commissionReport (absent until it comes). */
  readonly commission?: number;
  readonly currency?: string;
  readonly orderId: number;
  readonly permId?: number;
  /** IBKR's orderRef: the intent id when MoneyTrailz placed the order. */
  readonly orderRef?: string;
}

/** Minor 2: what the order guard says of an order now (nothing sent, counted or journaled). */
export interface PreviewVerdict {
  readonly ok: boolean;
  /** The guard's closed code when it denies (NO_LEASE, SYMBOL_NOT_ALLOWED, TRADING_HALTED, …). */
  readonly code?: AckCode;
  /** The verdict as a sentence. */
  readonly message: string;
}

/** Minor 2: TWS's own answer to the order sent as a whatIf (the account's margins before, the change and after; the commission estimate). */
export interface WhatIfPreview {
  readonly initMarginBefore?: number;
  readonly initMarginChange: number;
  readonly initMarginAfter?: number;
  readonly maintMarginBefore?: number;
  readonly maintMarginChange: number;
  readonly maintMarginAfter?: number;
  readonly equityWithLoanBefore?: number;
  readonly equityWithLoanChange?: number;
  readonly equityWithLoanAfter: number;
  readonly commission?: number;
  readonly minCommission?: number;
  readonly maxCommission?: number;
  readonly commissionCurrency?: string;
  /** TWS's warning (a shortfall the account could not carry), when it gave one. */
  readonly warningText?: string;
}

interface PreviewBase {
  readonly type: 'preview';
  readonly id: string;
  readonly leaseToken?: number;
  readonly strategyId?: string;
  /** Bridge time the intent would be made (default: now, so freshness passes). */
  readonly createdAt?: number;
}

/** Minor 2: an intent's fields, checked by the guard and priced by TWS as a whatIf — nothing is placed. */
export type PreviewRequest = (PreviewBase & { readonly legs: readonly IntentLeg[]; readonly combo?: undefined }) | (PreviewBase & { readonly legs: readonly ComboIntentLeg[]; readonly combo: IntentCombo });

export interface PreviewResponse {
  readonly type: 'preview';
  readonly id: string;
  readonly verdict: PreviewVerdict;
  /** TWS's whatIf answer; absent when the guard denies, TWS errs or does not answer in time. */
  readonly whatIf?: WhatIfPreview;
  /** Why `whatIf` is absent, as a sentence. */
  readonly whatIfError?: string;
  /** The bridge's clock when it answered (epoch ms): an intent's createdAt is on this clock. */
  readonly bridgeTime: number;
}

// --- minor 2: the strategy monitor (§2 `strategies`, §4 arm / disarm) -----------------------------

/** A strategy instance's state in the bridge: not run, waiting for TWS and the first reconciliation, trading, trading but the kill switch refuses its orders, or ended with a reason. */
export type StrategyRunState = 'stopped' | 'starting' | 'running' | 'halted' | 'failed';
export const STRATEGY_RUN_STATES: readonly StrategyRunState[] = ['stopped', 'starting', 'running', 'halted', 'failed'];

/** One decision of a strategy: a signal (BUY / SELL / HOLD with a confidence) or an intent (buy, sell, close, target 40 %). */
export interface StrategySignalRow {
  /** The bar it decided on, epoch ms (the session's date at 00:00 UTC for daily bars). */
  readonly time: number;
  readonly symbol: string;
  /** BUY, SELL, HOLD (a signal) or buy, sell, close, target 40 % (an intent). */
  readonly side: string;
  /** In [0, 1], when the decision carried one. */
  readonly confidence?: number;
  readonly reason: string;
}

/** One entry of a run's decision trace: the wheel's decisions (WheelDecision code and sentence); other strategies' signals. */
export interface StrategyTraceRow {
  readonly time: number;
  readonly symbol: string;
  /** The wheel's closed code (e.g. WRITE_PUT, NO_CANDIDATE) or the signal's side. */
  readonly code: string;
  readonly message: string;
}

/** Minor 2: a row of the `strategies` topic, keyed `instance:<id>`: one configured strategy instance. */
export interface StrategyRow {
  readonly id: string;
  /** The strategy's registry name (sma_cross, wheel, …). */
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly timeframes: readonly string[];
  /** Share of the account's capital, in (0, 1]. */
  readonly allocation: number;
  readonly priority: number;
  readonly state: StrategyRunState;
  /** Why it failed or is halted / starting (a sentence). */
  readonly reason?: string;
  /** Armed: started by the user (kept on disk; it runs again after a restart). */
  readonly armed: boolean;
  /** The sleeve's starting capital, its equity and P&L (the engine's sleeve ledger), once the run has them. */
  readonly capital: number;
  readonly equity?: number;
  readonly pnl?: number;
  /** The run's working orders at the broker. */
  readonly openOrders: number;
  /** The last session the run stepped (yyyymmdd). */
  readonly session?: number;
  /** The latest decisions, oldest first (at most 10). */
  readonly signals: readonly StrategySignalRow[];
  /** The run's decision trace, oldest first (at most 50). */
  readonly trace: readonly StrategyTraceRow[];
  /** Multi-timeframe agreement per symbol and timeframe after the latest step (at most 30); absent before a run has bars. */
  readonly agreement?: readonly StrategyAgreementRow[];
}

/**
 * One symbol's trend on one timeframe (shared/signals/confirm.ts's rule: close vs SMA on bars
 * resampled from the run's daily bars, only completed higher bars) and whether the symbol's latest
 * decision goes with it.
 */
export interface StrategyAgreementRow {
  readonly symbol: string;
  /** '1d', '1w', '1mo'. */
  readonly timeframe: string;
  /** +1 up, -1 down, 0 none (not enough bars yet, or close = SMA). */
  readonly trend: -1 | 0 | 1;
  /** False while there are not enough bars for this timeframe's trend (no completed bar, or the SMA in warm-up). */
  readonly ready: boolean;
  /** The trend in a sentence, e.g. '1w trend up: close 412.10 > SMA(20) 398.55 (week of 2012-03-05)'. */
  readonly text: string;
  /** The latest decision it is compared with (its side, e.g. BUY, buy, close) and that decision's bar time. */
  readonly signal?: string;
  readonly signalTime?: number;
  /** Whether that decision's direction is this trend's; absent when there is no directional decision or the trend is not ready. */
  readonly agrees?: boolean;
}

/** Minor 2: the `strategies` topic's `runner` key: where the instances come from and what stops them all. */
export interface StrategyRunnerInfo {
  /** The configuration file, or 'sample' (no moneytrailz.toml: the built-in sample instances). */
  readonly source: string;
  /** A problem every instance shares (the armed file unreadable, the config not runnable), as a sentence. */
  readonly notice?: string;
  /** The account's target allocation per symbol (shared/portfolio/target-allocation.ts), for target vs actual. */
  readonly targets?: { readonly weights: Readonly<Record<string, number>>; readonly from: 'weights' | 'sleeves' };
}

/** Most entries of a row's `signals` and `trace` (a delta replaces the whole row: it stays small). */
export const STRATEGY_SIGNALS_MAX = 10;
export const STRATEGY_TRACE_MAX = 50;
/** Most entries of a row's `agreement` (symbols × timeframes). */
export const STRATEGY_AGREEMENT_MAX = 30;

// --- errors ----------------------------------------------------------------------------------------

/** Error codes of `error` messages; each has one meaning. */
export type ProtocolErrorCode =
  | 'BAD_MESSAGE' // not JSON, or a field is missing / has the wrong type (the message names the path)
  | 'HELLO_REQUIRED' // a message arrived before a successful hello
  | 'CLIENT_TOO_OLD' // the client's protocol is below the bridge's minimum; the socket is closed
  | 'SERVER_TOO_OLD' // the client speaks a newer major than the bridge; the socket is closed
  | 'UNKNOWN_TYPE' // a message type this bridge does not handle
  | 'TOPIC_FAILED'; // a subscribed topic stopped (TWS refused or cancelled it); `topic` names it

export interface ProtocolErrorMessage {
  readonly type: 'error';
  readonly code: ProtocolErrorCode;
  readonly message: string;
  /** The field path of a BAD_MESSAGE (`subscriptions[2].topic`; `$` = the whole message). */
  readonly path?: string;
  /** The request's id when the bad message had a readable one. */
  readonly id?: string;
  /** TOPIC_FAILED: the topic, which the client no longer holds. */
  readonly topic?: string;
  readonly ackCode?: AckCode;
}

export type ClientMessage =
  | ClientHello
  | SubscribeMessage
  | UnsubscribeMessage
  | ResyncMessage
  | HistoricalBarsRequest
  | OptionChainRequest
  | ClockRequest
  | IntentMessage
  | CommandMessage
  | PreviewRequest;

export type ServerMessage =
  | Welcome
  | ProtocolErrorMessage
  | SnapshotMessage
  | DeltaMessage
  | AckMessage
  | HistoricalBarsResponse
  | OptionChainResponse
  | ClockResponse
  | PreviewResponse;

/** WebSocket close code used when the protocol versions are incompatible (CLIENT_TOO_OLD, SERVER_TOO_OLD). */
export const CLOSE_PROTOCOL_MISMATCH = 4001;

/** Most historical-bars and option-chain requests one client may have waiting for their answer. */
export const MAX_REQUESTS_PER_CLIENT = 20;

/** Most topics one client may hold at once. */
export const MAX_TOPICS_PER_CLIENT = 200;
