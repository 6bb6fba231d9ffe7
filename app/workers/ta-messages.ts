// Messages between the UI thread and the technical-analysis worker.

export interface TaRequest {
  readonly id: number;
  readonly kind: 'sma';
  readonly values: Float64Array;
  readonly period: number;
}

export type TaResponse =
  | { readonly id: number; readonly ok: true; readonly result: Float64Array }
  | { readonly id: number; readonly ok: false; readonly error: string };
