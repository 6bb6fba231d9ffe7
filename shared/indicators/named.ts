// Small helpers the per-indicator modules share.
import type { IndicatorSpec } from './spec.ts';

/** Zips output names with the batch arrays: `{ macd, signal, hist }`. */
export function named<O extends string>(names: readonly O[], arrays: Float64Array[]): { readonly [K in O]: Float64Array } {
  const out = {} as Record<O, Float64Array>;
  names.forEach((name, i) => (out[name] = arrays[i]));
  return out;
}

/** `() => ['value']` for single-output specs. */
export const SINGLE = (): readonly ['value'] => ['value'];

/** Type guard helper: a spec list typed loosely for the catalog. */
export type AnySpec = IndicatorSpec<any>;
