// Indicator parameters: their specification (for the catalog, the UI and the config validator)
// and validation with errors that name the parameter and its valid range.
import { ParameterError } from '../errors.ts';

export type ParamSpec =
  | { readonly kind: 'int'; readonly default: number; readonly min: number; readonly max: number; readonly doc: string }
  | {
      readonly kind: 'float';
      readonly default: number;
      readonly min: number;
      readonly max: number;
      /** true: the minimum itself is not allowed (e.g. a multiplier > 0). */
      readonly minExclusive?: boolean;
      readonly doc: string;
    }
  | {
      readonly kind: 'floats';
      readonly default: readonly number[];
      readonly min: number;
      readonly max: number;
      readonly maxCount: number;
      readonly doc: string;
    };

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The validated values of a spec's parameters. */
export type ParamValues<S extends ParamSpecs> = {
  readonly [K in keyof S]: S[K] extends { kind: 'floats' } ? readonly number[] : number;
};

export function describeRange(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
      return `an integer in [${spec.min}, ${spec.max}]`;
    case 'float':
      return `a number in ${spec.minExclusive ? '(' : '['}${spec.min}, ${spec.max}]`;
    case 'floats':
      return `a list of 1 to ${spec.maxCount} numbers in [${spec.min}, ${spec.max}]`;
  }
}

function validOne(spec: ParamSpec, v: unknown): boolean {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (spec.kind === 'int' && !Number.isInteger(v)) return false;
  const exclusive = spec.kind === 'float' && spec.minExclusive === true;
  if (exclusive ? v <= spec.min : v < spec.min) return false;
  return v <= spec.max;
}

/** Applies defaults and validates `given` against `specs`; throws a ParameterError naming the parameter. */
export function resolveParams<S extends ParamSpecs>(owner: string, specs: S, given: object | undefined): ParamValues<S> {
  const input = (given ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(key in specs)) {
      throw new ParameterError(owner, key, `is unknown (valid parameters: ${Object.keys(specs).join(', ') || 'none'})`);
    }
  }
  const out: Record<string, number | readonly number[]> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const v = input[name] === undefined ? spec.default : input[name];
    if (spec.kind === 'floats') {
      const ok = Array.isArray(v) && v.length >= 1 && v.length <= spec.maxCount && v.every((x) => validOne(spec, x));
      if (!ok) throw new ParameterError(owner, name, `must be ${describeRange(spec)}, got ${JSON.stringify(v)}`);
      out[name] = Object.freeze([...(v as number[])]);
    } else {
      if (!validOne(spec, v)) throw new ParameterError(owner, name, `must be ${describeRange(spec)}, got ${String(v)}`);
      out[name] = v as number;
    }
  }
  return out as ParamValues<S>;
}

/** Shorthands used by the indicator specs. */
export const period = (def: number, doc = 'window length in bars'): ParamSpec => ({ kind: 'int', default: def, min: 1, max: 100_000, doc });
export const multiplier = (def: number, doc: string): ParamSpec => ({ kind: 'float', default: def, min: 0, max: 1000, doc });
