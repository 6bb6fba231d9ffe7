// A sweep across Web Workers: navigator.hardwareConcurrency − 1 backtest workers (at least 1, at most 4),
// each sent the configuration and the bars once, then handed small batches of combinations as it frees
// up (the CLI's thread pool, bridge/backtest/sweep-pool.ts, does the same with Node threads). One
// progress count over all combinations; cancel terminates every worker and the run rejects with
// BacktestCancelled (the next run starts fresh workers).
import type { SweepRow } from '../../shared/engine/sweep.ts';
import { BacktestCancelled, type ProgressListener } from './backtest-client.ts';
import type { BacktestRequest, BacktestResponse, SweepWorkerRequest } from './backtest-messages.ts';

/** Workers for a sweep: one core is left to the page; at most 4. */
export function sweepWorkerCount(cores: number = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(4, Math.floor(cores) - 1));
}

export interface SweepRequest extends BacktestRequest {
  /** The combinations to run: [grid index, params]. */
  readonly items: readonly (readonly [number, Readonly<Record<string, number>>])[];
}

export class SweepPool {
  private workers: Worker[] = [];
  private stop: ((e: Error) => void) | undefined;

  constructor(readonly size: number = sweepWorkerCount()) {}

  get busy(): boolean {
    return this.stop !== undefined;
  }

  /** Runs every item; rows in grid order. A sweep still running is cancelled first. */
  run(req: SweepRequest, onProgress?: ProgressListener): Promise<SweepRow[]> {
    this.cancel();
    const { items, ...job } = req;
    const count = Math.max(1, Math.min(this.size, items.length));
    // Small batches: every worker gets several (a smooth progress bar), each shares its worker's indicator caches.
    const batchSize = Math.max(1, Math.min(25, Math.ceil(items.length / (count * 6))));
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += batchSize) batches.push(items.slice(i, i + batchSize));
    const rows: SweepRow[] = [];
    return new Promise<SweepRow[]>((resolve, reject) => {
      let next = 0;
      let idle = 0;
      const end = (err?: Error) => {
        if (this.stop !== stop) return;
        this.stop = undefined;
        this.dispose();
        if (err) reject(err);
        else resolve(rows.sort((a, b) => a.index - b.index));
      };
      const stop = (e: Error) => end(e);
      this.stop = stop;
      if (items.length === 0) return end();
      const feed = (w: Worker) => {
        if (next < batches.length) return w.postMessage({ kind: 'sweep-batch', items: batches[next++] } satisfies SweepWorkerRequest);
        if (++idle === count) end();
      };
      for (let k = 0; k < count; k++) {
        const w = new Worker(new URL('./backtest.worker.ts', import.meta.url), { type: 'module', name: `sweep-${k + 1}` });
        this.workers.push(w);
        w.onmessage = (e: MessageEvent<BacktestResponse>) => {
          const msg = e.data;
          if (msg.kind === 'error') return end(new Error(`sweep worker ${k + 1}: ${msg.error}`));
          if (msg.kind === 'sweep-rows') {
            rows.push(...msg.rows);
            onProgress?.(rows.length, items.length);
          }
          if (msg.kind === 'sweep-rows' || msg.kind === 'sweep-ready') feed(w);
        };
        w.onerror = (e) => end(new Error(`sweep worker ${k + 1} failed: ${e.message}`));
        w.postMessage({ kind: 'sweep-init', ...job } satisfies SweepWorkerRequest);
      }
    });
  }

  /** Stops the sweep in progress, terminating every worker (its promise rejects with BacktestCancelled); false when none was running. */
  cancel(): boolean {
    const stop = this.stop;
    if (!stop) return false;
    stop(new BacktestCancelled());
    return true;
  }

  private dispose(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}
