// The legend of a chart on a phone: one or two rows instead of four. The date shows without its
// label, open/high/low/close/volume as O H L C Vol without their (meaningless) colour markers, and
// long line labels are cut with an ellipsis (charts.css: .compact). The chart is rebuilt when its
// width crosses COMPACT_WIDTH, the breakpoint of the panes' height and of the loading placeholder.
import type uPlot from 'uplot';

/** Charts narrower than this (CSS px) get the compact legend. */
export const COMPACT_WIDTH = 520;

const SHORT: Readonly<Record<string, string>> = {
  Open: 'O',
  High: 'H',
  Low: 'L',
  Close: 'C',
  Volume: 'Vol',
};

/** Abbreviates the legend's labels and marks the chart compact (before `new uPlot`). */
export function compactLegend(opts: uPlot.Options): void {
  opts.class = [opts.class, 'compact'].filter(Boolean).join(' ');
  const withClass = (s: uPlot.Series, cls: string) => [s.class, cls].filter(Boolean).join(' ');
  opts.series = opts.series.map((s, i) => {
    // The time's label is hidden by CSS (uPlot puts 'Time' in place of an empty one).
    if (i === 0) return { ...s, class: withClass(s, 'u-nolabel') };
    const short = typeof s.label === 'string' ? SHORT[s.label] : undefined;
    // Only the price columns (series 1…5 after x: candle-plot.ts) have these names.
    return short === undefined || i > 5 ? s : { ...s, label: short, class: withClass(s, 'u-short') };
  });
}
