// How strategies get indicators. For a replay the whole series is known, so each declared indicator is
// computed once in batch (bit-identical to streaming, per the indicator contract) and read at the
// current bar only — `at(back)` can never reach a future bar. A paper run (docs/trading-model.md §9.5)
// writes each bar in as it arrives and refreshes the arrays in place.
import { compute, specByName } from '../indicators/catalog.ts';
import type { BarColumns } from '../indicators/inputs.ts';
import type { SeriesRef } from '../strategies/strategy.ts';

/** The engine's position in the series, shared by every SeriesRef. */
export interface BarCursor {
  i: number;
}

/** A column read relative to the cursor (NaN before the first bar). */
export class ColumnRef implements SeriesRef {
  constructor(
    private readonly values: Float64Array,
    private readonly cursor: BarCursor,
  ) {}
  at(back = 0): number {
    if (!(back >= 0)) throw new RangeError(`at(${back}): a strategy can only look back (back >= 0), never ahead`);
    const j = this.cursor.i - back;
    return j >= 0 ? this.values[j] : Number.NaN;
  }
}

/** Batch indicator arrays cached by name and parameters (a sweep shares one cache across runs). */
export class IndicatorCache {
  private readonly arrays = new Map<string, Float64Array>();
  /** How each cached array was computed (refresh computes it again). */
  private readonly inputs = new Map<string, { readonly id: string; readonly params: object | undefined; readonly output: string | undefined }>();
  constructor(readonly bars: BarColumns) {}

  /**
   * A live driver wrote new bars into the columns: every cached array is computed again and written
   * into the same array, so the strategies' references stay valid. Causal indicators leave the values
   * of earlier bars unchanged.
   */
  refresh(): void {
    for (const [key, arr] of this.arrays) {
      const { id, params, output } = this.inputs.get(key)!;
      const result = compute(id, this.bars, params);
      arr.set(result instanceof Float64Array ? result : result[output!]);
    }
  }

  get(name: string, params: object | undefined, output: string | undefined): Float64Array {
    const spec = specByName(name);
    const key = `${spec.id}|${JSON.stringify(params ?? {})}|${output ?? ''}`;
    let arr = this.arrays.get(key);
    if (!arr) {
      const result = compute(spec.id, this.bars, params);
      if (result instanceof Float64Array) {
        if (output !== undefined && output !== 'value') throw new Error(`${spec.name} has a single output; '${output}' does not exist`);
        arr = result;
      } else {
        const names = Object.keys(result);
        if (output === undefined || !(output in result)) {
          throw new Error(`${spec.name} has outputs ${names.join(', ')}: name the one to read (got ${output ?? 'none'})`);
        }
        arr = result[output];
      }
      this.arrays.set(key, arr);
      this.inputs.set(key, { id: spec.id, params, output: result instanceof Float64Array ? undefined : output });
    }
    return arr;
  }
}

/** Leading NaN of an array (the bar before which an indicator has no value). */
export function firstDefined(values: Float64Array): number {
  let i = 0;
  while (i < values.length && Number.isNaN(values[i])) i++;
  return i;
}
