// The chosen bar series: loaded once per session (IndexedDB cache, else the bundled file parsed
// with the shared reader and stored), then copied into the worker once, where it stays resident.
// A resampled series is built from its file's loaded bars by the shared resampler (no look-ahead,
// within sessions) and resident in the worker under its own key, so switching back is instant.
import { createSignal, type Accessor } from 'solid-js';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { resample } from '../../shared/timeframes/resample.ts';
import { cachedBars, toSeries } from '../db/market-cache.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import type { TaClient } from '../workers/ta-client.ts';
import { readCsvInWorker } from '../workers/csv-client.ts';
import { sampleName, type SampleSeries } from './samples.ts';

export interface LoadedSeries {
  readonly sample: SampleSeries;
  readonly bars: BarSeries;
  /** 'cache': read from IndexedDB; 'loaded': fetched, parsed and stored just now; 'live': from the bridge (Live mode). */
  readonly origin: 'cache' | 'loaded' | 'live';
}

export type SeriesState =
  | { readonly status: 'loading'; readonly sample: SampleSeries }
  | { readonly status: 'ready'; readonly sample: SampleSeries; readonly loaded: LoadedSeries }
  | { readonly status: 'error'; readonly sample: SampleSeries; readonly error: string };

export interface SeriesStore {
  readonly state: Accessor<SeriesState>;
  /** Selects a series; resolves when it is loaded (or rejects with the load error). */
  select(sample: SampleSeries): Promise<LoadedSeries>;
  /** The selected series once it is loaded. */
  current(): Promise<LoadedSeries>;
}

/** Fetches and parses a bundled sample CSV (the strict reader: errors name the file and line). */
export async function fetchSample(s: SampleSeries): Promise<BarSeries> {
  const res = await fetch(s.url);
  if (!res.ok) throw new Error(`could not load ${s.file}: HTTP ${res.status}`);
  // Parsed by the strict reader in the CSV worker: off the UI thread (and out of the page's bundle).
  return readCsvInWorker(await res.blob(), s.file, s.symbol);
}

/** The user's own series from IndexedDB (it is not cache: no file to fetch it from again). */
async function storedSeries(db: MoneyTrailzDb, s: SampleSeries): Promise<{ series: BarSeries; origin: 'cache' }> {
  const row = await db.bars.get(s.key);
  if (!row) throw new Error(`${sampleName(s)} is no longer stored on this device: import its CSV again in the Backtest lab`);
  return { series: toSeries(row), origin: 'cache' };
}

export function createSeriesStore(db: MoneyTrailzDb, ta: TaClient, initial: SampleSeries): SeriesStore {
  const [state, setState] = createSignal<SeriesState>({ status: 'loading', sample: initial });
  const loads = new Map<string, Promise<LoadedSeries>>();
  let selected: Promise<LoadedSeries> | undefined;

  const load = (s: SampleSeries): Promise<LoadedSeries> => {
    let p = loads.get(s.key);
    if (!p) {
      p = (async () => {
        const { series, origin } = s.resampledFrom
          ? await load(s.resampledFrom).then((base) => ({ series: resample(base.bars, s.timeframe), origin: base.origin }))
          : s.imported
            ? await storedSeries(db, s)
            : await cachedBars(db, s.symbol, s.timeframe, s.file, () => fetchSample(s));
        const { open, high, low, close, volume, session } = series;
        await ta.load(s.key, session ? { open, high, low, close, volume, session } : { open, high, low, close, volume });
        return { sample: s, bars: series, origin };
      })();
      loads.set(s.key, p);
      p.catch(() => loads.delete(s.key)); // a failed load may be retried
    }
    return p;
  };

  const select = (s: SampleSeries): Promise<LoadedSeries> => {
    const p = load(s);
    selected = p;
    if (state().sample.key !== s.key || state().status !== 'ready') setState({ status: 'loading', sample: s });
    p.then(
      (loaded) => selected === p && setState({ status: 'ready', sample: s, loaded }),
      (e: unknown) => selected === p && setState({ status: 'error', sample: s, error: e instanceof Error ? e.message : String(e) }),
    );
    return p;
  };

  return { state, select, current: () => selected ?? select(initial) };
}
