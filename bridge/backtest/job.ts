// A backtest job from a moneytrailz.toml: the bars ([data] csv, relative to the TOML file, cut to
// start_date/end_date), the engine settings ([backtesting]) and one run per enabled strategy.
// Every problem is a ConfigError naming the file, the line and the key, or a DataError from the CSV.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { firstBarAtOrAfter, sliceBars } from '../../shared/data/slice-bars.ts';
import { ConfigError, ParameterError } from '../../shared/errors.ts';
import type { EngineSettings } from '../../shared/engine/engine.ts';
import { engineSettings } from '../../shared/engine/settings.ts';
import { createStrategy } from '../../shared/strategies/registry.ts';
import type { Strategy } from '../../shared/strategies/strategy.ts';
import { loadConfig, type LoadedConfig } from '../config-file.ts';

/** Keys every strategy has that are not strategy parameters. */
const COMMON = new Set(['enabled', 'type', 'weight', 'allocation', 'timeframes', 'symbols', 'priority']);

export interface RunSpec {
  /** The run's name in reports and JSON: the strategy name. */
  readonly name: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface BacktestJob {
  readonly configPath: string;
  readonly dataPath: string;
  readonly symbol: string;
  readonly bars: BarSeries;
  readonly settings: EngineSettings;
  readonly runs: readonly RunSpec[];
  readonly loaded: LoadedConfig;
}

const day = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export async function loadBacktestJob(configPath: string): Promise<BacktestJob> {
  const loaded = await loadConfig(configPath);
  const { config } = loaded;
  const err = (path: (string | number)[], problem: string) => new ConfigError(configPath, loaded.lineOf(path), path.join('.'), problem);

  const csv = config.data?.csv;
  if (!csv) throw err(['data'], 'missing [data] csv: the bars to test (a CSV path relative to this file)');
  const dataPath = resolve(dirname(configPath), csv);
  let text: string;
  try {
    text = await readFile(dataPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw err(['data', 'csv'], code === 'ENOENT' ? `file not found: ${dataPath}` : `cannot read ${dataPath} (${code})`);
  }
  const symbol = config.data?.symbol ?? csv.replace(/^.*[\\/]/, '').replace(/[_.].*$/, '');
  let bars = readBarsCsv(text, csv, { symbol });

  const bt = config.backtesting;
  const from = bt.start_date ? firstBarAtOrAfter(bars, day(bt.start_date)) : 0;
  const to = bt.end_date ? firstBarAtOrAfter(bars, day(bt.end_date) + 86_400_000) : bars.length;
  if (to - from < 2) {
    const key = bt.start_date ? 'start_date' : 'end_date';
    throw err(['backtesting', key], `the range ${bt.start_date ?? '…'} to ${bt.end_date ?? '…'} holds ${Math.max(0, to - from)} bar(s) of ${csv} (${bars.length} bars); a backtest needs at least 2`);
  }
  if (from > 0 || to < bars.length) bars = sliceBars(bars, from, to);

  const runs: RunSpec[] = [];
  for (const [name, entry] of Object.entries(config.strategies)) {
    const e = entry as Record<string, unknown> | undefined;
    if (!e || e.enabled === false) continue;
    const params = Object.fromEntries(Object.entries(e).filter(([k]) => !COMMON.has(k)));
    try {
      createStrategy(name, params, [symbol]);
    } catch (x) {
      if (x instanceof ParameterError) throw err(['strategies', name], x.problem);
      throw x;
    }
    runs.push({ name, strategy: name, params });
  }
  if (runs.length === 0) throw err(['strategies'], 'no enabled strategy to backtest (add e.g. [strategies.sma_cross] with enabled = true)');
  return { configPath, dataPath, symbol, bars, settings: engineSettings(bt), runs, loaded };
}

/** A fresh strategy instance for a run (optionally with overridden parameters, for sweeps). */
export function strategyFor(job: BacktestJob, run: RunSpec, overrides: Readonly<Record<string, unknown>> = {}): Strategy {
  return createStrategy(run.strategy, { ...run.params, ...overrides }, [job.symbol]);
}
