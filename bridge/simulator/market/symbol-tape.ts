// One symbol's replayable tape: for any instant, the trade price on the (real or synthetic) minute
// path and the session's running open/high/low/volume, using only bars that have started by then
// (the current minute contributes only its path up to the instant: no look-ahead). Sessions have the
// exchange's real length: 390 minutes, 210 on a 13:00 early close.

import { pathPrice, pathRange, synthesizeSession, type MinuteColumns, type Range } from '../../../shared/data/intraday-path.ts';
import { sessionHoursOf } from './replay-sessions.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import type { DailyBars, SymbolData } from './sample-data.ts';

const MINUTE = 60_000;
const DAY_CACHE = 24;

/** One session of one symbol at minute resolution, with running aggregates. */
export class DayMinutes implements MinuteColumns {
  /** Minutes in the session (390, or 210 on an early close). */
  readonly length: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Highest high / lowest low / volume of minutes [0, m), m = 0..length. */
  readonly cumHigh: Float64Array;
  readonly cumLow: Float64Array;
  readonly cumVolume: Float64Array;

  constructor(
    /** Index in the symbol's daily bars. */
    readonly dayIndex: number,
    readonly date: number,
    readonly openMs: number,
    readonly closeMs: number,
    /** Previous session's close (the day's open on the first day). */
    readonly prevClose: number,
    /** True when built from real 1-minute bars. */
    readonly real: boolean,
  ) {
    const n = Math.round((closeMs - openMs) / MINUTE);
    this.length = n;
    this.open = new Float64Array(n);
    this.high = new Float64Array(n);
    this.low = new Float64Array(n);
    this.close = new Float64Array(n);
    this.volume = new Float64Array(n);
    this.cumHigh = new Float64Array(n + 1);
    this.cumLow = new Float64Array(n + 1);
    this.cumVolume = new Float64Array(n + 1);
  }

  finish(): void {
    this.cumHigh[0] = -Infinity;
    this.cumLow[0] = Infinity;
    for (let m = 0; m < this.length; m++) {
      this.cumHigh[m + 1] = Math.max(this.cumHigh[m], this.high[m]);
      this.cumLow[m + 1] = Math.min(this.cumLow[m], this.low[m]);
      this.cumVolume[m + 1] = this.cumVolume[m] + this.volume[m];
    }
  }
}

/** What a tape says at an instant; one instance is reused by each caller. */
export interface TapeSample {
  /** False when the symbol has no session at or before the instant. */
  valid: boolean;
  date: number;
  dayIndex: number;
  /** Trade price on the path at the instant (the close after the session). */
  price: number;
  dayOpen: number;
  dayHigh: number;
  dayLow: number;
  /** Shares traded in the session up to the instant. */
  volume: number;
  prevClose: number;
  /** Minute of the session (0..length-1: 0..389 on a full day), its length after the close. */
  minute: number;
  inSession: boolean;
  openMs: number;
  closeMs: number;
}

export function newTapeSample(): TapeSample {
  return { valid: false, date: 0, dayIndex: -1, price: 0, dayOpen: 0, dayHigh: 0, dayLow: 0, volume: 0, prevClose: 0, minute: 0, inSession: false, openMs: 0, closeMs: 0 };
}

export class SymbolTape {
  readonly symbol: string;
  readonly daily: DailyBars;
  /** Session open / close instants of each daily bar. */
  readonly openMs: Float64Array;
  readonly closeMs: Float64Array;
  private readonly days = new Map<number, DayMinutes>();
  private lastDay: DayMinutes | null = null;
  private readonly range: Range = { hi: 0, lo: 0 };

