// A uPlot chart: created on mount, rebuilt when its set of lines changes, fed new data otherwise,
// resized with its container, destroyed on cleanup. Intraday series use the bar number as x
// (labelled with exchange times), so nights and weekends leave no flat gaps.
import { createEffect, createSignal, on, onCleanup, onMount, untrack } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { columnsHook, noPath } from './column-plot.ts';
import { ohlcvColumns, ohlcvHook, ohlcvSeries, VOLUME_SCALE, type ChartStyle, type OhlcvInput } from './candle-plot.ts';
import { gapsAsNull, msToSeconds } from './chart-data.ts';
import { formatDate, formatIntraday, formatIntradayTick, formatTicks, formatValue } from './chart-format.ts';
import { CHART_PALETTES, themedColor, type ChartPalette } from './palette.ts';
import { guidesHook, guidesRange } from './guide-levels.ts';
import { xWindow, type BarWindow } from './date-range.ts';
import { theme } from '../state/theme.ts';
import { windowGestures } from './window-gestures.ts';
import { COMPACT_WIDTH, compactLegend } from './compact-legend.ts';
import { ChartMarkers, createMarkerLayer } from './ChartMarkers.tsx';
import type { ChartMarker } from './marker-plot.ts';

export interface LineSeries {
  readonly label: string;
  readonly values: Float64Array;
  readonly color: string;
  readonly width?: number;
  readonly dash?: readonly number[];
  /** Draw as a histogram from zero. */
  readonly bars?: boolean;
}

export interface LineChartProps {
  /** Epoch ms per point, ascending. */
  readonly time: Float64Array;
  readonly series: readonly LineSeries[];
  /** CSS pixels of the plot (legend excluded), or a function of the width. Default 360. */
  readonly height?: number | ((width: number) => number);
  /** Accessible name of the chart. */
  readonly title: string;
  /** Default 'chart'. */
  readonly testId?: string;
  /** Charts with the same key share the cursor (and drag-zoom) via uPlot.sync. */
  readonly syncKey?: string;
  /** Intraday bars: x is the bar number, labelled with exchange times. */
  readonly intraday?: boolean;
  /** Leave out the time axis' labels (a pane under a chart that shows them). */
  readonly hideTimeLabels?: boolean;
  /** Price bars drawn under the lines (candles, OHLC bars or a close line) with their volume. */
  readonly ohlc?: { readonly bars: OhlcvInput; readonly style: ChartStyle };
  /** Dashed horizontal guide levels (RSI 30/70); the y range always includes them. */
  readonly guides?: readonly number[];
  /** A logarithmic y axis (prices: equal moves in percent look equal). */
  readonly logScale?: boolean;
  /** The bars to show (a date-range preset); null or absent: all of them. */
  readonly window?: BarWindow | null;
  /**
   * Pointer pan and zoom (window-gestures.ts): a mouse drag selection, a double-click (every bar),
   * a touch drag or pinch report the bars to show here instead of zooming this chart alone.
   */
  readonly onWindow?: (win: BarWindow) => void;
  /** Trades, fills and signals drawn on their bars (ChartMarkers.tsx lists them under the chart). */
  readonly markers?: readonly ChartMarker[];
}

const axisOf = (pal: ChartPalette): uPlot.Axis => ({ stroke: pal.axis, grid: { stroke: pal.grid, width: 1 }, ticks: { stroke: pal.grid } });
/** The strip above the plot for the legend's first row (charts.css pads .uplot by as much). */
const LEGEND_STRIP = 30;
/** Same width on every chart, so synced panes line up. */
const Y_AXIS_SIZE = 64;

const shapeOf = (p: LineChartProps): string =>
  [theme(), p.logScale ? 'log' : 'linear', `guides ${p.guides ?? ''}`, p.intraday ? 'bars' : 'time', p.ohlc?.style ?? 'lines', ...p.series.map((s) => `${s.label}|${s.color}|${s.width}|${s.dash}|${s.bars}`)].join(';');

function heightFor(p: LineChartProps, width: number): number {
  return typeof p.height === 'function' ? p.height(width) : (p.height ?? 360);
}

