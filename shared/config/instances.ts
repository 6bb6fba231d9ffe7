// Strategy instances as a run uses them: which data series exist, how the instances share the
// capital, which symbols and timeframes each trades. Pure functions of the validated configuration
// (and, for what depends on the bars, of the data's timeframe); problems are SchemaErrors at the key.
//
// Allocation rule (moneytrailz.toml.example documents it for users), over the ENABLED instances:
//  1. explicit `allocation`s are fractions of the capital, taken first; their sum must be at most 1;
//  2. the rest of the capital is split among the instances with a `weight`, in proportion to their
//     weights (normalised by the sum of the weights);
//  3. when no enabled instance has a `weight`, the rest is split equally among the instances without
//     an `allocation` — one instance with neither gets everything (allocation 1: a single run);
//  4. some instances with a `weight` and others with neither is an error naming the instance; so is
//     an instance with both, one with `allocation = 0` or `weight = 0`, and one left with no capital.
// What is not allocated stays cash (unallocated) for the whole run.
import { isIntraday, TIMEFRAME_MS, TIMEFRAMES, type IntradayTimeframe, type Timeframe } from '../data/bar-series.ts';
import { isSingleData, type MoneyTrailzConfig, type StrategyInstanceConfig, type StrategyTimeframe } from './moneytrailz-config.ts';
import { SchemaError, type KeyPath } from './schema.ts';
import { STRATEGY_PARAMS, type StrategyName, type StrategyParamSpec } from './strategy-params.ts';
import { ParameterError } from '../errors.ts';
import type { ExchangeId } from '../time/exchange-calendar.ts';
import type { MarketHoursRule } from '../time/market-hours.ts';
import { parseSessionTimes, type SessionTime } from '../time/scheduler.ts';

/** Config timeframes (as the original README spells them) → bar timeframes. */
export const TIMEFRAME_OF: Readonly<Record<StrategyTimeframe, Timeframe>> = {
  '1M': '1m',
  '5M': '5m',
  '15M': '15m',
  '30M': '30m',
  '1H': '1h',
  '4H': '4h',
  '1D': '1d',
  '1W': '1w',
  '1MO': '1mo',
};

/** Bar timeframes → their config spelling. */
export const CONFIG_TIMEFRAME: Readonly<Record<Timeframe, StrategyTimeframe>> = Object.fromEntries(
  Object.entries(TIMEFRAME_OF).map(([k, v]) => [v, k]),
) as Record<Timeframe, StrategyTimeframe>;

/**
 * Why bars of `want` cannot be built from bars of `data`, or undefined when they can: the data's own
 * timeframe, or a coarser one (intraday → coarser intraday, daily, weekly, monthly; daily → weekly,
 * monthly). Weekly bars cannot make monthly ones (weeks straddle month ends).
 */
export function timeframeProblem(data: Timeframe, want: Timeframe): string | undefined {
  if (buildable(data, want)) return undefined;
  const from = CONFIG_TIMEFRAME[data];
  const options = TIMEFRAMES.filter((t) => buildable(data, t)).map((t) => CONFIG_TIMEFRAME[t]);
  const relation = TIMEFRAMES.indexOf(want) < TIMEFRAMES.indexOf(data) ? 'is finer than' : 'cannot be built from';
  return `'${CONFIG_TIMEFRAME[want]}' ${relation} the data's ${from} bars (buildable: ${options.join(', ')})`;
}

function buildable(data: Timeframe, want: Timeframe): boolean {
  if (data === want) return true;
  if (isIntraday(data)) return !isIntraday(want) || TIMEFRAME_MS[want as IntradayTimeframe] >= TIMEFRAME_MS[data as IntradayTimeframe];
  return data === '1d' && (want === '1w' || want === '1mo');
}

/** One series of `[data]`: its symbol, its CSV as written (relative to the TOML file) and the key naming it. */
export interface DataSeriesConfig {
  readonly symbol: string;
  readonly csv: string;
  /** `['data', 'csv']` or `['data', '<SYM>', 'csv']`. */
  readonly key: KeyPath;
}

