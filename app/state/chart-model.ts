// What the charts draw, derived from the series and the indicator results: the price chart's
// bars and overlay lines, and one lower pane per momentum/volume indicator.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { PALETTE } from '../charts/palette.ts';
import { guideLevelsOf, indicatorLabel, infoOf, outputLabel, placementOf } from './indicator-meta.ts';
import type { ActiveIndicator, ResultsState } from './indicators.ts';
import type { SampleSeries } from './samples.ts';
import type { LoadedSeries, SeriesState } from './series.ts';

export interface PlotLine {
  readonly label: string;
  readonly values: Float64Array;
  readonly color: string;
  readonly width?: number;
  readonly dash?: readonly number[];
  /** Drawn as a histogram (MACD's hist). */
  readonly bars?: boolean;
}

export interface LowerPane {
  readonly uid: string;
  readonly label: string;
  readonly lines: readonly PlotLine[];
  /** Dashed guide levels (RSI 30/70, stochastics 20/80); empty for most indicators. */
  readonly guides: readonly number[];
}

export interface ChartModel {
  readonly sample: SampleSeries;
  readonly bars: BarSeries;
  readonly origin: LoadedSeries['origin'];
  /** Every overlay output (drawn over the price bars). */
  readonly overlays: readonly PlotLine[];
  readonly panes: readonly LowerPane[];
}

function linesOf(a: ActiveIndicator, outputs: Readonly<Record<string, Float64Array>>): PlotLine[] {
  const base = indicatorLabel(a.name, a.params);
  const names = Object.keys(outputs);
  const lines = names.map((o, i) => ({
    label: outputLabel(base, o, names.length),
    values: outputs[o],
    color: a.colors[i] ?? PALETTE[i % PALETTE.length],
    width: names.length === 1 ? 2 : 1.5,
    dash: o === 'middle' ? [5, 4] : undefined,
    bars: o === 'hist',
  }));
  // Histograms first, so the lines are drawn over their columns (colours stay per output).
  return [...lines.filter((l) => l.bars), ...lines.filter((l) => !l.bars)];
}

/** The model to draw, or null while the series or its indicator results are not ready. */
export function chartModel(series: SeriesState, active: readonly ActiveIndicator[], results: ResultsState): ChartModel | null {
  if (series.status !== 'ready' || results.seriesKey !== series.sample.key) return null;
  const { bars, origin } = series.loaded;
  const overlays: PlotLine[] = [];
  const panes: LowerPane[] = [];
  for (const a of active) {
    const r = results.byUid.get(a.uid);
    const info = infoOf(a.name);
    if (r?.status !== 'ready' || !info) continue;
    const lines = linesOf(a, r.outputs);
    if (placementOf(info) === 'overlay') overlays.push(...lines);
    else panes.push({ uid: a.uid, label: indicatorLabel(a.name, a.params), lines, guides: guideLevelsOf(a.name) });
  }
  return { sample: series.sample, bars, origin, overlays, panes };
}
