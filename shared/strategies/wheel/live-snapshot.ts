// A live account as a wheel snapshot (wheel-rules.md §6.3): the bridge's account topic (values and
// `portfolio:<conId>` rows), quote topics, option chains and daily bars become the §6.2 snapshot
// document — the same JSON a dry run reads, so a live pass can be saved and replayed with --scenario.
// Required fields that are missing are errors naming the field; contracts or bars that cannot be
// used are left out with a warning (wheel-rules.md §6.3, T35), never guessed.
import type { Bar, OptionChainResponse, PortfolioRow } from '../../protocol/messages.ts';
import { easternDate, formatDashedDate } from '../../time/us-eastern.ts';

/** What the bridge delivered for one pass. */
export interface LiveData {
  /** The pass's clock, epoch ms. */
  readonly time: number;
  /** The `account` topic's state. */
  readonly account: Readonly<Record<string, unknown>>;
  /** Quote topic states by symbol. */
  readonly quotes: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly chains: readonly OptionChainResponse[];
  /** Daily bars by symbol, oldest first. */
  readonly bars: ReadonlyMap<string, readonly Bar[]>;
}

export interface LiveSnapshot {
  /** The §6.2 snapshot document (read it with readSnapshot). */
  readonly doc: Record<string, unknown>;
  /** What was left out, and why. */
  readonly warnings: readonly string[];
}

/** A required account value that the bridge has not delivered (T35: the error names the field). */
export class MissingLiveField extends Error {
  constructor(readonly field: string, detail: string) {
    super(`required field ${field} is missing: ${detail}`);
  }
}

/** TWS account keys → snapshot fields; the first two are required (§6.2). */
const ACCOUNT_KEYS = [
  ['NetLiquidation', 'netLiquidation', true],
  ['TotalCashValue', 'totalCashValue', true],
  ['BuyingPower', 'buyingPower', false],
  ['ExcessLiquidity', 'excessLiquidity', false],
] as const;

const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
const CURRENCY = /^[A-Z]{3}$/;

const finite = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
/** A quote side: TWS's −1 ("no value") and non-positive prices are no data. */
const price = (v: unknown): number | undefined => {
  const n = finite(v);
  return n !== undefined && n > 0 ? n : undefined;
};

/** The account's base currency: TWS's `Currency` of the BASE ledger, else the currency NetLiquidation is reported in, else USD. */
export function baseCurrency(account: Readonly<Record<string, unknown>>): string {
  const stated = account['Currency:BASE'];
  if (typeof stated === 'string' && CURRENCY.test(stated)) return stated;
  for (const key of Object.keys(account)) {
    const m = /^NetLiquidation:([A-Z]{3})$/.exec(key);
    if (m) return m[1];
  }
  return 'USD';
}

function accountDoc(account: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const base = baseCurrency(account);
  const out: Record<string, unknown> = {};
  for (const [key, field, required] of ACCOUNT_KEYS) {
    const v = finite(account[`${key}:${base}`]) ?? finite(account[key]);
    if (v !== undefined) out[field] = v;
    else if (required) throw new MissingLiveField(`account.${field}`, `the account topic has no finite ${key}:${base} (TWS account value ${key})`);
  }
  const rates: Record<string, number> = {};
  for (const [key, value] of Object.entries(account)) {
    const m = /^ExchangeRate:([A-Z]{3})$/.exec(key);
    const rate = finite(value);
    if (m && rate !== undefined && rate > 0) rates[m[1]] = m[1] === base ? 1 : rate;
  }
  if (base !== 'USD' || Object.keys(rates).some((c) => c !== base)) {
    out.currency = base;
    if (Object.keys(rates).length > 0) out.exchangeRates = rates;
  }
  return out;
}

function positionsDoc(account: Readonly<Record<string, unknown>>, warnings: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(account)) {
    if (!key.startsWith('portfolio:') || typeof value !== 'object' || value === null) continue;
    const r = value as Partial<PortfolioRow>;
    const what = `position ${key.slice('portfolio:'.length)} (${String(r.symbol)} ${String(r.secType)})`;
    if (r.secType !== 'STK' && r.secType !== 'OPT') {
      warnings.push(`${what} left out: the wheel reads stocks and options only`);
      continue;
    }
    if (typeof r.symbol !== 'string' || !SYMBOL.test(r.symbol)) {
      warnings.push(`${what} left out: its symbol is not a ticker the wheel can name`);
      continue;
    }
    const nums = { position: finite(r.position), avgCost: finite(r.avgCost), marketPrice: finite(r.marketPrice), unrealizedPnl: finite(r.unrealizedPnl) };
    const missing = Object.entries(nums).filter(([, v]) => v === undefined).map(([k]) => k);
    if (missing.length > 0) {
      warnings.push(`${what} left out: TWS reported no finite ${missing.join(', ')}`);
      continue;
    }
    if (nums.position === 0) continue;
    const row: Record<string, unknown> = { symbol: r.symbol, secType: r.secType, ...nums };
    if (typeof r.currency === 'string' && CURRENCY.test(r.currency)) row.currency = r.currency;
    if (r.secType === 'OPT') {
      const multiplier = finite(r.multiplier) ?? 100;
      if ((r.right !== 'P' && r.right !== 'C') || !(finite(r.strike)! > 0) || typeof r.expiry !== 'string' || !/^\d{8}$/.test(r.expiry)) {
        warnings.push(`${what} left out: its right, strike or expiry is missing`);
        continue;
      }
      Object.assign(row, { right: r.right, strike: r.strike, expiry: r.expiry, multiplier });
    }
    out.push(row);
  }
  return out;
}

