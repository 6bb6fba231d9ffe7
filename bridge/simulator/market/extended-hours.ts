// Extended-hours prices of stocks and ETFs: the pre-market (04:00 ET to the 09:30 open) and the
// after-hours session (16:00 to 20:00 ET; 13:00 to 17:00 ET after an early close). The session rule
// itself lives in shared/time/extended-session.ts; this file only builds the prices.
//
// API for other modules (e.g. `outsideRth` order fills):
//
//   extendedHoursPrice(instrument, ms): number | undefined
//     The trade price of a stock/ETF listing at replay instant `ms` (epoch ms) when `ms` lies in
//     the pre-market or after-hours of one of its tape's sessions; the regular path price (as the
//     quotes use) inside the regular session; undefined when even extended trading is closed
//     (nights, weekends, holidays, outside the data) and for options and indices, which have no
//     extended session here.
//   extendedHoursQuote(instrument, ms): { bid, ask, last, phase } | undefined
//     The same price with a bid/ask around it: the stock's regular spread × EXTENDED_SPREAD_FACTOR
//     outside the regular session (thin books), on the cent grid.
//   extendedMinutes(tape, dayIndex, 'pre' | 'post')
//     One extended segment of a session as minute bars (what useRTH = 0 historical bars, ticks and
//     histograms aggregate).
//
// Where the prices come from:
// - real 1-minute bars of the symbol's minute file that fall outside the regular session (the
//   `<SYMBOL>_1m.csv` rows of the session date before 09:30 or from 16:00 ET), placed in their
//   minute slots; a missing minute repeats the previous close;
// - otherwise (the bundled samples hold the regular session only) a SYNTHETIC path: one minute per
//   minute of the segment from the seeded Brownian bridge of intraday-path.ts, seeded by symbol,
//   date and segment, so the same instant always has the same price. The pre-market runs from the
//   previous session's close to the day's open; the after-hours from the day's close to the next
//   session's open (around the day's open / close instead where the data has no neighbouring
//   session, e.g. at its ends or across a gap between files). The path stays within a
//   small band around the two ends (max(5 bps of the price, 8 % of the day's range)), and the
//   segment's volume is a small share of the day's (PRE_VOLUME_SHARE, POST_VOLUME_SHARE). These are
//   invented numbers for paper trading, not a record of what traded: they only join the real data
//   at its two ends. Note that the pre-market path ends exactly at the day's open, a value a real
//   pre-market would not know yet (the replay's regular path knows its day's bar the same way).

import { extendedSession, withExtendedHours, type ExtendedSession, type SessionPhase } from '../../../shared/time/extended-session.ts';
import { easternDate } from '../../../shared/time/us-eastern.ts';
import { pathPrice, synthesizeMinutes, type MinuteColumns } from '../../../shared/data/intraday-path.ts';
import { hash32, hashString } from '../../../shared/data/seeded-hash.ts';
import type { Listing } from './listed.ts';
import { XNYS } from './replay-sessions.ts';
import { newTapeSample, placeMinutes, type SymbolTape } from './symbol-tape.ts';
import { stockBid, stockSpreadTicks } from './quotes.ts';

const MINUTE = 60_000;
/** Share of the day's volume traded in the pre-market / after-hours of the synthetic path. */
export const PRE_VOLUME_SHARE = 0.015;
export const POST_VOLUME_SHARE = 0.01;
/** Extended-hours spreads are this many times the stock's regular spread. */
export const EXTENDED_SPREAD_FACTOR = 3;
const SEGMENT_CACHE = 16;

/** One extended segment (pre-market or after-hours) of one session as minute bars. */
export class ExtendedMinutes implements MinuteColumns {
  readonly length: number;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  constructor(
    readonly dayIndex: number,
    readonly date: number,
    readonly phase: 'pre' | 'post',
    /** Segment start / end instants, UTC ms ([openMs, closeMs)). */
    readonly openMs: number,
    readonly closeMs: number,
    /** True when built from real minute bars. */
    readonly real: boolean,
  ) {
    const n = Math.max(0, Math.round((closeMs - openMs) / MINUTE));
    this.length = n;
    this.open = new Float64Array(n);
    this.high = new Float64Array(n);
    this.low = new Float64Array(n);
    this.close = new Float64Array(n);
    this.volume = new Float64Array(n);
  }

  /** Trade price on the segment's path at instant t (clamped to the segment). */
  priceAt(t: number): number {
    const into = Math.min(Math.max(0, t - this.openMs), this.length * MINUTE - 1e-6);
    const m = Math.floor(into / MINUTE);
    return pathPrice(this.open[m], this.high[m], this.low[m], this.close[m], (into - m * MINUTE) / MINUTE);
  }
}

const segments = new WeakMap<SymbolTape, Map<string, ExtendedMinutes>>();

/** The extended session of a tape's session `i` (its XNYS session; regular hours for a date XNYS lacks). */
export function tapeExtendedSession(tape: SymbolTape, i: number): ExtendedSession {
  const date = tape.daily.date[i];
  return extendedSession(XNYS, date) ?? withExtendedHours({ date, open: tape.openMs[i], close: tape.closeMs[i], earlyClose: false });
}

/** The pre-market or after-hours segment of the tape's session `dayIndex` (cached per tape). */
export function extendedMinutes(tape: SymbolTape, dayIndex: number, phase: 'pre' | 'post'): ExtendedMinutes {
  let cache = segments.get(tape);
  if (!cache) segments.set(tape, (cache = new Map()));
  const key = `${dayIndex}:${phase}`;
  let seg = cache.get(key);
  if (!seg) {
    seg = buildSegment(tape, dayIndex, phase);
    if (cache.size >= SEGMENT_CACHE) cache.delete(cache.keys().next().value!);
    cache.set(key, seg);
  }
  return seg;
}

