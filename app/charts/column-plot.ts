// Histogram columns (MACD's hist) for uPlot, drawn like the candles: a drawSeries hook fills one
// pixel-snapped rectangle per visible bar from zero, straight onto the canvas (no Path2D, no
// arrays per redraw). Crisp opaque columns stay in their colour even when there are more bars
// than pixels, where uPlot's own bars builder blurs them into the background.
import type uPlot from 'uplot';

/** Body / column width in canvas pixels for `visible` bars: 70 % of a slot, odd, at least 1. */
export function barWidth(u: uPlot, visible: number): number {
  const slot = u.bbox.width / Math.max(1, visible);
  return Math.max(1, Math.floor(slot * 0.7) | 1);
}

/** No path: the hook paints the series. */
export const noPath = () => null;

/** A drawSeries hook painting the series at `indices` (data columns) as columns in their stroke colour. */
export function columnsHook(indices: ReadonlySet<number>, colors: readonly string[]): (u: uPlot, seriesIdx: number) => void {
  return (u, seriesIdx) => {
    if (!indices.has(seriesIdx)) return;
    const idxs = u.series[0].idxs;
    if (!idxs || idxs[0] == null || idxs[1] == null) return;
    const i0 = idxs[0];
    const i1 = idxs[1];
    const ctx = u.ctx;
    const scale = u.series[seriesIdx].scale ?? 'y';
    const x = u.data[0];
    const values = u.data[seriesIdx] as ArrayLike<number | null | undefined>;
    const w = barWidth(u, i1 - i0 + 1);
    const { left, top, width, height } = u.bbox;
    const base = Math.round(u.valToPos(0, scale, true));
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.fillStyle = colors[seriesIdx];
    for (let i = i0; i <= i1; i++) {
      const v = values[i];
      if (v == null) continue;
      const cx = Math.round(u.valToPos(x[i], 'x', true));
      const y = Math.round(u.valToPos(v, scale, true));
      ctx.fillRect(cx - (w >> 1), Math.min(y, base), w, Math.max(1, Math.abs(base - y)));
    }
    ctx.restore();
  };
}
