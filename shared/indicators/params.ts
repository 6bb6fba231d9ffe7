import { ParameterError } from '../errors.ts';

/** Validates an integer parameter against [min, max] and returns it. */
export function intParam(owner: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ParameterError(owner, name, `must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}
