// The indicator workbench's state: read-only accessors for the views and the named actions
// that change it. Views reach it through WorkbenchContext and never touch Dexie or the worker.
import { createContext, createSignal, useContext, type Accessor } from 'solid-js';
import { isIntraday, type Timeframe } from '../../shared/data/bar-series.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import type { ChartStyle } from '../charts/candle-plot.ts';
import type { TaClient } from '../workers/ta-client.ts';
import { chartModel, type ChartModel } from './chart-model.ts';
import { createIndicatorStore, DEFAULT_ACTIVE, type ActiveIndicator, type AddState, type ResultsState } from './indicators.ts';
import { SAMPLES, withResampled, type SampleSeries } from './samples.ts';
import { createSeriesStore, type SeriesState } from './series.ts';
import { createSettingsWriter, readSettings } from './settings.ts';

export interface WorkbenchActions {
  /** Shows another series (falls back to the symbol's first timeframe when it has no such bars). */
  selectSeries(symbol: string, timeframe: Timeframe): Promise<void>;
  /** Draws the price as candles, OHLC bars or a close line (stored with the settings). */
  setChartStyle(style: ChartStyle): void;
  /** Adds an indicator from the inputs' texts; false (and addState() an error) when it is invalid. */
  addIndicator(name: string, texts: Readonly<Record<string, string>>): Promise<boolean>;
  removeIndicator(uid: string): Promise<void>;
  /** Forgets the last add's error or confirmation (e.g. when another indicator is chosen). */
  clearAddState(): void;
}

export interface Workbench {
  /** Every selectable series: the bundled files and the timeframes resampled from them. */
  readonly samples: readonly SampleSeries[];
  readonly chartStyle: Accessor<ChartStyle>;
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
}

export function createWorkbench({ db, ta, samples: files = SAMPLES }: WorkbenchDeps): Workbench {
  const samples = withResampled(files);
  const writer = createSettingsWriter(db);
  const [chartStyle, setChartStyle] = createSignal<ChartStyle>('candles');
  const series = createSeriesStore(db, ta, samples[0]);
  const indicators = createIndicatorStore(ta, series, writer.indicators);

  const show = async (sample: SampleSeries): Promise<void> => {
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
    await show(samples.find((s) => s.key === stored.seriesKey) ?? samples[0]);
  })();

  const actions: WorkbenchActions = {
    async selectSeries(symbol, timeframe) {
      const sample = samples.find((s) => s.symbol === symbol && s.timeframe === timeframe) ?? samples.find((s) => s.symbol === symbol);
      if (!sample) return;
      await Promise.all([writer.series(sample.key).catch(() => undefined), show(sample)]);
    },
    setChartStyle(style) {
      setChartStyle(style);
      void writer.chartStyle(style).catch(() => undefined); // a failed write costs only the preference
    },
    async addIndicator(name, texts) {
      await started; // the stored list and series come first
      return indicators.add(name, texts);
    },
    removeIndicator: (uid) => indicators.remove(uid),
    clearAddState: () => indicators.clearAddState(),
  };

  return {
    samples,
    chartStyle,
    series: series.state,
    active: indicators.active,
    results: indicators.results,
    addState: indicators.addState,
    hasSessions: () => isIntraday(series.state().sample.timeframe),
    chart: () => chartModel(series.state(), indicators.active(), indicators.results()),
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
