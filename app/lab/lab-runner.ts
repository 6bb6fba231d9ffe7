// One run of the lab: the series' bars (IndexedDB cache, else the bundled CSV), the result's
// content id, then the stored result when there is one, else the worker's run, stored.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { cachedBars } from '../db/market-cache.ts';
import type { MoneyTrailzDb, StoredResult } from '../db/schema.ts';
import type { BacktestClient, ProgressListener } from '../workers/backtest-client.ts';
import type { SampleSeries } from '../state/samples.ts';
import { fetchSample } from '../state/series.ts';
import type { LabConfig } from './lab-config.ts';
import { resultId } from './result-id.ts';

/** A result and where it came from: 'indexeddb' (stored by an earlier identical run) or 'run' (computed now). */
export interface LabOutcome {
  readonly result: StoredResult;
  readonly origin: 'indexeddb' | 'run';
}

/** A bundled series' bars: from the IndexedDB bar cache, else fetched, parsed and cached. */
export async function sampleBars(db: MoneyTrailzDb, s: SampleSeries): Promise<BarSeries> {
  const { series } = await cachedBars(db, s.symbol, s.timeframe, s.file, () => fetchSample(s));
  return series;
}

export interface LabRun {
  readonly db: MoneyTrailzDb;
  readonly client: BacktestClient;
  readonly sample: SampleSeries;
  readonly config: LabConfig;
  /** e.g. `sma_cross on GOOG daily`. */
  readonly title: string;
  readonly onProgress?: ProgressListener;
  readonly now?: () => number;
}

/** Runs (or finds the stored result of) `config` on the sample; rejects with BacktestCancelled when cancelled. */
export async function runLab(r: LabRun): Promise<LabOutcome> {
  const bars = { [r.sample.symbol]: await sampleBars(r.db, r.sample) };
  const id = await resultId(r.config, bars);
  const stored = await r.db.results.get(id);
  if (stored) return { result: stored, origin: 'indexeddb' };
  const out = await r.client.run({ config: r.config, bars }, r.onProgress);
  const result: StoredResult = { id, title: r.title, storedAt: (r.now ?? Date.now)(), config: r.config, ...out };
  await r.db.results.put(result);
  return { result, origin: 'run' };
}

/** The stored results, newest first (at most `limit`). */
export function storedResults(db: MoneyTrailzDb, limit = 50): Promise<StoredResult[]> {
  return db.results.orderBy('storedAt').reverse().limit(limit).toArray();
}
