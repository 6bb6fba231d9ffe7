// The enhanced wheel's technical filters (wheel-rules.md §2.11): conditions on a symbol's daily closes that a
// new put or call must pass as well — RSI below / above a level, the last close above / below its SMA or EMA —
// each with a verdict (value, level, pass or fail) for the trace. The indicators are the project's kernels
// (shared/indicators: WebAssembly, synchronous once `ready()` has loaded them, in Node and in the browser).
import { NotReadyError } from '../../errors.ts';
import { ema, lookbackOf, rsi, sma } from '../../indicators/index.ts';
import type { WheelConfig } from './config.ts';
import type { Reason, Right } from './types.ts';

/**
 * One level of filter settings as written in `write_when.<right>` (the wheel's, or a symbol's): a key left
 * out inherits the less specific level, `false` turns that filter off.
 */
export interface FilterLevel {
  readonly rsiPeriod?: number;
  readonly rsiBelow?: number | false;
  readonly rsiAbove?: number | false;
  readonly aboveSma?: number | false;
  readonly belowSma?: number | false;
  readonly aboveEma?: number | false;
  readonly belowEma?: number | false;
}

/** Each setting's key in `write_when.<right>` (for messages and key paths). */
export const FILTER_KEY_OF = {
  rsiPeriod: 'rsi_period',
  rsiBelow: 'rsi_below',
  rsiAbove: 'rsi_above',
  aboveSma: 'above_sma',
  belowSma: 'below_sma',
  aboveEma: 'above_ema',
  belowEma: 'below_ema',
} as const satisfies Record<keyof FilterLevel, string>;

/** The filters on for a symbol and right (levels, periods in daily closes). */
export interface TechnicalFilters {
  readonly rsiPeriod: number;
  readonly rsiBelow?: number;
  readonly rsiAbove?: number;
  readonly aboveSma?: number;
  readonly belowSma?: number;
  readonly aboveEma?: number;
  readonly belowEma?: number;
}

/** `rsi_period` when unset (Wilder's 14). */
export const DEFAULT_RSI_PERIOD = 14;

/**
 * How many periods of closes RSI and EMA are computed over at most (their smoothing never forgets its start
 * entirely): after 10 periods the seed weighs (1 − 1/n)^(9n) < 0.02 % for RSI, so the value is the one a chart
 * with a long history shows, and it does not depend on how much more history the snapshot carries.
 */
export const SMOOTHING_PERIODS = 10;

/** What each filter checks: its code, key, indicator and comparison. */
export type FilterCode = 'RSI_BELOW' | 'RSI_ABOVE' | 'ABOVE_SMA' | 'BELOW_SMA' | 'ABOVE_EMA' | 'BELOW_EMA';

interface FilterSpec {
  readonly code: FilterCode;
  readonly key: string;
  readonly indicator: 'RSI' | 'SMA' | 'EMA';
  /** true: the value must be above the level. */
  readonly above: boolean;
}

const SPECS: readonly (FilterSpec & { readonly field: Exclude<keyof TechnicalFilters, 'rsiPeriod'> })[] = [
  { code: 'RSI_BELOW', key: FILTER_KEY_OF.rsiBelow, indicator: 'RSI', above: false, field: 'rsiBelow' },
  { code: 'RSI_ABOVE', key: FILTER_KEY_OF.rsiAbove, indicator: 'RSI', above: true, field: 'rsiAbove' },
  { code: 'ABOVE_SMA', key: FILTER_KEY_OF.aboveSma, indicator: 'SMA', above: true, field: 'aboveSma' },
  { code: 'BELOW_SMA', key: FILTER_KEY_OF.belowSma, indicator: 'SMA', above: false, field: 'belowSma' },
  { code: 'ABOVE_EMA', key: FILTER_KEY_OF.aboveEma, indicator: 'EMA', above: true, field: 'aboveEma' },
  { code: 'BELOW_EMA', key: FILTER_KEY_OF.belowEma, indicator: 'EMA', above: false, field: 'belowEma' },
];

