// A uPlot time-series chart: created on mount, resized with its container, destroyed on cleanup.
import { createEffect, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { gapsAsNull, msToSeconds } from './chart-data.ts';

export interface LineSeries {
  readonly label: string;
  readonly values: Float64Array;
  readonly color: string;
  readonly width?: number;
}

export interface LineChartProps {
  /** Epoch ms per point, ascending. */
  readonly time: Float64Array;
  readonly series: readonly LineSeries[];
  readonly height?: number;
  /** Accessible name of the chart. */
  readonly title: string;
}

const AXIS = { stroke: '#9aa7b4', grid: { stroke: '#22303c', width: 1 }, ticks: { stroke: '#22303c' } };

export function LineChart(props: LineChartProps) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;

  const data = (): uPlot.AlignedData => [
    msToSeconds(props.time),
    ...props.series.map((s) => gapsAsNull(s.values)),
  ] as uPlot.AlignedData;

  onMount(() => {
    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height: props.height ?? 360,
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      axes: [AXIS, { ...AXIS, size: 60 }],
      series: [{}, ...props.series.map((s) => ({ label: s.label, stroke: s.color, width: s.width ?? 1.5, spanGaps: false }))],
    };
    plot = new uPlot(opts, data(), host);
    const ro = new ResizeObserver(() => plot?.setSize({ width: Math.max(200, host.clientWidth), height: opts.height }));
    ro.observe(host);
    onCleanup(() => {
      ro.disconnect();
      plot?.destroy();
      plot = undefined;
    });
  });

  createEffect(() => {
    const d = data();
    plot?.setData(d);
  });

  return <div class="chart" role="img" aria-label={props.title} ref={host} data-testid="chart" />;
}
