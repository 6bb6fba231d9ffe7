// Both sides of a benchmark worker thread (measure.ts's BlockRunner across threads): the worker
// serves named functions, the parent asks for a block of runs of one and gets the mean time per run.
import { parentPort, Worker } from 'node:worker_threads';
import { local, type BlockRunner } from './measure.ts';

/** In the worker: answers `{ name, runs }` with `{ ms }` (mean per run) or `{ error }`. */
export function serveBlocks(fns: Record<string, () => unknown>): void {
  parentPort!.on('message', (msg: { name: string; runs: number }) => {
    const fn = fns[msg.name];
    if (!fn) return parentPort!.postMessage({ error: `no function '${msg.name}' (${Object.keys(fns).join(', ')})` });
    parentPort!.postMessage({ ms: local(fn)(msg.runs) });
  });
}

export interface BlockWorker {
  /** What the worker said first (`{ ready: true, … }`). */
  readonly hello: Record<string, unknown>;
  runner(name: string): BlockRunner;
  stop(): Promise<number>;
}

/** In the parent: starts `script` (a bundled worker) and waits for its first message. */
export async function startBlockWorker(script: string, workerData: unknown): Promise<BlockWorker> {
  const worker = new Worker(script, { workerData });
  let failure: Error | undefined;
  worker.on('error', (e) => (failure = e));
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (failure) return reject(failure);
      const onError = (e: Error) => reject(e);
      worker.once('error', onError);
      worker.once('message', (m: Record<string, unknown>) => {
        worker.off('error', onError);
        resolve(m);
      });
    });
  const hello = await next();
  return {
    hello,
    runner: (name) => async (runs) => {
      const answer = next();
      worker.postMessage({ name, runs });
      const m = await answer;
      if (typeof m.error === 'string') throw new Error(`benchmark worker: ${m.error}`);
      return m.ms as number;
    },
    stop: () => worker.terminate(),
  };
}
