// Trade, fill and signal markers on a uPlot chart. When the markers (or the bars) change they are
// placed once on their bars and kept in typed arrays sorted by bar; each redraw finds the visible
// ones by binary search and paints them straight onto the canvas, one colour per pass (no arrays,
// no closures per redraw): buys ▲ with their tip at the price, sells ▼ likewise, signals hollow.
import uPlot from 'uplot';
import type { ChartPalette } from './palette.ts';

export type MarkerKind = 'buy' | 'sell' | 'signal-long' | 'signal-short' | 'signal-flat';

export interface ChartMarker {
  /** Epoch ms; drawn on the bar it falls in. */
  readonly time: number;
  readonly price: number;
  readonly kind: MarkerKind;
  /** What it is in words, e.g. 'Buy 100 @ 412.50'. */
  readonly label: string;
}

const KINDS: readonly MarkerKind[] = ['buy', 'sell', 'signal-long', 'signal-short', 'signal-flat'];
const BUY = 0;
const SELL = 1;
const LONG = 2;
const SHORT = 3;

/** A triangle's height in CSS pixels (its base is as wide): the body is this far below a buy's price, above a sell's. */
export const MARKER_SIZE_CSS = 10;

/** Markers placed on the bars, sorted by bar (ties keep their order). */
export interface PlacedMarkers {
  readonly count: number;
  /** The chart's x of each marker's bar (epoch seconds, or the bar number on intraday charts), ascending. */
  readonly x: Float64Array;
  readonly bar: Int32Array;
  readonly price: Float64Array;
  /** Index into KINDS. */
  readonly kind: Uint8Array;
  readonly label: readonly string[];
  /** Markers left out: before the first bar, after the last one, or without a finite time and price. */
  readonly outside: number;
}

export const NO_MARKERS: PlacedMarkers = { count: 0, x: new Float64Array(0), bar: new Int32Array(0), price: new Float64Array(0), kind: new Uint8Array(0), label: [], outside: 0 };

/** The index of the bar `t` falls in: the last bar starting at or before it; -1 before the first bar. */
export function barAt(time: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The first index of ascending `xs` with a value ≥ v (xs.length when none). */
function lowerBound(xs: Float64Array, v: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Places `markers` on the bars starting at `time` (epoch ms, ascending). A marker after the last bar
 * counts only within one bar's span of it (the last bar's length is taken as its predecessor's).
 */
export function placeMarkers(markers: readonly ChartMarker[] | undefined, time: Float64Array, intraday: boolean): PlacedMarkers {
  if (!markers || markers.length === 0) return NO_MARKERS;
  const n = time.length;
  const lastEnd = n === 0 ? -Infinity : n === 1 ? time[0] + 86_400_000 : 2 * time[n - 1] - time[n - 2];
  const kept: { readonly m: ChartMarker; readonly bar: number; readonly kind: number }[] = [];
  for (const m of markers) {
    const kind = KINDS.indexOf(m.kind);
    if (kind < 0 || !Number.isFinite(m.time) || !Number.isFinite(m.price) || m.time >= lastEnd) continue;
    const bar = barAt(time, m.time);
    if (bar >= 0) kept.push({ m, bar, kind });
  }
  kept.sort((a, b) => a.bar - b.bar); // stable: same-bar markers keep their order
  const out = {
    count: kept.length,
    x: new Float64Array(kept.length),
    bar: new Int32Array(kept.length),
    price: new Float64Array(kept.length),
    kind: new Uint8Array(kept.length),
    label: kept.map((k) => k.m.label),
    outside: markers.length - kept.length,
  };
  kept.forEach((k, i) => {
    out.x[i] = intraday ? k.bar : time[k.bar] / 1000;
    out.bar[i] = k.bar;
    out.price[i] = k.m.price;
    out.kind[i] = k.kind;
  });
  return out;
}

/** The markers within x in [min, max]: indices [from, to). */
export function markersIn(p: PlacedMarkers, min: number | null | undefined, max: number | null | undefined): { from: number; to: number } {
  if (min == null || max == null || p.count === 0) return { from: 0, to: 0 };
  const from = lowerBound(p.x, min, p.count);
  let to = lowerBound(p.x, max, p.count);
  while (to < p.count && p.x[to] <= max) to++;
  return { from, to };
}

/** The labels of the markers on bar `bar` (none when it has none or is null). */
export function labelsOnBar(p: PlacedMarkers, bar: number | null | undefined): string[] {
  if (bar == null || p.count === 0) return [];
  const out: string[] = [];
  let lo = 0;
  let hi = p.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p.bar[mid] < bar) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < p.count && p.bar[i] === bar; i++) out.push(p.label[i]);
  return out;
}

/** How many of [from, to) are fills (buys and sells) and how many signals. */
export function countKinds(p: PlacedMarkers, from: number, to: number): { fills: number; signals: number } {
  let fills = 0;
  for (let i = from; i < to; i++) if (p.kind[i] === BUY || p.kind[i] === SELL) fills++;
  return { fills, signals: to - from - fills };
}

/** The draw hook painting `placed()`'s visible markers in `pal`'s colours (over the bars and lines). */
export function markersHook(placed: () => PlacedMarkers, pal: ChartPalette): (u: uPlot) => void {
  const colors = [pal.up, pal.down, pal.up, pal.down, pal.axis];
  return (u) => {
    const p = placed();
    const { from, to } = markersIn(p, u.scales.x.min, u.scales.x.max);
    if (from >= to) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const r = Math.max(3, Math.round((MARKER_SIZE_CSS / 2) * uPlot.pxRatio));
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineWidth = Math.max(1, Math.round(1.5 * uPlot.pxRatio));
    ctx.lineJoin = 'miter';
    for (let k = 0; k < KINDS.length; k++) {
      const hollow = k >= LONG;
      ctx.beginPath();
      for (let i = from; i < to; i++) {
        if (p.kind[i] !== k) continue;
        const cx = Math.round(u.valToPos(p.x[i], 'x', true));
        const cy = Math.round(u.valToPos(p.price[i], 'y', true));
        if (k === BUY || k === LONG) {
          // ▲ its tip at the price, under it
          ctx.moveTo(cx, cy);
          ctx.lineTo(cx + r, cy + 2 * r);
          ctx.lineTo(cx - r, cy + 2 * r);
        } else if (k === SELL || k === SHORT) {
          // ▼ its tip at the price, over it
          ctx.moveTo(cx, cy);
          ctx.lineTo(cx - r, cy - 2 * r);
          ctx.lineTo(cx + r, cy - 2 * r);
        } else {
          // ◇ centred on the price
          ctx.moveTo(cx, cy - r);
          ctx.lineTo(cx + r, cy);
          ctx.lineTo(cx, cy + r);
          ctx.lineTo(cx - r, cy);
        }
        ctx.closePath();
      }
      if (hollow) {
        ctx.strokeStyle = colors[k];
        ctx.stroke();
      } else {
        ctx.fillStyle = colors[k];
        ctx.fill();
      }
    }
    ctx.restore();
  };
}
