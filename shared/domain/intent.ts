// Order intents: what a strategy wants, before the risk gate, the coordinator and the intent
// executor decide what is sent (docs/trading-model.md §7). An intent names its instrument (a stock
// by its symbol, or any instrument) — by default the symbol the strategy is deciding on — and is
// sized only when it is sent: the intent executor turns it into an order of whole units.
import type { Instrument } from './instrument.ts';
import type { TimeInForce } from './order.ts';

/** A stock by its symbol, or any instrument. */
export type InstrumentRef = string | Instrument;

interface IntentBase {
  /** Default: the symbol the strategy is deciding on. */
  readonly instrument?: InstrumentRef;
  /** Why (shown in reports and the decision trace). */
  readonly tag?: string;
  /** In [0, 1]: weighs the intent when strategies conflict (default 1). */
  readonly confidence?: number;
}

/** Close the whole position in the instrument. */
export interface CloseIntent extends IntentBase {
  readonly action: 'close';
}

/** Buy or sell: a market order unless a limit/stop/trail is given. */
export interface TradeIntent extends IntentBase {
  readonly action: 'buy' | 'sell';
  /** A fraction of the sleeve's available funds (< 1) or whole units (≥ 1); default: the run's size fraction. */
  readonly size?: number;
  readonly limit?: number;
  readonly stop?: number;
  /** A trailing stop order (amount or percent). */
  readonly trailAmount?: number;
  readonly trailPercent?: number;
  /** Fill at the session's closing price (market-on-close). */
  readonly onClose?: boolean;
  /** Stop-loss and take-profit prices attached to the entry (a bracket). */
  readonly sl?: number;
  readonly tp?: number;
  /** Default GTC (orders wait until filled or cancelled). */
  readonly tif?: TimeInForce;
}

/** Hold this signed fraction of the sleeve's equity in the instrument (rebalancing). */
export interface TargetIntent extends IntentBase {
  readonly action: 'target';
  /** In [-1, 1]: 0.4 = 40 % of the sleeve's equity long; 0 = flat. */
  readonly weight: number;
}

export type OrderIntent = CloseIntent | TradeIntent | TargetIntent;
