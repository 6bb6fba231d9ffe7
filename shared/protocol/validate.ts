// Decoding of incoming protocol messages with errors that name the field path
// (docs/app-protocol.md §5): `subscriptions[2].topic: expected …`. Every client message is checked
// here, by the bridge on arrival (and usable by the app for the bridge's answers' shapes). Unknown
// fields are ignored (a newer minor may add some); missing, mistyped or out-of-range ones are not.
import { BAR_SIZE_CODES, parseInstrumentRef, parseTopic } from './topics.ts';
import { COMMAND_KINDS, type ClientMessage } from './messages.ts';
import { STRATEGY_RUN_STATES, STRATEGY_SIGNALS_MAX, STRATEGY_TRACE_MAX, type StrategyRow } from './messages.ts';
import { STRATEGY_AGREEMENT_MAX } from './messages.ts';
import { JsonFields, JsonPathError, joinPath, showJson, type JsonObject } from '../data/json-fields.ts';

export class MessageError extends JsonPathError {
  override readonly name = 'MessageError';
  constructor(
    path: string,
    problem: string,
    /** The message's id (id / intentId / commandId) when it had a readable one. */
    readonly id?: string,
  ) {
    super(path, problem);
  }
}

/** The client messages' limits: longest id, instrument text or other string; longest list. */
const LIMITS = { maxString: 200, maxList: 100, error: (path: string, problem: string) => new MessageError(path, problem) };

type Fields = JsonFields;
const show = showJson;
const join = joinPath;

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
  const obj = value as JsonObject;
  const f = new JsonFields(obj, '', LIMITS);
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
    case 'clock':
      f.string('id', { pattern: ID, what: ID_WHAT });
      return;
    case 'optionChain':
      f.string('id', { pattern: ID, what: ID_WHAT });
      f.parsed('symbol', (s) => {
        const r = parseInstrumentRef(s);
        return typeof r === 'string' || !('symbol' in r) ? `expected an upper-case symbol (e.g. SPY), got ${show(s)}` : r;
      });
      f.string('expiry', { optional: true, pattern: EXPIRY, what: 'YYYYMMDD' });
      f.number('strikes', { optional: true, integer: true, min: 1, max: 50 });
      f.boolean('openInterest', true);
      return;
    case 'intent':
      f.string('intentId', { pattern: ID, what: ID_WHAT });
      decodeOrderFields(f, true);
      return;
    case 'preview':
      // Minor 2: an intent's fields under a request id, checked exactly as an intent's.
      f.string('id', { pattern: ID, what: ID_WHAT });
      decodeOrderFields(f, false);
      return;
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
      if (kind === 'modify') {
        f.string('intentId', { pattern: ID, what: ID_WHAT });
        f.number('limitPrice');
        f.string('strategyId', { optional: true, pattern: ID, what: ID_WHAT });
        f.number('leaseToken', { optional: true, integer: true, min: 0 });
        if (f.has('strategyId') !== f.has('leaseToken')) throw new MessageError(f.has('strategyId') ? 'leaseToken' : 'strategyId', "a strategy's modify carries both its strategyId and its lease's leaseToken");
      }
      return;
    }
    default:
      throw new MessageError('type', `unknown message type ${show(f.obj.type)}`);
  }
}

/** The order fields of an intent (and of a preview, minor 2): the lease stamp, the time, one leg or a combo. */
function decodeOrderFields(f: Fields, createdAtRequired: boolean): void {
  f.number('leaseToken', { optional: true, integer: true, min: 0 });
  f.string('strategyId', { optional: true, pattern: ID, what: ID_WHAT });
  f.number('createdAt', { optional: !createdAtRequired, integer: true, min: 0 });
  if (f.has('combo')) {
    decodeCombo(f);
    return;
  }
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
}

/** What a combo leg must leave to the combo, and why (the path names the leg's field). */
const COMBO_ONLY: readonly (readonly [string, string])[] = [
  ['orderType', "the combo's orderType is the order's"],
  ['limitPrice', "the combo's limitPrice is the net price"],
  ['stopPrice', 'a combo has no stop price'],
  ['tif', "the combo's tif is the order's"],
];

/**
 * Minor 1: an intent with `combo` (docs/app-protocol.md §4): the order's side, quantity, type, net
 * limit and tif on `combo`; 2–4 legs of one underlying symbol, each only an instrument, a side and a ratio.
 */
