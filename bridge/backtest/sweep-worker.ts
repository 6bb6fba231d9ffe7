// A sweep worker thread: loads the job once (bars, settings, wasm kernels, one indicator cache),
// then runs the batches of combinations it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { MarketData } from '../../shared/engine/market-data.ts';
import { runSweepItems, type SweepBatch } from '../../shared/engine/sweep.ts';
import { ready } from '../../shared/indicators/index.ts';
import { loadBacktestJob } from './job.ts';

interface Init {
  readonly configPath: string;
  readonly strategy: string;
}

export type WorkerRequest = { readonly items: readonly (readonly [number, Record<string, number>])[] } | { readonly stop: true };

async function main(): Promise<void> {
  const { configPath, strategy } = workerData as Init;
  const job = await loadBacktestJob(configPath);
  await ready();
  const run = job.runs.find((r) => r.strategy === strategy)!;
  const batch: SweepBatch = { bars: job.bars, settings: job.settings, strategy, baseParams: run.params, symbol: job.symbol, market: new MarketData([job.bars]) };
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