/** The symbol of a single `[data]` series: `symbol`, else the CSV's file name up to `_` or `.` (`SPY_1d.csv` → SPY). */
export function inferredSymbol(csv: string): string {
  return csv.replace(/^.*[\\/]/, '').replace(/[_.].*$/, '');
}

/** Every configured data series, in file order ([] without a `[data]` csv). */
export function dataSeries(config: MoneyTrailzConfig): DataSeriesConfig[] {
  const data = config.data;
  if (!data) return [];
  if (isSingleData(data)) return data.csv === undefined ? [] : [{ symbol: data.symbol ?? inferredSymbol(data.csv), csv: data.csv, key: ['data', 'csv'] }];
  return Object.entries(data).map(([symbol, d]) => ({ symbol, csv: d.csv, key: ['data', symbol, 'csv'] }));
}

/** The enabled instances, in file order. */
export function enabledInstances(config: MoneyTrailzConfig): [id: string, instance: StrategyInstanceConfig][] {
  return Object.entries(config.strategies).filter(([, s]) => s.enabled);
}

/** Tolerance on sums of decimal fractions (0.7 + 0.2 + 0.1). */
const EPSILON = 1e-9;
const show = (x: number): string => String(Number(x.toPrecision(12)));

/** Each enabled instance's fraction of the capital, by the allocation rule above. */
export function allocations(config: MoneyTrailzConfig): Map<string, number> {
  // vix_call_hedge's `allocation` is its VIXMO bands, not a capital share.
  const enabled = enabledInstances(config).map(([id, s]): [string, { allocation?: number; weight?: number }] => [
    id,
    { allocation: typeof s.allocation === 'number' ? s.allocation : undefined, weight: s.weight },
  ]);
  const at = (id: string, key?: string): KeyPath => (key ? ['strategies', id, key] : ['strategies', id]);
  for (const [id, s] of enabled) {
    if (s.allocation !== undefined && s.weight !== undefined) throw new SchemaError(at(id, 'weight'), `give either allocation (${s.allocation}) or weight (${s.weight}), not both`);
    if (s.allocation === 0) throw new SchemaError(at(id, 'allocation'), 'an enabled instance needs capital: allocation must be > 0 (disable it with enabled = false)');
    if (s.weight === 0) throw new SchemaError(at(id, 'weight'), 'an enabled instance needs capital: weight must be > 0 (disable it with enabled = false)');
  }
  const explicit = enabled.filter(([, s]) => s.allocation !== undefined);
  const terms = explicit.map(([id, s]) => `${id} ${s.allocation}`).join(' + ');
  let sum = 0;
  for (const [id, s] of explicit) {
    sum += s.allocation!;
    if (sum > 1 + EPSILON) {
      const total = explicit.reduce((a, [, x]) => a + x.allocation!, 0);
      throw new SchemaError(at(id, 'allocation'), `allocations sum to ${show(total)} (${terms}), at most 1`);
    }
  }
  const out = new Map<string, number>();
  for (const [id, s] of explicit) out.set(id, s.allocation!);
  const weighted = enabled.filter(([, s]) => s.weight !== undefined);
  const neither = enabled.filter(([, s]) => s.allocation === undefined && s.weight === undefined);
  if (weighted.length > 0 && neither.length > 0) {
    throw new SchemaError(
      at(neither[0][0]),
      `has neither allocation nor weight, but strategies.${weighted[0][0]} has a weight: give every enabled instance without an allocation a weight (or an allocation)`,
    );
  }
  const sharing = weighted.length > 0 ? weighted : neither;
  if (sharing.length === 0) return out;
  const rest = 1 - sum;
  if (rest <= EPSILON) throw new SchemaError(at(sharing[0][0]), `gets no capital: the allocations already sum to ${show(sum)} (${terms})`);
  const weights = sharing.map(([, s]) => s.weight ?? 1);
  const total = weights.reduce((a, w) => a + w, 0);
  sharing.forEach(([id], i) => out.set(id, (rest * weights[i]) / total));
  return out;
}

