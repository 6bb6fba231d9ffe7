// Historical bars (reqHistoricalData) built from the replay tape, strictly up to the replay clock:
// only sessions that have started count, a bar that contains "now" is cut at now (its close is the
// price at now), and a requested end after now is moved back to now. Nothing from the future can
// leak into a bar.
//
// Bar sizes: 1/5/10/15/30 secs, 1/2/3/5/10/15/20/30 mins, 1/2/3/4/8 hours, 1 day, 1 week, 1 month.
// Intraday buckets are aligned to the clock in US/Eastern (1 hour: 09:30–10:00, 10:00–11:00, …) as
// TWS does; seconds bars come from the intra-minute path. Durations: N S|D|W|M|Y, where D counts
// trading sessions. Dates: `yyyyMMdd` for daily and longer bars whatever formatDate is (as TWS);
// intraday `yyyyMMdd HH:mm:ss US/Eastern` (formatDate 1) or epoch seconds (formatDate 2).
//
// whatToShow: TRADES / ADJUSTED_LAST (the tape), MIDPOINT, BID, ASK, BID_ASK (± half the quoted
// spread; volume, WAP and count -1 as TWS sends them), HISTORICAL_VOLATILITY and
// OPTION_IMPLIED_VOLATILITY (stocks: the day's realised / 30-day ATM implied volatility). Options
// are priced with the quote model's Black–Scholes at each bar's underlying prices; VIX bars are
// synthesised from SPY's (volatility.ts); SPX and NDX bars are SPY's and QQQ's × the index ratio.

import { MS_PER_DAY, daysFromYyyymmdd, isoWeekKey } from '../../../shared/data/iso-time.ts';
import { bsPrice } from '../../../shared/options/index.ts';
import type { BarsOut } from '../wire/encoders.ts';
import { pathPrice, pathRange, type Range } from '../../../shared/data/intraday-path.ts';
import { baseTape, optionParams, tapeScale, type ListedOption, type ListedStock, type Listing } from './listed.ts';
import { scaledLevel } from './quotes.ts';
import type { DayMinutes, SymbolTape } from './symbol-tape.ts';
import { extendedMinutes, tapeExtendedSession } from './extended-hours.ts';
import { easternLocalMs } from '../../../shared/time/us-eastern.ts';
import { formatEasternWithZone, formatYyyymmdd } from '../../../shared/time/tws-time.ts';
import { atmVol, realisedVol, riskFreeRate, surfaceVol, vixLevel } from './volatility.ts';

const MINUTE = 60_000;
const YEAR_MS = 365 * MS_PER_DAY;
/** Largest answer; more is refused like TWS's "Time length exceed max". */
export const MAX_BARS = 100_000;

export type BarKind = 'intraday' | 'day' | 'week' | 'month';

export interface BarSpec {
  readonly kind: BarKind;
  /** Intraday bar length in ms (0 for day and longer). */
  readonly ms: number;
}

const VALID_SIZES: Readonly<Record<string, readonly number[]>> = {
  sec: [1, 5, 10, 15, 30],
  min: [1, 2, 3, 5, 10, 15, 20, 30],
  hour: [1, 2, 3, 4, 8],
  day: [1],
  week: [1],
  month: [1],
};

/** Parses a barSizeSetting such as `1 min`, `5 mins`, `1 hour`, `1 day`; null when TWS would refuse it. */
export function parseBarSize(text: string): BarSpec | null {
  const m = /^(\d+)\s*(sec|min|hour|day|week|month)s?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (!VALID_SIZES[unit].includes(n)) return null;
  if (unit === 'day') return { kind: 'day', ms: 0 };
  if (unit === 'week') return { kind: 'week', ms: 0 };
  if (unit === 'month') return { kind: 'month', ms: 0 };
  return { kind: 'intraday', ms: n * (unit === 'sec' ? 1000 : unit === 'min' ? MINUTE : 60 * MINUTE) };
}

export interface Duration {
  readonly n: number;
  readonly unit: 'S' | 'D' | 'W' | 'M' | 'Y';
}

/** Parses a durationStr such as `3600 S`, `5 D`, `2 W`, `6 M`, `1 Y`. */
export function parseDuration(text: string): Duration | null {
  const m = /^(\d{1,9})\s+([SDWMY])$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1) return null;
  return { n: Number(m[1]), unit: m[2].toUpperCase() as Duration['unit'] };
}

