// A sweep worker thread: loads the job once (bars, settings, wasm kernels, one indicator cache),
// then runs the batches of combinations it is sent for the instance it is given.
import { parentPort, workerData } from 'node:worker_threads';
import { alignCloses } from '../../shared/engine/backtest-result.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import { runSweepItems, type SweepBatch } from '../../shared/engine/sweep.ts';
import { ready } from '../../shared/indicators/index.ts';
import { loadBacktestJob, sweepTarget } from './job.ts';

interface Init {
  readonly configPath: string;
  /** The instance to sweep (its id). */
  readonly strategy: string;
}

export type WorkerRequest = { readonly items: readonly (readonly [number, Record<string, number>])[] } | { readonly stop: true };

async function main(): Promise<void> {
  const { configPath, strategy } = workerData as Init;
  const job = await loadBacktestJob(configPath);
  await ready();
  const { instance, series } = sweepTarget(job, strategy);
  const bars = series.bars;
  const batch: SweepBatch = {
    bars,
    settings: job.settings,
    strategy: instance.strategy,
    baseParams: instance.params,
    symbol: series.symbol,
    market: new MarketData([bars]),
    timeframes: instance.timeframes,
    priority: instance.priority,
    minConfidence: instance.minConfidence,
    close: job.benchmark.symbol === series.symbol ? bars.close : alignCloses(bars.time, job.benchmark.bars),
  };
  parentPort!.on('message', (msg: WorkerRequest) => {
    if ('stop' in msg) {
      parentPort!.close();
      return;
    }
    try {
      parentPort!.postMessage({ rows: runSweepItems(batch, msg.items) });
    } catch (err) {
      parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
    }
  });
  parentPort!.postMessage({ ready: true });
}

main().catch((err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }));
