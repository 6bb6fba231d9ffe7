// Test helpers for the signal tests: sample files, a SeriesRef over an array at a bar (the at-bar
// form's view), and slow independent references.
import { readFileSync } from 'node:fs';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { formatIsoDate, formatIsoDateTime } from '../../../shared/data/iso-time.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import type { SeriesRef } from '../../../shared/strategies/strategy.ts';

const cache = new Map<string, BarSeries>();

/** A file of data/samples, read with the project's reader (cached). */
export function sample(name: string): BarSeries {
  let s = cache.get(name);
  if (!s) {
    s = readBarsCsv(readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url), 'utf8'), name);
    cache.set(name, s);
  }
  return s;
}

/** `values` seen from bar `i`: at(0) = values[i], at(1) = values[i-1] (NaN before the start). */
export function refAt(values: Float64Array, i: number): SeriesRef {
  return { at: (back = 0) => (i - back >= 0 ? values[i - back] : NaN) };
}

/** Plain-loop SMA (NaN for the first period-1 values). */
export function slowSma(x: ArrayLike<number>, period: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = period - 1; i < x.length; i++) {
    let s = 0;
    for (let k = i - period + 1; k <= i; k++) s += x[k];
    out[i] = s / period;
  }
  return out;
}

export const dates = (s: BarSeries, idx: ArrayLike<number>): string[] => Array.from(idx, (i) => formatIsoDate(s.time[i]));

/** Local 'YYYY-MM-DD HH:MM' of an intraday bar. */
export const localTime = (s: BarSeries, i: number): string => formatIsoDateTime(s.time[i], s.utcOffsetMin![i]).slice(0, 16).replace('T', ' ');

/** Index of the bar whose local time is `when` ('YYYY-MM-DD HH:MM'), or throws. */
export function barAt(s: BarSeries, when: string): number {
  for (let i = 0; i < s.length; i++) if (localTime(s, i) === when) return i;
  throw new Error(`no bar at ${when}`);
}
