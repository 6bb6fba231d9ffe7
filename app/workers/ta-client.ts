// Promise API over the technical-analysis worker.
import type { TaRequest, TaResponse, TaResult, WorkerBars } from './ta-messages.ts';

type Pending = { resolve: (v: TaResult | undefined) => void; reject: (e: Error) => void };
type Body = TaRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

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

  private send(body: Body): Promise<TaResult | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as TaRequest);
    });
  }

  /** Copies a series into the worker's wasm memory once; later computations on `key` copy nothing in. */
  async load(key: string, bars: WorkerBars): Promise<void> {
    await this.send({ kind: 'load', key, bars });
  }

  /** An indicator over a loaded series: its outputs by name (a single-output indicator under its id). */
  async compute(key: string, indicator: string, params?: object): Promise<TaResult> {
    return (await this.send({ kind: 'compute', key, indicator, params }))!;
  }

  async drop(key: string): Promise<void> {
    await this.send({ kind: 'drop', key });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
