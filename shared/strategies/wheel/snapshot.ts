// The account snapshot one wheel pass decides on (wheel-rules.md §6.2), read from untrusted JSON: a
// dry-run file, or a recording of the bridge's account, quotes and chains. Field names are TWS's
// (`updatePortfolio`, `accountSummary`, `tickOptionComputation`). A field the pass needs that is
// missing, non-finite or of the wrong type throws a JsonPathError naming its path
// (`positions[3].marketPrice: expected a number, got "abc"`); a symbol without a usable quote is
// not an error — the pass skips it with a reason.
import { JsonFields, JsonPathError, showJson, type JsonObject } from '../../data/json-fields.ts';
import { daysFromYyyymmdd, newIsoTimeScan, scanIsoTime } from '../../data/iso-time.ts';
import { easternDate } from '../../time/us-eastern.ts';
import type { ChainContract, OptionPosition, Right } from './types.ts';

/** A quote; a side that is missing, null or not finite is undefined (no data on that side). */
export interface WheelQuote {
  readonly bid?: number;
  readonly ask?: number;
  /** The market price. */
  readonly last?: number;
  /** The previous session's close (the red/green and daily-move gates). */
  readonly close?: number;
}

/** Shares held (TWS `updatePortfolio`). */
export interface StockPosition {
  readonly symbol: string;
  readonly position: number;
  /** Per share. */
  readonly avgCost: number;
  readonly marketPrice: number;
  readonly unrealizedPnl: number;
}

export interface AccountValues {
  readonly netLiquidation: number;
  readonly totalCashValue: number;
  readonly buyingPower?: number;
  readonly excessLiquidity?: number;
}

export interface WheelSnapshot {
  /** The run's clock, epoch ms UTC. */
  readonly time: number;
  /** Its date in New York (yyyymmdd): DTE counts calendar days from it. */
  readonly date: number;
  readonly account: AccountValues;
  readonly quotes: ReadonlyMap<string, WheelQuote>;
  readonly stocks: readonly StockPosition[];
  readonly options: readonly OptionPosition[];
  readonly chains: readonly ChainContract[];
  /** Daily closes per symbol, oldest first. */
  readonly history: ReadonlyMap<string, readonly number[]>;
}

const LIMITS = { maxString: 64, maxList: 200_000 };
const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
const SYMBOL_WHAT = 'a ticker (A–Z, digits and dots, up to 10)';
const EXPIRY = /^\d{8}$/;
const RIGHTS: readonly Right[] = ['P', 'C'];

/** Reads a parsed snapshot document (wheel-rules.md §6.2); throws JsonPathError on a malformed one. */
export function readSnapshot(doc: unknown): WheelSnapshot {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new JsonPathError('$', `expected a JSON object, got ${showJson(doc)}`);
  const root = new JsonFields(doc as JsonObject, '', LIMITS);
  const time = isoTime(root, 'time', true);
  const date = easternDate(time);
  const today = daysFromYyyymmdd(date);

  const a = root.object('account');
  const account: AccountValues = {
    netLiquidation: a.number('netLiquidation')!,
    totalCashValue: a.number('totalCashValue')!,
    buyingPower: a.number('buyingPower', { optional: true }),
    excessLiquidity: a.number('excessLiquidity', { optional: true }),
  };

  const quotes = new Map<string, WheelQuote>();
  const q = root.object('quotes');
  for (const symbol of Object.keys(q.obj)) {
    if (!SYMBOL.test(symbol)) q.fail(symbol, `expected ${SYMBOL_WHAT} as the key, got ${showJson(symbol)}`);
    const f = q.object(symbol);
    quotes.set(symbol, { bid: side(f, 'bid'), ask: side(f, 'ask'), last: side(f, 'last'), close: side(f, 'close') });
  }

  const stocks: StockPosition[] = [];
  const options: OptionPosition[] = [];
  for (const p of root.has('positions') ? root.objects('positions') : []) {
    const symbol = p.string('symbol', { pattern: SYMBOL, what: SYMBOL_WHAT })!;
    const secType = p.oneOf('secType', ['STK', 'OPT'] as const)!;
    const held = { position: p.number('position')!, avgCost: p.number('avgCost')!, marketPrice: p.number('marketPrice')!, unrealizedPnl: p.number('unrealizedPnl')! };
    if (secType === 'STK') stocks.push({ symbol, ...held });
    else {
      const c = contract(p, symbol);
      options.push({ ...c, ...held, dte: daysFromYyyymmdd(Number(c.expiry)) - today });
    }
  }

  const chains: ChainContract[] = [];
  for (const f of root.has('chains') ? root.objects('chains') : []) {
    const c = contract(f, f.string('symbol', { pattern: SYMBOL, what: SYMBOL_WHAT })!);
    chains.push({
      ...c,
      bid: side(f, 'bid'),
      ask: side(f, 'ask'),
      last: f.number('last', { min: 0 })!,
      modelPrice: f.number('modelPrice', { min: 0 })!,
      delta: f.number('delta', { min: -1, max: 1 })!,
      openInterest: f.number('openInterest', { integer: true, min: 0 })!,
      dte: daysFromYyyymmdd(Number(c.expiry)) - today,
    });
  }

  const history = new Map<string, number[]>();
  if (root.has('history')) {
    const h = root.object('history');
    for (const symbol of Object.keys(h.obj)) {
      if (!SYMBOL.test(symbol)) h.fail(symbol, `expected ${SYMBOL_WHAT} as the key, got ${showJson(symbol)}`);
      const s = h.object(symbol);
      const dates = s.strings('date', (d) => isoDateProblem(d));
      const closes = s.list('close').map((v, i): number => {
        if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) return s.fail(`close[${i}]`, `expected a price > 0, got ${showJson(v)}`);
        return v;
      });
      if (closes.length !== dates.length) s.fail('close', `expected as many closes as dates (${dates.length}), got ${closes.length}`);
      history.set(symbol, closes);
    }
  }
  return { time, date, account, quotes, stocks, options, chains, history };
}

/** A quote side: absent, null, not finite or negative (TWS's −1 "no value") → undefined; any other non-number is malformed. */
function side(f: JsonFields, key: string): number | undefined {
  const v = f.obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') f.fail(key, `expected a number or null, got ${showJson(v)}`);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** The option contract fields of a position or chain entry. */
function contract(f: JsonFields, symbol: string) {
  const expiry = f.string('expiry', { pattern: EXPIRY, what: 'an expiry yyyymmdd' })!;
  const problem = isoDateProblem(`${expiry.slice(0, 4)}-${expiry.slice(4, 6)}-${expiry.slice(6, 8)}`);
  if (problem) f.fail('expiry', `${problem} (${expiry})`);
  return { symbol, right: f.oneOf('right', RIGHTS)!, strike: f.number('strike', { positive: true })!, expiry, multiplier: f.number('multiplier', { positive: true })! };
}

const scan = newIsoTimeScan();

function isoDateProblem(text: string): string | undefined {
  const problem = scanIsoTime(text, 0, text.length, scan);
  if (problem) return problem;
  return scan.hasTime ? 'expected a date YYYY-MM-DD' : undefined;
}

function isoTime(f: JsonFields, key: string, needsZone: boolean): number {
  const text = f.string(key)!;
  const problem = scanIsoTime(text, 0, text.length, scan);
  if (problem) f.fail(key, problem);
  if (needsZone && !scan.hasTime) f.fail(key, 'expected a date and time with its UTC offset, e.g. 2025-01-21T15:00:00Z');
  return scan.epochMs;
}
