/// <reference lib="webworker" />
// Runs the WASM indicator kernels off the UI thread. The .wasm is a real hashed asset (precached by
// the service worker), compiled with streaming compilation. Loaded series stay resident in wasm
// memory, so repeated indicator computations on them copy nothing in.
import wasmUrl from '../../wasm/build/ta.wasm?url';
import { ready } from '../../shared/indicators/kernels.ts';
import { ResidentBars } from '../../shared/indicators/resident.ts';
import { compute, specByName } from '../../shared/indicators/catalog.ts';
import type { TaRequest, TaResponse, TaResult } from './ta-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

const loaded = WebAssembly.compileStreaming(fetch(wasmUrl)).then((m) => ready(m));
const series = new Map<string, ResidentBars>();

function handle(req: TaRequest): TaResult | undefined {
  switch (req.kind) {
    case 'load': {
      series.get(req.key)?.dispose();
      series.set(req.key, new ResidentBars(req.bars));
      return undefined;
    }
    case 'drop': {
      series.get(req.key)?.dispose();
      series.delete(req.key);
      return undefined;
    }
    case 'compute': {
      const bars = series.get(req.key);
      if (!bars) throw new Error(`no series loaded under '${req.key}'`);
      const out = compute(req.indicator, bars, req.params);
      return out instanceof Float64Array ? { [specByName(req.indicator).id]: out } : out;
    }
  }
}

self.onmessage = async (event: MessageEvent<TaRequest>) => {
  const req = event.data;
  let res: TaResponse;
  try {
    await loaded;
    const result = handle(req);
    res = { id: req.id, ok: true, result };
    self.postMessage(res, result ? Object.values(result).map((a) => a.buffer as ArrayBuffer) : []);
    return;
  } catch (err) {
    res = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(res);
};
