// The indicator workbench's state: read-only accessors for the views and the named actions
// that change it. Views reach it through WorkbenchContext and never touch Dexie or the worker.
import { createContext, createSignal, useContext, type Accessor } from 'solid-js';
import { isIntraday, type Timeframe } from '../../shared/data/bar-series.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import type { ChartStyle } from '../charts/candle-plot.ts';
import { defaultPreset, type RangePreset } from '../charts/date-range.ts';
import { createLiveChart, type LiveSource, type LiveState } from '../charts/live-chart.ts';
import type { TaClient } from '../workers/ta-client.ts';
import { chartModel, type ChartModel } from './chart-model.ts';
import { createIndicatorStore, DEFAULT_ACTIVE, type ActiveIndicator, type AddState, type ResultsState } from './indicators.ts';
import { importedSample, SAMPLES, withResampled, type SampleSeries } from './samples.ts';
import { importedSeries } from '../lab/lab-series.ts';
import type { ChartMarker } from '../charts/marker-plot.ts';
import { fillMarkers, signalMarkers } from './chart-markers.ts';
import { createSeriesStore, type SeriesState } from './series.ts';
import { createSettingsWriter, readSettings } from './settings.ts';

export interface WorkbenchActions {
  /**
   * Shows another series (falls back to the symbol's first timeframe when it has no such bars); `mine`:
   * one of the user's imported series (imported()), else a bundled one.
   */
  selectSeries(symbol: string, timeframe: Timeframe, mine?: boolean): Promise<void>;
  /** Lists the user's imported series again (keys only: no bars are read). */
  refreshImported(): Promise<void>;
  /** Whether today's fills and the strategies' signals of the shown symbol are drawn on the chart. */
  setShowMarkers(on: boolean): void;
  /** Draws the price as candles, OHLC bars or a close line (stored with the settings). */
  setChartStyle(style: ChartStyle): void;
  /** Shows a date range (1D … All) of the series; another timeframe opens at its default (date-range.ts). */
  setRange(preset: RangePreset): void;
  /** A logarithmic price axis. */
  setLogScale(on: boolean): void;
  /** Live mode: the shown symbol's recent 1-minute bars from the bridge, updated as they change (needs `live` in the deps). */
  setLive(on: boolean): void;
  /** Live mode on any symbol the bridge quotes (one only watched, with no bars on this device); off returns to the shown series. */
  chartLive(symbol: string): void;
  /** Adds an indicator from the inputs' texts; false (and addState() an error) when it is invalid. */
  addIndicator(name: string, texts: Readonly<Record<string, string>>): Promise<boolean>;
  removeIndicator(uid: string): Promise<void>;
  /** Forgets the last add's error or confirmation (e.g. when another indicator is chosen). */
  clearAddState(): void;
}

export interface Workbench {
  /** Every selectable series: the bundled files and the timeframes resampled from them. */
  readonly samples: readonly SampleSeries[];
  /** The user's series imported in the lab (stored in IndexedDB) and the timeframes resampled from them. */
  readonly imported: Accessor<readonly SampleSeries[]>;
  /** Fills and signals on the chart (on unless switched off). */
  readonly showMarkers: Accessor<boolean>;
  /** The fills (today's, `executions`) and strategy signals (`strategies`) of `model`'s symbol, while the bridge is connected. */
  markersFor(model: ChartModel): readonly ChartMarker[];
  readonly chartStyle: Accessor<ChartStyle>;
  /** The date-range preset shown (the last year of daily bars, the last session of intraday ones, until chosen). */
  readonly range: Accessor<RangePreset>;
  readonly logScale: Accessor<boolean>;
  /** Live mode's state ('off' without a bridge). */
  readonly live: Accessor<LiveState>;
  /** Whether there is a bridge connection to go live with at all (else no Live toggle). */
  readonly hasLive: boolean;
  /** Whether Live can be switched on now (a bridge connection exists and is connected). */
  readonly liveAvailable: () => boolean;
  readonly series: Accessor<SeriesState>;
  readonly active: Accessor<readonly ActiveIndicator[]>;
  readonly results: Accessor<ResultsState>;
  readonly addState: Accessor<AddState>;
  /** Whether the shown series has trading sessions (intraday), which some indicators need. */
  readonly hasSessions: () => boolean;
  /** What to draw; null while loading. */
  readonly chart: () => ChartModel | null;
  /** Resolves once the stored settings are applied and the first series is shown (or failed). */
  readonly started: Promise<void>;
  readonly actions: WorkbenchActions;
}

export interface WorkbenchDeps {
  readonly db: MoneyTrailzDb;
  readonly ta: TaClient;
  /** The bundled files (their resampled timeframes are added). */
  readonly samples?: readonly SampleSeries[];
  /** The bridge's topics and commands, for Live mode (absent: no Live toggle). */
  readonly live?: LiveSource;
}

