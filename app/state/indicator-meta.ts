// Pure helpers over INDICATOR_CATALOG for the workbench: placement, labels, defaults, parsing.
import { INDICATOR_CATALOG, type IndicatorInfo, type ParamInfo } from '../../shared/indicators/catalog.ts';

export type { IndicatorInfo, ParamInfo };
export type ParamValue = number | readonly number[];
export type ParamValues = Readonly<Record<string, ParamValue>>;

export const CATALOG: readonly IndicatorInfo[] = INDICATOR_CATALOG;

export const GROUP_TITLES: Readonly<Record<IndicatorInfo['group'], string>> = {
  trend: 'Trend',
  momentum: 'Momentum',
  volatility: 'Volatility',
  volume: 'Volume',
  levels: 'Levels',
};

/** Catalog entries by group, in the order of GROUP_TITLES. */
export function catalogByGroup(): { group: IndicatorInfo['group']; title: string; items: IndicatorInfo[] }[] {
  return (Object.keys(GROUP_TITLES) as IndicatorInfo['group'][])
    .map((group) => ({ group, title: GROUP_TITLES[group], items: CATALOG.filter((i) => i.group === group) }))
    .filter((g) => g.items.length > 0);
}

export function infoOf(name: string): IndicatorInfo | undefined {
  return CATALOG.find((i) => i.name === name);
}

/** Volume-weighted prices live on the price scale although their group is 'volume'. */
const PRICE_SCALE_EXTRA = new Set(['VWAP', 'VWAP_SESSION']);
/** In a price-scale group but measured in price *differences*: it would squash the price axis. */
const NOT_PRICE_SCALE = new Set(['ATR']);

/** 'overlay': drawn over the price chart; 'pane': in the lower pane. */
export function placementOf(info: IndicatorInfo): 'overlay' | 'pane' {
  if (PRICE_SCALE_EXTRA.has(info.name)) return 'overlay';
  if (NOT_PRICE_SCALE.has(info.name)) return 'pane';
  return info.group === 'momentum' || info.group === 'volume' ? 'pane' : 'overlay';
}

export function needsSession(info: IndicatorInfo): boolean {
  return info.inputs.includes('session');
}

/** The reason an indicator cannot run on a series, or null when it can. */
export function unavailableReason(info: IndicatorInfo, hasSession: boolean): string | null {
  return needsSession(info) && !hasSession
    ? `${info.name} needs trading sessions: only intraday series have them (choose SPY 1-minute)`
    : null;
}

const fmtParam = (v: ParamValue): string => (typeof v === 'number' ? String(v) : v.join('/'));

/** 'SMA(20)', 'BBANDS(20,2,2)', 'OBV' */
export function indicatorLabel(name: string, params: ParamValues): string {
  const info = infoOf(name);
  const values = (info?.params ?? []).map((p) => params[p.name] ?? p.default);
  return values.length ? `${name}(${values.map(fmtParam).join(',')})` : name;
}

/** 'SMA(20)' for a single output, 'BBANDS(20,2,2) upper' for one of several. */
export function outputLabel(base: string, output: string, outputCount: number): string {
  return outputCount === 1 ? base : `${base} ${output}`;
}

/** The text an input shows for a parameter's default. */
export function defaultText(p: ParamInfo): string {
  return typeof p.default === 'number' ? String(p.default) : p.default.join(', ');
}

/** An input's text as a parameter value; anything unreadable becomes NaN so the worker names it. */
export function parseParam(p: ParamInfo, text: string): ParamValue {
  if (p.kind === 'floats') {
    return text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => Number(s));
  }
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

/** The parameter an error message names (`… parameter 'period' …`), if any. */
export function paramNamedIn(message: string): string | undefined {
  return /parameter '([^']+)'/.exec(message)?.[1];
}

/** Overbought/oversold guide levels a pane draws as dashed lines (bounded oscillators only). */
const GUIDE_LEVELS: Readonly<Record<string, readonly number[]>> = {
  RSI: [30, 70],
  STOCH: [20, 80],
  STOCHF: [20, 80],
  STOCHRSI: [20, 80],
  WILLR: [-80, -20],
};

/** The guide levels of an indicator's pane (none for most). */
export function guideLevelsOf(name: string): readonly number[] {
  return GUIDE_LEVELS[name] ?? [];
}
