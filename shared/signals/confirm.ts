// Multi-timeframe confirmation: a lower-timeframe BUY is kept only while the higher-timeframe trend
// visible at that bar is up (a SELL only while it is down); otherwise it becomes HOLD. A kept signal
// keeps its confidence unchanged. "Visible" is alignIndex's rule: the newest higher bar whose end is
// <= the lower bar's start, so a forming higher bar is never used (no look-ahead). No completed
// higher bar yet, or a trend in warm-up, is no trend: every signal is vetoed.
import { isIntraday, type BarSeries, type Timeframe } from '../data/bar-series.ts';
import { formatIsoDate, formatIsoDateTime } from '../data/iso-time.ts';
import { ParameterError } from '../errors.ts';
import type { StrategySignal } from '../strategies/strategy.ts';
import { alignIndex, resample } from '../timeframes/index.ts';
import { holdSignal, kindOf, type SignalSeries } from './signal-series.ts';
import { describeTrend, smaTrend, type Trend, type TrendOptions } from './trend.ts';

export interface HigherTimeframeOptions extends TrendOptions {
  /** The higher timeframe, e.g. '1h' for 5-minute signals. */
  readonly timeframe: Timeframe;
}

export interface HigherTimeframeTrend extends Trend {
  readonly timeframe: Timeframe;
  /** The higher-timeframe bars (resampled from the lower ones). */
  readonly higher: BarSeries;
  /** Per lower bar: the index of the newest completed higher bar, -1 before the first (alignIndex). */
  readonly index: Int32Array;
  /** Per lower bar: the trend of that higher bar (0 when index is -1). */
  readonly aligned: Int8Array;
}

export interface ConfirmedSignals extends SignalSeries {
  /** The lower-timeframe signals before confirmation. */
  readonly unconfirmed: SignalSeries;
  readonly trend: HigherTimeframeTrend;
}

/** Resamples `lower` to `options.timeframe`, computes the SMA trend there and aligns it onto `lower`. */
export function higherTimeframeTrend(lower: BarSeries, options: HigherTimeframeOptions): HigherTimeframeTrend {
  const higher = resample(lower, options.timeframe);
  const trend = smaTrend(higher.close, options);
  const index = alignIndex(higher, lower);
  const aligned = new Int8Array(index.length);
  for (let j = 0; j < index.length; j++) aligned[j] = index[j] < 0 ? 0 : trend.direction[index[j]];
  return { ...trend, timeframe: options.timeframe, higher, index, aligned };
}

/** Keeps each signal whose direction equals the aligned higher-timeframe trend; the rest become HOLD. */
export function confirmWithTrend(signals: SignalSeries, trend: HigherTimeframeTrend): ConfirmedSignals {
  const n = signals.length;
  if (trend.aligned.length !== n) {
    throw new ParameterError('confirmWithTrend', 'signals', `has ${n} bars but the trend is aligned onto ${trend.aligned.length} (expected the same lower bars)`);
  }
  const signal = new Int8Array(n);
  const confidence = new Float64Array(n);
  const src = signals.signal;
  for (let j = 0; j < n; j++) {
    if (src[j] !== 0 && src[j] === trend.aligned[j]) {
      signal[j] = src[j];
      confidence[j] = signals.confidence[j];
    }
  }
  return {
    name: `${signals.name} confirmed by the ${trend.timeframe} trend`,
    length: n,
    signal,
    confidence,
    unconfirmed: signals,
    trend,
    reason: (j) => confirmationReason(kindOf(src[j]), signals.reason(j), trend.aligned[j], higherTrendText(trend, j)),
  };
}

/** The whole pipeline: higher timeframe from `lower`, its SMA trend, and the confirmed `signals` (computed on `lower`). */
export function confirmByHigherTimeframe(lower: BarSeries, signals: SignalSeries, options: HigherTimeframeOptions): ConfirmedSignals {
  if (signals.length !== lower.length) {
    throw new ParameterError('confirmByHigherTimeframe', 'signals', `has ${signals.length} bars but the lower series has ${lower.length} (expected one per lower bar)`);
  }
  return confirmWithTrend(signals, higherTimeframeTrend(lower, options));
}

/**
 * The at-bar form: keeps `signal` when `trendDirection` (+1 up, -1 down, 0 none) agrees with it,
 * else HOLD; `trendText` describes the trend for the reason (e.g. '1h trend up: close > SMA(20)').
 */
export function confirmSignal(signal: StrategySignal, trendDirection: number, trendText: string): StrategySignal {
  const reason = confirmationReason(signal.signal, signal.reason, trendDirection, trendText);
  if (signal.signal === 'HOLD') return signal;
  const want = signal.signal === 'BUY' ? 1 : -1;
  return Math.sign(trendDirection) === want ? { signal: signal.signal, confidence: signal.confidence, reason } : holdSignal(reason);
}

function confirmationReason(kind: string, reason: string, trendDirection: number, trendText: string): string {
  if (kind === 'HOLD') return reason;
  const want = kind === 'BUY' ? 1 : -1;
  return Math.sign(trendDirection) === want ? `${reason}; confirmed by the ${trendText}` : `HOLD: ${kind} not confirmed by the ${trendText} (${reason})`;
}

/** '1h trend up: close 500.12 > SMA(20) 499.80 (1h bar 2024-03-05 09:30, closed 10:30)'. */
function higherTrendText(trend: HigherTimeframeTrend, j: number): string {
  const k = trend.index[j];
  const tf = trend.timeframe;
  if (k < 0) return `${tf} trend none: no ${tf} bar has completed yet`;
  return `${tf} trend ${describeTrend(trend, k)} (${tf} bar ${barLabel(trend.higher, k)})`;
}

function barLabel(s: BarSeries, k: number): string {
  if (!isIntraday(s.timeframe)) return `of ${formatIsoDate(s.time[k])}`;
  const off = s.utcOffsetMin ? s.utcOffsetMin[k] : 0;
  const start = formatIsoDateTime(s.time[k], off);
  const end = formatIsoDateTime(s.end[k], off);
  return `${start.slice(0, 10)} ${start.slice(11, 16)}, closed ${end.slice(11, 16)}`;
}
