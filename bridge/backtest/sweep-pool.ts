// Runs sweep combinations across worker threads, handing out small batches as workers free up.
import { Worker } from 'node:worker_threads';
import type { SweepRow } from '../../shared/engine/sweep.ts';
import { bundledWorker } from './worker-bundle.ts';

export interface SweepPoolOptions {
  readonly configPath: string;
  /** The strategy instance to sweep: its id (`[strategies.<id>]`). */
  readonly strategy: string;
  readonly items: readonly (readonly [number, Record<string, number>])[];
  readonly workers: number;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function runSweepPool(o: SweepPoolOptions): Promise<SweepRow[]> {
  const script = await bundledWorker('bridge/backtest/sweep-worker.ts');
  return runOnWorkers(o, script);
}

function runOnWorkers(o: SweepPoolOptions, script: string): Promise<SweepRow[]> {
  const batchSize = o.batchSize ?? 25;
  const batches: (readonly [number, Record<string, number>])[][] = [];
  for (let i = 0; i < o.items.length; i += batchSize) batches.push(o.items.slice(i, i + batchSize));
  const count = Math.max(1, Math.min(o.workers, batches.length));
  const rows: SweepRow[] = [];
  return new Promise((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let failed = false;
    const workers: Worker[] = [];
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(err);
    };
    const feed = (w: Worker) => {
      if (next < batches.length) w.postMessage({ items: batches[next++] });
      else {
        w.postMessage({ stop: true });
        if (++finished === count) resolve(rows.sort((a, b) => a.index - b.index));
      }
    };
    for (let k = 0; k < count; k++) {
      const w = new Worker(script, { workerData: { configPath: o.configPath, strategy: o.strategy } });
      workers.push(w);
      w.on('message', (msg: { ready?: true; rows?: SweepRow[]; error?: string }) => {
        if (msg.error) return fail(new Error(`sweep worker: ${msg.error}`));
        if (msg.rows) {
          rows.push(...msg.rows);
          o.onProgress?.(rows.length, o.items.length);
        }
        feed(w);
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0 && !failed && finished < count) fail(new Error(`sweep worker exited with code ${code}`));
      });
    }
    if (o.items.length === 0) resolve([]);
  });
}
