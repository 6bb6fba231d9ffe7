// Input validation shared by the signal rules: equal-length columns, a finite level.
import { ParameterError } from '../errors.ts';

/** Throws a ParameterError unless every column has the length of the first; returns that length. */
export function commonLength(owner: string, columns: Readonly<Record<string, ArrayLike<number>>>): number {
  let n = -1;
  let first = '';
  for (const [name, col] of Object.entries(columns)) {
    if (n < 0) {
      n = col.length;
      first = name;
    } else if (col.length !== n) {
      throw new ParameterError(owner, name, `has ${col.length} values but '${first}' has ${n} (expected one per bar)`);
    }
  }
  return Math.max(0, n);
}

export function checkFinite(owner: string, param: string, v: number): void {
  if (!Number.isFinite(v)) throw new ParameterError(owner, param, `is ${v} (expected a finite number)`);
}