function decodeCombo(f: Fields): void {
  const c = f.object('combo');
  c.oneOf('side', ['BUY', 'SELL']);
  c.number('quantity', { integer: true, positive: true, max: 1_000_000 });
  const type = c.oneOf('orderType', ['LMT', 'MKT']);
  c.number('limitPrice', { optional: type !== 'LMT' }); // any finite number: a net price below zero is a credit
  if (type === 'MKT' && c.has('limitPrice')) c.fail('limitPrice', 'not allowed for a MKT combo');
  c.oneOf('tif', ['DAY', 'GTC'], true);
  const n = Array.isArray(f.obj.legs) ? f.obj.legs.length : 0;
  if (n === 1) f.fail('legs', 'a combo needs 2–4 legs, got 1');
  let first: { symbol: string; path: string } | undefined;
  for (const leg of f.objects('legs', { min: 2, max: 4 })) {
    const ref = parseInstrumentRef(leg.string('instrument')!);
    if (typeof ref === 'string') throw new MessageError(join(leg.base, 'instrument'), ref);
    // A conId's underlying is known only to the bridge, which checks it when it resolves the leg.
    const symbol = 'symbol' in ref ? ref.symbol : 'option' in ref ? ref.option.symbol : undefined;
    if (symbol !== undefined && first === undefined) first = { symbol, path: join(leg.base, 'instrument') };
    else if (symbol !== undefined && symbol !== first!.symbol) {
      leg.fail('instrument', `is on ${symbol}, ${first!.path} on ${first!.symbol}: a combo's legs are on one underlying symbol`);
    }
    leg.oneOf('side', ['BUY', 'SELL']);
    leg.number('quantity', { integer: true, positive: true, max: 1_000_000 });
    for (const [key, why] of COMBO_ONLY) if (leg.has(key)) leg.fail(key, `not allowed on a combo leg (${why})`);
  }
}

// --- minor 2: a `strategies` topic row, as the app reads it (docs/app-protocol.md §2) ---------------

/** A row's limits: sentences up to 400 characters (a reason, a wheel decision), lists up to the trace's cap. */
const ROW_LIMITS = { maxString: 400, maxList: STRATEGY_TRACE_MAX, error: (path: string, problem: string) => new MessageError(path, problem) };

/**
 * Decodes one `instance:<id>` row of the `strategies` topic (bytes from the bridge: checked like any
 * input); throws a MessageError naming the field (`instance:spy_rsi.signals[3].confidence`).
 */
export function decodeStrategyRow(value: unknown, path: string): StrategyRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MessageError(path, `expected an object, got ${show(value)}`);
  const f = new JsonFields(value as JsonObject, path, ROW_LIMITS);
  f.string('id', { pattern: ID, what: ID_WHAT });
  f.string('strategy');
  f.strings('symbols', () => undefined);
  f.strings('timeframes', () => undefined);
  f.number('allocation', { min: 0, max: 1 });
  f.number('priority');
  f.oneOf('state', STRATEGY_RUN_STATES);
  f.string('reason', { optional: true });
  f.boolean('armed');
  f.number('capital', { min: 0 });
  f.number('equity', { optional: true });
  f.number('pnl', { optional: true });
  f.number('openOrders', { integer: true, min: 0 });
  f.number('session', { optional: true, integer: true, min: 0 });
  for (const s of f.objects('signals', { max: STRATEGY_SIGNALS_MAX })) {
    s.number('time');
    s.string('symbol', { empty: true });
    s.string('side');
    s.number('confidence', { optional: true, min: 0, max: 1 });
    s.string('reason', { empty: true });
  }
  for (const t of f.objects('trace', { max: STRATEGY_TRACE_MAX })) {
    t.number('time');
    t.string('symbol', { empty: true });
    t.string('code');
    t.string('message', { empty: true });
  }
  // Multi-timeframe agreement (optional: a bridge of an earlier minor-2 build sends none).
  if (f.has('agreement')) {
    for (const a of f.objects('agreement', { max: STRATEGY_AGREEMENT_MAX })) {
      a.string('symbol');
      a.string('timeframe');
      a.number('trend', { integer: true, min: -1, max: 1 });
      a.boolean('ready');
      a.string('text');
      a.string('signal', { optional: true });
      a.number('signalTime', { optional: true });
      a.boolean('agrees', true);
    }
  }
  return value as StrategyRow;
}
