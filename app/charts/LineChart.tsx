// A uPlot chart: created on mount, rebuilt when its set of lines changes, fed new data otherwise,
// resized with its container, destroyed on cleanup. Intraday series use the bar number as x
// (labelled with exchange times), so nights and weekends leave no flat gaps.
import { createEffect, onCleanup, onMount, untrack } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { columnsHook, noPath } from './column-plot.ts';
import { ohlcvColumns, ohlcvHook, ohlcvSeries, VOLUME_SCALE, type ChartStyle, type OhlcvInput } from './candle-plot.ts';
import { gapsAsNull, msToSeconds } from './chart-data.ts';
import { formatDate, formatIntraday, formatIntradayTick, formatTicks, formatValue } from './chart-format.ts';

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
}

const GRID = { stroke: '#22303c', width: 1 };
const AXIS = { stroke: '#9aa7b4', grid: GRID, ticks: { stroke: '#22303c' } };
/** Same width on every chart, so synced panes line up. */
const Y_AXIS_SIZE = 64;

const shapeOf = (p: LineChartProps): string =>
  [p.intraday ? 'bars' : 'time', p.ohlc?.style ?? 'lines', ...p.series.map((s) => `${s.label}|${s.color}|${s.width}|${s.dash}|${s.bars}`)].join(';');

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
  // Data column of each line (after x and the OHLCV columns), and which of them are histograms.
  const first = 1 + (p.ohlc ? 5 : 0);
  const colors: string[] = [];
  const columns = new Set<number>();
  p.series.forEach((s, i) => {
    colors[first + i] = s.color;
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
    scales: { ...(intraday && { x: { time: false } }), ...(p.ohlc && { vol: VOLUME_SCALE }) },
    hooks: { drawSeries: [...(p.ohlc ? [ohlcvHook(p.ohlc.style)] : []), columnsHook(columns, colors)] },
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
      ...(p.ohlc ? ohlcvSeries(p.ohlc.style, legendValue) : []),
      ...p.series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: s.color,
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

function dataOf(p: LineChartProps): uPlot.AlignedData {
  const x = p.intraday ? Float64Array.from({ length: p.time.length }, (_, i) => i) : msToSeconds(p.time);
  const ohlc = p.ohlc ? ohlcvColumns(p.ohlc.bars) : [];
  return [x, ...ohlc, ...p.series.map((s) => gapsAsNull(s.values))] as uPlot.AlignedData;
}

export function LineChart(props: LineChartProps) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  let shape = '';

  const width = () => Math.max(200, host.clientWidth);

  onMount(() => {
    createEffect(() => {
      const s = shapeOf(props);
      const d = dataOf(props);
      untrack(() => {
        if (plot && s === shape) {
          plot.setData(d);
          return;
        }
        plot?.destroy();
        shape = s;
        plot = new uPlot(options(props, width()), d, host);
      });
    });
    const ro = new ResizeObserver(() => {
      if (!plot) return;
      const w = width();
      if (w !== plot.width) plot.setSize({ width: w, height: heightFor(props, w) });
    });
    ro.observe(host);
    onCleanup(() => {
      ro.disconnect();
      plot?.destroy();
      plot = undefined;
    });
  });

  return <div class="chart" role="img" aria-label={props.title} ref={host} data-testid={props.testId ?? 'chart'} />;
}
