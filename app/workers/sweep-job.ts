// What a backtest worker builds from what the page sent (a configuration and the bars by symbol):
// the job (the CLI's shared builder, shared/engine/backtest-job.ts), and for a sweep the batch its
// combinations run on (shared/engine/sweep.ts: one instance on one symbol, one MarketData and its
// indicator caches for every combination). Pure, so a Node test runs the lab's sweep as the worker does.
import { objectConfigDocument } from '../../shared/config/validate-config.ts';
import { buildBacktestJob, type BacktestJob } from '../../shared/engine/backtest-job.ts';
import { sweepBatchOf, type SweepBatch } from '../../shared/engine/sweep.ts';
import type { BacktestRequest } from './backtest-messages.ts';

/** The job of a request: its configuration with the bars it was sent (a config error names what is missing). */
export function requestJob(req: BacktestRequest): Promise<BacktestJob> {
  // The form's configuration as an object, checked by the configuration's rules without a TOML reader.
  return buildBacktestJob(objectConfigDocument({ ...req.config }, req.file ?? 'lab.toml'), (d, fail) => {
    const bars = req.bars[d.symbol];
    if (!bars) throw fail(`no bars were sent for ${d.symbol} (sent: ${Object.keys(req.bars).join(', ') || 'none'})`);
    return { bars, path: d.csv };
  });
}

/** The sweep batch of a request whose configuration enables one strategy instance on one symbol. */
export async function requestSweepBatch(req: BacktestRequest): Promise<SweepBatch> {
  const job = await requestJob(req);
  if (job.instances.length !== 1) throw new Error(`a sweep varies one strategy instance; the configuration enables ${job.instances.length}`);
  const instance = job.instances[0];
  if (instance.symbols.length !== 1) throw new Error(`a sweep runs one instance on one symbol; ${instance.id} trades ${instance.symbols.join(', ')}`);
  const series = job.series.find((s) => s.symbol === instance.symbols[0]);
  if (!series) throw new Error(`no series for ${instance.symbols[0]}`);
  return sweepBatchOf(job, instance, series);
}
