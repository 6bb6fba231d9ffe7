// The one table of per-strategy parameters: every known strategy's name, its default type and the
// schema of its own keys (the keys common to all strategies live in moneytrailz-config.ts).
import { boolean, integer, number, oneOf, optional, withDefault, type InferShape, type RenamedKeys, type Shape } from './schema.ts';
import { indicatorParam, level, openUnit, period, positiveUnit } from './fields.ts';
import {
  CASH_MANAGEMENT_PARAMS,
  REBALANCE_SYMBOL_OVERRIDES,
  VIX_CALL_HEDGE_PARAMS,
  VIX_CALL_HEDGE_RENAMED,
  VIX_HEDGE_RENAMED,
  WHEEL_RENAMED,
  WHEEL_TABLES,
} from './wheel-tables.ts';
import { REGIME_PARAMS, REGIME_RENAMED, regimeParamsProblem } from './regime-tables.ts';

/** What a strategy trades. */
export const STRATEGY_TYPES = ['stocks', 'options', 'hybrid'] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

/** A cross-field problem in a strategy's parameters: the offending key and what is wrong. */
export interface ParamProblem {
  readonly key: string;
  readonly problem: string;
}

/** One strategy's entry: its default type, its parameter fields and an optional cross-field check. */
export interface StrategyParamSpec<S extends Shape = Shape, C extends Shape = Shape> {
  readonly type: StrategyType;
  readonly params: S;
  readonly check?: (params: InferShape<S>) => ParamProblem | undefined;
  /** Keys the strategy had before, refused with the key to write instead. */
  readonly renamed?: RenamedKeys;
  /**
   * Keys of its `[strategies.<id>]` table that are not strategy parameters: the config layer reads them and
   * hands the strategy internal parameters instead (rebalance's `symbol_overrides` → `symbolModes`).
   */
  readonly instanceKeys?: C;
}

function spec<const S extends Shape, const C extends Shape = Record<never, never>>(
  type: StrategyType,
  params: S,
  check?: (params: InferShape<S>) => ParamProblem | undefined,
  extra: { readonly renamed?: RenamedKeys; readonly instanceKeys?: C } = {},
): StrategyParamSpec<S, C> {
  return { type, params, ...(check && { check }), ...extra };
}

/** `a` must be below `b` (both named in the message). */
function lessThan(aKey: string, a: number | undefined, bKey: string, b: number | undefined): ParamProblem | undefined {
  if (a === undefined || b === undefined || a < b) return undefined;
  return { key: aKey, problem: `${aKey} (${a}) must be less than ${bKey} (${b})` };
}

