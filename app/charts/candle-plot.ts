// Candlesticks, OHLC bars and a volume histogram for uPlot. The open/high/low/close/volume columns
// are series without paths of their own (they give the legend its values and the y range its
// extent); one drawSeries hook paints the visible bars straight onto the canvas — no Path2D, no
// arrays, no closures per redraw — before the overlay lines are drawn over them.
import uPlot from 'uplot';
import { barWidth, noPath } from './column-plot.ts';
import type { ChartPalette } from './palette.ts';

export type ChartStyle = 'candles' | 'ohlc' | 'line';

export const CHART_STYLES: readonly { readonly style: ChartStyle; readonly label: string }[] = [
  { style: 'candles', label: 'Candles' },
  { style: 'ohlc', label: 'OHLC' },
  { style: 'line', label: 'Line' },
];

export const isChartStyle = (x: unknown): x is ChartStyle => CHART_STYLES.some((s) => s.style === x);

export interface OhlcvInput {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

// Data column order after x: open, high, low, close, volume (then the overlay lines).
const OPEN = 1;
const HIGH = 2;
const LOW = 3;
const CLOSE = 4;
const VOLUME = 5;
/** Volume fills the lowest 1/VOLUME_SHARE of the plot. */
const VOLUME_SHARE = 5;

/** The five series (legend entries) for OHLCV columns drawn in `style` with the theme's `pal`. */
export function ohlcvSeries(style: ChartStyle, value: uPlot.Series['value'], pal: ChartPalette): uPlot.Series[] {
  const hidden = (label: string, stroke: string): uPlot.Series => ({ label, stroke, paths: noPath, points: { show: false }, value });
  return [
    hidden('Open', pal.up),
    hidden('High', pal.up),
    hidden('Low', pal.down),
    style === 'line' ? { label: 'Close', stroke: pal.price, width: 1.5, spanGaps: false, value } : hidden('Close', pal.up),
    { ...hidden('Volume', pal.volumeUp), scale: 'vol' },
  ];
}

/** The volume scale: from zero, its maximum a fifth of the way up. */
export const VOLUME_SCALE: uPlot.Scale = { range: (_u, _min, max) => [0, (max > 0 ? max : 1) * VOLUME_SHARE] };

export function ohlcvColumns(bars: OhlcvInput): Float64Array[] {
  return [bars.open, bars.high, bars.low, bars.close, bars.volume];
}

/** The drawSeries hook painting volume and (unless `style` is 'line') the candles or OHLC bars in `pal`'s colours. */
export function ohlcvHook(style: ChartStyle, pal: ChartPalette): (u: uPlot, seriesIdx: number) => void {
  return (u, seriesIdx) => {
    if (seriesIdx !== OPEN) return;
    const idxs = u.series[0].idxs;
    if (!idxs || idxs[0] == null || idxs[1] == null) return;
    const i0 = idxs[0];
    const i1 = idxs[1];
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    const columns = Math.max(1, Math.round(width));
    if (i1 - i0 + 1 > 2 * columns) {
      drawDense(u, i0, i1, columns, style, pal);
    } else {
      const w = barWidth(u, i1 - i0 + 1);
      drawVolume(u, i0, i1, w, pal.volumeUp, true);
      drawVolume(u, i0, i1, w, pal.volumeDown, false);
      if (style !== 'line') {
        // One fill colour per pass: up bars, then down bars.
        drawPriceBars(u, style, i0, i1, w, pal.up, true);
        drawPriceBars(u, style, i0, i1, w, pal.down, false);
      }
    }
    ctx.restore();
  };
}

// Per-pixel-column aggregates of a dense range (grown, never shrunk: no allocation per redraw).
let aggOpen = new Float64Array(0);
let aggHigh = new Float64Array(0);
let aggLow = new Float64Array(0);
let aggClose = new Float64Array(0);
let aggVol = new Float64Array(0);

/**
 * More bars than pixel columns (e.g. 1,000,000 bars zoomed out): each column of the plot shows one
 * bar of what falls in it — the first open, the highest high, the lowest low, the last close and the
 * largest volume — which is all a screen can show; the pass over the bars maps x linearly (as uPlot's
 * linear time scale does) instead of asking uPlot per bar, so a redraw stays a few milliseconds.
 */
function drawDense(u: uPlot, i0: number, i1: number, columns: number, style: ChartStyle, pal: ChartPalette): void {
  if (aggOpen.length < columns) {
    aggOpen = new Float64Array(columns);
    aggHigh = new Float64Array(columns);
    aggLow = new Float64Array(columns);
    aggClose = new Float64Array(columns);
    aggVol = new Float64Array(columns);
  }
  aggOpen.fill(NaN, 0, columns);
  const x = col(u, 0);
  const open = col(u, OPEN);
  const high = col(u, HIGH);
  const low = col(u, LOW);
  const close = col(u, CLOSE);
  const vol = col(u, VOLUME);
  const left = u.bbox.left;
  const xmin = u.scales.x.min!;
  const xmax = u.scales.x.max!;
  const k = xmax > xmin ? u.bbox.width / (xmax - xmin) : 0;
  for (let i = i0; i <= i1; i++) {
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    if (o == null || h == null || l == null || c == null) continue;
    let j = Math.floor(((x[i] as number) - xmin) * k);
    if (j < 0) j = 0;
    else if (j >= columns) j = columns - 1;
    const v = vol[i] ?? 0;
    if (aggOpen[j] !== aggOpen[j]) {
      aggOpen[j] = o;
      aggHigh[j] = h;
      aggLow[j] = l;
      aggVol[j] = v;
    } else {
      if (h > aggHigh[j]) aggHigh[j] = h;
      if (l < aggLow[j]) aggLow[j] = l;
      if (v > aggVol[j]) aggVol[j] = v;
    }
    aggClose[j] = c;
  }
  const ctx = u.ctx;
  const wick = Math.max(1, Math.round(uPlot.pxRatio));
  const base = u.valToPos(0, 'vol', true);
  for (const up of [true, false]) {
    ctx.fillStyle = up ? pal.volumeUp : pal.volumeDown;
    for (let j = 0; j < columns; j++) {
      if (aggOpen[j] !== aggOpen[j] || isUp(aggOpen[j], aggClose[j]) !== up) continue;
      const y = Math.round(u.valToPos(aggVol[j], 'vol', true));
      ctx.fillRect(Math.round(left + j), y, wick, Math.max(1, base - y));
    }
  }
  if (style === 'line') return;
  for (const up of [true, false]) {
    ctx.fillStyle = up ? pal.up : pal.down;
    for (let j = 0; j < columns; j++) {
      if (aggOpen[j] !== aggOpen[j] || isUp(aggOpen[j], aggClose[j]) !== up) continue;
      const yh = Math.round(u.valToPos(aggHigh[j], 'y', true));
      const yl = Math.round(u.valToPos(aggLow[j], 'y', true));
      ctx.fillRect(Math.round(left + j), yh, wick, Math.max(1, yl - yh));
    }
  }
}

function drawPriceBars(u: uPlot, style: 'candles' | 'ohlc', i0: number, i1: number, w: number, color: string, up: boolean): void {
  const wick = Math.max(1, Math.round(uPlot.pxRatio));
  u.ctx.fillStyle = color;
  drawBars(u, i0, i1, w, wick, up, style === 'candles');
}

type Col = ArrayLike<number | null | undefined>;
const col = (u: uPlot, i: number) => u.data[i] as Col;
const isUp = (o: number, c: number) => c >= o;

function drawVolume(u: uPlot, i0: number, i1: number, w: number, color: string, up: boolean): void {
  const ctx = u.ctx;
  const x = col(u, 0);
  const open = col(u, OPEN);
  const close = col(u, CLOSE);
  const vol = col(u, VOLUME);
  const base = u.valToPos(0, 'vol', true);
  ctx.fillStyle = color;
  for (let i = i0; i <= i1; i++) {
    const v = vol[i];
    const o = open[i];
    const c = close[i];
    if (v == null || o == null || c == null || isUp(o, c) !== up) continue;
    const cx = Math.round(u.valToPos(x[i] as number, 'x', true));
    const y = Math.round(u.valToPos(v, 'vol', true));
    ctx.fillRect(cx - (w >> 1), y, w, Math.max(1, base - y));
  }
}

/** The up (or down) bars of [i0, i1] as candles (wick and body) or OHLC bars (stem, open tick left, close tick right). */
function drawBars(u: uPlot, i0: number, i1: number, w: number, wick: number, up: boolean, candles: boolean): void {
  const ctx = u.ctx;
  const x = col(u, 0);
  const open = col(u, OPEN);
  const high = col(u, HIGH);
  const low = col(u, LOW);
  const close = col(u, CLOSE);
  const tick = Math.max(1, w >> 1);
  for (let i = i0; i <= i1; i++) {
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    if (o == null || h == null || l == null || c == null || isUp(o, c) !== up) continue;
    const cx = Math.round(u.valToPos(x[i] as number, 'x', true));
    const yh = Math.round(u.valToPos(h, 'y', true));
    const yl = Math.round(u.valToPos(l, 'y', true));
    const yo = Math.round(u.valToPos(o, 'y', true));
    const yc = Math.round(u.valToPos(c, 'y', true));
    const stem = cx - (wick >> 1);
    ctx.fillRect(stem, yh, wick, Math.max(1, yl - yh));
    if (candles) {
      ctx.fillRect(cx - (w >> 1), Math.min(yo, yc), w, Math.max(1, Math.abs(yc - yo)));
    } else {
      ctx.fillRect(stem - tick, yo, tick, wick); // open: left
      ctx.fillRect(stem + wick, yc, tick, wick); // close: right
    }
  }
}
