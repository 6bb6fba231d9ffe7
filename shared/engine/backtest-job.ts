// A backtest job from a validated moneytrailz configuration and its loaded bars: every [data] series
// (cut to start_date/end_date), one MarketData of the symbols the enabled instances trade, the
// [backtesting] engine settings and one sleeve per enabled [strategies.<id>] instance with its share
// of the capital (shared/config/instances.ts). The CLI (bridge/backtest/job.ts, bars from the CSV
// files) and the browser's backtest worker (bars it was sent) build the job here, the same way.
// Every problem is a ConfigError naming the file, the line and the key; the loader is called only
// once the instances are known to be valid.
import type { BarSeries, Timeframe } from '../data/bar-series.ts';
import { firstBarAtOrAfter, sliceBars } from '../data/slice-bars.ts';
import { ConfigError, ParameterError } from '../errors.ts';
import {
  COMMON_STRATEGY_KEYS,
  CONFIG_TIMEFRAME,
  backtestKeyProblem,
  benchmarkSymbol,
  dataSeries,
  enabledInstances,
  formatKeyPath,
  planInstances,
  SchemaError,
  type ConfigDocument,
  type DataSeriesConfig,
  type InstancePlan,
  type KeySegment,
  type MoneyTrailzConfig,
} from '../config/index.ts';
import type { StrategyName } from '../config/strategy-params.ts';
import { runPortfolioBacktest, type PortfolioRun } from './backtest.ts';
import type { EngineSettings } from './engine.ts';
import { MarketData } from './market-data.ts';
import { engineSettings } from './settings.ts';
import type { SleeveSpec } from './sleeve.ts';
import { exchangeCalendar } from '../time/exchange-calendar.ts';
import { BACKTEST_STRATEGIES, createStrategy, strategyScope } from '../strategies/registry.ts';
import type { OptionQuotes } from '../options/option-quotes.ts';
import type { WheelStrategy } from '../strategies/wheel/wheel-strategy.ts';
import type { WholeFileName, WholeFileStrategies } from './whole-file-strategies.ts';

export { ENGINE_VERSION } from './engine-version.ts';


/** One loaded `[data]` series. */
export interface DataSeries {
  readonly symbol: string;
  /** The CSV as written in the TOML file. */
  readonly csv: string;
  /** Where its bars came from: the CSV's resolved path (CLI), or the name the bars were sent under. */
  readonly path: string;
  /** The key that names it: `data.csv` or `data.<SYM>.csv`. */
  readonly key: readonly KeySegment[];
  /** Its bars, cut to start_date/end_date. */
  readonly bars: BarSeries;
  /** Its bars up to end_date, from the file's first (what was known before the start: option quotes' volatility). */
  readonly history: BarSeries;
}

export interface BacktestJob {
  readonly configPath: string;
  readonly loaded: ConfigDocument;
  readonly settings: EngineSettings;
  /** Every configured series, in file order. */
  readonly series: readonly DataSeries[];
  /** The data's bar timeframe (the same for every series). */
  readonly timeframe: Timeframe;
  /** The bars of the symbols the enabled instances trade, on one timeline. */
  readonly market: MarketData;
  /** The enabled instances, resolved (allocations, symbols, timeframes, parameters with defaults). */
  readonly instances: readonly InstancePlan[];
  /** The engine's sleeves, one per instance. */
  readonly sleeves: readonly SleeveSpec[];
  /** The series whose closes the buy & hold and beta use. */
  readonly benchmark: DataSeries;
  /** One instance on one symbol: today's single run, reported as the backtest-model §7 object. */
  readonly single: boolean;
  /** Option quotes for option strategies (the wheel): synthetic chains from the daily bars. */
  readonly options?: OptionQuotes;
  /** The wheel instances' strategy objects by instance id, set when a run creates them (the latest run's): their trace and contracts feed the wheel report. */
  readonly wheelStrategies: ReadonlyMap<string, WheelStrategy>;
}

/** A series' bars as loaded (uncut) and where they came from. */
export interface LoadedSeries {
  readonly bars: BarSeries;
  readonly path: string;
}

/**
 * Loads the bars of one configured series. `fail(problem)` is the ConfigError at the series' key
 * (e.g. `file not found: …`) for the loader to throw.
 */
