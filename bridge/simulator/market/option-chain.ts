// Listed option chains relative to the replay date, and the option conId scheme.
//
// Expiries (as listed on a session date D):
// - monthly: the third Friday of the next 8 months (Thursday when that Friday is a holiday);
// - LEAPS: the January monthlies of the next two years beyond those;
// - weekly (from 2011): the next 5 Fridays that are not monthlies;
// - daily (broad ETFs from 2022-11-14, when SPY/QQQ got Monday–Thursday expiries): the next 5
//   trading days.
// An expiry on D itself trades until 16:00.
//
// Strikes are a grid around a reference price (the previous session's close): a fine step near the
// money and a coarse one further out, wider for longer expiries (e.g. SPY at $500: $1 within ±10 %
// for monthlies, $5 out to ±35 %). A chain's strikes are fixed for the day.
//
// conIds are stable and decodable: 1e9 + (((slot·16384 + expiryDay)·4096 + strike·2)·2 + right),
// where slot is the underlying's 0..7 index, expiryDay counts days from 1990-01-01 and right is 0
// for calls, 1 for puts. All fit in a positive int32 (IB conIds are ints).

import { daysFromCivil, daysFromYyyymmdd, isoWeekday, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import type { TradingCalendar } from './calendar.ts';
import type { UnderlyingSpec } from './instruments.ts';

export type ExpiryKind = 'daily' | 'weekly' | 'monthly' | 'leaps';

export interface Expiry {
  readonly date: number;
  readonly kind: ExpiryKind;
  /** Ascending. */
  readonly strikes: readonly number[];
}

export interface OptionChain {
  readonly symbol: string;
  /** The session date the chain is listed for. */
  readonly date: number;
  readonly reference: number;
  /** Ascending by date. */
  readonly expiries: readonly Expiry[];
  /** Union of every expiry's strikes, ascending. */
  readonly strikes: readonly number[];
  expiry(date: number): Expiry | undefined;
}

const OPTION_CONID_BASE = 1_000_000_000;
const EPOCH_1990 = daysFromCivil(1990, 1, 1);
export const MAX_OPTION_SLOTS = 8;
/** Highest encodable strike: 4095 half-dollars. */
export const MAX_STRIKE = 2047.5;

export function encodeOptionConId(slot: number, expiry: number, strike: number, right: 'C' | 'P'): number {
  const day = daysFromYyyymmdd(expiry) - EPOCH_1990;
  const halves = Math.round(strike * 2);
  if (slot < 0 || slot >= MAX_OPTION_SLOTS || day < 0 || day >= 16384 || halves < 0 || halves > 4095 || halves / 2 !== strike) return -1;
  return OPTION_CONID_BASE + ((slot * 16384 + day) * 4096 + halves) * 2 + (right === 'P' ? 1 : 0);
}

export function decodeOptionConId(conId: number): { slot: number; expiry: number; strike: number; right: 'C' | 'P' } | null {
  const v = conId - OPTION_CONID_BASE;
  if (!Number.isInteger(v) || v < 0 || v >= MAX_OPTION_SLOTS * 16384 * 4096 * 2) return null;
  const right = v % 2 === 1 ? 'P' : 'C';
  const rest = Math.floor(v / 2);
  const halves = rest % 4096;
  const rest2 = Math.floor(rest / 4096);
  const day = rest2 % 16384;
  const slot = Math.floor(rest2 / 16384);
  return { slot, expiry: yyyymmddFromDays(day + EPOCH_1990), strike: halves / 2, right };
}

/** OCC option symbol: root padded to 6, yymmdd, C/P, strike × 1000 in 8 digits. */
export function occSymbol(root: string, expiry: number, right: 'C' | 'P', strike: number): string {
  return `${root.padEnd(6, ' ')}${String(expiry % 1_000_000).padStart(6, '0')}${right}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

/** Parses an OCC symbol (spaces optional); null when it is not one. */
export function parseOccSymbol(s: string): { root: string; expiry: number; right: 'C' | 'P'; strike: number } | null {
  const m = /^([A-Z.]{1,6})\s*(\d{6})([CP])(\d{8})$/.exec(s.trim().toUpperCase());
  if (!m) return null;
  return { root: m[1], expiry: 20_000_000 + Number(m[2]), right: m[3] as 'C' | 'P', strike: Number(m[4]) / 1000 };
}

function thirdFriday(year: number, month: number): number {
  const first = daysFromCivil(year, month, 1);
  return yyyymmddFromDays(first + ((5 - isoWeekday(first) + 7) % 7) + 14);
}

/** The trading day on or before `date` (expiries move earlier, e.g. Good Friday → Thursday). */
function onOrBefore(calendar: TradingCalendar, date: number): number {
  let days = daysFromYyyymmdd(date);
  let d = date;
  while (!calendar.isTradingDay(d)) d = yyyymmddFromDays(--days);
  return d;
}

function expiryDates(spec: UnderlyingSpec, date: number, calendar: TradingCalendar): Map<number, ExpiryKind> {
  const out = new Map<number, ExpiryKind>();
  const year = Math.floor(date / 10_000);
  const month = Math.floor(date / 100) % 100;
  let monthlies = 0;
  for (let k = 0; monthlies < 8 && k < 14; k++) {
    const y = year + Math.floor((month - 1 + k) / 12);
    const m = ((month - 1 + k) % 12) + 1;
    const e = onOrBefore(calendar, thirdFriday(y, m));
    if (e >= date) {
      out.set(e, 'monthly');
      monthlies++;
    }
  }
  const lastMonthly = Math.max(...out.keys());
  for (const y of [year + 1, year + 2]) {
    const e = onOrBefore(calendar, thirdFriday(y, 1));
    if (e > lastMonthly) out.set(e, 'leaps');
  }
  if (date >= 20110101) {
    const today = daysFromYyyymmdd(date);
    let friday = today + ((5 - isoWeekday(today) + 7) % 7);
    for (let n = 0; n < 5; friday += 7) {
      const e = onOrBefore(calendar, yyyymmddFromDays(friday));
      if (e < date) continue;
      if (!out.has(e)) out.set(e, 'weekly');
      n++;
    }
  }
  if (spec.strikeStyle === 'index-etf' && date >= 20221114) {
    let d = calendar.isTradingDay(date) ? date : calendar.tradingDayAfter(date);
    for (let n = 0; n < 5; n++, d = calendar.tradingDayAfter(d)) if (!out.has(d)) out.set(d, 'daily');
  }
  return out;
}

function steps(spec: UnderlyingSpec, price: number): [near: number, far: number] {
  if (spec.strikeStyle === 'index-etf') return price < 25 ? [0.5, 1] : [1, price < 100 ? 2.5 : 5];
  if (price < 25) return [0.5, 1];
  if (price < 100) return [1, 2.5];
  if (price < 200) return [1, 5];
  if (price < 500) return [2.5, 10];
  return [5, 10];
}

const BANDS: Readonly<Record<ExpiryKind, readonly [near: number, far: number]>> = {
  daily: [0.03, 0.08],
  weekly: [0.06, 0.15],
  monthly: [0.1, 0.35],
  leaps: [0.2, 0.6],
};

function strikeGrid(spec: UnderlyingSpec, reference: number, kind: ExpiryKind): number[] {
  const [nearStep, farStep] = steps(spec, reference);
  const [nearBand, farBand] = BANDS[kind];
  const set = new Set<number>();
  const add = (step: number, band: number) => {
    const lo = Math.ceil((reference * (1 - band)) / step);
    const hi = Math.floor((reference * (1 + band)) / step);
    for (let i = Math.max(1, lo); i <= hi; i++) {
      const k = Math.round(i * step * 2) / 2;
      if (k > 0 && k <= MAX_STRIKE) set.add(k);
    }
  };
  add(nearStep, nearBand);
  add(farStep, farBand);
  return [...set].sort((a, b) => a - b);
}

/** The chain listed on session date `date` for an underlying whose previous close was `reference`. */
export function buildChain(spec: UnderlyingSpec, date: number, reference: number, calendar: TradingCalendar): OptionChain {
  const expiries: Expiry[] = [...expiryDates(spec, date, calendar)]
    .sort((a, b) => a[0] - b[0])
    .map(([d, kind]) => ({ date: d, kind, strikes: strikeGrid(spec, reference, kind) }));
  const all = new Set<number>();
  for (const e of expiries) for (const k of e.strikes) all.add(k);
  const byDate = new Map(expiries.map((e) => [e.date, e]));
  return {
    symbol: spec.symbol,
    date,
    reference,
    expiries,
    strikes: [...all].sort((a, b) => a - b),
    expiry: (d) => byDate.get(d),
  };
}
