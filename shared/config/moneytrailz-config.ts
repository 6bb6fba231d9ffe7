// The schema of moneytrailz.toml and the types of the validated configuration. Every section is
// optional; unknown keys are rejected everywhere. Sections with defaults (tws, bridge, backtesting and
// its execution table) are always present after validation, as are `symbols` and `strategies` ({}).
//
// [data] has two forms: one series (`[data] csv = "…" symbol = "SPY"`) or one table per symbol
// (`[data.SPY] csv = "…"`, `[data.TLT] csv = "…"`); paths are relative to the TOML file, the CSV reader
// infers the bars' timeframe. [strategies.<id>] is a strategy instance: `<id>` is a known strategy's
// name, or any id with `strategy = "<name>"` (several instances of one strategy need their own ids).
// How instances share the capital (allocation, weight) is shared/config/instances.ts.
import {
  anyOf,
  arrayOf,
  boolean,
  date,
  describeValue,
  integer,
  isTable,
  number,
  object,
  oneOf,
  optional,
  record,
  SchemaError,
  string,
  withDefault,
  type Infer,
  type InferShape,
  type KeyPath,
  type Schema,
  type Simplify,
  withRenamedKeys,
} from './schema.ts';
import { closest } from './suggest.ts';
import { ORDER_TYPES } from '../domain/order.ts';
import { TICKER, costFraction, positiveUnit, ticker, unit } from './fields.ts';
import { STRATEGY_NAMES, STRATEGY_PARAMS, STRATEGY_TYPES, type StrategyName, type StrategyInstanceKeys, type StrategyParamSpec, type StrategyParams, type StrategyType } from './strategy-params.ts';
import { exchangeHoursSchema, optionChainsSchema, ordersSchema, symbolSchema } from './wheel-tables.ts';

/** Bar lengths a strategy may list in `timeframes` (spelt as in the original README). */
export const STRATEGY_TIMEFRAMES = ['1M', '5M', '15M', '30M', '1H', '4H', '1D', '1W', '1MO'] as const;
export type StrategyTimeframe = (typeof STRATEGY_TIMEFRAMES)[number];

/** backtesting.py's default order size, `1 − 2⁻⁵²`: all-in (backtest-model §3.3). */
export const ALL_IN = 1 - 2 ** -52;

const port = () => integer({ gte: 1, lte: 65535 });

const accountSchema = object({
  number: optional(string()),
  margin_usage: optional(number({ gt: 0, lte: 4 })),
  cancel_orders: optional(boolean()),
  market_data_type: optional(integer({ gte: 1, lte: 4 })),
});

const twsSchema = object({
  host: optional(string()),
  port: optional(port()),
  client_id: optional(integer({ gte: 0, lte: 2147483647 })),
  /** Give up after this many consecutive connection attempts that never got ready; 0 / absent: no limit (wheel-rules.md §3.2 T34). */
  max_startup_retries: optional(integer({ gte: 0 })),
  simulator: withDefault(boolean(), true),
});

const bridgeSchema = object({
  host: withDefault(string(), '127.0.0.1'),
  port: optional(port()),
});

/** `[data]` with one series: `csv` (relative to the TOML file, kept as written) and its `symbol`. */
const singleDataSchema = object({
  /** Relative to the TOML file, kept as written (the caller resolves it). */
  csv: optional(string()),
  symbol: optional(string()),
});

/** `[data.<SYM>]`: one symbol's bars. */
const seriesDataSchema = object({
  /** Relative to the TOML file, kept as written (the caller resolves it). */
  csv: string(),
});

/** `[data]` in its single-series form. */
export type SingleDataConfig = Infer<typeof singleDataSchema>;
/** `[data.<SYM>]` tables, by symbol. */
export type SeriesDataConfig = { readonly [symbol: string]: Infer<typeof seriesDataSchema> };
/** The validated `[data]` section: one series, or one table per symbol. */
export type DataConfig = SingleDataConfig | SeriesDataConfig;

