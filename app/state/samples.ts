// The bundled sample series. `?url` imports make each CSV a hashed asset the service worker
// precaches, so every series can be loaded offline after the first visit.
import spy1d from '../../data/samples/SPY_1d.csv?url';
import qqq1d from '../../data/samples/QQQ_1d.csv?url';
import tlt1d from '../../data/samples/TLT_1d.csv?url';
import aapl1d from '../../data/samples/AAPL_1d.csv?url';
import goog1d from '../../data/samples/GOOG_1d.csv?url';
import spy1m from '../../data/samples/SPY_1m.csv?url';
import { TIMEFRAMES, type Timeframe } from '../../shared/data/bar-series.ts';

export interface SampleSeries {
  /**
   * The worker's series key: `${symbol}:${timeframe}` for a file (also its IndexedDB key),
   * `${symbol}:${file timeframe}>${timeframe}` for bars resampled from one (e.g. 'SPY:1m>5m').
   */
  readonly key: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The file name (stored as the cache's source). */
  readonly file: string;
  readonly url: string;
  /** The file's series, when these bars are resampled from it (not stored, rebuilt on load). */
  readonly resampledFrom?: SampleSeries;
  /** The user's own series (imported in the lab, stored in IndexedDB under `key`): no file to fetch. */
  readonly imported?: boolean;
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

/** The timeframes shown by resampling a file of each timeframe (shared/timeframes' resample). */
export const RESAMPLED_TO: Partial<Record<Timeframe, readonly Timeframe[]>> = {
  '1m': ['5m', '15m', '1h', '1d'],
  '1d': ['1w', '1mo'],
};

/**
 * Every selectable series: the files, plus each timeframe a file can be resampled to that the
 * symbol has no file of (SPY's daily file wins over its 1-minute file resampled to days).
 * Files first (the first is the default), then by symbol and timeframe, finest first.
 */
export function withResampled(files: readonly SampleSeries[]): SampleSeries[] {
  const out = [...files];
  const has = (symbol: string, tf: Timeframe) => out.some((s) => s.symbol === symbol && s.timeframe === tf);
  for (const f of files) {
    for (const tf of RESAMPLED_TO[f.timeframe] ?? []) {
      if (!has(f.symbol, tf)) out.push({ ...f, key: `${f.key}>${tf}`, timeframe: tf, resampledFrom: f });
    }
  }
  const rank = (s: SampleSeries) => TIMEFRAMES.indexOf(s.timeframe);
  return [...files, ...out.slice(files.length).sort((a, b) => a.symbol.localeCompare(b.symbol) || rank(a) - rank(b))];
}

const TIMEFRAME_NAMES: Partial<Record<Timeframe, string>> = {
  '1m': '1-minute',
  '5m': '5-minute',
  '15m': '15-minute',
  '30m': '30-minute',
  '1h': 'hourly',
  '4h': '4-hour',
  '1d': 'daily',
  '1w': 'weekly',
  '1mo': 'monthly',
};

export function timeframeName(tf: Timeframe): string {
  return TIMEFRAME_NAMES[tf] ?? tf;
}

/** e.g. 'SPY daily', 'SPY 1-minute', 'WALK daily (your data)' */
export function sampleName(s: SampleSeries): string {
  return `${s.symbol} ${timeframeName(s.timeframe)}${s.imported ? ' (your data)' : ''}`;
}

/** The user's series stored under `key` (`${symbol}:${timeframe}`: app/lab/lab-series.ts importedSeries). */
export function importedSample(s: { readonly key: string; readonly symbol: string; readonly timeframe: Timeframe }): SampleSeries {
  return { key: s.key, symbol: s.symbol, timeframe: s.timeframe, file: s.key, url: '', imported: true };
}
