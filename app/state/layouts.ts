// Saved chart layouts (issue 13, item 7): a name for what the chart shows — the series (symbol and
// timeframe), the price style and the indicators with their parameters — kept in IndexedDB (the
// settings table, 'chart.layouts': exported and imported with the other user data). Applying one
// shows its series and style and makes the active indicators exactly its own.
import type { ChartStyle } from '../charts/candle-plot.ts';
import type { Timeframe } from '../../shared/data/bar-series.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import { createNamedList, type NamedList } from '../db/named-list.ts';
import type { Workbench } from './workbench.ts';

export const LAYOUTS_KEY = 'chart.layouts';
export const LAYOUTS_MAX = 20;

export interface ChartLayout {
  readonly name: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly style: ChartStyle;
  readonly indicators: readonly { readonly name: string; readonly params: Readonly<Record<string, number | readonly number[]>> }[];
}

const isLayout = (v: unknown): v is ChartLayout => {
  const l = v as ChartLayout;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof l.name === 'string' &&
    typeof l.symbol === 'string' &&
    typeof l.timeframe === 'string' &&
    (l.style === 'candles' || l.style === 'ohlc' || l.style === 'line') &&
    Array.isArray(l.indicators) &&
    l.indicators.every((i) => typeof i?.name === 'string' && typeof i.params === 'object' && i.params !== null)
  );
};

/** The chart's current layout under `name`. */
export function currentLayout(name: string, wb: Workbench): ChartLayout {
  const sample = wb.series().sample;
  return {
    name,
    symbol: sample.symbol,
    timeframe: sample.timeframe,
    style: wb.chartStyle(),
    indicators: wb.active().map((a) => ({ name: a.name, params: a.params as ChartLayout['indicators'][number]['params'] })),
  };
}

/** An indicator's parameters as the texts its inputs take (a list comma-separated). */
export function paramTexts(params: ChartLayout['indicators'][number]['params']): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}

export interface Layouts extends Omit<NamedList<ChartLayout>, 'save'> {
  /** Saves the chart as it is under `name` (replacing a layout of that name); the problem as a sentence. */
  save(name: string): Promise<string | undefined>;
  /** Shows the layout; the indicators that could not be added, as sentences. */
  apply(layout: ChartLayout): Promise<string[]>;
}

export function createLayouts(db: MoneyTrailzDb, wb: Workbench): Layouts {
  const named = createNamedList<ChartLayout>(db, { key: LAYOUTS_KEY, what: 'layout', max: LAYOUTS_MAX, isItem: isLayout });
  return {
    ...named,
    save: (name) => named.save(currentLayout(name, wb)),
    async apply(layout) {
      await wb.actions.selectSeries(layout.symbol, layout.timeframe);
      wb.actions.setChartStyle(layout.style);
      const want = (i: { name: string; params: unknown }) => `${i.name}|${JSON.stringify(i.params)}`;
      const wanted = new Set(layout.indicators.map(want));
      for (const a of wb.active()) if (!wanted.has(want(a))) await wb.actions.removeIndicator(a.uid);
      const have = new Set(wb.active().map(want));
      const problems: string[] = [];
      for (const i of layout.indicators) {
        if (have.has(want(i))) continue;
        if (!(await wb.actions.addIndicator(i.name, paramTexts(i.params)))) {
          const s = wb.addState();
          problems.push(`${i.name}: ${s.status === 'error' ? s.message : 'could not be added'}`);
        }
      }
      wb.actions.clearAddState();
      return problems;
    },
  };
}