function buildSegment(tape: SymbolTape, i: number, phase: 'pre' | 'post'): ExtendedMinutes {
  const s = tapeExtendedSession(tape, i);
  const d = tape.daily;
  const seg = phase === 'pre' ? new ExtendedMinutes(i, s.date, 'pre', s.preOpen, s.open, hasRealRows(tape, s.date, s.preOpen, s.open)) : new ExtendedMinutes(i, s.date, 'post', s.close, s.postClose, hasRealRows(tape, s.date, s.close, s.postClose));
  if (seg.length === 0) return seg;
  if (seg.real) {
    fillReal(tape, seg);
    return seg;
  }
  // The neighbouring bar counts only when it is the neighbouring XNYS session (not across a gap in the data).
  const prevIsSession = i > 0 && d.date[i - 1] === XNYS.previousSession(s.date).date;
  const nextIsSession = i + 1 < d.length && d.date[i + 1] === XNYS.nextSession(s.date).date;
  const from = phase === 'pre' ? (prevIsSession ? d.close[i - 1] : d.open[i]) : d.close[i];
  const to = phase === 'pre' ? d.open[i] : nextIsSession ? d.open[i + 1] : d.close[i];
  const pad = Math.max(from * 0.0005, 0.08 * (d.high[i] - d.low[i]));
  const high = Math.max(from, to) + pad;
  const low = Math.max(0.01, Math.min(from, to) - pad);
  const volume = Math.round(d.volume[i] * (phase === 'pre' ? PRE_VOLUME_SHARE : POST_VOLUME_SHARE));
  if (seg.length < 4) {
    for (let m = 0; m < seg.length; m++) {
      seg.open[m] = seg.high[m] = seg.low[m] = seg.close[m] = from + ((to - from) * (m + 1)) / seg.length;
      seg.volume[m] = m === 0 ? volume : 0;
    }
    return seg;
  }
  synthesizeMinutes(hash32(hashString(tape.symbol), s.date, phase === 'pre' ? 1 : 2), from, high, low, to, volume, seg);
  return seg;
}

/** True when the symbol's minute file has a row of session `date` in [a, b). */
function hasRealRows(tape: SymbolTape, date: number, a: number, b: number): boolean {
  const { minutes, minuteSessionStart } = tape.data;
  const start = minuteSessionStart.get(date);
  if (!minutes?.session || start === undefined) return false;
  for (let k = start; k < minutes.length && minutes.session[k] === date; k++) if (minutes.time[k] >= a && minutes.time[k] < b) return true;
  return false;
}

function fillReal(tape: SymbolTape, seg: ExtendedMinutes): void {
  const mins = tape.data.minutes!;
  const sessionOf = mins.session!;
  const start = tape.data.minuteSessionStart.get(seg.date)!;
  let k = start;
  while (k < mins.length && sessionOf[k] === seg.date && mins.time[k] < seg.openMs) k++;
  const prev = k < mins.length && sessionOf[k] === seg.date ? mins.open[k] : tape.daily.close[seg.dayIndex];
  placeMinutes(mins, k, seg.date, seg.openMs, seg.length, prev, seg);
}

/** Where instant t falls for a tape: its session index, the extended session and the phase; undefined when closed. */
export function tapePhaseAt(tape: SymbolTape, t: number): { readonly dayIndex: number; readonly session: ExtendedSession; readonly phase: SessionPhase } | undefined {
  if (!Number.isFinite(t)) return undefined;
  const i = tape.indexOfDate(easternDate(t));
  if (i < 0) return undefined;
  const session = tapeExtendedSession(tape, i);
  if (t < session.preOpen || t >= session.postClose) return undefined;
  return { dayIndex: i, session, phase: t < session.open ? 'pre' : t < session.close ? 'regular' : 'post' };
}

const sample = newTapeSample();

/** See the top of the file: a stock's price at `ms` in its extended session, undefined when closed or not a stock. */
export function extendedHoursPrice(instrument: Listing, ms: number): number | undefined {
  if (instrument.secType !== 'STK') return undefined;
  const at = tapePhaseAt(instrument.tape, ms);
  return at && priceIn(instrument.tape, at, ms);
}

/** The price at `ms` in the part of the extended session `at` found (the regular path inside the session). */
function priceIn(tape: SymbolTape, at: { readonly dayIndex: number; readonly phase: SessionPhase }, ms: number): number {
  if (at.phase === 'regular') return Math.round(tape.sample(ms, sample).price * 100) / 100;
  return Math.round(extendedMinutes(tape, at.dayIndex, at.phase).priceAt(ms) * 100) / 100;
}

export interface ExtendedQuote {
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
  readonly phase: SessionPhase;
}

/** See the top of the file: bid/ask/last of a stock at `ms` in its extended session. */
export function extendedHoursQuote(instrument: Listing, ms: number): ExtendedQuote | undefined {
  if (instrument.secType !== 'STK') return undefined;
  const at = tapePhaseAt(instrument.tape, ms);
  if (!at) return undefined;
  const last = priceIn(instrument.tape, at, ms);
  // The quote model's stock spread (quotes.ts), wider outside regular hours.
  const ticks = stockSpreadTicks(last, instrument.spec.spreadBps, at.phase === 'regular' ? 1 : EXTENDED_SPREAD_FACTOR);
  const bid = stockBid(last, ticks);
  return { bid, ask: Math.round((bid + ticks * 0.01) * 100) / 100, last, phase: at.phase };
}
