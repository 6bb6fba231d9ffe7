// A backtest job from a moneytrailz.toml: the file read and validated here, its [data] CSVs read
// from disk (paths relative to the TOML file), the job itself built by the shared builder
// // (shared/engine/backtest-job.ts; the browser's backtest worker uses it too). Every problem is a
// ConfigError naming the file, the line and the key, or the CSV reader's DataError naming the CSV
// file and line; nothing is run or written before the whole job is valid.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { ConfigError } from '../../shared/errors.ts';
import { formatKeyPath, type InstancePlan } from '../../shared/config/index.ts';
import { buildBacktestJob, type BacktestJob, type DataSeries } from '../../shared/engine/backtest-job.ts';
import { WHOLE_FILE_STRATEGIES } from '../../shared/engine/whole-file-strategies.ts';
import { loadConfig } from '../config-file.ts';

export type { BacktestJob, DataSeries } from '../../shared/engine/backtest-job.ts';

/** A path for messages: relative to the working directory when below it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The job of the TOML file at `configPath`; its CSV paths are relative to the file. */
export async function loadBacktestJob(configPath: string): Promise<BacktestJob> {
  const loaded = await loadConfig(configPath);
  return buildBacktestJob(loaded, async (d, fail) => {
    const path = resolve(dirname(configPath), d.csv);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw fail(code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path} (${code})`);
    }
    // A bad row is the reader's DataError: the CSV's file, line and column.
    return { path, bars: readBarsCsv(text, shown(path), { symbol: d.symbol }) };
  }, WHOLE_FILE_STRATEGIES);
}

/**
 * The instance a sweep varies and its one series: a sweep runs one instance on one symbol with all the
 * capital (each combination equals a single run). `id` names the instance (its id, or its strategy's
 * name when one instance runs it).
 */
export function sweepTarget(job: BacktestJob, id: string): { instance: InstancePlan; series: DataSeries } {
  const byName = job.instances.filter((i) => i.strategy === id);
  const instance = job.instances.find((i) => i.id === id) ?? (byName.length === 1 ? byName[0] : undefined);
  if (!instance) {
    throw new ConfigError(job.configPath, job.loaded.lineOf(['strategies']), 'strategies', `'${id}' is not an enabled strategy instance (enabled: ${job.instances.map((i) => i.id).join(', ')})`);
  }
  if (instance.symbols.length !== 1) {
    const key = ['strategies', instance.id, 'symbols'];
    throw new ConfigError(job.configPath, job.loaded.lineOf(key), formatKeyPath(key), `a sweep runs one instance on one symbol; ${instance.id} trades ${instance.symbols.join(', ')}`);
  }
  return { instance, series: job.series.find((s) => s.symbol === instance.symbols[0])! };
}
