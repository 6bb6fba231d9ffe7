// Decoding of incoming protocol messages with errors that name the field path
// (docs/app-protocol.md §5): `subscriptions[2].topic: expected …`. Every client message is checked
// here, by the bridge on arrival (and usable by the app for the bridge's answers' shapes). Unknown
// fields are ignored (a newer minor may add some); missing, mistyped or out-of-range ones are not.
import { BAR_SIZE_CODES, parseInstrumentRef, parseTopic } from './topics.ts';
import { COMMAND_KINDS, type ClientMessage } from './messages.ts';

export class MessageError extends Error {
  override readonly name = 'MessageError';
  constructor(
    readonly path: string,
    readonly problem: string,
    /** The message's id (id / intentId / commandId) when it had a readable one. */
    readonly id?: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** Longest id, instrument text or other string field accepted. */
const MAX_STRING = 200;
const MAX_LIST = 100;

type Obj = Record<string, unknown>;

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};
const join = (base: string, key: string | number): string => (typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`);

/** Reads fields of one object, throwing MessageError with the full path. */
class Fields {
  constructor(
    readonly obj: Obj,
    readonly base: string,
  ) {}
  private fail(key: string, problem: string): never {
    throw new MessageError(join(this.base, key), problem);
  }
  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }
  string(key: string, opts: { optional?: boolean; pattern?: RegExp; what?: string; empty?: boolean } = {}): string | undefined {
    const v = this.obj[key];
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${show(v)}`);
    if (v.length > MAX_STRING) this.fail(key, `expected at most ${MAX_STRING} characters, got ${v.length}`);
    if (v === '' && !opts.empty) this.fail(key, 'expected a non-empty string');
    if (opts.pattern && !(v === '' && opts.empty) && !opts.pattern.test(v)) this.fail(key, `expected ${opts.what ?? opts.pattern.source}, got ${show(v)}`);
    return v;
  }
  number(key: string, opts: { optional?: boolean; integer?: boolean; min?: number; max?: number; positive?: boolean } = {}): number | undefined {
    const v = this.obj[key];
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `expected a number, got ${show(v)}`);
    if (opts.integer && !Number.isSafeInteger(v)) this.fail(key, `expected an integer, got ${show(v)}`);
    if (opts.positive && !(v > 0)) this.fail(key, `expected a number > 0, got ${show(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail(key, `expected at least ${opts.min}, got ${show(v)}`);
    if (opts.max !== undefined && v > opts.max) this.fail(key, `expected at most ${opts.max}, got ${show(v)}`);
    return v;
  }
  boolean(key: string, optional = false): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'boolean') this.fail(key, `expected true or false, got ${show(v)}`);
    return v;
  }
  oneOf<T extends string>(key: string, values: readonly T[], optional = false): T | undefined {
    const v = this.obj[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) this.fail(key, `expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${show(v)}`);
    return v as T;
  }
  list(key: string, opts: { min?: number; max?: number } = {}): unknown[] {
    const v = this.obj[key];
    if (!Array.isArray(v)) this.fail(key, `expected a list, got ${show(v)}`);
    const max = opts.max ?? MAX_LIST;
    if (v.length < (opts.min ?? 0)) this.fail(key, `expected at least ${opts.min} item${opts.min === 1 ? '' : 's'}, got none`);
    if (v.length > max) this.fail(key, `expected at most ${max} items, got ${v.length}`);
    return v;
  }
  /** Each item of a list as an object, with its path. */
  objects(key: string, opts: { min?: number; max?: number } = {}): Fields[] {
    return this.list(key, opts).map((item, i) => {
      const path = join(join(this.base, key), i);
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new MessageError(path, `expected an object, got ${show(item)}`);
      return new Fields(item as Obj, path);
    });
  }
  /** Each item of a list as a string, checked by `check` (which returns a reason or undefined). */
  strings(key: string, check: (s: string) => string | undefined, opts: { min?: number; max?: number } = {}): string[] {
    return this.list(key, opts).map((item, i) => {
      const path = join(join(this.base, key), i);
      if (typeof item !== 'string') throw new MessageError(path, `expected a string, got ${show(item)}`);
      const problem = check(item);
      if (problem) throw new MessageError(path, problem);
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

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
const ID_WHAT = 'an id of 1–100 letters, digits, . _ : -';
const DURATION = /^[1-9]\d{0,4} [SDWMY]$/;
const END = /^\d{8}-\d{2}:\d{2}:\d{2}$/;
const EXPIRY = /^\d{8}$/;

const topicProblem = (s: string): string | undefined => {
  const t = parseTopic(s);
  return typeof t === 'string' ? t : undefined;
};
const instrumentProblem = (s: string): string | undefined => {
  const r = parseInstrumentRef(s);
  return typeof r === 'string' ? r : undefined;
};

/** Parses one client frame; throws a MessageError naming the bad field. */
export function decodeClientMessage(text: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MessageError('$', 'not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MessageError('$', 'expected a JSON object');
  }
  const obj = value as Obj;
  const f = new Fields(obj, '');
  // The id travels with any error, so the client can match it to its request.
  const rawId = [obj.id, obj.intentId, obj.commandId].find((v) => typeof v === 'string' && ID.test(v)) as string | undefined;
  try {
    decodeFields(f);
  } catch (err) {
    if (err instanceof MessageError && rawId !== undefined) throw new MessageError(err.path, err.problem, rawId);
    throw err;
  }
  return obj as unknown as ClientMessage;
}

function decodeFields(f: Fields): void {
  f.string('type');
  switch (f.obj.type) {
    case 'hello':
      f.number('protocol');
      f.number('minor', { optional: true, integer: true, min: 0 });
      f.string('client');
      f.string('clientVersion');
      f.string('deviceId', { optional: true });
      return;
    case 'subscribe':
      f.string('id', { pattern: ID, what: ID_WHAT });
      for (const s of f.objects('subscriptions', { min: 1 })) s.parsed('topic', parseTopic);
      return;
    case 'unsubscribe':
      f.string('id', { pattern: ID, what: ID_WHAT });
      f.strings('topics', topicProblem, { min: 1 });
      return;
    case 'resync':
      f.string('id', { optional: true, pattern: ID, what: ID_WHAT });
      f.parsed('topic', parseTopic);
      f.number('lastSeq', { optional: true, integer: true, min: 0 });
      return;
    case 'historicalBars':
      f.string('id', { pattern: ID, what: ID_WHAT });
      f.parsed('instrument', parseInstrumentRef);
      f.oneOf('barSize', BAR_SIZE_CODES);
      f.string('duration', { pattern: DURATION, what: "a TWS duration like '2 D' (<n> S|D|W|M|Y)" });
      f.string('end', { optional: true, empty: true, pattern: END, what: 'YYYYMMDD-HH:MM:SS (UTC) or an empty string for now' });
      f.oneOf('whatToShow', ['TRADES', 'MIDPOINT', 'BID', 'ASK'], true);
      f.boolean('rth', true);
      return;
    case 'optionChain':
      f.string('id', { pattern: ID, what: ID_WHAT });
      f.parsed('symbol', (s) => {
        const r = parseInstrumentRef(s);
        return typeof r === 'string' || !('symbol' in r) ? `expected an upper-case symbol (e.g. SPY), got ${show(s)}` : r;
      });
      f.string('expiry', { optional: true, pattern: EXPIRY, what: 'YYYYMMDD' });
      f.number('strikes', { optional: true, integer: true, min: 1, max: 50 });
      return;
    case 'intent': {
      f.string('intentId', { pattern: ID, what: ID_WHAT });
      f.number('leaseToken', { optional: true, integer: true, min: 0 });
      f.string('strategyId', { optional: true, pattern: ID, what: ID_WHAT });
      f.number('createdAt', { integer: true, min: 0 });
      for (const leg of f.objects('legs', { min: 1, max: 8 })) {
        leg.parsed('instrument', (s) => instrumentProblem(s) ?? true);
        leg.oneOf('side', ['BUY', 'SELL']);
        leg.number('quantity', { integer: true, positive: true, max: 1_000_000 });
        const type = leg.oneOf('orderType', ['MKT', 'LMT', 'STP', 'STP LMT']);
        const needsLimit = type === 'LMT' || type === 'STP LMT';
        const needsStop = type === 'STP' || type === 'STP LMT';
        leg.number('limitPrice', { optional: !needsLimit, positive: true });
        leg.number('stopPrice', { optional: !needsStop, positive: true });
        if (!needsLimit && leg.has('limitPrice')) throw new MessageError(join(leg.base, 'limitPrice'), `not allowed for a ${type} order`);
        if (!needsStop && leg.has('stopPrice')) throw new MessageError(join(leg.base, 'stopPrice'), `not allowed for a ${type} order`);
        leg.oneOf('tif', ['DAY', 'GTC'], true);
      }
      return;
    }
    case 'command': {
      f.string('commandId', { pattern: ID, what: ID_WHAT });
      const kind = f.oneOf('kind', COMMAND_KINDS);
      if (kind === 'arm' || kind === 'disarm' || kind === 'acquireLease' || kind === 'renewLease' || kind === 'releaseLease') f.string('strategyId', { pattern: ID, what: ID_WHAT });
      if (kind === 'renewLease' || kind === 'releaseLease') f.number('leaseToken', { integer: true, min: 0 });
      if (kind === 'acquireLease') f.boolean('takeover', true);
      if (kind === 'setLimit') {
        f.string('limit', { pattern: /^[a-zA-Z][a-zA-Z0-9_]{0,40}$/, what: 'a limit name' });
        f.number('value', { min: 0 });
      }
      if (kind === 'cancel') f.string('intentId', { pattern: ID, what: ID_WHAT });
      return;
    }
    default:
      throw new MessageError('type', `unknown message type ${show(f.obj.type)}`);
  }
}