export const WHAT_TO_SHOW = ['TRADES', 'MIDPOINT', 'BID', 'ASK', 'BID_ASK', 'ADJUSTED_LAST', 'HISTORICAL_VOLATILITY', 'OPTION_IMPLIED_VOLATILITY'] as const;
export type WhatToShow = (typeof WHAT_TO_SHOW)[number];

/** whatToShow values allowed per instrument kind. */
export function allowedWhatToShow(inst: Listing): readonly WhatToShow[] {
  if (inst.secType === 'STK') return WHAT_TO_SHOW;
  if (inst.secType === 'OPT') return ['TRADES', 'MIDPOINT', 'BID', 'ASK', 'BID_ASK'];
  return ['TRADES'];
}

/** One bar being built or mapped. */
interface Bar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export class BarList implements BarsOut {
  readonly date: string[] = [];
  readonly time: number[] = [];
  readonly open: number[] = [];
  readonly high: number[] = [];
  readonly low: number[] = [];
  readonly close: number[] = [];
  readonly volume: number[] = [];
  readonly wap: number[] = [];
  readonly count: number[] = [];
  get length(): number {
    return this.date.length;
  }
}

export interface BarRequest {
  readonly instrument: Listing;
  readonly bar: BarSpec;
  readonly whatToShow: WhatToShow;
  readonly formatDate: number;
  /**
   * useRTH = 0: intraday bars of a stock also cover its pre-market and after-hours (04:00–20:00 ET,
   * extended-hours.ts). Daily and longer bars, options and indices stay on the regular session.
   */
  readonly extendedHours?: boolean;
}

/** True when `req` asks for a stock's intraday bars including the extended session. */
function withExtended(req: BarRequest): boolean {
  return req.extendedHours === true && req.bar.kind === 'intraday' && req.instrument.secType === 'STK';
}

/** A session's minutes or an extended segment's: what BarMapper.window aggregates. */
type MinuteSpan = Pick<DayMinutes, 'openMs' | 'length' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

export type HistoryResult =
  | { readonly ok: true; readonly bars: BarList; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly reason: 'no-data' | 'too-long'; readonly bars?: number };

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Bar values for an instrument from its base tape (the stock itself, SPY for VIX, the underlying for an option). */
class BarMapper {
  readonly tape: SymbolTape;
  private readonly range: Range = { hi: 0, lo: 0 };

  constructor(private readonly req: BarRequest) {
    this.tape = baseTape(req.instrument);
  }

  /** Maps a bar of the base tape (session `dayIndex`, ending at `endMs`) into the instrument's values. */
  map(b: Bar, dayIndex: number, endMs: number): void {
    const inst = this.req.instrument;
    if (inst.secType === 'IND' && inst.spec.kind === 'scaled') {
      // SPX / NDX: the base ETF's bar × the index ratio, as the quote model does (quotes.ts).
      const k = inst.spec.ratio;
      b.open = scaledLevel(b.open, k);
      b.high = scaledLevel(b.high, k);
      b.low = scaledLevel(b.low, k);
      b.close = scaledLevel(b.close, k);
      b.volume = 0;
    } else if (inst.secType === 'IND') {
      const rv = realisedVol(this.tape, dayIndex);
      const ref = dayIndex > 0 ? this.tape.daily.close[dayIndex - 1] : this.tape.daily.open[dayIndex];
      const p = inst.base.spec.vol;
      const { open, high, low, close } = b;
      b.open = vixLevel(rv, p, open, ref);
      b.close = vixLevel(rv, p, close, ref);
      b.high = vixLevel(rv, p, low, ref);
      b.low = vixLevel(rv, p, high, ref);
      b.volume = 0;
    } else if (inst.secType === 'OPT') {
      this.mapOption(inst, b, dayIndex, endMs);
    }
    this.applyWhatToShow(b, dayIndex);
  }

