// Date-range presets (1D … All): which bars a preset shows, as a window of bar indices, and that
// window in a chart's x units. Sessions (intraday) count trading days; calendar presets count back
// from the last bar's UTC date (daily bars carry UTC midnight of their trading date).
import { isIntraday, type Timeframe } from '../../shared/data/bar-series.ts';

export type RangePreset = '1D' | '5D' | '1M' | '6M' | 'YTD' | '1Y' | '5Y' | 'All';

export const RANGE_PRESETS: readonly { readonly id: RangePreset; readonly title: string }[] = [
  { id: '1D', title: 'the last trading day' },
  { id: '5D', title: 'the last 5 trading days' },
  { id: '1M', title: 'the last month' },
  { id: '6M', title: 'the last 6 months' },
  { id: 'YTD', title: 'the year to date' },
  { id: '1Y', title: 'the last year' },
  { id: '5Y', title: 'the last 5 years' },
  { id: 'All', title: 'every bar' },
];

/** Bars `from`…`to` (indices, inclusive). */
export interface BarWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * The preset a timeframe opens with: the last session of intraday bars, the last year of daily
 * ones, five years of weekly ones, every monthly bar.
 */
export function defaultPreset(timeframe: Timeframe): RangePreset {
  if (isIntraday(timeframe)) return '1D';
  return timeframe === '1d' ? '1Y' : timeframe === '1w' ? '5Y' : 'All';
}

const MONTHS: Partial<Record<RangePreset, number>> = { '1M': 1, '6M': 6, '1Y': 12, '5Y': 60 };
const DAYS: Partial<Record<RangePreset, number>> = { '1D': 1, '5D': 5 };

/** The first index whose time is at or after `t` (times ascending). */
function firstAtOrAfter(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first bar of the last `days` sessions (or of the last `days` bars when there are no sessions). */
function lastDays(days: number, last: number, session: Int32Array | undefined): number {
  if (!session) return Math.max(0, last - days + 1);
  let seen = 1;
  let i = last;
  while (i > 0 && (session[i - 1] === session[i] || ++seen <= days)) i--;
  return i;
}

/** The bars `preset` shows of a series with these times (and sessions); null for no bars. */
export function presetWindow(preset: RangePreset, time: Float64Array, session?: Int32Array): BarWindow | null {
  const last = time.length - 1;
  if (last < 0) return null;
  if (preset === 'All') return { from: 0, to: last };
  const days = DAYS[preset];
  if (days !== undefined) return { from: lastDays(days, last, session), to: last };
  const end = new Date(time[last]);
  const start =
    preset === 'YTD'
      ? Date.UTC(end.getUTCFullYear(), 0, 1)
      : Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - MONTHS[preset]!, end.getUTCDate());
  return { from: Math.min(last, firstAtOrAfter(time, start)), to: last };
}

/**
 * The window in x units: bar numbers (intraday, half a bar of margin each side) or epoch seconds;
 * a single bar gets half a day each side, so the scale never collapses.
 */
export function xWindow(win: BarWindow, time: Float64Array, intraday: boolean): { min: number; max: number } | null {
  if (win.from < 0 || win.to >= time.length || win.from > win.to) return null;
  if (intraday) return { min: win.from - 0.5, max: win.to + 0.5 };
  const min = time[win.from] / 1000;
  const max = time[win.to] / 1000;
  return min < max ? { min, max } : { min: min - 43_200, max: max + 43_200 };
}

/** A keyboard move of the shown bars: pan a tenth of the window (a half with Shift), zoom by a fifth, or jump to an end. */
export type WindowMove = 'left' | 'right' | 'far-left' | 'far-right' | 'in' | 'out' | 'start' | 'end';

/** The key a chart understands, as a move (undefined for any other key). */
export function moveOfKey(key: string, shift: boolean): WindowMove | undefined {
  switch (key) {
    case 'ArrowLeft':
      return shift ? 'far-left' : 'left';
    case 'ArrowRight':
      return shift ? 'far-right' : 'right';
    case '+':
    case '=':
      return 'in';
    case '-':
    case '_':
      return 'out';
    case 'Home':
      return 'start';
    case 'End':
      return 'end';
    default:
      return undefined;
  }
}

/**
 * `width` + 1 bars (at least two, at most all of 0…last) with bar `at` (fractional) `share` of the way
 * across, stopping at either end: the one clamping rule of every pan and zoom (keys, mouse, touch).
 */
function placeWindow(at: number, share: number, width: number, last: number): BarWindow {
  if (last < 1) return { from: 0, to: Math.max(0, last) };
  const w = Math.max(1, Math.min(last, Math.round(width)));
  const f = Math.max(0, Math.min(Math.round(at - share * w), last - w));
  return { from: f, to: f + w };
}

/**
 * The window after a move, within bars 0…n−1: a pan keeps the width and stops at either end; a zoom
 * keeps the centre, shows at least two bars and at most all of them.
 */
export function moveWindow(win: BarWindow, n: number, move: WindowMove): BarWindow {
  const last = n - 1;
  if (last < 1) return { from: 0, to: Math.max(0, last) };
  const width = Math.max(1, Math.min(win.to - win.from, last));
  const shiftTo = (from: number): BarWindow => placeWindow(from, 0, width, last);
  const step = Math.max(1, Math.round(width / 10));
  switch (move) {
    case 'left':
      return shiftTo(win.from - step);
    case 'right':
      return shiftTo(win.from + step);
    case 'far-left':
      return shiftTo(win.from - Math.max(1, Math.round(width / 2)));
    case 'far-right':
      return shiftTo(win.from + Math.max(1, Math.round(width / 2)));
    case 'start':
      return shiftTo(0);
    case 'end':
      return shiftTo(last - width);
    case 'in':
    case 'out': {
      const next = Math.round(move === 'in' ? width * 0.8 : Math.max(width + 1, width * 1.25));
      return placeWindow((win.from + win.to) / 2, 0.5, next, last);
    }
  }
}

/**
 * A drag or pinch of the plot: the point `from` of the way across `start` (0 = its left edge, 1 = its
 * right edge) is now `to` of the way across, and the window is `scale` times narrower (fingers spread
 * apart: > 1, zoom in). One finger's drag is a pan (scale 1); the clamping is moveWindow's.
 */
export function dragWindow(start: BarWindow, n: number, g: { readonly from: number; readonly to: number; readonly scale: number }): BarWindow {
  const w0 = start.to - start.from;
  const scale = Number.isFinite(g.scale) && g.scale > 0 ? g.scale : 1;
  return placeWindow(start.from + g.from * w0, g.to, w0 / scale, n - 1);
}

/**
 * The bars an x range shows (the inverse of xWindow): those inside it, at least two (a range between
 * two bars or around one takes its neighbours); null without bars or for an empty range.
 */
export function windowOfX(x: { readonly min: number; readonly max: number }, time: Float64Array, intraday: boolean): BarWindow | null {
  const last = time.length - 1;
  if (last < 0 || !(x.max > x.min)) return null;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  // Epoch seconds back to ms may be off by a rounding error: half a millisecond of slack.
  const from = clamp(intraday ? Math.ceil(x.min - 1e-6) : firstAtOrAfter(time, x.min * 1000 - 0.5));
  const to = clamp(intraday ? Math.floor(x.max + 1e-6) : firstAtOrAfter(time, x.max * 1000 + 0.5) - 1);
  return to > from ? { from, to } : placeWindow((from + to) / 2, 0.5, 1, last);
}
