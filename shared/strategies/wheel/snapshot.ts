// The account snapshot one wheel pass decides on (wheel-rules.md §6.2), read from untrusted JSON: a
// dry-run file, or a recording of the bridge's account, quotes and chains. Field names are TWS's
// (`updatePortfolio`, `accountSummary`, `tickOptionComputation`). A field the pass needs that is
// missing, non-finite or of the wrong type throws a JsonPathError naming its path
// (`positions[3].marketPrice: expected a number, got "abc"`); a symbol without a usable quote is
// not an error — the pass skips it with a reason. Money: the account's values are in its base currency
// (`account.currency`, USD by default) with TWS's ExchangeRate per currency (`account.exchangeRates`), and an
// entry may name the currency its symbol trades in (`currency`, USD by default; wheel-rules.md §2.12).
import { JsonFields, JsonPathError, joinPath, showJson, type JsonObject } from '../../data/json-fields.ts';
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
  /** §2.12: the base currency the values above are in (TWS's `Currency` of the BASE ledger); absent: USD. */
  readonly currency?: string;
  /** §2.12: TWS's `ExchangeRate` per currency: base units per one unit of it (1 USD = 151.2 JPY → USD: 151.2). */
  readonly exchangeRates?: ReadonlyMap<string, number>;
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
  /** §2.12: the currency of each symbol whose quote, position or chain entry names one (the others trade in USD). */
  readonly currencies?: ReadonlyMap<string, string>;
}

const LIMITS = { maxString: 64, maxList: 200_000 };
const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
const SYMBOL_WHAT = 'a ticker (A–Z, digits and dots, up to 10)';
const EXPIRY = /^\d{8}$/;
const RIGHTS: readonly Right[] = ['P', 'C'];
const CURRENCY = /^[A-Z]{3}$/;
const CURRENCY_WHAT = 'a currency code (three capital letters, e.g. USD)';

/** Reads a parsed snapshot document (wheel-rules.md §6.2); throws JsonPathError on a malformed one. */
export function readSnapshot(doc: unknown): WheelSnapshot {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new JsonPathError('$', `expected a JSON object, got ${showJson(doc)}`);
  const root = new JsonFields(doc as JsonObject, '', LIMITS);
  const time = isoTime(root, 'time', true);
  const date = easternDate(time);
  const today = daysFromYyyymmdd(date);

  const a = root.object('account');
  const values: AccountValues = {
    netLiquidation: a.number('netLiquidation')!,
    totalCashValue: a.number('totalCashValue')!,
    buyingPower: a.number('buyingPower', { optional: true }),
    excessLiquidity: a.number('excessLiquidity', { optional: true }),
  };
  // §2.12: the base currency and the exchange rates, only when the snapshot gives them (old snapshots are USD).
  const base = a.string('currency', { optional: true, pattern: CURRENCY, what: CURRENCY_WHAT });
  const rates = a.has('exchangeRates') ? exchangeRates(a.object('exchangeRates'), base ?? 'USD') : undefined;
  const account: AccountValues = { ...values, ...(base !== undefined && { currency: base }), ...(rates && { exchangeRates: rates }) };
  const currencies = new Map<string, string>();
  const statedAt = new Map<string, string>();
  /** §2.12: an entry's `currency` (optional): every entry of a symbol that names one names the same. */
  const currencyOf = (f: JsonFields, symbol: string) => {
    if (f.obj.currency === undefined) return;
    const c = f.string('currency', { pattern: CURRENCY, what: CURRENCY_WHAT })!;
    const known = currencies.get(symbol);
    if (known === undefined) {
      currencies.set(symbol, c);
      statedAt.set(symbol, joinPath(f.base, 'currency'));
    } else if (known !== c) {
      f.fail('currency', `expected ${JSON.stringify(known)} as ${statedAt.get(symbol)} says (a symbol trades in one currency), got ${showJson(c)}`);
    }
  };

  const quotes = new Map<string, WheelQuote>();
  const q = root.object('quotes');
  for (const symbol of Object.keys(q.obj)) {
    if (!SYMBOL.test(symbol)) q.fail(symbol, `expected ${SYMBOL_WHAT} as the key, got ${showJson(symbol)}`);
    const f = q.object(symbol);
    currencyOf(f, symbol);
    quotes.set(symbol, { bid: side(f, 'bid'), ask: side(f, 'ask'), last: side(f, 'last'), close: side(f, 'close') });
  }

  const stocks: StockPosition[] = [];
  const options: OptionPosition[] = [];
  for (const p of root.has('positions') ? root.objects('positions') : []) {
    const symbol = p.string('symbol', { pattern: SYMBOL, what: SYMBOL_WHAT })!;
    const secType = p.oneOf('secType', ['STK', 'OPT'] as const)!;
    currencyOf(p, symbol);
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
    currencyOf(f, c.symbol);
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
  return { time, date, account, quotes, stocks, options, chains, history, currencies };
}

/** §2.12: `account.exchangeRates`: currency → TWS's ExchangeRate (> 0); the base's (or TWS's `BASE` row) must be 1. */
function exchangeRates(f: JsonFields, base: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const currency of Object.keys(f.obj)) {
    if (currency !== 'BASE' && !CURRENCY.test(currency)) f.fail(currency, `expected ${CURRENCY_WHAT} (or BASE) as the key, got ${showJson(currency)}`);
    const rate = f.number(currency, { positive: true })!;
    if ((currency === base || currency === 'BASE') && rate !== 1) {
      f.fail(currency, `expected 1: ${base} is the base currency (TWS's ExchangeRate of the base is 1), got ${rate}`);
    }
    if (currency !== 'BASE') out.set(currency, rate);
  }
  return out;
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
