// The bundled sample series. `?url` imports make each CSV a hashed asset the service worker
// precaches, so every series can be loaded offline after the first visit.
import spy1d from '../../data/samples/SPY_1d.csv?url';
import qqq1d from '../../data/samples/QQQ_1d.csv?url';
import tlt1d from '../../data/samples/TLT_1d.csv?url';
import aapl1d from '../../data/samples/AAPL_1d.csv?url';
import goog1d from '../../data/samples/GOOG_1d.csv?url';
import spy1m from '../../data/samples/SPY_1m.csv?url';
import type { Timeframe } from '../../shared/data/bar-series.ts';

export interface SampleSeries {
  /** `${symbol}:${timeframe}`: the IndexedDB key and the worker's series key. */
  readonly key: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The file name (stored as the cache's source). */
  readonly file: string;
  readonly url: string;
}

const sample = (symbol: string, timeframe: Timeframe, file: string, url: string): SampleSeries => ({
  key: `${symbol}:${timeframe}`,
  symbol,
  timeframe,
  file,
  url,
});

/** Every bundled series; the first is the default. */
export const SAMPLES: readonly SampleSeries[] = [
  sample('SPY', '1d', 'SPY_1d.csv', spy1d),
  sample('QQQ', '1d', 'QQQ_1d.csv', qqq1d),
  sample('TLT', '1d', 'TLT_1d.csv', tlt1d),
  sample('AAPL', '1d', 'AAPL_1d.csv', aapl1d),
  sample('GOOG', '1d', 'GOOG_1d.csv', goog1d),
  sample('SPY', '1m', 'SPY_1m.csv', spy1m),
];

const TIMEFRAME_NAMES: Partial<Record<Timeframe, string>> = { '1m': '1-minute', '1h': 'hourly', '1d': 'daily', '1w': 'weekly' };

export function timeframeName(tf: Timeframe): string {
  return TIMEFRAME_NAMES[tf] ?? tf;
}

/** e.g. 'SPY daily', 'SPY 1-minute' */
export function sampleName(s: SampleSeries): string {
  return `${s.symbol} ${timeframeName(s.timeframe)}`;
}