  constructor(
    /** The loaded files (extended-hours.ts reads the minute rows outside the regular session). */
    readonly data: SymbolData,
  ) {
    this.symbol = data.symbol;
    this.daily = data.daily;
    const n = data.daily.length;
    this.openMs = new Float64Array(n);
    this.closeMs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const { open, close } = sessionHoursOf(data.daily.date[i]);
      this.openMs[i] = open;
      this.closeMs[i] = close;
    }
  }

  get firstDate(): number {
    return this.daily.date[0];
  }

  get lastDate(): number {
    return this.daily.date[this.daily.length - 1];
  }

  /** True for a session date with a bar. */
  hasDate(yyyymmdd: number): boolean {
    return this.indexOfDate(yyyymmdd) >= 0;
  }

  indexOfDate(yyyymmdd: number): number {
    const d = this.daily.date;
    let lo = 0;
    let hi = d.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (d[mid] === yyyymmdd) return mid;
      if (d[mid] < yyyymmdd) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Index of the last daily bar whose session opened at or before t (-1 before the first). */
  dayAtOrBefore(t: number): number {
    const open = this.openMs;
    if (open.length === 0 || t < open[0]) return -1;
    let lo = 0;
    let hi = open.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (open[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The session's minute bars (real when a 1-minute file covers the date, else synthesised). */
  day(i: number): DayMinutes {
    const last = this.lastDay;
    if (last && last.dayIndex === i) return last;
    let day = this.days.get(i);
    if (!day) {
      day = this.buildDay(i);
      if (this.days.size >= DAY_CACHE) this.days.delete(this.days.keys().next().value!);
      this.days.set(i, day);
    }
    this.lastDay = day;
    return day;
  }

  /** Fills `out` with the tape's state at instant t. */
  sample(t: number, out: TapeSample): TapeSample {
    const i = this.dayAtOrBefore(t);
    if (i < 0) {
      out.valid = false;
      return out;
    }
    const day = this.day(i);
    out.valid = true;
    out.date = day.date;
    out.dayIndex = i;
    out.prevClose = day.prevClose;
    out.dayOpen = day.open[0];
    out.openMs = day.openMs;
    out.closeMs = day.closeMs;
    if (t >= day.closeMs) {
      out.inSession = false;
      const n = day.length;
      out.minute = n;
      out.price = day.close[n - 1];
      out.dayHigh = day.cumHigh[n];
      out.dayLow = day.cumLow[n];
      out.volume = day.cumVolume[n];
      return out;
    }
    const intoDay = t - day.openMs;
    const m = Math.floor(intoDay / MINUTE);
    const f = (intoDay - m * MINUTE) / MINUTE;
    const o = day.open[m];
    const h = day.high[m];
    const l = day.low[m];
    const c = day.close[m];
    out.inSession = true;
    out.minute = m;
    out.price = pathPrice(o, h, l, c, f);
    pathRange(o, h, l, c, 0, f, this.range);
    out.dayHigh = Math.max(day.cumHigh[m], this.range.hi);
    out.dayLow = Math.min(day.cumLow[m], this.range.lo);
    out.volume = day.cumVolume[m] + Math.floor(f * day.volume[m]);
    return out;
  }

  private buildDay(i: number): DayMinutes {
    const d = this.daily;
    const date = d.date[i];
    const prevClose = i > 0 ? d.close[i - 1] : d.open[i];
    const start = this.data.minuteSessionStart.get(date);
    const mins = this.data.minutes;
    const day = new DayMinutes(i, date, this.openMs[i], this.closeMs[i], prevClose, start !== undefined);
    if (start !== undefined && mins) {
      placeMinutes(mins, start, date, day.openMs, day.length, mins.open[start], day);
    } else {
      synthesizeSession(this.symbol, date, d.open[i], d.high[i], d.low[i], d.close[i], d.volume[i], day);
    }
    day.finish();
    return day;
  }
}

/**
 * Places the real minute bars of session `date` (rows from `start` of `mins`) into the `length`
 * minute slots of `out` that begin at `openMs`; a slot without a bar repeats the previous close
 * (`prev` before the first) with no volume. Rows before `openMs` are skipped.
 */
export function placeMinutes(mins: BarSeries, start: number, date: number, openMs: number, length: number, prev: number, out: MinuteColumns): void {
  const session = mins.session!;
  let k = start;
  for (let m = 0; m < length; m++) {
    const slot = openMs + m * MINUTE;
    while (k < mins.length && session[k] === date && mins.time[k] < slot) k++;
    if (k < mins.length && session[k] === date && mins.time[k] === slot) {
      out.open[m] = mins.open[k];
      out.high[m] = mins.high[k];
      out.low[m] = mins.low[k];
      out.close[m] = mins.close[k];
      out.volume[m] = mins.volume[k];
      prev = mins.close[k];
    } else {
      out.open[m] = out.high[m] = out.low[m] = out.close[m] = prev;
      out.volume[m] = 0;
    }
  }
}