/** One filter that is on: what it checks, the indicator's period and (RSI) the level. */
export interface ActiveFilter extends FilterSpec {
  readonly period: number;
  /** The RSI level; undefined for a moving average (the close is compared with it). */
  readonly level?: number;
}

/**
 * §2.11: the filters of a symbol and right from its levels, most specific first (the symbol's
 * `write_when.<right>`, then the wheel's): per key, the first level that sets it decides (`false`: off);
 * undefined when no filter is on.
 */
export function resolveFilters(levels: readonly (FilterLevel | undefined)[]): TechnicalFilters | undefined {
  const pick = <K extends keyof FilterLevel>(key: K): FilterLevel[K] => levels.find((l) => l?.[key] !== undefined)?.[key];
  const on = (key: Exclude<keyof FilterLevel, 'rsiPeriod'>): number | undefined => {
    const v = pick(key);
    return v === false ? undefined : v;
  };
  const out: { -readonly [K in keyof TechnicalFilters]: TechnicalFilters[K] } = { rsiPeriod: pick('rsiPeriod') ?? DEFAULT_RSI_PERIOD };
  for (const s of SPECS) {
    const v = on(s.field);
    if (v !== undefined) out[s.field] = v;
  }
  return SPECS.some((s) => out[s.field] !== undefined) ? out : undefined;
}

/** The filters that are on, in a fixed order (RSI below, RSI above, SMA, EMA). */
export function activeFilters(f: TechnicalFilters): ActiveFilter[] {
  const out: ActiveFilter[] = [];
  for (const { field, ...s } of SPECS) {
    const v = f[field];
    if (v === undefined) continue;
    out.push(s.indicator === 'RSI' ? { ...s, period: f.rsiPeriod, level: v } : { ...s, period: v });
  }
  return out;
}

/** `RSI(14)`, `SMA(200)`. */
const named = (a: Pick<ActiveFilter, 'indicator' | 'period'>) => `${a.indicator}(${a.period})`;

/** The fewest closes a filter can be computed from (the kernel's lookback + 1: RSI(n) n + 1, SMA(n) and EMA(n) n). */
export function closesNeeded(a: Pick<ActiveFilter, 'indicator' | 'period'>): number {
  return (lookbackOf(a.indicator, { period: a.period }) ?? 0) + 1;
}

/** The closes a filter is computed over when the snapshot has them: SMA(n) n; RSI(n) 10n + 1; EMA(n) 10n (SMOOTHING_PERIODS). */
export function closesWanted(a: Pick<ActiveFilter, 'indicator' | 'period'>): number {
  return a.indicator === 'SMA' ? a.period : SMOOTHING_PERIODS * a.period + (a.indicator === 'RSI' ? 1 : 0);
}

export type FilterVerdictCode = FilterCode | 'NOT_ENOUGH_CLOSES' | 'NO_INDICATORS';

/** One filter's verdict: the value compared, the level it is compared with, pass or fail, and the sentence. */
export interface FilterVerdict extends Reason<FilterVerdictCode> {
  readonly filter: FilterCode;
  readonly pass: boolean;
  /** The RSI, or the last close (compared with its average); NaN when not computed. */
  readonly value: number;
  /** The RSI level, or the average; NaN when not computed. */
  readonly level: number;
}

/** Indicator values per closes array (a snapshot's history), so both rights and repeated passes compute each once. */
const computed = new WeakMap<readonly number[], Map<string, number>>();

/** The last value of `indicator(period)` over the last closesWanted closes; NaN when the kernels give none. */
function lastValue(closes: readonly number[], a: Pick<ActiveFilter, 'indicator' | 'period'>): number {
  let cache = computed.get(closes);
  if (!cache) computed.set(closes, (cache = new Map()));
  const key = named(a);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const close = Float64Array.from(closes.slice(Math.max(0, closes.length - closesWanted(a))));
  const kernel = a.indicator === 'RSI' ? rsi : a.indicator === 'SMA' ? sma : ema;
  const series = kernel({ close }, { period: a.period });
  const value = series.length > 0 ? series[series.length - 1] : NaN;
  cache.set(key, value);
  return value;
}

