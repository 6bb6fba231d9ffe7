/// <reference lib="webworker" />
// Checks the lab's form (lab-form-rules.ts) and runs one backtest off the UI thread per request: the job built by the shared builder (the CLI's
// own, shared/engine/backtest-job.ts) from the configuration and the bars it was sent, run with
// progress messages, answered with the portfolio JSON and the curves (transferred, not copied).
// Cancelling is terminating this worker; the client starts a new one for the next run.
import { stringify } from 'smol-toml';
import wasmUrl from '../../wasm/build/ta.wasm?url';
import { ready } from '../../shared/indicators/kernels.ts';
import { configDocument } from '../../shared/config/index.ts';
import { buildBacktestJob, runBacktestJob } from '../../shared/engine/backtest-job.ts';
import { portfolioJson, portfolioResult } from '../../shared/engine/backtest-result.ts';
import { checkForm } from '../lab/lab-form-rules.ts';
import type { BacktestRequest, BacktestResponse, BacktestWorkerRequest } from './backtest-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

const loaded = WebAssembly.compileStreaming(fetch(wasmUrl)).then((m) => ready(m));

const post = (msg: BacktestResponse, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

async function run(req: BacktestRequest): Promise<void> {
  await loaded;
  const text = typeof req.config === 'string' ? req.config : stringify(req.config);
  const job = await buildBacktestJob(configDocument(text, req.file ?? 'lab.toml'), (d, fail) => {
    const bars = req.bars[d.symbol];
    if (!bars) throw fail(`no bars were sent for ${d.symbol} (sent: ${Object.keys(req.bars).join(', ') || 'none'})`);
    return { bars, path: d.csv };
  });
  const result = portfolioResult(runBacktestJob(job, { onProgress: (done, total) => post({ kind: 'progress', done, total }) }), job.market, job.benchmark.bars);
  const json = portfolioJson(result);
  const times = result.times.slice();
  const equity = result.equity.slice();
  post({ kind: 'done', json, times, equity, warmup: result.warmup }, [times.buffer, equity.buffer]);
}

self.onmessage = (event: MessageEvent<BacktestWorkerRequest>) => {
  const req = event.data;
  if (req.kind === 'check') return post({ kind: 'checked', id: req.id, check: checkForm(req.form) });
  run(req).catch((err: unknown) => post({ kind: 'error', error: err instanceof Error ? err.message : String(err) }));
};