const SINGLE_DATA_KEYS = Object.keys(singleDataSchema.shape);

/** True for `[data]` in its single-series form (`csv`/`symbol` keys, or empty). */
export function isSingleData(data: DataConfig): data is SingleDataConfig {
  return Object.keys(data).every((k) => SINGLE_DATA_KEYS.includes(k));
}

/** Either form of `[data]`; mixing them is an error naming the first key of the second form. */
const dataSchema: Schema<DataConfig> = {
  expected: 'a table',
  parse(value, path) {
    if (!isTable(value)) throw new SchemaError(path, `must be a table, got ${describeValue(value)}`);
    const keys = Object.keys(value);
    const single = keys.filter((k) => SINGLE_DATA_KEYS.includes(k));
    const series = keys.filter((k) => !SINGLE_DATA_KEYS.includes(k));
    for (const k of series) {
      if (isTable(value[k]) && TICKER.re.test(k)) continue;
      if (isTable(value[k])) throw new SchemaError([...path, k], `key '${k}' must be ${TICKER.what}`);
      const guess = closest(k, SINGLE_DATA_KEYS);
      const hint = guess !== undefined ? `did you mean '${guess}'? ` : '';
      throw new SchemaError(
        [...path, k],
        TICKER.re.test(k)
          ? `must be a table, got ${describeValue(value[k])} (one symbol's bars: [data.${k}] csv = "…")`
          : `unknown key '${k}' (${hint}valid keys: csv, symbol; or one [data.<SYMBOL>] table per symbol)`,
      );
    }
    if (single.length > 0 && series.length > 0) {
      const second = keys.indexOf(single[0]) < keys.indexOf(series[0]) ? series[0] : single[0];
      throw new SchemaError(
        [...path, second],
        `mixes the single-series form (data.${single.join(', data.')}) with per-symbol tables ([data.${series.join('], [data.')}]): use either [data] csv/symbol or one [data.<SYMBOL>] csv per symbol`,
      );
    }
    if (series.length === 0) return singleDataSchema.parse(value, path);
    return record(TICKER, seriesDataSchema).parse(value, path);
  },
};

/** The keys every strategy instance accepts besides `strategy`; `type` defaults to the strategy's own type. */
function commonStrategyShape(type: StrategyType) {
  return {
    enabled: withDefault(boolean(), true),
    type: withDefault(oneOf(STRATEGY_TYPES), type),
    weight: optional(unit()),
    allocation: optional(unit()),
    timeframes: optional(arrayOf(oneOf(STRATEGY_TIMEFRAMES))),
    symbols: optional(arrayOf(ticker())),
    priority: optional(integer({ gte: 0 })),
    /** Signals below this confidence are ignored. */
    min_confidence: optional(number({ gte: 0, lte: 1 })),
    /** Decide only at these times of each session, e.g. ["open+30m", "close-15m", "10:00"] (intraday data). */
    schedule: optional(arrayOf(string())),
    /** The exchange whose calendar the schedule and the market-hours window follow. */
    exchange: optional(oneOf(['XNYS', 'XNAS', 'XCBO'])),
    /** The market-hours window (intraday data): minutes after the open and before the close without decisions. */
    delay_after_open: optional(integer({ gte: 0, lte: 390 })),
    delay_before_close: optional(integer({ gte: 0, lte: 390 })),
    /** Outside that window: skip the bar's decision (default), wait for the window, or decide anyway. */
    when_closed: optional(oneOf(['skip', 'wait', 'continue'])),
  };
}

/** Keys of `[strategies.<id>]` that are not strategy parameters. */
export const COMMON_STRATEGY_KEYS: readonly string[] = ['strategy', ...Object.keys(commonStrategyShape('stocks'))];

/** The validated keys common to all strategies (besides `strategy`). */
export type CommonStrategyConfig = InferShape<ReturnType<typeof commonStrategyShape>>;
/**
 * A validated `[strategies.<id>]` table of strategy `N`: its name, the common keys and its own parameters
 * (a parameter of the same name replaces a common key: vix_call_hedge's `allocation` is its VIXMO bands).
 */
