// Listed option chains: which expiries and strikes exist on a session date, the same rules for the
// TWS simulator and backtests.
//
// Expiries (as listed on a session date D):
// - monthly: the third Friday of the next 8 months (the trading day before when that Friday is a
//   holiday, e.g. Good Friday 2019-04-19 → Thursday 2019-04-18);
// - LEAPS: the January monthlies of the next two years beyond those;
// - weekly (from 2011): the next 5 Fridays (moved earlier the same way) that are not monthlies;
// - daily (broad ETFs and indices, strike styles 'index-etf' and 'index', from 2022-11-14, when
//   SPY/QQQ got Monday–Thursday expiries; SPXW had every weekday by 2022-05 — one date for both is
//   a simplification): the next 5 trading days from D.
// An expiry on D itself trades until the close.
//
// Strikes are a grid around a reference price (the previous session's close): a fine step near the
// money and a coarse one further out, wider for longer expiries (e.g. SPY at $500: $1 within ±10 %
// for monthlies, $5 out to ±35 %; SPX at 5000: $5 within ±10 %, $25 out to ±35 %). A chain's strikes
// are fixed for the day. A strike once listed stays listed until its expiry, as on the exchanges:
// the day's chain shows the grid around the price, and a contract listed on an earlier session of
// its expiry (a put written before a rally) still trades (strikeStaysListed).
//
// Which dates are trading days is the caller's: an exchange calendar (exchangeCalendar('XCBO')) or
// any predicate (the simulator's replay sessions).

import { daysFromCivil, daysFromYyyymmdd, isoWeekday, yyyymmddFromDays } from '../data/iso-time.ts';
import type { StrikeStyle } from './underlying-params.ts';

export type ExpiryKind = 'daily' | 'weekly' | 'monthly' | 'leaps';

/** Whether a date (yyyymmdd) is a trading day: a predicate, or a calendar such as an ExchangeCalendar. */
export type TradingDays = ((yyyymmdd: number) => boolean) | { isSession(yyyymmdd: number): boolean };

/** What the listing rules need of an underlying's parameters. */
export interface ChainParams {
  readonly strikeStyle: StrikeStyle;
}

export interface ListedExpiry {
  /** yyyymmdd. */
  readonly date: number;
  readonly kind: ExpiryKind;
}

export interface ExpiryStrikes extends ListedExpiry {
  /** Ascending. */
  readonly strikes: readonly number[];
}

/** First listing date of weekly expiries. */
export const WEEKLIES_FROM = 20110101;
/** First listing date of daily (Monday–Thursday) expiries on broad ETFs. */
export const DAILIES_FROM = 20221114;
const MONTHLIES = 8;
const WEEKLIES = 5;
const DAILIES = 5;

function predicate(days: TradingDays): (yyyymmdd: number) => boolean {
  return typeof days === 'function' ? days : (d) => days.isSession(d);
}

/** The third Friday of a month (yyyymmdd). */
export function thirdFriday(year: number, month: number): number {
  const first = daysFromCivil(year, month, 1);
  return yyyymmddFromDays(first + ((5 - isoWeekday(first) + 7) % 7) + 14);
}

/** The trading day on or before `date` (expiries move earlier, e.g. Good Friday → Thursday). */
function onOrBefore(isDay: (d: number) => boolean, date: number): number {
  let days = daysFromYyyymmdd(date);
  let d = date;
  while (!isDay(d)) d = yyyymmddFromDays(--days);
  return d;
}

/** The first trading day strictly after `date`. */
function tradingDayAfter(isDay: (d: number) => boolean, date: number): number {
  let days = daysFromYyyymmdd(date);
  let d: number;
  do d = yyyymmddFromDays(++days);
  while (!isDay(d));
  return d;
}

