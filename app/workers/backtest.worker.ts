/// <reference lib="webworker" />
// Checks the lab's form (lab-form-rules.ts) and runs one backtest off the UI thread per request: the job built by the shared builder (the CLI's
// own, shared/engine/backtest-job.ts) from the configuration and the bars it was sent, run with
// progress messages, answered with the portfolio JSON and the curves (transferred, not copied).
// Cancelling is terminating this worker; the client starts a new one for the next run. A sweep's
// workers (sweep-pool.ts) check its form here and run its batches of combinations (shared/engine/sweep.ts).
import wasmUrl from '../../wasm/build/ta.wasm?url';
import { ready } from '../../shared/indicators/kernels.ts';
import { runBacktestJob } from '../../shared/engine/backtest-job.ts';
import { runSweepItems, type SweepBatch } from '../../shared/engine/sweep.ts';
import { portfolioJson, portfolioResult } from '../../shared/engine/backtest-result.ts';
import { checkForm } from '../lab/lab-form-rules.ts';
import { checkSweep } from '../lab/sweep-form-rules.ts';
import type { BacktestRequest, BacktestResponse, BacktestWorkerRequest, SweepWorkerRequest } from './backtest-messages.ts';
import { requestJob, requestSweepBatch } from './sweep-job.ts';

declare const self: DedicatedWorkerGlobalScope;

const loaded = WebAssembly.compileStreaming(fetch(wasmUrl)).then((m) => ready(m));

const post = (msg: BacktestResponse, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

async function run(req: BacktestRequest): Promise<void> {
  await loaded;
  const job = await requestJob(req);
  const result = portfolioResult(runBacktestJob(job, { onProgress: (done, total) => post({ kind: 'progress', done, total }) }), job.market, job.benchmark.bars);
  const json = portfolioJson(result);
  const times = result.times.slice();
  const equity = result.equity.slice();
  post({ kind: 'done', json, times, equity, warmup: result.warmup }, [times.buffer, equity.buffer]);
}

// A sweep's worker: built once by 'sweep-init', then runs each 'sweep-batch' on the same batch.
let sweep: Promise<SweepBatch> | undefined;

async function sweepStep(req: Exclude<SweepWorkerRequest, { kind: 'check-sweep' }>): Promise<void> {
  if (req.kind === 'sweep-init') {
    sweep = loaded.then(() => requestSweepBatch(req));
    await sweep;
    return post({ kind: 'sweep-ready' });
  }
  if (!sweep) throw new Error('sweep-batch before sweep-init');
  post({ kind: 'sweep-rows', rows: runSweepItems(await sweep, req.items) });
}

self.onmessage = (event: MessageEvent<BacktestWorkerRequest>) => {
  const req = event.data;
  if (req.kind === 'check') return post({ kind: 'checked', id: req.id, check: checkForm(req.form) });
  if (req.kind === 'check-sweep') return post({ kind: 'sweep-checked', id: req.id, check: checkSweep(req.form) });
  if (req.kind === 'sweep-init' || req.kind === 'sweep-batch') {
    return void sweepStep(req).catch((err: unknown) => post({ kind: 'error', error: err instanceof Error ? err.message : String(err) }));
  }
  run(req).catch((err: unknown) => post({ kind: 'error', error: err instanceof Error ? err.message : String(err) }));
};
