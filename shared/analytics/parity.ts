// The §7 parity rule. A number matches when |actual − expected| ≤ tol·max(1, |expected|)
// (tol = 1e-6); dates, sizes, bar indices, counts and integer day durations must be equal; an
// undefined value (null or NaN) matches only an undefined value. The trade count must match and
// the equity curve is compared bar by bar.

import { EXACT_KEYS } from './types.ts';

/** Either side of a comparison: the computed objects (NaN) or the JSON shape (null). Sections left out of `expected` are not compared. */
export interface ParityInput {
  readonly trades?: readonly object[];
  readonly stats?: object;
  readonly metrics?: object;
  readonly equity?: ArrayLike<number | null>;
}

export const PARITY_TOLERANCE = 1e-6;
const MAX_EQUITY_REPORTS = 10;

const isUndefinedValue = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));

/** The §7 test for one value; `exact` for dates and integers. */
export function valuesMatch(actual: unknown, expected: unknown, exact: boolean, tol = PARITY_TOLERANCE): boolean {
  if (isUndefinedValue(expected)) return isUndefinedValue(actual);
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (exact || !Number.isFinite(expected)) return actual === expected;
    return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
  }
  return actual === expected;
}

function show(v: unknown): string {
  if (v === undefined) return 'missing';
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function describe(path: string, actual: unknown, expected: unknown, exact: boolean, tol: number): string {
  let why = '';
  if (typeof actual === 'number' && typeof expected === 'number' && Number.isFinite(actual) && Number.isFinite(expected)) {
    const diff = Math.abs(actual - expected);
    why = exact ? ' (must be equal)' : ` (|Δ| ${diff.toExponential(2)} > ${(tol * Math.max(1, Math.abs(expected))).toExponential(2)})`;
  }
  return `${path}: ${show(actual)}, expected ${show(expected)}${why}`;
}

function compareRecord(section: string, actual: object, expected: object, tol: number, out: string[]): void {
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    const exact = EXACT_KEYS.has(key);
    if (!valuesMatch(a[key], e[key], exact, tol)) out.push(describe(`${section}.${key}`, a[key], e[key], exact, tol));
  }
  for (const key of Object.keys(a)) if (!(key in e)) out.push(`${section}.${key}: unexpected key`);
}

/** Readable differences between `actual` and `expected` under the §7 rule; [] when they match. */
export function parityMismatches(actual: ParityInput, expected: ParityInput, tol = PARITY_TOLERANCE): string[] {
  const out: string[] = [];
  if (expected.trades) {
    const at = actual.trades ?? [];
    if (at.length !== expected.trades.length) out.push(`trades: ${at.length} trades, expected ${expected.trades.length}`);
    const n = Math.min(at.length, expected.trades.length);
    for (let i = 0; i < n; i++) compareRecord(`trades[${i}]`, at[i], expected.trades[i], tol, out);
  }
  for (const section of ['stats', 'metrics'] as const) {
    const e = expected[section];
    if (!e) continue;
    const a = actual[section];
    if (!a) out.push(`${section}: missing`);
    else compareRecord(section, a, e, tol, out);
  }
  if (expected.equity) {
    const a = actual.equity ?? [];
    const e = expected.equity;
    if (a.length !== e.length) out.push(`equity: ${a.length} bars, expected ${e.length}`);
    let bad = 0;
    for (let i = 0; i < Math.min(a.length, e.length); i++) {
      if (valuesMatch(a[i], e[i], false, tol)) continue;
      if (bad++ < MAX_EQUITY_REPORTS) out.push(describe(`equity[${i}]`, a[i], e[i], false, tol));
    }
    if (bad > MAX_EQUITY_REPORTS) out.push(`equity: ${bad - MAX_EQUITY_REPORTS} more bars differ`);
  }
  return out;
}
