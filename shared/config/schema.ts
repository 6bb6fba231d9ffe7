// A tiny schema DSL for validated configuration: each schema checks a value found at a key path and
// returns it normalised, or throws a SchemaError that says what was expected and what was found.
import { TomlDate } from 'smol-toml';
import { closest } from './suggest.ts';
import { formatKeyPath, type KeySegment } from './toml-key-lines.ts';

/** Where a value sits in the document: `['symbols', 'SPY', 'delta']`, `['x', 0, 'y']`. */
export type KeyPath = readonly KeySegment[];

/** A validation failure at `path`; `problem` reads e.g. `must be a number in (0, 1), got 1.2`. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  constructor(
    readonly path: KeyPath,
    readonly problem: string,
  ) {
    super(`${formatKeyPath(path)}: ${problem}`);
  }
}

/** What to do when an object key is absent: fail (required), leave it out, or use a default. */
export type Missing = { readonly kind: 'required' } | { readonly kind: 'omit' } | { readonly kind: 'default'; readonly raw: unknown };

/** Validates and normalises one value. */
export interface Schema<T> {
  /** A valid value in words, e.g. `a number in (0, 1)`. */
  readonly expected: string;
  /** What an enclosing object does when the key is absent (default: required). */
  readonly missing?: Missing;
  /** Returns the normalised value, or throws a SchemaError at `path`. */
  parse(value: unknown, path: KeyPath): T;
}

/** A schema whose key may be absent from its object (the output property is then optional). */
export interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}

/** The value type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** The fields of an object schema. */
export type Shape = { readonly [key: string]: Schema<unknown> };

/** Flattens an intersection into one object type (for readable hovers). */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];

/** The object type an object schema with fields `S` produces. */
export type InferShape<S extends Shape> = Simplify<
  { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { -readonly [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** Describes a found value for messages: `1.2`, `the string "abc"`, `a table`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'nan' : Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : '-inf';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'bigint') return `${value}`;
  if (value instanceof TomlDate) {
    const kind = value.isDate() ? 'date' : value.isTime() ? 'time' : 'date-time';
    return `the ${kind} ${value.toISOString().replace(/\.000(?=Z|[+-]|$)/, '')}`;
  }
  if (value instanceof Date) return `the date-time ${value.toISOString()}`;
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return String(value);
}

function fail(path: KeyPath, expected: string, value: unknown, hint = ''): never {
  throw new SchemaError(path, `must be ${expected}, got ${describeValue(value)}${hint}`);
}

/** A TOML table (a plain object, not an array or date). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Bounds of a number: `gt`/`lt` exclusive, `gte`/`lte` inclusive. */
export interface Bounds {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
}

/** `in (0, 1]`, `> 0`, `>= 1`, or '' for no bounds. */
function describeBounds(b: Bounds): string {
  const lo = b.gt ?? b.gte;
  const hi = b.lt ?? b.lte;
  if (lo !== undefined && hi !== undefined) return ` in ${b.gt !== undefined ? '(' : '['}${lo}, ${hi}${b.lt !== undefined ? ')' : ']'}`;
  if (b.gt !== undefined) return ` > ${b.gt}`;
  if (b.gte !== undefined) return ` >= ${b.gte}`;
  if (b.lt !== undefined) return ` < ${b.lt}`;
  if (b.lte !== undefined) return ` <= ${b.lte}`;
  return '';
}

function withinBounds(v: number, b: Bounds): boolean {
  return (b.gt === undefined || v > b.gt) && (b.gte === undefined || v >= b.gte) && (b.lt === undefined || v < b.lt) && (b.lte === undefined || v <= b.lte);
}

/** A hint for a number written in quotes: `"0.5"`. */
function quotedNumberHint(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? ' (write numbers without quotes)' : '';
}

/** A finite number within `bounds`. */
export function number(bounds: Bounds = {}): Schema<number> {
  const expected = `a number${describeBounds(bounds)}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isFinite(value) || !withinBounds(value, bounds)) fail(path, expected, value, quotedNumberHint(value));
      return value;
    },
  };
}

/** A whole number within `bounds` (TOML `3.0` counts as the integer 3). */
export function integer(bounds: Bounds = {}): Schema<number> {
  const expected = `an integer${describeBounds(bounds)}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isInteger(value) || !withinBounds(value, bounds)) fail(path, expected, value, quotedNumberHint(value));
      return value;
    },
  };
}

/** A string, optionally matching `pattern` (described in messages by `what`). */
export function string(pattern?: { readonly re: RegExp; readonly what: string }): Schema<string> {
  const expected = pattern ? pattern.what : 'a string';
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'string' || (pattern !== undefined && !pattern.re.test(value))) fail(path, expected, value);
      return value;
    },
  };
}

/** `true` or `false`. */
export function boolean(): Schema<boolean> {
  const expected = 'a boolean (true or false)';
  return {
    expected,
    parse(value, path) {
      if (typeof value !== 'boolean') fail(path, expected, value);
      return value;
    },
  };
}

/** One of the given strings (case-sensitive; a near miss gets a did-you-mean). */
export function oneOf<const V extends string>(values: readonly V[]): Schema<V> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as V;
      const guess = typeof value === 'string' ? closest(value, values) : undefined;
      return fail(path, expected, value, guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : '');
    },
  };
}

