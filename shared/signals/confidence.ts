// The one confidence rule all signal rules share: the overshoot past the line, in units of a
// scale, clamped to [0, 1] — linear (so a hand check is a division), monotone, saturating.
import { ParameterError } from '../errors.ts';
import type { SeriesRef } from '../strategies/strategy.ts';

/**
 * The overshoot past the line that earns confidence 1: a constant or a per-bar series (e.g. ATR(14))
 * in the inputs' units. A per-bar value that is NaN or negative makes that bar HOLD.
 */
export type Scale = number | Float64Array;
/** The at-bar form of a scale: a constant or a series read at the current bar (`at(0)`). */
export type ScaleRef = number | SeriesRef;

/**
 * `min(1, overshoot / unit)`: 0 for an overshoot <= 0, 1 for a positive overshoot over a unit of 0,
 * NaN when the unit is NaN or negative (the caller turns the bar into HOLD).
 */
export function overshootConfidence(overshoot: number, unit: number): number {
  if (!(unit >= 0)) return NaN;
  if (!(overshoot > 0)) return 0;
  if (unit === 0) return 1;
  const c = overshoot / unit;
  return c < 1 ? c : 1;
}

/** Rejects a constant scale that is negative or not finite, and a per-bar one of the wrong length. */
export function checkScale(owner: string, scale: Scale | ScaleRef | undefined, n?: number): void {
  if (typeof scale === 'number') {
    if (!(scale >= 0) || scale === Infinity) throw new ParameterError(owner, 'scale', `is ${scale} (expected a finite number >= 0)`);
  } else if (scale instanceof Float64Array && n !== undefined && scale.length !== n) {
    throw new ParameterError(owner, 'scale', `has ${scale.length} values (expected one per bar: ${n})`);
  }
}

/** The unit at bar `i` of a batch scale, or `fallback` when no scale was given. */
export function unitAt(scale: Scale | undefined, i: number, fallback: number): number {
  return scale === undefined ? fallback : typeof scale === 'number' ? scale : scale[i];
}

/** The unit at the current bar of an at-bar scale, or `fallback` when no scale was given. */
export function unitNow(scale: ScaleRef | undefined, fallback: number): number {
  return scale === undefined ? fallback : typeof scale === 'number' ? scale : scale.at(0);
}
