// A span of years of one exchange's sessions as parallel typed arrays (date, open, close, early
// close), built from the holiday rules plus the one-off days of 1993–2027, with binary searches.

import { daysFromCivil, isoWeekday, yyyymmddFromDays } from '../data/iso-time.ts';
import { ruleEarlyCloses, ruleHolidays } from './holiday-rules.ts';
import { AD_HOC_EARLY_CLOSES, SPECIAL_DAYS_FROM_YEAR, SPECIAL_DAYS_TO_YEAR, UNSCHEDULED_CLOSURES } from './special-sessions.ts';
import { easternToUtc } from './us-eastern.ts';

/** One trading session. */
export interface Session {
  /** The session's date, yyyymmdd, exchange-local. */
  readonly date: number;
  /** Opening instant, UTC epoch ms. */
  readonly open: number;
  /** Closing instant, UTC epoch ms (the session is [open, close)). */
  readonly close: number;
  /** True for a shortened session (13:00 ET close). */
  readonly earlyClose: boolean;
}

/** Session hours in minutes after local midnight. */
export interface SessionHours {
  readonly openMin: number;
  readonly closeMin: number;
  readonly earlyCloseMin: number;
}

export class SessionTable {
  /** Session dates, ascending yyyymmdd. */
  readonly dates: Int32Array;
  /** Open / close instants (UTC ms), parallel to `dates`. */
  readonly open: Float64Array;
  readonly close: Float64Array;
  /** 1 where the session closes early. */
  readonly early: Uint8Array;
  /** Weekday closures of the span: date → reason. */
  readonly closures = new Map<number, string>();
  /** Early closes of the span: date → reason. */
  readonly earlyReasons = new Map<number, string>();
  private readonly objects: (Session | undefined)[];

  constructor(
    hours: SessionHours,
    readonly fromYear: number,
    readonly toYear: number,
  ) {
    for (let y = fromYear; y <= toYear; y++) {
      for (const h of ruleHolidays(y)) this.closures.set(h.date, h.name);
      for (const e of ruleEarlyCloses(y)) this.earlyReasons.set(e.date, e.name);
    }
    if (fromYear <= SPECIAL_DAYS_TO_YEAR && toYear >= SPECIAL_DAYS_FROM_YEAR) {
      const inSpan = (d: number) => Math.floor(d / 10_000) >= fromYear && Math.floor(d / 10_000) <= toYear;
      for (const c of UNSCHEDULED_CLOSURES) if (inSpan(c.date)) this.closures.set(c.date, c.name);
      for (const e of AD_HOC_EARLY_CLOSES) if (inSpan(e.date)) this.earlyReasons.set(e.date, e.name);
    }
    const first = daysFromCivil(fromYear, 1, 1);
    const end = daysFromCivil(toYear + 1, 1, 1);
    const dates: number[] = [];
    for (let days = first; days < end; days++) {
      if (isoWeekday(days) > 5) continue;
      const d = yyyymmddFromDays(days);
      if (!this.closures.has(d)) dates.push(d);
    }
    const n = dates.length;
    this.dates = Int32Array.from(dates);
    this.open = new Float64Array(n);
    this.close = new Float64Array(n);
    this.early = new Uint8Array(n);
    this.objects = new Array<Session | undefined>(n);
    for (let i = 0; i < n; i++) {
      const d = dates[i];
      const early = this.earlyReasons.has(d);
      this.open[i] = easternToUtc(d, hours.openMin);
      this.close[i] = easternToUtc(d, early ? hours.earlyCloseMin : hours.closeMin);
      this.early[i] = early ? 1 : 0;
    }
  }

  get length(): number {
    return this.dates.length;
  }

  /** The session at index i (one frozen object per index). */
  at(i: number): Session {
    let s = this.objects[i];
    if (!s) {
      s = Object.freeze({ date: this.dates[i], open: this.open[i], close: this.close[i], earlyClose: this.early[i] === 1 });
      this.objects[i] = s;
    }
    return s;
  }

  /** Index of the first session dated on or after yyyymmdd (length when none). */
  lowerBound(yyyymmdd: number): number {
    const d = this.dates;
    let lo = 0;
    let hi = d.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d[mid] < yyyymmdd) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the session dated yyyymmdd, or -1. */
  indexOf(yyyymmdd: number): number {
    const i = this.lowerBound(yyyymmdd);
    return i < this.dates.length && this.dates[i] === yyyymmdd ? i : -1;
  }

  /** Index of the last session whose open is at or before t (-1 when none in the span). */
  lastOpenAtOrBefore(t: number): number {
    const open = this.open;
    let lo = 0;
    let hi = open.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (open[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