/** The last value that is not a gap (what the legend shows while the cursor is off the chart). */
function lastValue(col: ArrayLike<number | null | undefined> | undefined): number | null {
  if (!col) return null;
  for (let i = col.length - 1; i >= 0; i--) if (col[i] != null) return col[i] as number;
  return null;
}

const legendValue: uPlot.Series['value'] = (u, v, sidx, idx) => formatValue(idx == null ? lastValue(u.data[sidx]) : v);

function options(p: LineChartProps, width: number): uPlot.Options {
  const time = p.time;
  const pal = CHART_PALETTES[theme()];
  const AXIS = axisOf(pal);
  const guides = p.guides ?? [];
  // Data column of each line (after x and the OHLCV columns), and which of them are histograms.
  const first = 1 + (p.ohlc ? 5 : 0);
  const colors: string[] = [];
  const columns = new Set<number>();
  p.series.forEach((s, i) => {
    colors[first + i] = themedColor(s.color, theme());
    if (s.bars) columns.add(first + i);
  });
  const intraday = p.intraday === true;
  const xAxis: uPlot.Axis = intraday
    ? { ...AXIS, space: 70, values: (_u, splits) => splits.map((i) => (time[Math.round(i)] === undefined ? '' : formatIntradayTick(time[Math.round(i)]))) }
    : { ...AXIS, space: 70 };
  if (p.hideTimeLabels) Object.assign(xAxis, { size: 6, values: (_u: uPlot, splits: number[]) => splits.map(() => '') });
  return {
    width,
    height: heightFor(p, width),
    legend: { live: true },
    padding: [10, 14, 0, 0],
    cursor: { drag: { x: true, y: false }, sync: p.syncKey ? { key: p.syncKey, setSeries: false } : undefined },
    scales: {
      ...(intraday && { x: { time: false } }),
      ...(p.ohlc && { vol: VOLUME_SCALE }),
      ...(p.logScale ? { y: { distr: 3 } } : guides.length > 0 ? { y: { range: guidesRange(guides) } } : {}),
    },
    hooks: {
      drawSeries: [...(p.ohlc ? [ohlcvHook(p.ohlc.style, pal)] : []), columnsHook(columns, colors)],
      ...(guides.length > 0 && { drawAxes: [guidesHook(guides, pal.guide)] }),
    },
    tzDate: intraday ? undefined : (ts) => uPlot.tzDate(new Date(ts * 1e3), 'UTC'),
    axes: [xAxis, { ...AXIS, size: Y_AXIS_SIZE, values: (_u, splits, _a, _s, incr) => formatTicks(splits, incr) }],
    series: [
      {
        label: intraday ? 'Time (ET)' : 'Date',
        value: (u, v, _s, idx) => {
          const x = idx == null ? lastValue(u.data[0]) : v;
          return x == null ? '–' : intraday ? formatIntraday(time[x]) : formatDate(x * 1000);
        },
      },
      ...(p.ohlc ? ohlcvSeries(p.ohlc.style, legendValue, pal) : []),
      ...p.series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: themedColor(s.color, theme()),
        width: s.width ?? 1.5,
        dash: s.dash ? [...s.dash] : undefined,
        spanGaps: false,
        value: legendValue,
        // Opaque columns painted by columnsHook (before the pane's lines: chart-model lists them first).
        ...(s.bars ? { paths: noPath, points: { show: false } } : {}),
      })),
    ],
  };
}

/** The shown x range in words ('from 2025-12-05 to 2026-12-04'), for the chart's accessible name. */
function spanOf(u: uPlot, time: Float64Array, intraday: boolean): string {
  const { min, max } = u.scales.x;
  if (min == null || max == null || time.length === 0) return '';
  if (!intraday) return `from ${formatDate(min * 1000)} to ${formatDate(max * 1000)}`;
  const at = (x: number) => time[Math.min(time.length - 1, Math.max(0, Math.round(x)))];
  return `from ${formatIntraday(at(min))} to ${formatIntraday(at(max))}`;
}