export type StrategyConfig<N extends StrategyName> = Simplify<{ strategy: N } & Omit<CommonStrategyConfig, keyof StrategyParams<N>> & StrategyParams<N> & StrategyInstanceKeys<N>>;
/** A validated strategy instance of any strategy (narrow on `strategy`). */
export type StrategyInstanceConfig = { [N in StrategyName]: StrategyConfig<N> }[StrategyName];
/** The `[strategies]` section: the configured instances, by id. */
export type StrategiesConfig = Record<string, StrategyInstanceConfig>;

/** An instance id: a bare TOML key. */
export const INSTANCE_ID = { re: /^[A-Za-z0-9_-]+$/, what: 'an instance id (letters, digits, _ and -)' } as const;

const INSTANCE_SCHEMAS = Object.fromEntries(
  STRATEGY_NAMES.map((name) => {
    const { type, params, renamed, instanceKeys } = STRATEGY_PARAMS[name] as StrategyParamSpec;
    const schema = object({ strategy: withDefault(oneOf([name]), name), ...commonStrategyShape(type), ...params, ...instanceKeys });
    return [name, renamed ? withRenamedKeys(schema, renamed) : schema];
  }),
) as unknown as Record<StrategyName, Schema<unknown>>;

const STRATEGY_NOUN = 'known strategies';

function unknownStrategy(path: KeyPath, name: string, ownId: boolean): never {
  const guess = closest(name, STRATEGY_NAMES);
  const hint = guess !== undefined ? `did you mean '${guess}'? ` : '';
  const how = ownId && guess === undefined ? `; an instance with its own id names its strategy, e.g. strategy = "${STRATEGY_NAMES.at(-1)}"` : '';
  throw new SchemaError(path, `unknown strategy '${name}' (${hint}${STRATEGY_NOUN}: ${STRATEGY_NAMES.join(', ')}${how})`);
}

/** The strategy an instance runs: `strategy = "<name>"`, or its id when that is a strategy's name. */
function strategyOfInstance(id: string, entry: unknown, path: KeyPath): StrategyName {
  const known = (n: string): n is StrategyName => (STRATEGY_NAMES as readonly string[]).includes(n);
  if (isTable(entry) && Object.hasOwn(entry, 'strategy')) {
    const name = entry.strategy;
    const at = [...path, 'strategy'];
    if (typeof name !== 'string') throw new SchemaError(at, `must be a strategy name, got ${describeValue(name)}`);
    if (!known(name)) unknownStrategy(at, name, false);
    if (known(id) && id !== name) {
      throw new SchemaError(at, `'${name}' differs from the instance id '${id}', which is itself a strategy's name (give this instance another id, e.g. [strategies.my_${name}])`);
    }
    return name;
  }
  if (known(id)) return id;
  return unknownStrategy(path, id, true);
}

/** `[strategies.<id>]` tables: each validated against its strategy's keys. */
const strategiesSchema: Schema<StrategiesConfig> = {
  expected: 'a table',
  parse(value, path) {
    if (!isTable(value)) throw new SchemaError(path, `must be a table, got ${describeValue(value)}`);
    const out: Record<string, unknown> = {};
    for (const [id, entry] of Object.entries(value)) {
      const at = [...path, id];
      if (!INSTANCE_ID.re.test(id)) {
        // Not a usable id: still a did-you-mean when it is close to a strategy's name.
        if (closest(id, STRATEGY_NAMES) !== undefined) unknownStrategy(at, id, false);
        throw new SchemaError(at, `key '${id}' must be ${INSTANCE_ID.what}`);
      }
      out[id] = INSTANCE_SCHEMAS[strategyOfInstance(id, entry, at)].parse(entry, at);
    }
    return out as StrategiesConfig;
  },
};

