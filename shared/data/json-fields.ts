// Reading untrusted JSON with errors that name the field path (`positions[3].marketPrice: expected a
// number, got "abc"`): one reader for every JSON input — the bridge's client messages
// (shared/protocol/validate.ts) and the wheel's account snapshots. Missing, mistyped or out-of-range
// fields throw; unknown fields are left alone (the caller decides whether they matter).

/** A bad field: its path from the document's root and what was wrong. */
export class JsonPathError extends Error {
  override readonly name: string = 'JsonPathError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** Size limits of one document's strings and lists, and the error its reader throws. */
export interface JsonLimits {
  readonly maxString: number;
  readonly maxList: number;
  readonly error: (path: string, problem: string) => Error;
}

const DEFAULT_LIMITS: JsonLimits = { maxString: 200, maxList: 100, error: (path, problem) => new JsonPathError(path, problem) };

export type JsonObject = Record<string, unknown>;

/** A value shown in a message (cut at 40 characters). */
export const showJson = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v); // 1e999 in JSON reads as Infinity
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

/** `base.key` or `base[i]`. */
export const joinPath = (base: string, key: string | number): string => (typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`);

/** Reads fields of one object, throwing the limits' error with the full path. */
export class JsonFields {
  readonly limits: JsonLimits;
  constructor(
    readonly obj: JsonObject,
    readonly base: string,
    limits: Partial<JsonLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }
  fail(key: string, problem: string): never {
    throw this.limits.error(joinPath(this.base, key), problem);
  }
  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }
  string(key: string, opts: { optional?: boolean; pattern?: RegExp; what?: string; empty?: boolean } = {}): string | undefined {
    const v = this.obj[key];
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${showJson(v)}`);
    if (v.length > this.limits.maxString) this.fail(key, `expected at most ${this.limits.maxString} characters, got ${v.length}`);
    if (v === '' && !opts.empty) this.fail(key, 'expected a non-empty string');
    if (opts.pattern && !(v === '' && opts.empty) && !opts.pattern.test(v)) this.fail(key, `expected ${opts.what ?? opts.pattern.source}, got ${showJson(v)}`);
    return v;
  }
  number(key: string, opts: { optional?: boolean; integer?: boolean; min?: number; max?: number; positive?: boolean } = {}): number | undefined {
    const v = this.obj[key];
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `expected a number, got ${showJson(v)}`);
    if (opts.integer && !Number.isSafeInteger(v)) this.fail(key, `expected an integer, got ${showJson(v)}`);
    if (opts.positive && !(v > 0)) this.fail(key, `expected a number > 0, got ${showJson(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail(key, `expected at least ${opts.min}, got ${showJson(v)}`);
    if (opts.max !== undefined && v > opts.max) this.fail(key, `expected at most ${opts.max}, got ${showJson(v)}`);
    return v;
  }
  boolean(key: string, optional = false): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'boolean') this.fail(key, `expected true or false, got ${showJson(v)}`);
    return v;
  }
  oneOf<T extends string>(key: string, values: readonly T[], optional = false): T | undefined {
    const v = this.obj[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) this.fail(key, `expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${showJson(v)}`);
    return v as T;
  }
  list(key: string, opts: { min?: number; max?: number } = {}): unknown[] {
    const v = this.obj[key];
    if (!Array.isArray(v)) this.fail(key, `expected a list, got ${showJson(v)}`);
    const max = opts.max ?? this.limits.maxList;
    if (v.length < (opts.min ?? 0)) this.fail(key, `expected at least ${opts.min} item${opts.min === 1 ? '' : 's'}, got none`);
    if (v.length > max) this.fail(key, `expected at most ${max} items, got ${v.length}`);
    return v;
  }
  /** A nested object, with its path. */
  object(key: string): JsonFields {
    const v = this.obj[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(key, `expected an object, got ${showJson(v)}`);
    return new JsonFields(v as JsonObject, joinPath(this.base, key), this.limits);
  }
  /** Each item of a list as an object, with its path. */
  objects(key: string, opts: { min?: number; max?: number } = {}): JsonFields[] {
    return this.list(key, opts).map((item, i) => {
      const path = joinPath(joinPath(this.base, key), i);
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw this.limits.error(path, `expected an object, got ${showJson(item)}`);
      return new JsonFields(item as JsonObject, path, this.limits);
    });
  }
  /** Each item of a list as a string, checked by `check` (which returns a reason or undefined). */
  strings(key: string, check: (s: string) => string | undefined, opts: { min?: number; max?: number } = {}): string[] {
    return this.list(key, opts).map((item, i) => {
      const path = joinPath(joinPath(this.base, key), i);
      if (typeof item !== 'string') throw this.limits.error(path, `expected a string, got ${showJson(item)}`);
      const problem = check(item);
      if (problem) throw this.limits.error(path, problem);
      return item;
    });
  }
  /** A field checked by a parser that returns a reason string when it fails. */
  parsed(key: string, parse: (s: string) => unknown): void {
    const v = this.string(key)!;
    const r = parse(v);
    if (typeof r === 'string') this.fail(key, r);
  }
}