/** The data-independent rules on instances and the benchmark (parse time). */
export function instanceViolation(config: MoneyTrailzConfig): { path: KeyPath; problem: string } | undefined {
  try {
    allocations(config);
    const symbols = dataSeries(config).map((d) => d.symbol);
    if (symbols.length === 0) return undefined;
    for (const [id, s] of enabledInstances(config)) if (s.symbols) checkSymbols(id, s.symbols, symbols);
    const b = config.backtesting.benchmark;
    if (b !== undefined && !symbols.includes(b)) return { path: ['backtesting', 'benchmark'], problem: `unknown symbol '${b}' (data: ${symbols.join(', ')})` };
    return undefined;
  } catch (e) {
    if (e instanceof SchemaError) return { path: e.path, problem: e.problem };
    throw e;
  }
}

function checkSymbols(id: string, named: readonly string[], data: readonly string[]): void {
  const at: KeyPath = ['strategies', id, 'symbols'];
  if (named.length === 0) throw new SchemaError(at, `is empty: name at least one symbol (data: ${data.join(', ')})`);
  for (const [i, sym] of named.entries()) {
    if (!data.includes(sym)) throw new SchemaError(at, `unknown symbol '${sym}' (data: ${data.join(', ')})`);
    if (named.indexOf(sym) !== i) throw new SchemaError(at, `names ${sym} twice`);
  }
}

/** An enabled instance, resolved for a run. */
export interface InstancePlan {
  readonly id: string;
  readonly strategy: StrategyName;
  /** The strategy's own parameters (without the common keys). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  /** The first is the primary timeframe. */
  readonly timeframes: readonly Timeframe[];
  /** Fraction of the capital in (0, 1]. */
  readonly allocation: number;
  readonly priority: number;
  readonly minConfidence: number;
  /** Decide only at these session times (intraday data), on this exchange's calendar. */
  readonly schedule?: { readonly exchange: ExchangeId; readonly times: readonly SessionTime[] };
  /** The market-hours window (intraday data). */
  readonly marketHours?: { readonly exchange: ExchangeId; readonly rule: MarketHoursRule };
}

export interface PlanOptions {
  /** 'portfolio' strategies see all their symbols at once (default symbols: every data symbol). */
  readonly scopeOf: (strategy: StrategyName) => 'symbol' | 'portfolio';
  /** The data's bar timeframe (every series of one run has the same). */
  readonly dataTimeframe: Timeframe;
  /** Keys that are not strategy parameters. */
  readonly commonKeys: readonly string[];
}

/**
 * The enabled instances with their allocations, symbols (default: every data symbol for a portfolio
 * strategy, the one data symbol for a per-symbol strategy, else an error asking to name them) and
 * timeframes (default: the data's own; each must be buildable from it).
 * @throws SchemaError at the offending key.
 */
export function planInstances(config: MoneyTrailzConfig, o: PlanOptions): InstancePlan[] {
  const shares = allocations(config);
  const data = dataSeries(config).map((d) => d.symbol);
  return enabledInstances(config).map(([id, s]) => {
    let symbols: readonly string[];
    if (s.symbols) {
      checkSymbols(id, s.symbols, data);
      symbols = s.symbols;
    } else if (data.length === 1 || o.scopeOf(s.strategy) === 'portfolio') symbols = data;
    else {
      throw new SchemaError(
        ['strategies', id, 'symbols'],
        `missing: the data has several symbols (${data.join(', ')}) and ${s.strategy} decides per symbol: name the ones it trades, e.g. symbols = ["${data[0]}"]`,
      );
    }
    const timeframes = (s.timeframes ?? [CONFIG_TIMEFRAME[o.dataTimeframe]]).map((t, i) => {
      const tf = TIMEFRAME_OF[t];
      const problem = timeframeProblem(o.dataTimeframe, tf);
      if (problem) throw new SchemaError(['strategies', id, 'timeframes', i], problem);
      return tf;
    });
    // Keys symbolParams turns into internal parameters are not passed on as written.
    const converted = Object.keys((STRATEGY_PARAMS[s.strategy] as StrategyParamSpec).instanceKeys ?? {});
    const own = Object.entries(s).filter(([k]) => !o.commonKeys.includes(k) && !converted.includes(k));
    const params = { ...Object.fromEntries(own), ...symbolParams(config, id, s, symbols) };
    const timing = sessionTiming(id, s, o.dataTimeframe);
    return { id, strategy: s.strategy, params, symbols, timeframes, allocation: shares.get(id)!, priority: s.priority ?? 0, minConfidence: s.min_confidence ?? 0, ...timing };
  });
}

