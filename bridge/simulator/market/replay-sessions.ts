// The replay's trading sessions: the XNYS sessions (shared/time/exchange-calendar.ts) on which at
// least one loaded sample symbol has a daily bar, with the exchange's open and close (early closes
// close at 13:00 ET). Questions about dates past the data (option expiries, trading-hours strings)
// go to the XNYS calendar.

import { daysFromYyyymmdd, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import { equitySessionHours, exchangeCalendar, US_EQUITY_HOURS, type ExchangeCalendar } from '../../../shared/time/exchange-calendar.ts';

/** The regular session: 09:30–16:00 ET, 390 minutes. */
export const SESSION_OPEN_MIN = US_EQUITY_HOURS.openMin;
export const SESSION_CLOSE_MIN = US_EQUITY_HOURS.closeMin;
export const REGULAR_SESSION_MINUTES = SESSION_CLOSE_MIN - SESSION_OPEN_MIN;

/** The simulator's exchange calendar (NYSE). */
export const XNYS: ExchangeCalendar = exchangeCalendar('XNYS');

/** Open and close (UTC ms) of a date's XNYS session; the regular hours for a date that has none. */
export const sessionHoursOf = equitySessionHours;

/** The closing instant of a date's session (13:00 ET on early closes, 16:00 ET otherwise): when options expiring that day stop trading. */
export function sessionCloseMs(yyyymmdd: number): number {
  return sessionHoursOf(yyyymmdd).close;
}

export class ReplaySessions {
  /** Session dates, ascending yyyymmdd. */
  readonly dates: Int32Array;
  /** Session open / close instants (UTC ms), parallel to `dates`. */
  readonly openMs: Float64Array;
  readonly closeMs: Float64Array;
  private readonly indexOfDate = new Map<number, number>();

  /** `dates`: the data's bar dates (any order, repeats allowed); only XNYS sessions among them are kept. */
  constructor(
    dates: Iterable<number>,
    readonly exchange: ExchangeCalendar = XNYS,
  ) {
    this.dates = Int32Array.from([...new Set(dates)].filter((d) => exchange.isSession(d))).sort();
    if (this.dates.length === 0) throw new Error(`replay sessions: no ${exchange.id} session among the data's dates (no sample data loaded?)`);
    this.openMs = new Float64Array(this.dates.length);
    this.closeMs = new Float64Array(this.dates.length);
    this.dates.forEach((d, i) => {
      const s = exchange.session(d)!;
      this.openMs[i] = s.open;
      this.closeMs[i] = s.close;
      this.indexOfDate.set(d, i);
    });
  }

  get length(): number {
    return this.dates.length;
  }

  get first(): number {
    return this.dates[0];
  }

  get last(): number {
    return this.dates[this.dates.length - 1];
  }

  /** Index of a session date, or -1. */
  indexOf(yyyymmdd: number): number {
    return this.indexOfDate.get(yyyymmdd) ?? -1;
  }

  /** Index of the last session whose open is at or before `t` (-1 before the first). */
  sessionAtOrBefore(t: number): number {
    const open = this.openMs;
    let lo = 0;
    let hi = open.length - 1;
    if (t < open[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (open[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** True when `t` lies inside a session [open, close). */
  isOpen(t: number): boolean {
    const i = this.sessionAtOrBefore(t);
    return i >= 0 && t < this.closeMs[i];
  }

  /**
   * Whether a date is a trading day: the replay's sessions inside a stretch the data covers
   * (sessions at most 10 days apart around it), the XNYS calendar elsewhere, e.g. past the last bar
   * or in the years between the daily files and the 1-minute file.
   */
  isTradingDay(yyyymmdd: number): boolean {
    if (this.indexOfDate.has(yyyymmdd)) return true;
    const dates = this.dates;
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dates[mid] < yyyymmdd) lo = mid + 1;
      else hi = mid;
    }
    // dates[lo - 1] < yyyymmdd < dates[lo]
    if (lo > 0 && lo < dates.length && daysFromYyyymmdd(dates[lo]) - daysFromYyyymmdd(dates[lo - 1]) <= 10) return false;
    return this.exchange.isSession(yyyymmdd);
  }

  /** The n-th trading day after a date (n >= 1), by `isTradingDay`. */
  tradingDayAfter(yyyymmdd: number, n = 1): number {
    let days = daysFromYyyymmdd(yyyymmdd);
    let d = yyyymmdd;
    while (n > 0) {
      days++;
      d = yyyymmddFromDays(days);
      if (this.isTradingDay(d)) n--;
    }
    return d;
  }
}
