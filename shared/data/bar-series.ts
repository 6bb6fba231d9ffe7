// Columnar OHLCV bars: one Float64Array per field, times as epoch milliseconds (UTC).
// Never reshaped into per-bar objects: readers, kernels and charts share these arrays.

/** Bar lengths the system knows. `1d` and longer are calendar bars (dates, no time of day). */
export type Timeframe = '1m' | '5m' | '15m' | '30m' | '1h' | '4h' | '1d' | '1w' | '1mo';

/** Every timeframe, finest first. */
export const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1mo'];

export interface BarSeries {
  /** What the bars are of, e.g. 'SPY'; '' when unknown. */
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Number of bars. */
  readonly length: number;
  /**
   * Bar start, epoch ms UTC. Daily and longer bars: UTC midnight of the (first) trading date.
   * Intraday bars: the instant the bar starts.
   */
  readonly time: Float64Array;
  /** Bar end, epoch ms UTC (exclusive): when the bar's values are final. */
  readonly end: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Intraday only: the session (local exchange calendar date as yyyymmdd) of each bar. */
  readonly session?: Int32Array;
  /** Intraday only: the exchange's UTC offset in minutes at each bar's start (e.g. -300). */
  readonly utcOffsetMin?: Int16Array;
}

/** The five price/volume columns an indicator reads (plus the session for session-anchored ones). */
export interface OhlcvColumns {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly session?: Int32Array;
}

export type IntradayTimeframe = '1m' | '5m' | '15m' | '30m' | '1h' | '4h';

export const TIMEFRAME_MS: Readonly<Record<IntradayTimeframe | '1d', number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

export function isIntraday(tf: Timeframe): tf is IntradayTimeframe {
  return tf !== '1d' && tf !== '1w' && tf !== '1mo';
}