/** Every known strategy, keyed by the name used in `[strategies.<name>]`. */
export const STRATEGY_PARAMS = {
  /** thetagang's wheel: its tables (docs/wheel-rules.md §6.1, shared/config/wheel-tables.ts), read by the wheel pass. */
  wheel: spec('options', WHEEL_TABLES, undefined, { renamed: WHEEL_RENAMED }),
  enhanced_wheel: spec(
    'options',
    {
      ...WHEEL_TABLES,
      use_technical_filters: optional(boolean()),
      rsi_period: optional(indicatorParam('RSI', 'period')),
      rsi_oversold: optional(level()),
      rsi_overbought: optional(level()),
    },
    undefined,
    { renamed: WHEEL_RENAMED },
  ),
  /** The original README's name: common keys only (its examples use `allocation`, a capital share); the wheel's hedge is vix_call_hedge. */
  vix_hedge: spec('options', {}, undefined, { renamed: VIX_HEDGE_RENAMED }),
  vix_call_hedge: spec('options', VIX_CALL_HEDGE_PARAMS, undefined, { renamed: VIX_CALL_HEDGE_RENAMED }),
  cash_management: spec('hybrid', CASH_MANAGEMENT_PARAMS),
  /** thetagang's regime rebalance (docs/regime-rebalance.md §1, regime-tables.ts): its own keys and an equity_rebalance policy like the wheel's. */
  regime_rebalance: spec('stocks', { ...REGIME_PARAMS, equity_rebalance: WHEEL_TABLES.equity_rebalance }, regimeParamsProblem, { renamed: REGIME_RENAMED }),
  rebalance: spec(
    'hybrid',
    {
      /** band: trade a symbol whose weight is off its target by more than `band`; buy_only / sell_only: one direction only. */
      mode: withDefault(oneOf(['buy_only', 'sell_only', 'band']), 'band'),
      /** Relative to each target: 0.05 = a 40 % target trades outside 38 %–42 %. */
      band: withDefault(openUnit(), 0.05),
      /** Rebalance on the first bar of each new period (and on the first decision). */
      frequency: withDefault(oneOf(['daily', 'weekly', 'monthly', 'quarterly']), 'monthly'),
    },
    undefined,
    /** `[strategies.rebalance.symbol_overrides.<SYM>] mode`: per-symbol buy_only / sell_only (shared/config/instances.ts makes it `symbolModes`). */
    { instanceKeys: { symbol_overrides: REBALANCE_SYMBOL_OVERRIDES } },
  ),
  momentum_scalper: spec('stocks', {
    rsi_period: optional(indicatorParam('RSI', 'period')),
    fast_period: optional(indicatorParam('EMA', 'period')),
    slow_period: optional(indicatorParam('EMA', 'period')),
    rsi_overbought: optional(level()),
    rsi_oversold: optional(level()),
  }),
  mean_reversion: spec('stocks', {
    rsi_period: optional(indicatorParam('RSI', 'period')),
    bb_period: optional(indicatorParam('BBANDS', 'period')),
    bb_std: optional(number({ gt: 0 })),
    buy_below: optional(level()),
    sell_above: optional(level()),
  }),
  trend_following: spec('stocks', {
    fast_period: optional(indicatorParam('SMA', 'period')),
    slow_period: optional(indicatorParam('SMA', 'period')),
    adx_period: optional(period()),
  }),
  iron_condor: spec('options', {
    short_delta: optional(openUnit()),
    wing_width: optional(number({ gt: 0 })),
    target_dte: optional(integer({ gte: 1 })),
    profit_target: optional(positiveUnit()),
    stop_loss: optional(number({ gt: 0 })),
  }),
  sma_cross: spec(
    'stocks',
    {
      fast: withDefault(indicatorParam('SMA', 'period'), 10),
      slow: withDefault(indicatorParam('SMA', 'period'), 30),
      direction: withDefault(oneOf(['long_short', 'long_only']), 'long_short'),
    },
    (p) => lessThan('fast', p.fast, 'slow', p.slow),
  ),
  rsi_reversion: spec(
    'stocks',
    {
      period: withDefault(indicatorParam('RSI', 'period'), 14),
      buy_below: withDefault(level(), 30),
      sell_above: withDefault(level(), 70),
    },
    (p) => lessThan('buy_below', p.buy_below, 'sell_above', p.sell_above),
  ),
  bollinger_reversion: spec('stocks', {
    period: withDefault(indicatorParam('BBANDS', 'period'), 20),
    k: withDefault(number({ gt: 0 }), 2),
  }),
  buy_and_hold: spec('stocks', {}),
} as const;

/** The name of a known strategy. */
export type StrategyName = keyof typeof STRATEGY_PARAMS;

/** Known strategy names, in table order. */
export const STRATEGY_NAMES = Object.keys(STRATEGY_PARAMS) as StrategyName[];

/** The validated parameters (without the common keys) of strategy `N`. */
export type StrategyParams<N extends StrategyName> = InferShape<(typeof STRATEGY_PARAMS)[N]['params']>;

/** The validated keys of strategy `N`'s table that the config layer turns into internal parameters (see StrategyParamSpec). */
export type StrategyInstanceKeys<N extends StrategyName> = InferShape<NonNullable<(typeof STRATEGY_PARAMS)[N]['instanceKeys']>>;
