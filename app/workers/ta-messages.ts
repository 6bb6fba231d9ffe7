// Messages between the UI thread and the technical-analysis worker. Series are loaded once and
// stay resident in wasm memory under a key; computations name the key (no copy of the inputs).

export interface WorkerBars {
  readonly open?: Float64Array;
  readonly high?: Float64Array;
  readonly low?: Float64Array;
  readonly close?: Float64Array;
  readonly volume?: Float64Array;
  readonly session?: Int32Array;
}

export type TaRequest =
  | { readonly id: number; readonly kind: 'load'; readonly key: string; readonly bars: WorkerBars }
  | { readonly id: number; readonly kind: 'compute'; readonly key: string; readonly indicator: string; readonly params?: object }
  | { readonly id: number; readonly kind: 'drop'; readonly key: string };

export type TaResult = Readonly<Record<string, Float64Array>>;

export type TaResponse =
  | { readonly id: number; readonly ok: true; readonly result?: TaResult }
  | { readonly id: number; readonly ok: false; readonly error: string };