/**
 * §2.11: every active filter's verdict on a symbol's daily closes (oldest first; the last is the latest
 * close). A filter that needs more closes than there are fails with NOT_ENOUGH_CLOSES, and one the kernels
 * cannot compute (not loaded: `ready()` was not awaited) fails with NO_INDICATORS — never a pass.
 */
export function evaluateFilters(f: TechnicalFilters, closes: readonly number[]): FilterVerdict[] {
  return activeFilters(f).map((a) => evaluateFilter(a, closes));
}

function evaluateFilter(a: ActiveFilter, closes: readonly number[]): FilterVerdict {
  const name = named(a);
  const fail = (code: 'NOT_ENOUGH_CLOSES' | 'NO_INDICATORS', message: string): FilterVerdict => {
    return { filter: a.code, pass: false, value: NaN, level: NaN, code, message };
  };
  const need = closesNeeded(a);
  if (closes.length < need) return fail('NOT_ENOUGH_CLOSES', `${name} needs ${need} closes, the snapshot has ${closes.length} (${a.key})`);
  let indicator: number;
  try {
    indicator = lastValue(closes, a);
  } catch (e) {
    const why = 'the indicator kernels are not loaded (the caller must await ready() before the pass)';
    if (e instanceof NotReadyError) return fail('NO_INDICATORS', `${name} not computed: ${why} (${a.key})`);
    throw e;
  }
  if (!Number.isFinite(indicator)) return fail('NOT_ENOUGH_CLOSES', `${name} has no value over the ${closes.length} closes of the snapshot (${a.key})`);
  // RSI against its level; a moving average: the last close against it.
  const value = a.level !== undefined ? indicator : closes[closes.length - 1];
  const level = a.level !== undefined ? a.level : indicator;
  const pass = a.above ? value > level : value < level;
  const side = a.above ? 'above' : 'below';
  const lhs = a.level !== undefined ? `${name} ${num(value)}` : `close ${num(value)}`;
  const rhs = a.level !== undefined ? num(level) : `${name} ${num(level)}`;
  const message = pass ? `${lhs} ${a.above ? '>' : '<'} ${rhs} (${a.key})` : `${lhs} is not ${side} ${rhs} (${a.key})`;
  return { filter: a.code, pass, value, level, code: a.code, message };
}

/** §2.11: the gate the verdicts make: undefined when all pass, else FILTERED naming every failing filter. */
export function filterGate(verdicts: readonly FilterVerdict[]): Reason<'FILTERED'> | undefined {
  const failed = verdicts.filter((v) => !v.pass);
  if (failed.length === 0) return undefined;
  return { code: 'FILTERED', message: `not written: ${failed.map((v) => v.message).join('; ')}` };
}

/** §2.11: a symbol's filters for a right: its `write_when.<right>` keys over the wheel's, per key. */
export function symbolWriteFilters(c: WheelConfig, symbol: string, right: Right): TechnicalFilters | undefined {
  const s = c.symbols.get(symbol);
  const own = (right === 'P' ? s?.puts : s?.calls)?.filters;
  return resolveFilters([own, right === 'P' ? c.writeFilters?.puts : c.writeFilters?.calls]);
}

/** §2.11: the daily closes the configured filters are computed over (the most any symbol and right wants); 0 without filters. */
export function filterHistoryDays(c: WheelConfig): number {
  let days = 0;
  for (const symbol of c.symbols.keys()) {
    for (const right of ['P', 'C'] as const) {
      const f = symbolWriteFilters(c, symbol, right);
      if (f) for (const a of activeFilters(f)) days = Math.max(days, closesWanted(a));
    }
  }
  return days;
}

/** The daily closes a snapshot's history holds for the pass: the σ write threshold's window and a close before it, or the filters' when they want more. */
export function snapshotHistoryDays(c: WheelConfig): number {
  return Math.max(c.constants.dailyStddevWindowDays + 1, filterHistoryDays(c));
}

/** A number for a message: at most 2 decimals, no float noise. */
function num(x: number): string {
  return String(Number(x.toFixed(2)));
}
