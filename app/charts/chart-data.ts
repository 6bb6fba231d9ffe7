// Adapters from engine arrays (NaN for "no value") to uPlot's columns (null for gaps).
// NaN in a uPlot series poisons its y auto-range, so this is the last step before the chart.

/** Copies a column into a plain array with NaN turned into null. */
export function gapsAsNull(values: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isNaN(v) ? null : v;
  }
  return out;
}

/** Epoch-ms times to uPlot's epoch seconds. */
export function msToSeconds(times: Float64Array): Float64Array {
  const out = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) out[i] = times[i] / 1000;
  return out;
}