function quotesDoc(quotes: LiveData['quotes']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [symbol, q] of quotes) {
    const entry: Record<string, number> = {};
    for (const side of ['bid', 'ask', 'last', 'close'] as const) {
      const v = price(q[side]);
      if (v !== undefined) entry[side] = v;
    }
    out[symbol] = entry;
  }
  return out;
}

/** Chain rows → §6.2 chain entries; a row without a model price, delta, open interest or a last/close price is left out. */
function chainsDoc(chains: readonly OptionChainResponse[], warnings: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const chain of chains) {
    const multiplier = finite(chain.multiplier) ?? 100;
    const left: Record<string, string[]> = {};
    const leave = (why: string, name: string) => (left[why] ??= []).push(name);
    for (const r of chain.rows) {
      const name = `${r.strike}${r.right}`;
      if (r.error !== undefined) {
        // TWS lists one set of strikes for all expiries: a strike this expiry lacks is answered 200.
        leave(/\b200\b|no security definition/i.test(r.error) ? 'not listed in this expiry' : 'TWS answered with an error', name);
        continue;
      }
      const delta = finite(r.delta);
      const modelPrice = finite(r.modelPrice);
      const openInterest = finite(r.openInterest);
      const last = price(r.last) ?? price(r.close);
      if (delta === undefined || Math.abs(delta) > 1) leave('no model delta', name);
      else if (modelPrice === undefined || modelPrice < 0) leave('no model price', name);
      else if (openInterest === undefined || openInterest < 0 || !Number.isInteger(openInterest)) leave('no open interest', name);
      else if (last === undefined) leave('no last or close price', name);
      else {
        const entry: Record<string, unknown> = { symbol: chain.symbol, right: r.right, strike: r.strike, expiry: chain.expiry, multiplier, last, modelPrice, delta, openInterest };
        const bid = price(r.bid);
        const ask = price(r.ask);
        if (bid !== undefined) entry.bid = bid;
        if (ask !== undefined) entry.ask = ask;
        out.push(entry);
      }
    }
    const reasons = Object.entries(left);
    if (reasons.length > 0) {
      const n = reasons.reduce((k, [, names]) => k + names.length, 0);
      const list = reasons.map(([why, names]) => `${why}: ${names.slice(0, 6).join(', ')}${names.length > 6 ? `, … (${names.length})` : ''}`).join('; ');
      warnings.push(`${chain.symbol} ${chain.expiry}: ${n} of ${chain.rows.length} contracts left out (${list})`);
    }
  }
  return out;
}

/** Daily bars → `history` (ISO dates, closes), without the bar of the pass's own session (it is still forming). */
function historyDoc(bars: LiveData['bars'], today: string, warnings: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [symbol, list] of bars) {
    const date: string[] = [];
    const close: number[] = [];
    let bad = 0;
    for (const b of list) {
      const c = price(b.close);
      if (!/^\d{8}$/.test(b.time) || c === undefined) {
        bad++;
        continue;
      }
      const iso = formatDashedDate(Number(b.time));
      if (iso >= today || (date.length > 0 && iso <= date[date.length - 1])) continue;
      date.push(iso);
      close.push(c);
    }
    if (bad > 0) warnings.push(`${symbol}: ${bad} daily bar(s) without a date yyyymmdd or a positive close left out of the history`);
    out[symbol] = { date, close };
  }
  return out;
}

/** The §6.2 snapshot of a live account; throws MissingLiveField when a required account value is missing. */
export function liveSnapshot(data: LiveData): LiveSnapshot {
  const warnings: string[] = [];
  const todayIso = formatDashedDate(easternDate(data.time));
  const doc: Record<string, unknown> = {
    time: new Date(data.time).toISOString(),
    account: accountDoc(data.account),
    quotes: quotesDoc(data.quotes),
    positions: positionsDoc(data.account, warnings),
    chains: chainsDoc(data.chains, warnings),
    history: historyDoc(data.bars, todayIso, warnings),
  };
  return { doc, warnings };
}
