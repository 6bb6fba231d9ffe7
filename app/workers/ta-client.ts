// Promise API over the technical-analysis worker.
import type { TaRequest, TaResponse } from './ta-messages.ts';

type Pending = { resolve: (v: Float64Array) => void; reject: (e: Error) => void };

export class TaClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL('./ta.worker.ts', import.meta.url), { type: 'module', name: 'ta' });
    this.worker.onmessage = (e: MessageEvent<TaResponse>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.result);
      else p.reject(new Error(e.data.error));
    };
    this.worker.onerror = (e) => {
      const err = new Error(`indicator worker failed: ${e.message}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  /** SMA(period) of `values`, computed by the WASM kernel in the worker. */
  sma(values: Float64Array, period: number): Promise<Float64Array> {
    const id = this.nextId++;
    const req: TaRequest = { id, kind: 'sma', values, period };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(req);
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
