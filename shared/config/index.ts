// Public API of the configuration module: parse and validate moneytrailz.toml.
export { configDocument, parseConfig, parseConfigDocument, type ConfigDocument } from './parse-config.ts';
export {
  ALL_IN,
  COMMON_STRATEGY_KEYS,
  INSTANCE_ID,
  STRATEGY_TIMEFRAMES,
  guardConfig,
  isSingleData,
  moneyTrailzSchema,
  type AccountConfig,
  type BacktestingConfig,
  type BridgeConfig,
  type CommonStrategyConfig,
  type DataConfig,
  type ExchangeHoursConfig,
  type ExecutionConfig,
  type GuardConfig,
  type MoneyTrailzConfig,
  type OptionChainsConfig,
  type OrdersConfig,
  type RiskConfig,
  type SeriesDataConfig,
  type SingleDataConfig,
  type StrategiesConfig,
  type StrategyConfig,
  type StrategyInstanceConfig,
  type StrategyTimeframe,
  type SymbolConfig,
  type TwsConfig,
} from './moneytrailz-config.ts';
export {
  STRATEGY_NAMES,
  STRATEGY_PARAMS,
  STRATEGY_TYPES,
  type ParamProblem,
  type StrategyName,
  type StrategyParamSpec,
  type StrategyParams,
  type StrategyType,
} from './strategy-params.ts';
export { crossFieldViolation, isWheelInstance, wheelSymbolNames, type Violation, type WheelInstanceConfig } from './cross-field-rules.ts';
export {
  CONFIG_TIMEFRAME,
  TIMEFRAME_OF,
  allocations,
  benchmarkSymbol,
  dataSeries,
  enabledInstances,
  inferredSymbol,
  planInstances,
  timeframeProblem,
  type DataSeriesConfig,
  type InstancePlan,
  type PlanOptions,
} from './instances.ts';
export { KEY_READERS, backtestKeyProblem, bridgeKeyProblem, readerOf, writtenKeys, type BacktestKeyContext, type Consumer, type KeyReader } from './key-readers.ts';
export { SchemaError, type Infer, type KeyPath, type Schema } from './schema.ts';
export { TICKER } from './fields.ts';
export { formatKeyPath, lineOfPath, tomlKeyLines, type KeySegment } from './toml-key-lines.ts';