function dataOf(p: LineChartProps): uPlot.AlignedData {
  const x = p.intraday ? Float64Array.from({ length: p.time.length }, (_, i) => i) : msToSeconds(p.time);
  const ohlc = p.ohlc ? ohlcvColumns(p.ohlc.bars) : [];
  return [x, ...ohlc, ...p.series.map((s) => gapsAsNull(s.values))] as uPlot.AlignedData;
}

export function LineChart(props: LineChartProps) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  let shape = '';
  const [span, setSpan] = createSignal('');
  /** A phone-width chart: compact legend (rebuilt when the width crosses COMPACT_WIDTH). */
  const [narrow, setNarrow] = createSignal(false);
  const markers = createMarkerLayer(() => props.markers, () => props.time, () => props.intraday === true, () => plot);

  const width = () => Math.max(200, host.clientWidth);

  /**
   * Legend rows beyond the first push the plot down and shorten it by as much: the legend covers no
   * bar and the chart keeps its height (unless the legend would leave less than half the plot).
   */
  const fit = (growOnly = false) => {
    // Twice at most: a new width can rewrap the legend.
    for (let pass = 0; plot && pass < 2; pass++) {
      const w = width();
      const full = heightFor(props, w);
      const legend = plot.root.querySelector<HTMLElement>('.u-legend');
      let strip = Math.max(LEGEND_STRIP, Math.min(Math.ceil(legend?.offsetHeight ?? 0), LEGEND_STRIP + full / 2));
      // While the legend's values change (the cursor moves) the plot only ever moves down, never back and forth.
      if (growOnly) strip = Math.max(strip, Number.parseFloat(plot.root.style.paddingTop) || 0);
      plot.root.style.paddingTop = `${strip}px`;
      const h = full + LEGEND_STRIP - strip;
      if (w === plot.width && h === plot.height) return;
      plot.setSize({ width: w, height: h });
    }
  };

  // Legend values arrive (and change width) after a draw: its height is followed, growing only.
  const legendRo = new ResizeObserver(() => requestAnimationFrame(() => fit(true)));

  /** Shows the bars of `win` (none: the scale stays). */
  const showWindow = (win: BarWindow | null | undefined) => {
    if (!plot) return;
    const x = win ? xWindow(win, props.time, props.intraday === true) : null;
    if (x) plot.setScale('x', x);
    setSpan(spanOf(plot, props.time, props.intraday === true));
  };

  onMount(() => {
    setNarrow(width() < COMPACT_WIDTH);
    createEffect(() => {
      const s = `${shapeOf(props)};${narrow() ? 'compact' : 'wide'}`;
      const d = dataOf(props);
      untrack(() => {
        const win = props.window;
        if (plot && s === shape) {
          plot.setData(d);
        } else {
          legendRo.disconnect();
          plot?.destroy();
          shape = s;
          const opts = options(props, width());
          if (narrow()) compactLegend(opts);
          if (props.onWindow) windowGestures(opts, { time: () => props.time, intraday: () => props.intraday === true, onWindow: (w) => props.onWindow?.(w) });
          (opts.hooks!.setScale ??= []).push((u, key) => key === 'x' && setSpan(spanOf(u, props.time, props.intraday === true)));
          markers.attach(opts, CHART_PALETTES[theme()]);
          plot = new uPlot(opts, d, host);
          const legend = plot.root.querySelector('.u-legend');
          if (legend) legendRo.observe(legend);
        }
        fit();
        showWindow(win);
        markers.sync(plot);
      });
    });
    // A new window alone (a pan or pinch, many a second) moves the x scale: no new data, no rebuild.
    createEffect(on(() => props.window, showWindow, { defer: true }));
    const ro = new ResizeObserver(() => {
      if (!plot || width() === plot.width) return;
      setNarrow(width() < COMPACT_WIDTH); // crossing the breakpoint rebuilds the chart
      fit();
    });
    ro.observe(host);
    onCleanup(() => {
      ro.disconnect();
      legendRo.disconnect();
      plot?.destroy();
      plot = undefined;
    });
  });

  return (
    <>
      <div class="chart" role="img" aria-label={span() ? `${props.title}, ${span()}` : props.title} ref={host} data-testid={props.testId ?? 'chart'} />
      <ChartMarkers layer={markers} testId={props.testId ?? 'chart'} />
    </>
  );
}