const executionSchema = object({
  /** Fraction of traded value charged per side. */
  commission: withDefault(costFraction(), 0),
  commission_per_share: optional(number({ gte: 0 })),
  commission_min: optional(number({ gte: 0 })),
  commission_preset: withDefault(oneOf(['none', 'ibkr_tiered', 'ibkr_fixed']), 'none'),
  spread: withDefault(costFraction(), 0),
  slippage: withDefault(costFraction(), 0),
  market_impact: withDefault(costFraction(), 0),
  fill: withDefault(oneOf(['next_open', 'close']), 'next_open'),
  /** A fraction of available equity in (0, 1), or a whole number of shares >= 1 (backtest-model §3.3). */
  size_fraction: withDefault(anyOf(positiveUnit(), integer({ gte: 1 })), ALL_IN),
  finalize_trades: withDefault(boolean(), true),
});

const riskSchema = object({
  max_drawdown: optional(positiveUnit()),
  position_size_limit: optional(positiveUnit()),
});

/**
 * `[guard]`: the bridge's live order limits (docs/trading-model.md §11.5). Absent limits are off; the
 * rate, open-order, position-share and intent-age limits have defaults (guardConfig gives them when the
 * table is absent). A backtest never reads it.
 */
const guardSchema = object({
  max_order_value: optional(number({ gt: 0 })),
  max_position_share: withDefault(number({ gt: 0, lte: 10 }), 1),
  daily_loss_limit: optional(number({ gt: 0 })),
  max_open_orders: withDefault(integer({ gte: 1, lte: 10000 }), 100),
  max_orders_per_minute: withDefault(integer({ gte: 1, lte: 3000 }), 60),
  allowed_symbols: optional(arrayOf(ticker())),
  allowed_order_types: optional(arrayOf(oneOf(ORDER_TYPES))),
  intent_max_age_seconds: withDefault(number({ gt: 0, lte: 3600 }), 5),
});

/** The `[guard]` limits with their defaults, whether or not the file has the table. */
export function guardConfig(config: { readonly guard?: GuardConfig }): GuardConfig {
  return config.guard ?? guardSchema.parse({}, ['guard']);
}

const backtestingSchema = object({
  enabled: optional(boolean()),
  start_date: optional(date()),
  end_date: optional(date()),
  initial_capital: withDefault(number({ gt: 0 }), 10000),
  benchmark: optional(string()),
  execution: withDefault(executionSchema, {}),
  risk: optional(riskSchema),
});

/** The whole of moneytrailz.toml. */
export const moneyTrailzSchema = object({
  account: optional(accountSchema),
  /** The wheel's chain scanner (docs/wheel-rules.md §1.3). */
  option_chains: optional(optionChainsSchema),
  /** Live runs' exchange-hours gate. */
  exchange_hours: optional(exchangeHoursSchema),
  /** The wheel's minimum credit; routing, repricing and the algo of live orders. */
  orders: optional(ordersSchema),
  tws: withDefault(twsSchema, {}),
  bridge: withDefault(bridgeSchema, {}),
  data: optional(dataSchema),
  symbols: withDefault(record(TICKER, symbolSchema), {}),
  strategies: withDefault(strategiesSchema, {}),
  backtesting: withDefault(backtestingSchema, {}),
  guard: optional(guardSchema),
});

/** A validated moneytrailz.toml, defaults applied. */
export type MoneyTrailzConfig = Infer<typeof moneyTrailzSchema>;
export type AccountConfig = Infer<typeof accountSchema>;
export type OptionChainsConfig = Infer<typeof optionChainsSchema>;
export type ExchangeHoursConfig = Infer<typeof exchangeHoursSchema>;
export type OrdersConfig = Infer<typeof ordersSchema>;
export type TwsConfig = Infer<typeof twsSchema>;
export type BridgeConfig = Infer<typeof bridgeSchema>;
export type SymbolConfig = Infer<typeof symbolSchema>;
export type BacktestingConfig = Infer<typeof backtestingSchema>;
export type ExecutionConfig = Infer<typeof executionSchema>;
export type RiskConfig = Infer<typeof riskSchema>;
export type GuardConfig = Infer<typeof guardSchema>;
