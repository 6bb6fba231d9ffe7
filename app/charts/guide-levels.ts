// Dashed horizontal guide levels under an oscillator's lines (RSI 30/70, stochastics 20/80): drawn
// after the grid and before the series, one canvas-pixel-snapped dashed line per level.
import uPlot from 'uplot';

/** A y range covering the data and every guide level, with uPlot's usual padding. */
export function guidesRange(levels: readonly number[]): uPlot.Range.Function {
  const lo = Math.min(...levels);
  const hi = Math.max(...levels);
  return (_u, min, max) => {
    const a = min == null || Number.isNaN(min) ? lo : Math.min(min, lo);
    const b = max == null || Number.isNaN(max) ? hi : Math.max(max, hi);
    return uPlot.rangeNum(a, b, 0.1, true);
  };
}

/** The drawAxes hook painting `levels` (on the 'y' scale) as dashed lines in `color`. */
export function guidesHook(levels: readonly number[], color: string): (u: uPlot) => void {
  return (u) => {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const lw = Math.max(1, Math.round(uPlot.pxRatio));
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.strokeStyle = color;
    ctx.lineWidth = lw;
    ctx.setLineDash([6 * lw, 4 * lw]);
    ctx.beginPath();
    for (const level of levels) {
      // A whole-pixel row (offset half a pixel for odd widths), so the dash is crisp and countable.
      const y = Math.round(u.valToPos(level, 'y', true)) + (lw % 2) / 2;
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
    }
    ctx.stroke();
    ctx.restore();
  };
}