export type SeriesLoader = (series: DataSeriesConfig, fail: (problem: string) => ConfigError) => LoadedSeries | Promise<LoadedSeries>;

/**
 * The wheel runs through its own pass (docs/wheel-rules.md §6.2) and the regime rebalance on its
 * basket (docs/regime-rebalance.md §4): both are configured by the whole file, not by parameters,
 * and built by the whole-file strategies the caller passes (whole-file-strategies.ts).
 */
const isWholeFile = (strategy: string): strategy is WholeFileName => strategy === 'wheel' || strategy === 'regime_rebalance';

const day = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/**
 * The job of a validated configuration; `load` supplies each [data] series' bars. `wholeFile` are the
 * whole-file strategies this build carries (WHOLE_FILE_STRATEGIES for all; the browser lab none).
 */
export async function buildBacktestJob(loaded: ConfigDocument, load: SeriesLoader, wholeFile: WholeFileStrategies = {}): Promise<BacktestJob> {
  const { config, path: configPath } = loaded;
  const err = (path: readonly KeySegment[], problem: string) => new ConfigError(configPath, loaded.lineOf(path), formatKeyPath(path), problem);
  const bt = config.backtesting;

  if (bt.enabled === false) throw err(['backtesting', 'enabled'], 'is false: this file turns backtesting off (set enabled = true, or remove the key, to run one)');
  const configured = dataSeries(config);
  if (configured.length === 0) {
    throw err(['data'], 'missing [data] csv: the bars to test (a CSV path relative to this file; several series: one [data.<SYMBOL>] csv = "…" each)');
  }

  // The instances: enabled, runnable, and every key they set read by something.
  const enabled = enabledInstances(config);
  if (enabled.length === 0) throw err(['strategies'], 'no enabled strategy to backtest (add e.g. [strategies.sma_cross] with enabled = true)');
  const wholeFileConfigs = new Map<string, unknown>();
  for (const [id, s] of enabled) {
    try {
      if (isWholeFile(s.strategy)) {
        const kind = wholeFile[s.strategy];
        if (!kind) throw err(['strategies', id], `${s.strategy} does not run here: this build of the engine leaves it out (npm run backtest runs it)`);
        wholeFileConfigs.set(id, kind.configOf(config, id));
      } else createStrategy(s.strategy, s, ['SYMBOL']);
    } catch (x) {
      if (x instanceof SchemaError) throw err(x.path, x.problem);
      if (x instanceof ParameterError) throw x.owner === 'strategies' ? err(['strategies', id], `${s.strategy} ${x.problem}`) : err(['strategies', id, x.param], x.problem);
      throw x;
    }
  }
  // The bars: every series, cut to the range; one timeframe for all.
  const series: DataSeries[] = [];
  for (const d of configured) {
    // A bad row is the reader's DataError: the CSV's file, line and column.
    const { bars: all, path } = await load(d, (problem) => err(d.key, problem));
    let bars = all;
    const from = bt.start_date ? firstBarAtOrAfter(bars, day(bt.start_date)) : 0;
    const to = bt.end_date ? firstBarAtOrAfter(bars, day(bt.end_date) + 86_400_000) : bars.length;
    if (to - from < 2) {
      const key = bt.start_date ? 'start_date' : 'end_date';
      throw err(['backtesting', key], `the range ${bt.start_date ?? '…'} to ${bt.end_date ?? '…'} holds ${Math.max(0, to - from)} bar(s) of ${d.csv} (${bars.length} bars); a backtest needs at least 2`);
    }
    const history = to < bars.length ? sliceBars(bars, 0, to) : bars;
    if (from > 0 || to < bars.length) bars = sliceBars(bars, from, to);
    series.push({ symbol: d.symbol, csv: d.csv, path, key: d.key, bars, history });
  }
  const timeframe = series[0].bars.timeframe;
  for (const s of series.slice(1)) {
    if (s.bars.timeframe !== timeframe) {
      throw err(
        s.key,
        `${s.csv} has ${CONFIG_TIMEFRAME[s.bars.timeframe]} bars but ${series[0].csv} (${formatKeyPath(series[0].key)}) has ${CONFIG_TIMEFRAME[timeframe]}: every series of one backtest needs the same timeframe`,
      );
    }
  }

  // Allocations, symbols and timeframes of each instance.
  let instances: InstancePlan[];
  try {
    const scopeOf = (name: StrategyName) => (isWholeFile(name) ? 'portfolio' : strategyScope(name));
    instances = planInstances(config, { scopeOf, dataTimeframe: timeframe, commonKeys: COMMON_STRATEGY_KEYS });
  } catch (e) {
    if (e instanceof SchemaError) throw err(e.path, e.problem);
    throw e;
  }
  // Every key the file sets is read by something (or left to the bridge).
  const running = new Map<string, Set<string>>();
  for (const i of instances) for (const sym of i.symbols) running.set(i.strategy, (running.get(i.strategy) ?? new Set()).add(sym));
  const unread = backtestKeyProblem(loaded.raw, {
    running,
    runnable: BACKTEST_STRATEGIES,
    disabled: new Set(Object.entries(config.strategies).filter(([, s]) => !s.enabled).map(([id]) => id)),
    commissionPreset: bt.execution.commission_preset,
  });
  if (unread) throw err(unread.path, unread.problem);
  // Each instance on its symbols, with what it reads from [symbols.*] (e.g. rebalance's weights).
  for (const i of instances) {
    if (isWholeFile(i.strategy)) continue;
    try {
      createStrategy(i.strategy, i.params, i.symbols);
    } catch (x) {
      if (x instanceof ParameterError) throw err(['strategies', i.id], x.message);
      throw x;
    }
  }
  const settings = engineSettings(bt);
  const traded = series.filter((s) => instances.some((i) => i.symbols.includes(s.symbol)));
  const market = new MarketData(traded.map((s) => s.bars));
  const wheelStrategies = new Map<string, WheelStrategy>();
  const sleeves: SleeveSpec[] = instances.map((i) => ({
    id: i.id,
    strategy: i.strategy,
    symbols: i.symbols,
    timeframes: i.timeframes,
    allocation: i.allocation,
    priority: i.priority,
    minConfidence: i.minConfidence,
    allowShort: settings.allowShort,
    create: (symbols) => {
      if (!isWholeFile(i.strategy)) return createStrategy(i.strategy, i.params, symbols);
      const s = wholeFile[i.strategy]!.create(wholeFileConfigs.get(i.id), symbols);
      if (i.strategy === 'wheel') wheelStrategies.set(i.id, s as WheelStrategy);
      return s;
    },
    ...(i.schedule && { schedule: { calendar: exchangeCalendar(i.schedule.exchange), times: i.schedule.times } }),
    ...(i.marketHours && { marketHours: { calendar: exchangeCalendar(i.marketHours.exchange), rule: i.marketHours.rule } }),
  }));
  const benchmark = series.find((s) => s.symbol === benchmarkSymbol(config))!;
  for (const i of instances) {
    if (isWholeFile(i.strategy) && timeframe !== '1d') throw err(['strategies', i.id], `${wholeFile[i.strategy]!.daily}; the data has ${CONFIG_TIMEFRAME[timeframe]} bars`);
  }
  // The wheel trades options: chains priced from the daily bars (whole-file-strategies.ts).
  const optionKind = instances.map((i) => (isWholeFile(i.strategy) ? wholeFile[i.strategy]!.options : undefined)).find((o) => o !== undefined);
  const optionTrading = optionKind !== undefined;
  const options: OptionQuotes | undefined = optionKind?.(traded.map((s) => s.history));
  // The single-run report (backtest-model §7) is for a stock strategy on one symbol; the wheel's trades are options.
  const single = instances.length === 1 && instances[0].symbols.length === 1 && !optionTrading;
  return { configPath, loaded, settings, series, timeframe, market, instances, sleeves, benchmark, single, ...(options && { options }), wheelStrategies };
}

/** Progress of a run: called every `every` timeline steps and at the end. */
export interface JobProgress {
  readonly onProgress: (done: number, total: number) => void;
  readonly every?: number;
}

/** Runs a job's sleeves over its market (the indicator kernels must be ready); progress by default every 1 % of the steps. */
export function runBacktestJob(job: BacktestJob, progress?: JobProgress): PortfolioRun {
  return runPortfolioBacktest({
    market: job.market,
    sleeves: job.sleeves,
    settings: job.settings,
    ...(job.options && { options: job.options }),
    ...(progress && { onProgress: progress.onProgress, progressEvery: progress.every ?? Math.max(1, Math.floor(job.market.steps / 100)) }),
  });
}
