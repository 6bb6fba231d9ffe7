// One run of the lab: the series' bars (lab-series.ts: a sample's cache or the user's stored CSV),
// the result's content id, then the stored result when there is one, else the worker's run, stored.
import type { MoneyTrailzDb, StoredResult } from '../db/schema.ts';
import type { BacktestClient, ProgressListener } from '../workers/backtest-client.ts';
import type { LabConfig } from './lab-config.ts';
import { seriesBars, type LabSeries } from './lab-series.ts';
import { resultId } from './result-id.ts';

/** A result and where it came from: 'indexeddb' (stored by an earlier identical run) or 'run' (computed now). */
export interface LabOutcome {
  readonly result: StoredResult;
  readonly origin: 'indexeddb' | 'run';
}

export interface LabRun {
  readonly db: MoneyTrailzDb;
  readonly client: BacktestClient;
  readonly series: LabSeries;
  readonly config: LabConfig;
  /** e.g. `sma_cross on GOOG daily`. */
  readonly title: string;
  readonly onProgress?: ProgressListener;
  readonly now?: () => number;
}

/** Runs (or finds the stored result of) `config` on the series; rejects with BacktestCancelled when cancelled. */
export async function runLab(r: LabRun): Promise<LabOutcome> {
  const bars = { [r.series.symbol]: await seriesBars(r.db, r.series) };
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
