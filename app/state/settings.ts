// Workbench settings in the Dexie `settings` table (schema v1, unchanged): the active indicators
// the chosen series (its key names the timeframe too, e.g. 'SPY:1m>5m') and the chart style. Writes are queued so a later write never lands before an earlier one.
import type { MoneyTrailzDb } from '../db/schema.ts';
import { isChartStyle, type ChartStyle } from '../charts/candle-plot.ts';
import { infoOf, type ParamValues } from './indicator-meta.ts';

export interface ActiveIndicator {
  /** Stable id of this entry (two entries may be the same indicator with other parameters). */
  readonly uid: string;
  readonly name: string;
  readonly params: ParamValues;
  /** One colour per output, chosen when it was added. */
  readonly colors: readonly string[];
}

export const INDICATORS_KEY = 'workbench.indicators';
export const SERIES_KEY = 'workbench.series';
export const CHART_STYLE_KEY = 'workbench.chartStyle';

export interface WorkbenchSettings {
  /** null when nothing was stored yet. */
  readonly indicators: ActiveIndicator[] | null;
  readonly seriesKey: string | null;
  readonly chartStyle: ChartStyle | null;
}

function isActive(x: unknown): x is ActiveIndicator {
  const a = x as ActiveIndicator;
  return (
    typeof a === 'object' && a !== null &&
    typeof a.uid === 'string' && typeof a.name === 'string' && infoOf(a.name) !== undefined &&
    typeof a.params === 'object' && a.params !== null &&
    Array.isArray(a.colors) && a.colors.every((c) => typeof c === 'string')
  );
}

export async function readSettings(db: MoneyTrailzDb): Promise<WorkbenchSettings> {
  const [ind, series, style] = await db.settings.bulkGet([INDICATORS_KEY, SERIES_KEY, CHART_STYLE_KEY]);
  // Entries of indicators the catalog no longer has are dropped, not fatal.
  const indicators = Array.isArray(ind?.value) ? ind.value.filter(isActive) : null;
  return {
    indicators,
    seriesKey: typeof series?.value === 'string' ? series.value : null,
    chartStyle: isChartStyle(style?.value) ? style.value : null,
  };
}

export function createSettingsWriter(db: MoneyTrailzDb) {
  let queue: Promise<unknown> = Promise.resolve();
  const write = (key: string, value: unknown): Promise<void> => {
    const next = queue.then(() => db.settings.put({ key, value }));
    queue = next.catch(() => undefined);
    return next.then(() => undefined);
  };
  return {
    /** Plain copies only: IndexedDB's structured clone rejects proxies. */
    indicators: (items: readonly ActiveIndicator[]) =>
      write(INDICATORS_KEY, items.map((a) => ({ uid: a.uid, name: a.name, params: plainParams(a.params), colors: [...a.colors] }))),
    series: (key: string) => write(SERIES_KEY, key),
    chartStyle: (style: ChartStyle) => write(CHART_STYLE_KEY, style),
  };
}

function plainParams(p: ParamValues): Record<string, number | number[]> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'number' ? v : [...v]]));
}

// ---- theme (app/state/theme.ts applies it) ----

export const THEME_KEY = 'app.theme';

/** 'system' follows the device's prefers-color-scheme (dark unless it prefers light). */
export type ThemeChoice = 'system' | 'dark' | 'light';

export const isThemeChoice = (x: unknown): x is ThemeChoice => x === 'system' || x === 'dark' || x === 'light';

/** The stored theme choice; 'system' when none (or something unreadable) is stored. */
export async function readThemeChoice(db: MoneyTrailzDb): Promise<ThemeChoice> {
  const row = await db.settings.get(THEME_KEY);
  return isThemeChoice(row?.value) ? row.value : 'system';
}

export const writeThemeChoice = (db: MoneyTrailzDb, choice: ThemeChoice): Promise<void> =>
  db.settings.put({ key: THEME_KEY, value: choice }).then(() => undefined);
