/// <reference lib="webworker" />
// Runs the WASM indicator kernels off the UI thread. The .wasm is a real hashed asset
// (precached by the service worker), compiled with streaming compilation.
import wasmUrl from '../../wasm/build/ta.wasm?url';
import { ready } from '../../shared/indicators/kernels.ts';
import { sma } from '../../shared/indicators/sma.ts';
import type { TaRequest, TaResponse } from './ta-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

const loaded = WebAssembly.compileStreaming(fetch(wasmUrl)).then((m) => ready(m));

self.onmessage = async (event: MessageEvent<TaRequest>) => {
  const req = event.data;
  let res: TaResponse;
  try {
    await loaded;
    const result = sma({ close: req.values }, { period: req.period });
    res = { id: req.id, ok: true, result };
    self.postMessage(res, [result.buffer]);
    return;
  } catch (err) {
    res = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(res);
};
