// Promise API over the backtest worker: one run at a time, with progress; cancel terminates the
// worker (a run cannot be interrupted from inside) and the next run starts a fresh one.
import type { FormCheck, LabForm } from '../lab/lab-form.ts';
import type { SweepCheck } from '../lab/sweep-form.ts';
import type { BacktestOutcome, BacktestRequest, BacktestResponse, BacktestWorkerRequest } from './backtest-messages.ts';

/** The rejection of a run that was cancelled (or replaced by a newer run). */
export class BacktestCancelled extends Error {
  override readonly name = 'BacktestCancelled';
  constructor() {
    super('backtest cancelled');
  }
}

export type ProgressListener = (done: number, total: number) => void;

interface Running {
  readonly reject: (e: Error) => void;
}

export class BacktestClient {
  private worker: Worker | undefined;
  private running: Running | undefined;
  private checks = 0;

  /** Whether a run is in progress. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  private spawn(): Worker {
    return (this.worker ??= new Worker(new URL('./backtest.worker.ts', import.meta.url), { type: 'module', name: 'backtest' }));
  }

  /** Runs one backtest; a run still in progress is cancelled first. */
  run(req: BacktestRequest, onProgress?: ProgressListener): Promise<BacktestOutcome> {
    this.cancel();
    const worker = this.spawn();
    return new Promise<BacktestOutcome>((resolve, reject) => {
      const running: Running = { reject };
      this.running = running;
      const finish = () => {
        if (this.running === running) this.running = undefined;
        worker.onmessage = null;
        worker.onerror = null;
      };
      worker.onmessage = (e: MessageEvent<BacktestResponse>) => {
        const msg = e.data;
        if (msg.kind === 'checked' || msg.kind === 'sweep-checked') return;
        if (msg.kind === 'progress') return onProgress?.(msg.done, msg.total);
        finish();
        if (msg.kind === 'done') resolve({ json: msg.json, times: msg.times, equity: msg.equity, warmup: msg.warmup });
        else if (msg.kind === 'error') reject(new Error(msg.error));
      };
      worker.onerror = (e) => {
        finish();
        this.dispose();
        reject(new Error(`backtest worker failed: ${e.message}`));
      };
      worker.postMessage({ kind: 'run', ...req } satisfies BacktestWorkerRequest);
    });
  }

  /** Checks the lab's form in the worker (the configuration's rules live there, not on the page). */
  check(form: LabForm): Promise<FormCheck> {
    const id = ++this.checks;
    return this.ask({ kind: 'check', id, form }, (m) => (m.kind === 'checked' && m.id === id ? m.check : undefined));
  }

  /** Checks a sweep's form (ranges in place of values: app/lab/sweep-form-rules.ts) in the worker. */
  checkSweep(form: LabForm): Promise<SweepCheck> {
    const id = ++this.checks;
    return this.ask({ kind: 'check-sweep', id, form }, (m) => (m.kind === 'sweep-checked' && m.id === id ? m.check : undefined));
  }

  /** Posts `msg` and resolves with the first answer `pick` takes. */
  private ask<T>(msg: BacktestWorkerRequest, pick: (m: BacktestResponse) => T | undefined): Promise<T> {
    const worker = this.spawn();
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
      const onMessage = (e: MessageEvent<BacktestResponse>) => {
        const answer = pick(e.data);
        if (answer === undefined) return;
        done();
        resolve(answer);
      };
      const onError = (e: ErrorEvent) => {
        done();
        this.dispose();
        reject(new Error(`backtest worker failed: ${e.message}`));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage(msg);
    });
  }

  /** Stops the run in progress (its promise rejects with BacktestCancelled); false when none was running. */
  cancel(): boolean {
    const running = this.running;
    if (!running) return false;
    this.running = undefined;
    this.dispose();
    running.reject(new BacktestCancelled());
    return true;
  }

  /** Ends the worker (a later run starts a new one). */
  terminate(): void {
    this.cancel();
    this.dispose();
  }

  private dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
