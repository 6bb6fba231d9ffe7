// Mapping higher-timeframe bars onto a lower timeframe without look-ahead: a higher bar becomes
// visible only from the first lower bar that starts at or after the higher bar's end.

import type { BarSeries } from '../data/bar-series.ts';
import { ParameterError } from '../errors.ts';

/**
 * For each bar j of `lower`, the index of the last `higher` bar with `end <= lower.time[j]`
 * (the newest completed higher bar), or -1 when none has completed yet. O(n + m) merge walk;
 * both series must be in ascending time order.
 */
export function alignIndex(higher: BarSeries, lower: BarSeries): Int32Array {
  const out = new Int32Array(lower.length);
  const hEnd = higher.end;
  const hLen = higher.length;
  const lTime = lower.time;
  let h = -1;
  for (let j = 0; j < lower.length; j++) {
    const t = lTime[j];
    while (h + 1 < hLen && hEnd[h + 1] <= t) h++;
    out[j] = h;
  }
  return out;
}

/**
 * Projects per-bar `values` of `higher` (e.g. a daily indicator) onto `lower`: the value of the
 * newest completed higher bar (see `alignIndex`), NaN before the first one completes.
 */
export function alignToLower(higher: BarSeries, values: Float64Array, lower: BarSeries): Float64Array {
  if (values.length !== higher.length) {
    throw new ParameterError('alignToLower', 'values', `has ${values.length} entries (expected one per higher bar: ${higher.length})`);
  }
  const index = alignIndex(higher, lower);
  const out = new Float64Array(index.length);
  for (let j = 0; j < index.length; j++) out[j] = index[j] < 0 ? NaN : values[index[j]];
  return out;
}
