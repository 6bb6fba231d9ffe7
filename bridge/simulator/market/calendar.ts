// Trading sessions of the replay: every date on which at least one sample file has a bar, each a
// regular session 09:30–16:00 US/Eastern (half days are not modelled: the daily files do not say
// when they closed, and the 1-minute file has none). Dates past the data follow the NYSE rules.

import { daysFromYyyymmdd, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import { isRuleTradingDay } from './nyse-holidays.ts';
import { easternToUtc } from './us-eastern.ts';

export const SESSION_OPEN_MIN = 9 * 60 + 30;
export const SESSION_CLOSE_MIN = 16 * 60;
export const SESSION_MINUTES = SESSION_CLOSE_MIN - SESSION_OPEN_MIN; // 390

export class TradingCalendar {
  /** Session dates, ascending yyyymmdd. */
  readonly dates: Int32Array;
  /** Session open / close instants (UTC ms), parallel to `dates`. */
  readonly openMs: Float64Array;
  readonly closeMs: Float64Array;
  private readonly indexOfDate = new Map<number, number>();

  constructor(dates: Iterable<number>) {
    this.dates = Int32Array.from(new Set(dates)).sort();
    if (this.dates.length === 0) throw new Error('trading calendar: no session dates (no sample data loaded?)');
    this.openMs = new Float64Array(this.dates.length);
    this.closeMs = new Float64Array(this.dates.length);
    this.dates.forEach((d, i) => {
      this.openMs[i] = easternToUtc(d, SESSION_OPEN_MIN);
      this.closeMs[i] = easternToUtc(d, SESSION_CLOSE_MIN);
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
   * Whether a date is a trading day: the data's sessions inside a stretch the data covers (sessions
   * at most 10 days apart around it), NYSE rules (weekdays minus holidays) elsewhere, e.g. past the
   * last bar or in the years between the daily files and the 1-minute file.
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
    return isRuleTradingDay(yyyymmdd);
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