/**
 * An instance's schedule and market-hours window: both need intraday data (a daily bar is one
 * decision a day at its close); schedule entries must parse (`open+30m`, `close-15m`, `HH:MM`).
 */
function sessionTiming(id: string, s: StrategyInstanceConfig, data: Timeframe): Pick<InstancePlan, 'schedule' | 'marketHours'> {
  const exchange: ExchangeId = s.exchange ?? 'XNYS';
  const gate = s.delay_after_open !== undefined || s.delay_before_close !== undefined || s.when_closed !== undefined;
  const out: { schedule?: InstancePlan['schedule']; marketHours?: InstancePlan['marketHours'] } = {};
  if (s.exchange !== undefined && s.schedule === undefined && !gate) {
    throw new SchemaError(['strategies', id, 'exchange'], 'is used only by schedule and the market-hours window (delay_after_open, delay_before_close, when_closed): give one of them, or remove it');
  }
  for (const key of ['schedule', 'exchange', 'delay_after_open', 'delay_before_close', 'when_closed'] as const) {
    if (s[key] !== undefined && !isIntraday(data)) {
      throw new SchemaError(['strategies', id, key], `needs intraday data (the data has ${CONFIG_TIMEFRAME[data]} bars: a strategy on them decides once a bar, at its close)`);
    }
  }
  if (s.schedule) {
    s.schedule.forEach((entry, i) => {
      try {
        parseSessionTimes([entry]);
      } catch (e) {
        if (e instanceof ParameterError) throw new SchemaError(['strategies', id, 'schedule', i], `'${entry}' is not a session time (open, open+30m, close-15m, close, or HH:MM in exchange time)`);
        throw e;
      }
    });
    out.schedule = { exchange, times: parseSessionTimes(s.schedule) };
  }
  if (gate) out.marketHours = { exchange, rule: { delayAfterOpenMin: s.delay_after_open ?? 0, delayBeforeCloseMin: s.delay_before_close ?? 0, whenClosed: s.when_closed ?? 'skip' } };
  return out;
}

/**
 * Parameters a strategy takes from the configuration for its symbols: rebalance's target `weights` from
 * `[symbols.<SYM>] weight` (when any of its symbols has one) and per-symbol `symbolModes` from its own
 * `[strategies.<id>.symbol_overrides.<SYM>] mode` (each must be one of its symbols). Other strategies read
 * nothing there.
 * @throws SchemaError at an override naming a symbol the instance does not trade.
 */
export function symbolParams(config: MoneyTrailzConfig, id: string, instance: StrategyInstanceConfig, symbols: readonly string[]): Record<string, unknown> {
  if (instance.strategy !== 'rebalance') return {};
  const out: Record<string, unknown> = {};
  const weights = Object.fromEntries(symbols.flatMap((sym) => (config.symbols[sym]?.weight !== undefined ? [[sym, config.symbols[sym].weight!]] : [])));
  if (Object.keys(weights).length > 0) out.weights = weights;
  const overrides = Object.entries(instance.symbol_overrides ?? {});
  for (const [sym] of overrides) {
    if (!symbols.includes(sym)) throw new SchemaError(['strategies', id, 'symbol_overrides', sym], `names ${sym}, which ${id} does not trade (its symbols: ${symbols.join(', ')})`);
  }
  if (overrides.length > 0) out.symbolModes = Object.fromEntries(overrides.map(([sym, o]) => [sym, o.mode]));
  return out;
}

/** The benchmark's symbol: `backtesting.benchmark`, default the first data symbol. */
export function benchmarkSymbol(config: MoneyTrailzConfig): string | undefined {
  return config.backtesting.benchmark ?? dataSeries(config)[0]?.symbol;
}
