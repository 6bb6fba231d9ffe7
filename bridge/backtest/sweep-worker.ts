// A sweep worker thread: loads the job once (bars, settings, wasm kernels, one indicator cache),
// then runs the batches of combinations it is sent for the instance it is given.
import { parentPort, workerData } from 'node:worker_threads';
import { runSweepItems, sweepBatchOf } from '../../shared/engine/sweep.ts';
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
  // The browser lab's sweep workers build the same batch (shared/engine/sweep.ts).
  const batch = sweepBatchOf(job, instance, series);
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