/** The expiries listed on date `date` (yyyymmdd), ascending (see the file header). */
export function listedExpiries(params: ChainParams, date: number, tradingDays: TradingDays): ListedExpiry[] {
  const isDay = predicate(tradingDays);
  const out = new Map<number, ExpiryKind>();
  const year = Math.floor(date / 10_000);
  const month = Math.floor(date / 100) % 100;
  let monthlies = 0;
  for (let k = 0; monthlies < MONTHLIES && k < 14; k++) {
    const y = year + Math.floor((month - 1 + k) / 12);
    const m = ((month - 1 + k) % 12) + 1;
    const e = onOrBefore(isDay, thirdFriday(y, m));
    if (e >= date) {
      out.set(e, 'monthly');
      monthlies++;
    }
  }
  const lastMonthly = Math.max(...out.keys());
  for (const y of [year + 1, year + 2]) {
    const e = onOrBefore(isDay, thirdFriday(y, 1));
    if (e > lastMonthly) out.set(e, 'leaps');
  }
  if (date >= WEEKLIES_FROM) {
    const today = daysFromYyyymmdd(date);
    let friday = today + ((5 - isoWeekday(today) + 7) % 7);
    for (let n = 0; n < WEEKLIES; friday += 7) {
      const e = onOrBefore(isDay, yyyymmddFromDays(friday));
      if (e < date) continue;
      if (!out.has(e)) out.set(e, 'weekly');
      n++;
    }
  }
  if (params.strikeStyle !== 'equity' && date >= DAILIES_FROM) {
    let d = isDay(date) ? date : tradingDayAfter(isDay, date);
    for (let n = 0; n < DAILIES; n++, d = tradingDayAfter(isDay, d)) if (!out.has(d)) out.set(d, 'daily');
  }
  return [...out].sort((a, b) => a[0] - b[0]).map(([d, kind]) => ({ date: d, kind }));
}

/** Near-the-money and far strike steps for a reference price. */
export function strikeSteps(params: ChainParams, price: number): [near: number, far: number] {
  if (params.strikeStyle === 'index') return [5, 25];
  if (params.strikeStyle === 'index-etf') return price < 25 ? [0.5, 1] : [1, price < 100 ? 2.5 : 5];
  if (price < 25) return [0.5, 1];
  if (price < 100) return [1, 2.5];
  if (price < 200) return [1, 5];
  if (price < 500) return [2.5, 10];
  return [5, 10];
}

/** How far from the reference each step reaches, as a fraction of it, by expiry kind. */
export const STRIKE_BANDS: Readonly<Record<ExpiryKind, readonly [near: number, far: number]>> = {
  daily: [0.03, 0.08],
  weekly: [0.06, 0.15],
  monthly: [0.1, 0.35],
  leaps: [0.2, 0.6],
};

/** The strikes (ascending, on the half-dollar grid) of an expiry of `kind` around `reference`. */
export function strikeGrid(params: ChainParams, reference: number, kind: ExpiryKind): number[] {
  const [nearStep, farStep] = strikeSteps(params, reference);
  const [nearBand, farBand] = STRIKE_BANDS[kind];
  const set = new Set<number>();
  const add = (step: number, band: number) => {
    const lo = Math.ceil((reference * (1 - band)) / step);
    const hi = Math.floor((reference * (1 + band)) / step);
    for (let i = Math.max(1, lo); i <= hi; i++) {
      const k = Math.round(i * step * 2) / 2;
      if (k > 0) set.add(k);
    }
  };
  add(nearStep, nearBand);
  add(farStep, farBand);
  return [...set].sort((a, b) => a - b);
}

/** The chain listed on `date` for an underlying whose reference price (previous close) is `reference`: expiries ascending with their strikes. */
export function listedChain(params: ChainParams, date: number, reference: number, tradingDays: TradingDays): ExpiryStrikes[] {
  const grids = new Map<ExpiryKind, readonly number[]>();
  return listedExpiries(params, date, tradingDays).map((e) => {
    let strikes = grids.get(e.kind);
    if (!strikes) grids.set(e.kind, (strikes = strikeGrid(params, reference, e.kind)));
    return { date: e.date, kind: e.kind, strikes };
  });
}

/**
 * Whether a strike of an expiry is listed on session `date`: it is on the expiry's strikes of that
 * session or of an earlier one since the expiry was listed. `strikesOn(d)`: the expiry's strikes on
 * session d (undefined when the expiry is not listed then); `previous(d)`: the session before d
 * (undefined before the data). Walks back at most `maxSessions` sessions.
 */
export function strikeStaysListed(
  strike: number,
  date: number,
  strikesOn: (session: number) => readonly number[] | undefined,
  previous: (session: number) => number | undefined,
  maxSessions = 800,
): boolean {
  let d: number | undefined = date;
  for (let n = 0; d !== undefined && n <= maxSessions; n++) {
    const strikes = strikesOn(d);
    if (!strikes) return false;
    if (strikes.includes(strike)) return true;
    d = previous(d);
  }
  return false;
}
