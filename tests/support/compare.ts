// The comparison rule of indicator-conventions §6: exact leading-NaN count, then
// |v − ref| ≤ 1e-9 · max(|v|, |ref|, S), S = max |ref| of that output over the series.

export interface Mismatch {
  readonly index: number;
  readonly actual: number;
  readonly expected: number;
  readonly message: string;
}

export function leadingNaN(a: ArrayLike<number>): number {
  let i = 0;
  while (i < a.length && Number.isNaN(a[i])) i++;
  return i;
}

/** The first violation of the §6 rule (with the given relative tolerance), or null. */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9): Mismatch | null {
  if (actual.length !== expected.length) return { index: -1, actual: actual.length, expected: expected.length, message: `length ${actual.length}, expected ${expected.length}` };
  const lead = leadingNaN(expected);
  const got = leadingNaN(actual);
  if (got !== lead) return { index: Math.min(got, lead), actual: got, expected: lead, message: `warm-up: expected ${lead} leading NaN, got ${got}` };
  let scale = 0;
  for (let i = lead; i < expected.length; i++) if (Math.abs(expected[i]) > scale) scale = Math.abs(expected[i]);
  for (let i = lead; i < expected.length; i++) {
    const v = actual[i];
    const r = expected[i];
    if (Number.isNaN(v) && Number.isNaN(r)) continue;
    if (!(Math.abs(v - r) <= rel * Math.max(Math.abs(v), Math.abs(r), scale))) {
      return { index: i, actual: v, expected: r, message: `bar ${i}: ${v} vs ${r} (rel ${(Math.abs(v - r) / Math.max(Math.abs(r), 1e-300)).toExponential(2)})` };
    }
  }
  return null;
}

/**
 * A stricter rule for our own references: relative 1e-9 against the local magnitude only
 * (max(|v|, |ref|, floor)), so drift in a low-price stretch after a high-price one is caught.
 */
export function firstMismatchLocal(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: ArrayLike<number> | number, rel = 1e-9): Mismatch | null {
  const lead = leadingNaN(expected);
  const got = leadingNaN(actual);
  if (got !== lead) return { index: Math.min(got, lead), actual: got, expected: lead, message: `warm-up: expected ${lead} leading NaN, got ${got}` };
  for (let i = lead; i < expected.length; i++) {
    const v = actual[i];
    const r = expected[i];
    if (Number.isNaN(v) && Number.isNaN(r)) continue;
    const f = typeof floor === 'number' ? floor : floor[i];
    if (!(Math.abs(v - r) <= rel * Math.max(Math.abs(v), Math.abs(r), f))) {
      return { index: i, actual: v, expected: r, message: `bar ${i}: ${v} vs ${r}` };
    }
  }
  return null;
}