  private mapOption(inst: ListedOption, b: Bar, dayIndex: number, endMs: number): void {
    const params = optionParams(inst.underlying);
    const scale = tapeScale(inst.underlying);
    const years = Math.max(0, (inst.expiryMs - endMs) / YEAR_MS);
    const rate = riskFreeRate(this.tape.daily.date[dayIndex]);
    const q = params.dividendYield;
    const rv = realisedVol(this.tape, dayIndex);
    const value = (tapePrice: number) => {
      const s = tapePrice * scale;
      const vol = surfaceVol(rv, s * Math.exp((rate - q) * years), inst.strike, years, params.vol);
      return Math.round(bsPrice(inst.right, s, inst.strike, years, rate, q, vol) * 100) / 100;
    };
    const up = inst.right === 'C';
    const { open, high, low, close, volume } = b;
    b.open = value(open);
    b.close = value(close);
    b.high = value(up ? high : low);
    b.low = value(up ? low : high);
    b.volume = Math.floor(volume / 5000);
  }

  private applyWhatToShow(b: Bar, dayIndex: number): void {
    const w = this.req.whatToShow;
    if (w === 'TRADES' || w === 'ADJUSTED_LAST') return;
    const inst = this.req.instrument;
    if (w === 'HISTORICAL_VOLATILITY' || w === 'OPTION_IMPLIED_VOLATILITY') {
      const stock = inst as ListedStock;
      const rv = realisedVol(this.tape, dayIndex);
      b.open = b.high = b.low = b.close = round4(w === 'HISTORICAL_VOLATILITY' ? rv : atmVol(rv, 30 / 365, stock.spec.vol));
      b.volume = -1;
      return;
    }
    const half = (p: number) => {
      if (inst.secType === 'OPT') return Math.max(0.005, p * 0.01);
      const bps = inst.secType === 'STK' ? inst.spec.spreadBps : 1;
      return Math.max(0.005, (p * bps) / 2e4);
    };
    const shift = w === 'BID' ? -1 : w === 'ASK' ? 1 : 0;
    if (w === 'BID_ASK') {
      b.open -= half(b.open);
      b.high += half(b.high);
      b.low -= half(b.low);
      b.close += half(b.close);
    } else if (shift !== 0) {
      b.open += shift * half(b.open);
      b.high += shift * half(b.high);
      b.low += shift * half(b.low);
      b.close += shift * half(b.close);
    }
    b.open = round4(b.open);
    b.high = round4(b.high);
    b.low = round4(b.low);
    b.close = round4(b.close);
    b.volume = -1;
  }

  /** Aggregates the base tape over [a, b) of one session's minutes into `out`. */
  window(day: MinuteSpan, a: number, b: number, out: Bar): boolean {
    const fa = Math.max(0, (a - day.openMs) / MINUTE);
    const fb = Math.min(day.length, (b - day.openMs) / MINUTE);
    if (!(fb > fa)) return false;
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    const m0 = Math.floor(fa);
    const m1 = Math.min(day.length - 1, Math.ceil(fb) - 1);
    for (let m = m0; m <= m1; m++) {
      const f0 = Math.max(0, fa - m);
      const f1 = Math.min(1, fb - m);
      if (f0 === 0 && f1 === 1) {
        if (day.high[m] > high) high = day.high[m];
        if (day.low[m] < low) low = day.low[m];
        volume += day.volume[m];
      } else {
        pathRange(day.open[m], day.high[m], day.low[m], day.close[m], f0, f1, this.range);
        if (this.range.hi > high) high = this.range.hi;
        if (this.range.lo < low) low = this.range.lo;
        volume += Math.floor((f1 - f0) * day.volume[m]);
      }
    }
    out.open = pathPrice(day.open[m0], day.high[m0], day.low[m0], day.close[m0], fa - m0);
    out.close = pathPrice(day.open[m1], day.high[m1], day.low[m1], day.close[m1], Math.min(1, fb - m1));
    out.high = high;
    out.low = low;
    out.volume = volume;
    return true;
  }

  private readonly part: Bar = { open: 0, high: 0, low: 0, close: 0, volume: 0 };

