// Public API of the configuration module: parse and validate moneytrailz.toml.
export { parseConfig } from './parse-config.ts';
export {
  ALL_IN,
  STRATEGY_TIMEFRAMES,
  moneyTrailzSchema,
  type AccountConfig,
  type BacktestingConfig,
  type BridgeConfig,
  type CommonStrategyConfig,
  type DataConfig,
  type ExecutionConfig,
  type MoneyTrailzConfig,
  type RiskConfig,
  type StrategiesConfig,
  type StrategyConfig,
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
export { crossFieldViolation, type Violation } from './cross-field-rules.ts';
export { SchemaError, type Infer, type KeyPath, type Schema } from './schema.ts';
export { TICKER } from './fields.ts';
export { formatKeyPath, lineOfPath, tomlKeyLines, type KeySegment } from './toml-key-lines.ts';
