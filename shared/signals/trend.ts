// A per-bar trend from an SMA of the close: 'close-vs-sma' (close above/below SMA(n)) or
// 'sma-slope' (SMA(n) rising/falling from the previous bar). NaN (warm-up) or equality: 0 (no trend).
import { ParameterError } from '../errors.ts';
import { sma } from '../indicators/index.ts';
import { formatValue } from './format.ts';
import type { Direction } from './signal-series.ts';

export type TrendMethod = 'close-vs-sma' | 'sma-slope';

export interface TrendOptions {
  /** Default 'close-vs-sma'. */
  readonly method?: TrendMethod;
  /** SMA period in bars; default 20. */
  readonly period?: number;
}

export interface Trend {
  readonly method: TrendMethod;
  readonly period: number;
  readonly close: Float64Array;
  readonly sma: Float64Array;
  /** Per bar: +1 up, -1 down, 0 none (warm-up or equality). */
  readonly direction: Int8Array;
}

export const TREND_DEFAULT_PERIOD = 20;

/** The trend of one bar from its close and the SMA at this bar (sma0) and the previous one (sma1). */
export function trendDirection(method: TrendMethod, close: number, sma0: number, sma1: number): Direction {
  const x = method === 'close-vs-sma' ? close : sma0;
  const ref = method === 'close-vs-sma' ? sma0 : sma1;
  return x > ref ? 1 : x < ref ? -1 : 0;
}

/** The SMA trend of every bar. Needs the indicators to be `ready()`. */
export function smaTrend(close: Float64Array, options: TrendOptions = {}): Trend {
  const method = options.method ?? 'close-vs-sma';
  if (method !== 'close-vs-sma' && method !== 'sma-slope') {
    throw new ParameterError('smaTrend', 'method', `is '${String(method)}' (expected 'close-vs-sma' or 'sma-slope')`);
  }
  const period = options.period ?? TREND_DEFAULT_PERIOD;
  const avg = sma({ close }, { period });
  const direction = new Int8Array(close.length);
  for (let k = 0; k < close.length; k++) direction[k] = trendDirection(method, close[k], avg[k], k > 0 ? avg[k - 1] : NaN);
  return { method, period, close, sma: avg, direction };
}

/** 'up: close 500.12 > SMA(20) 499.80' / 'down: SMA(20) falling 499.80 < 500.10' / 'none: ...'. */
export function describeTrend(trend: Trend, k: number): string {
  const d = trend.direction[k];
  const word = d > 0 ? 'up' : d < 0 ? 'down' : 'none';
  const rel = d > 0 ? '>' : d < 0 ? '<' : '=';
  const s0 = trend.sma[k];
  const name = `SMA(${trend.period})`;
  if (trend.method === 'close-vs-sma') {
    if (s0 !== s0) return `none: ${name} not yet defined (warm-up)`;
    return `${word}: close ${formatValue(trend.close[k])} ${rel} ${name} ${formatValue(s0)}`;
  }
  const s1 = k > 0 ? trend.sma[k - 1] : NaN;
  if (s0 !== s0 || s1 !== s1) return `none: ${name} slope not yet defined (warm-up)`;
  const slope = d > 0 ? 'rising' : d < 0 ? 'falling' : 'flat';
  return `${word}: ${name} ${slope} ${formatValue(s1)} -> ${formatValue(s0)}`;
}