  /** Aggregates [a, b) across consecutive spans (pre-market, session, after-hours) into `out`. */
  windowAcross(spans: readonly MinuteSpan[], a: number, b: number, out: Bar): boolean {
    let any = false;
    const p = this.part;
    for (const span of spans) {
      if (!this.window(span, a, b, p)) continue;
      if (!any) {
        out.open = p.open;
        out.high = p.high;
        out.low = p.low;
        out.volume = 0;
      } else {
        if (p.high > out.high) out.high = p.high;
        if (p.low < out.low) out.low = p.low;
      }
      out.close = p.close;
      out.volume += p.volume;
      any = true;
    }
    return any;
  }
}

/** The minute spans of session i, in time order, and the instants they cover. */
function daySpans(tape: SymbolTape, i: number, extended: boolean): { spans: MinuteSpan[]; from: number; to: number } {
  const day = tape.day(i);
  if (!extended) return { spans: [day], from: tape.openMs[i], to: tape.closeMs[i] };
  const pre = extendedMinutes(tape, i, 'pre');
  const post = extendedMinutes(tape, i, 'post');
  return { spans: [pre, day, post], from: pre.openMs, to: post.closeMs };
}

function push(list: BarList, time: number, label: string, b: Bar): void {
  const trades = b.volume >= 0;
  list.time.push(time);
  list.date.push(label);
  list.open.push(round4(b.open));
  list.high.push(round4(b.high));
  list.low.push(round4(b.low));
  list.close.push(round4(b.close));
  list.volume.push(trades ? Math.round(b.volume) : -1);
  list.wap.push(trades ? round4((b.high + b.low + b.close) / 3) : -1);
  list.count.push(trades ? Math.max(b.volume > 0 ? 1 : 0, Math.round(b.volume / 150)) : -1);
}

/**
 * The label of a bar starting at `time` (intraday) or on session `date` (daily and longer). TWS sends
 * day, week and month bars as `yyyyMMdd` whatever formatDate is; only intraday bars follow it
 * (1: `yyyyMMdd HH:mm:ss US/Eastern`, 2: epoch seconds).
 */
export function barLabel(kind: BarKind, formatDate: number, time: number, date: number): string {
  if (kind === 'intraday') return formatDate === 2 ? String(Math.floor(time / 1000)) : formatEasternWithZone(time);
  return formatYyyymmdd(date);
}

/** Start of the duration window ending at `end`, on the tape's sessions for D (from their pre-market with `extended`). */
export function durationStart(tape: SymbolTape, d: Duration, end: number, extended = false): number {
  switch (d.unit) {
    case 'S':
      return end - d.n * 1000;
    case 'D': {
      let i = tape.dayAtOrBefore(end - 1);
      if (extended && i + 1 < tape.daily.length && tapeExtendedSession(tape, i + 1).preOpen < end) i++;
      if (i < 0) return end;
      const first = Math.max(0, i - d.n + 1);
      return extended ? tapeExtendedSession(tape, first).preOpen : tape.openMs[first];
    }
    case 'W':
      return end - d.n * 7 * MS_PER_DAY;
    case 'M':
      return end - d.n * 30.4375 * MS_PER_DAY;
    case 'Y':
      return end - d.n * 365.25 * MS_PER_DAY;
  }
}

/**
 * Bars of `req` over [start, end), end already ≤ now. Intraday bars are cut at `now`; daily bars
 * include today's partial session when it has started.
 */
