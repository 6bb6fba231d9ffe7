// The schema of moneytrailz.toml and the types of the validated configuration. Every section is
// optional; unknown keys are rejected everywhere. Sections with defaults (tws, bridge, backtesting and
// its execution table) are always present after validation, as are `symbols` and `strategies` ({}).
import {
  anyOf,
  arrayOf,
  boolean,
  date,
  integer,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  withDefault,
  type Infer,
  type InferShape,
  type Schema,
  type Shape,
  type Simplify,
} from './schema.ts';
import { TICKER, costFraction, openUnit, positiveUnit, ticker, unit } from './fields.ts';
import { STRATEGY_NAMES, STRATEGY_PARAMS, STRATEGY_TYPES, type StrategyName, type StrategyParams, type StrategyType } from './strategy-params.ts';

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
  simulator: withDefault(boolean(), true),
});

const bridgeSchema = object({
  host: withDefault(string(), '127.0.0.1'),
  port: optional(port()),
});

const dataSchema = object({
  /** Relative to the TOML file, kept as written (the caller resolves it). */
  csv: optional(string()),
  symbol: optional(string()),
});

const symbolSchema = object({
  weight: optional(unit()),
  delta: optional(openUnit()),
  put_delta: optional(openUnit()),
  call_delta: optional(openUnit()),
  strike_limit: optional(number({ gt: 0 })),
  buy_only_rebalancing: optional(boolean()),
  sell_only_rebalancing: optional(boolean()),
});

/** The keys every strategy accepts; `type` defaults to the strategy's own type. */
function commonStrategyShape(type: StrategyType) {
  return {
    enabled: withDefault(boolean(), true),
    type: withDefault(oneOf(STRATEGY_TYPES), type),
    weight: optional(unit()),
    allocation: optional(unit()),
    timeframes: optional(arrayOf(oneOf(STRATEGY_TIMEFRAMES))),
    symbols: optional(arrayOf(ticker())),
    priority: optional(integer({ gte: 0 })),
  };
}

/** The validated keys common to all strategies. */
export type CommonStrategyConfig = InferShape<ReturnType<typeof commonStrategyShape>>;
/** The validated `[strategies.<N>]` table: common keys plus the strategy's own parameters. */
export type StrategyConfig<N extends StrategyName> = Simplify<CommonStrategyConfig & StrategyParams<N>>;
/** The `[strategies]` section: the configured strategies, by name. */
export type StrategiesConfig = { [N in StrategyName]?: StrategyConfig<N> };

const strategiesShape: Shape = Object.fromEntries(
  STRATEGY_NAMES.map((name) => {
    const { type, params } = STRATEGY_PARAMS[name];
    return [name, optional(object({ ...commonStrategyShape(type), ...params }))];
  }),
);
const strategiesSchema = object(strategiesShape, { singular: 'strategy', plural: 'strategies', listed: 'known' }) as Schema<unknown> as Schema<StrategiesConfig>;

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
  tws: withDefault(twsSchema, {}),
  bridge: withDefault(bridgeSchema, {}),
  data: optional(dataSchema),
  symbols: withDefault(record(TICKER, symbolSchema), {}),
  strategies: withDefault(strategiesSchema, {}),
  backtesting: withDefault(backtestingSchema, {}),
});

/** A validated moneytrailz.toml, defaults applied. */
export type MoneyTrailzConfig = Infer<typeof moneyTrailzSchema>;
export type AccountConfig = Infer<typeof accountSchema>;
export type TwsConfig = Infer<typeof twsSchema>;
export type BridgeConfig = Infer<typeof bridgeSchema>;
export type DataConfig = Infer<typeof dataSchema>;
export type SymbolConfig = Infer<typeof symbolSchema>;
export type BacktestingConfig = Infer<typeof backtestingSchema>;
export type ExecutionConfig = Infer<typeof executionSchema>;
export type RiskConfig = Infer<typeof riskSchema>;