export function createWorkbench({ db, ta, samples: files = SAMPLES, live: liveSource }: WorkbenchDeps): Workbench {
  const samples = withResampled(files);
  const writer = createSettingsWriter(db);
  const [chartStyle, setChartStyle] = createSignal<ChartStyle>('candles');
  const [range, setRange] = createSignal<RangePreset>(defaultPreset(samples[0].timeframe));
  const [logScale, setLogScale] = createSignal(false);
  const [imported, setImported] = createSignal<readonly SampleSeries[]>([]);
  const [showMarkers, setShowMarkers] = createSignal(true);
  const refreshImported = async (): Promise<void> => {
    const next = withResampled((await importedSeries(db)).map(importedSample));
    // Unchanged: the same objects stay (an open select's options are not rebuilt under the user).
    if (next.map((s) => s.key).join('\n') !== imported().map((s) => s.key).join('\n')) setImported(next);
  };
  const markersFor = (m: ChartModel): readonly ChartMarker[] => {
    if (!liveSource || !showMarkers() || liveSource.status().state !== 'connected') return [];
    const { symbol } = m.sample;
    return [...fillMarkers(liveSource.topics.topic('executions').data(), symbol), ...signalMarkers(liveSource.topics.topic('strategies').data(), symbol, m.bars)];
  };
  const series = createSeriesStore(db, ta, samples[0]);
  const indicators = createIndicatorStore(ta, series, writer.indicators);
  const liveChart = liveSource ? createLiveChart(liveSource, ta, indicators.active) : undefined;
  const live = (): LiveState => liveChart?.state() ?? { status: 'off' };
  /** The live bars as a ready series of their own (its sample names no file). */
  const liveSeries = (l: Extract<LiveState, { status: 'on' }>): SeriesState => {
    const sample: SampleSeries = { key: l.key, symbol: l.symbol, timeframe: '1m', file: '', url: '' };
    return { status: 'ready', sample, loaded: { sample, bars: l.bars, origin: 'live' } };
  };

  const show = async (sample: SampleSeries): Promise<void> => {
    // A preset means something else on other bars (1Y of minutes is all of them): each timeframe opens at its own.
    if (sample.timeframe !== series.state().sample.timeframe && live().status === 'off') setRange(defaultPreset(sample.timeframe));
    try {
      const loaded = await series.select(sample);
      if (series.state().sample.key === sample.key) await indicators.refresh(loaded);
    } catch {
      // series.state() carries the error for the view
    }
  };

  const started = (async () => {
    const stored = await readSettings(db).catch(() => ({ indicators: null, seriesKey: null, chartStyle: null }));
    indicators.restore(stored.indicators ?? DEFAULT_ACTIVE);
    if (stored.chartStyle) setChartStyle(stored.chartStyle);
    await refreshImported().catch(() => undefined); // a stored choice may be the user's own series
    await show([...samples, ...imported()].find((s) => s.key === stored.seriesKey) ?? samples[0]);
  })();

  const actions: WorkbenchActions = {
    async selectSeries(symbol, timeframe, mine = false) {
      const list = mine ? imported() : samples;
      const sample = list.find((s) => s.symbol === symbol && s.timeframe === timeframe) ?? list.find((s) => s.symbol === symbol);
      if (!sample) return;
      await Promise.all([writer.series(sample.key).catch(() => undefined), show(sample)]);
      if (liveChart && live().status !== 'off') void liveChart.start(sample.symbol); // Live follows the symbol
    },
    setChartStyle(style) {
      setChartStyle(style);
      void writer.chartStyle(style).catch(() => undefined); // a failed write costs only the preference
    },
    async addIndicator(name, texts) {
      await started; // the stored list and series come first
      return indicators.add(name, texts);
    },
    setRange,
    setLogScale,
    setLive(on) {
      if (!liveChart) return;
      if (on) {
        setRange(defaultPreset('1m'));
        void liveChart.start(series.state().sample.symbol);
      } else {
        liveChart.stop();
        setRange(defaultPreset(series.state().sample.timeframe));
      }
    },
    chartLive(symbol) {
      if (!liveChart) return;
      setRange(defaultPreset('1m'));
      void liveChart.start(symbol);
    },
    removeIndicator: (uid) => indicators.remove(uid),
    refreshImported: () => refreshImported().catch(() => undefined), // the list stays as it was
    setShowMarkers,
    clearAddState: () => indicators.clearAddState(),
  };

  return {
    samples,
    imported,
    showMarkers,
    markersFor,
    chartStyle,
    range,
    logScale,
    live,
    hasLive: liveChart !== undefined,
    liveAvailable: () => liveSource?.status().state === 'connected',
    series: series.state,
    active: indicators.active,
    results: indicators.results,
    addState: indicators.addState,
    hasSessions: () => live().status === 'on' || isIntraday(series.state().sample.timeframe),
    chart: () => {
      const l = live();
      return l.status === 'on' ? chartModel(liveSeries(l), indicators.active(), l.results) : chartModel(series.state(), indicators.active(), indicators.results());
    },
    started,
    actions,
  };
}

export const WorkbenchContext = createContext<Workbench>();

export function useWorkbench(): Workbench {
  const wb = useContext(WorkbenchContext);
  if (!wb) throw new Error('useWorkbench: no WorkbenchContext.Provider above this component');
  return wb;
}