export function buildBars(req: BarRequest, start: number, end: number, now: number): HistoryResult {
  const mapper = new BarMapper(req);
  const tape = mapper.tape;
  const list = new BarList();
  const bar: Bar = { open: 0, high: 0, low: 0, close: 0, volume: 0 };
  const stop = Math.min(end, now);
  const extended = withExtended(req);
  const first = Math.max(0, tape.dayAtOrBefore(start));
  let last = tape.dayAtOrBefore(stop - 1);
  // With the extended session, the next day's pre-market may have started before its open.
  if (extended && last + 1 < tape.daily.length && tapeExtendedSession(tape, last + 1).preOpen < stop) last++;
  if (last < 0) return { ok: false, reason: 'no-data' };

  if (req.bar.kind === 'intraday') {
    const len = req.bar.ms;
    // A rough count first, to refuse huge answers before building them.
    let estimate = 0;
    for (let i = first; i <= last; i++) estimate += Math.ceil((extended ? 16 * 3_600_000 : tape.closeMs[i] - tape.openMs[i]) / len) + 1;
    if (estimate > MAX_BARS * 4) return { ok: false, reason: 'too-long', bars: estimate };
    for (let i = first; i <= last; i++) {
      const { spans, from, to } = daySpans(tape, i, extended);
      if (to <= start || from >= stop) continue;
      const date = tape.daily.date[i];
      // Buckets aligned to the Eastern clock: local midnight + k·len, clipped to the session.
      const midnight = from - (easternLocalMs(from) % MS_PER_DAY);
      for (let b0 = midnight + Math.floor((from - midnight) / len) * len; b0 < to; b0 += len) {
        const a = Math.max(b0, from);
        const b = Math.min(b0 + len, to, stop);
        if (a < start || a >= b) continue;
        if (!mapper.windowAcross(spans, a, b, bar)) continue;
        mapper.map(bar, i, b);
        push(list, a, barLabel('intraday', req.formatDate, a, date), bar);
        if (list.length > MAX_BARS) return { ok: false, reason: 'too-long', bars: list.length };
      }
    }
  } else {
    const d = tape.daily;
    let groupKey = NaN;
    for (let i = first; i <= last; i++) {
      const open = tape.openMs[i];
      if (tape.closeMs[i] <= start) continue;
      if (open >= stop) break;
      if (tape.closeMs[i] <= stop) {
        bar.open = d.open[i];
        bar.high = d.high[i];
        bar.low = d.low[i];
        bar.close = d.close[i];
        bar.volume = d.volume[i];
      } else if (!mapper.window(tape.day(i), open, stop, bar)) continue;
      mapper.map(bar, i, Math.min(tape.closeMs[i], stop));
      const date = d.date[i];
      if (req.bar.kind === 'day') {
        push(list, open, barLabel('day', req.formatDate, open, date), bar);
        continue;
      }
      const key = req.bar.kind === 'week' ? isoWeekKey(daysFromYyyymmdd(date)) : Math.floor(date / 100);
      if (key !== groupKey) {
        groupKey = key;
        push(list, open, barLabel(req.bar.kind, req.formatDate, open, date), bar);
      } else {
        const k = list.length - 1;
        list.high[k] = Math.max(list.high[k], round4(bar.high));
        list.low[k] = Math.min(list.low[k], round4(bar.low));
        list.close[k] = round4(bar.close);
        if (list.volume[k] >= 0) {
          list.volume[k] += Math.round(bar.volume);
          list.count[k] += Math.round(bar.volume / 150);
          list.wap[k] = round4((list.high[k] + list.low[k] + list.close[k]) / 3);
        }
      }
    }
  }
  if (list.length === 0) return { ok: false, reason: 'no-data' };
  return { ok: true, bars: list, start, end: stop };
}

/** Start of the bar containing instant t (for keepUpToDate), or NaN outside the data. */
export function bucketStart(req: BarRequest, tape: SymbolTape, t: number): number {
  const i = tape.dayAtOrBefore(t);
  if (i < 0) return NaN;
  const open = tape.openMs[i];
  if (req.bar.kind !== 'intraday') {
    if (req.bar.kind === 'day') return open;
    // week/month: the first session of the group containing day i
    const d = tape.daily.date;
    const keyOf = (j: number) => (req.bar.kind === 'week' ? isoWeekKey(daysFromYyyymmdd(d[j])) : Math.floor(d[j] / 100));
    let j = i;
    while (j > 0 && keyOf(j - 1) === keyOf(i)) j--;
    return tape.openMs[j];
  }
  const len = req.bar.ms;
  if (withExtended(req)) {
    // The extended session containing t, else the last one before it.
    let k = i;
    if (k + 1 < tape.daily.length && tapeExtendedSession(tape, k + 1).preOpen <= t) k++;
    const s = tapeExtendedSession(tape, k);
    const at = Math.min(t, s.postClose - 1);
    const midnight = s.preOpen - (easternLocalMs(s.preOpen) % MS_PER_DAY);
    return Math.max(s.preOpen, midnight + Math.floor((at - midnight) / len) * len);
  }
  const at = Math.min(t, tape.closeMs[i] - 1);
  const midnight = open - (easternLocalMs(open) % MS_PER_DAY);
  return Math.max(open, midnight + Math.floor((at - midnight) / len) * len);
}