/** A calendar date: a `YYYY-MM-DD` string or a TOML local date, normalised to `YYYY-MM-DD`. */
export function date(): Schema<string> {
  const expected = 'a date YYYY-MM-DD';
  return {
    expected,
    parse(value, path) {
      if (value instanceof TomlDate && value.isDate()) return value.toISOString();
      if (typeof value === 'string' && isCalendarDate(value)) return value;
      return fail(path, expected, value);
    },
  };
}

/** True for a real `YYYY-MM-DD` date (month 1–12, day within the month, leap years included). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/** An array whose every element matches `item`. */
export function arrayOf<T>(item: Schema<T>): Schema<T[]> {
  const expected = `an array of ${item.expected.replace(/^(a|an) /, '')} values`;
  return {
    expected,
    parse(value, path) {
      if (!Array.isArray(value)) fail(path, expected, value);
      return value.map((v, i) => item.parse(v, [...path, i]));
    },
  };
}

/** Accepts a value any of `schemas` accepts (the first that does wins). */
export function anyOf<T>(...schemas: readonly Schema<T>[]): Schema<T> {
  const expected = schemas.map((s) => s.expected).join(' or ');
  return {
    expected,
    parse(value, path) {
      for (const s of schemas) {
        try {
          return s.parse(value, path);
        } catch (e) {
          if (!(e instanceof SchemaError)) throw e;
        }
      }
      return fail(path, expected, value);
    },
  };
}

/** Lets the key be absent; the output property is then left out. */
export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  return { ...schema, missing: { kind: 'omit' }, optional: true };
}

/**
 * Lets the key be absent, in which case `raw` is validated in its place: `withDefault(integer(), 14)`;
 * `withDefault(object({...}), {})` materialises a section from its fields' own defaults.
 */
export function withDefault<T>(schema: Schema<T>, raw: unknown): Schema<T> {
  return { ...schema, missing: { kind: 'default', raw } };
}

/** Words for an object's keys in messages: `unknown key 'x' … valid keys: …`. */
export interface KeyNoun {
  readonly singular: string;
  readonly plural: string;
  /** Adjective of the list, e.g. `valid` (valid keys) or `known` (known strategies). */
  readonly listed: string;
}

const KEY: KeyNoun = { singular: 'key', plural: 'keys', listed: 'valid' };

/** An unknown key: names it, suggests the nearest valid one and lists them all. */
function unknownKey(path: KeyPath, key: string, valid: readonly string[], noun: KeyNoun): never {
  const guess = closest(key, valid);
  const hint = guess !== undefined ? `did you mean '${guess}'? ` : '';
  const list = valid.length > 0 ? `${noun.listed} ${noun.plural}: ${valid.join(', ')}` : `no ${noun.plural} are allowed here`;
  throw new SchemaError([...path, key], `unknown ${noun.singular} '${key}' (${hint}${list})`);
}

/** A table with exactly the fields of `shape` (unknown keys are errors), validated in document order. */
export function object<const S extends Shape>(shape: S, noun: KeyNoun = KEY): Schema<InferShape<S>> & { readonly shape: S } {
  const keys = Object.keys(shape);
  const expected = 'a table';
  return {
    expected,
    shape,
    parse(value, path) {
      if (!isTable(value)) fail(path, expected, value);
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (!Object.hasOwn(shape, key)) unknownKey(path, key, keys, noun);
        out[key] = shape[key].parse(v, [...path, key]);
      }
      for (const key of keys) {
        if (Object.hasOwn(value, key)) continue;
        const missing = shape[key].missing ?? { kind: 'required' };
        if (missing.kind === 'required') throw new SchemaError([...path, key], `missing required ${noun.singular} '${key}'`);
        if (missing.kind === 'default') out[key] = shape[key].parse(missing.raw, [...path, key]);
      }
      return out as InferShape<S>;
    },
  };
}

/** Old keys of a table and, for each, the problem to report: `(table) => 'put_delta was renamed: use …'` (`table` is the table's path). */
export type RenamedKeys = { readonly [oldKey: string]: (table: KeyPath) => string };

/**
 * `schema` (a table), refusing keys that were renamed or retired with a message naming what to write
 * instead — before the unknown-key check, so the old name never gets a did-you-mean to a wrong key.
 */
export function withRenamedKeys<S extends Schema<unknown>>(schema: S, renamed: RenamedKeys): S {
  return {
    ...schema,
    parse(value: unknown, path: KeyPath) {
      if (isTable(value)) for (const key of Object.keys(value)) if (Object.hasOwn(renamed, key)) throw new SchemaError([...path, key], renamed[key](path));
      return schema.parse(value, path);
    },
  };
}

/** `<old> was renamed: use <replacement>` (the replacement says where, e.g. `[symbols.SPY.puts] delta`). */
export function renamedTo(oldKey: string, replacement: string): string {
  return `${oldKey} was renamed: use ${replacement}`;
}

/** A table keyed by free-form names matching `key.re` (e.g. tickers), every value matching `item`. */
export function record<T>(key: { readonly re: RegExp; readonly what: string }, item: Schema<T>): Schema<Record<string, T>> {
  const expected = `a table keyed by ${key.what}`;
  return {
    expected,
    parse(value, path) {
      if (!isTable(value)) fail(path, expected, value);
      const out: Record<string, T> = {};
      for (const [k, v] of Object.entries(value)) {
        if (!key.re.test(k)) throw new SchemaError([...path, k], `key '${k}' must be ${key.what}`);
        out[k] = item.parse(v, [...path, k]);
      }
      return out;
    },
  };
}
