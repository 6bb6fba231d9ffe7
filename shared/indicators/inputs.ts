// Input columns for the indicator API: plain typed arrays, or a series already resident in wasm memory.
import { ParameterError } from '../errors.ts';
import type { InputColumn, IndicatorSpec } from './spec.ts';

/** Columns as the rest of the code holds them (any subset the indicator needs). */
export interface BarColumns {
  readonly open?: Float64Array;
  readonly high?: Float64Array;
  readonly low?: Float64Array;
  readonly close?: Float64Array;
  readonly volume?: Float64Array;
  readonly session?: Int32Array | Float64Array;
}

/** One bar for streaming `add`/`replace`; a bare number is a close. */
export type BarInput =
  | number
  | {
      readonly open?: number;
      readonly high?: number;
      readonly low?: number;
      readonly close?: number;
      readonly volume?: number;
      readonly session?: number;
    };

/** The columns a spec needs, checked for presence and equal length. */
export function requiredColumns(spec: IndicatorSpec, bars: BarColumns): { columns: ArrayLike<number>[]; n: number } {
  let n = -1;
  const columns = spec.inputs.map((name) => {
    const col = bars[name];
    if (!col) {
      const hint = name === 'session' ? ' (intraday bars carry it; daily bars have no sessions)' : '';
      throw new ParameterError(spec.name, 'bars', `needs a '${name}' column${hint}`);
    }
    if (n < 0) n = col.length;
    else if (col.length !== n) {
      throw new ParameterError(spec.name, 'bars', `column '${name}' has ${col.length} values but '${spec.inputs[0]}' has ${n}`);
    }
    return col;
  });
  return { columns, n: Math.max(0, n) };
}

/** The value of `name` in a streaming bar, or an error naming what is missing. */
export function barValue(spec: IndicatorSpec, bar: BarInput, name: InputColumn): number {
  if (typeof bar === 'number') {
    if (name === 'close') return bar;
    throw new ParameterError(spec.name, 'bar', `needs '${name}': pass an object with ${spec.inputs.join(', ')}`);
  }
  const v = bar[name];
  if (typeof v !== 'number') throw new ParameterError(spec.name, 'bar', `is missing '${name}' (needs ${spec.inputs.join(', ')})`);
  return v;
}
