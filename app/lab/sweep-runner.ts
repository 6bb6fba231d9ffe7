// One sweep of the lab: the form checked in the backtest worker (sweep-form-rules.ts), the series'
// bars, then the stored sweep when the same grid already ran on the same data, else every valid
// combination across the sweep's workers (app/workers/sweep-pool.ts), stored as a summary (the grid
// and a metric per combination). A cell opens as an ordinary single run (lab-runner.ts).
import type { SweepRow } from '../../shared/engine/sweep.ts';
import type { MoneyTrailzDb, StoredSweep, SweepCell } from '../db/schema.ts';
import type { BacktestClient, ProgressListener } from '../workers/backtest-client.ts';
import type { SweepPool } from '../workers/sweep-pool.ts';
import type { LabConfig, LabForm } from './lab-form.ts';
import { seriesBars, type LabSeries } from './lab-series.ts';
import { resultId } from './result-id.ts';

export interface SweepRun {
  readonly db: MoneyTrailzDb;
  readonly client: BacktestClient;
  readonly pool: SweepPool;
  readonly series: LabSeries;
  readonly form: LabForm;
  /** e.g. `sma_cross sweep on GOOG daily`. */
  readonly title: string;
  /** Called once the form is valid, with the number of combinations that will run. */
  readonly onStart?: (runs: number) => void;
  readonly onProgress?: ProgressListener;
  readonly now?: () => number;
}

export type SweepOutcome =
  | { readonly ok: true; readonly sweep: StoredSweep; readonly origin: 'indexeddb' | 'run' }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

const cellOf = (r: SweepRow): SweepCell => ({
  params: r.params,
  returnPct: r.stats.returnPct,
  sharpeRatio: r.stats.sharpeRatio,
  maxDrawdownPct: r.stats.maxDrawdownPct,
  numTrades: r.stats.numTrades,
});

/** Checks and runs (or finds the stored summary of) a sweep; rejects with BacktestCancelled when cancelled. */
export async function runSweep(r: SweepRun): Promise<SweepOutcome> {
  const check = await r.client.checkSweep(r.form);
  if (!check.ok) return check;
  const bars = { [r.series.symbol]: await seriesBars(r.db, r.series) };
  const axes = check.axes.map((a) => ({ param: a.param, values: [...a.values] }));
  const id = await resultId({ sweep: axes, config: check.config }, bars);
  const stored = await r.db.sweeps.get(id);
  if (stored) return { ok: true, sweep: stored, origin: 'indexeddb' };
  r.onStart?.(check.plan.items.length);
  const rows = await r.pool.run({ config: check.config, bars, items: check.plan.items }, r.onProgress);
  const sweep: StoredSweep = {
    id,
    title: r.title,
    storedAt: (r.now ?? Date.now)(),
    seriesKey: r.series.key,
    strategy: r.form.strategy,
    config: check.config,
    axes,
    total: check.plan.total,
    skippedBy: check.plan.skippedBy,
    cells: rows.map(cellOf),
  };
  await r.db.sweeps.put(sweep);
  return { ok: true, sweep, origin: 'run' };
}

/** The newest stored sweep (what a reload shows). */
export function lastSweep(db: MoneyTrailzDb): Promise<StoredSweep | undefined> {
  return db.sweeps.orderBy('storedAt').last();
}

/** The configuration of one of the sweep's combinations: the sweep's with the cell's parameters (a single run's, same content id). */
export function cellConfig(sweep: StoredSweep, params: Readonly<Record<string, number>>): LabConfig {
  const strategies = sweep.config.strategies as Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  return { ...sweep.config, strategies: { [sweep.strategy]: { ...strategies[sweep.strategy], ...params } } };
}
