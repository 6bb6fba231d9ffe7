// Creates strategies by name from validated configuration. The parameter schema of every known
// strategy — its keys, ranges and defaults — lives in shared/config/strategy-params.ts (one place):
// parameters are parsed through it here, so no default is written twice. This registry knows which
// strategies can run in the engine today.
import { ParameterError } from '../errors.ts';
import { COMMON_STRATEGY_KEYS } from '../config/moneytrailz-config.ts';
import { object, SchemaError, type Schema } from '../config/schema.ts';
import { STRATEGY_NAMES, STRATEGY_PARAMS, type StrategyName, type StrategyParamSpec, type StrategyParams } from '../config/strategy-params.ts';
import { formatKeyPath } from '../config/toml-key-lines.ts';
import { BollingerReversion } from './bollinger-reversion.ts';
import { BuyAndHold } from './buy-and-hold.ts';
import { Rebalance, rebalanceParams } from './rebalance.ts';
import { RsiReversion } from './rsi-reversion.ts';
import { SmaCross } from './sma-cross.ts';
import type { Strategy } from './strategy.ts';

type Factories = { readonly [N in StrategyName]?: (params: StrategyParams<N>, symbols: readonly string[]) => Strategy };

const FACTORIES: Factories = {
  sma_cross: (p, s) => new SmaCross(p, s),
  rsi_reversion: (p, s) => new RsiReversion(p, s),
  bollinger_reversion: (p, s) => new BollingerReversion(p, s),
  buy_and_hold: (_p, s) => new BuyAndHold(s),
  rebalance: (p, s) => new Rebalance(rebalanceParams(p), s),
};

/** Parameters the config layer injects, not TOML keys: rebalance's weights (from `[symbols.*]`) and per-symbol modes (from its `symbol_overrides`). */
const INTERNAL_KEYS: { readonly [N in StrategyName]?: readonly string[] } = { rebalance: ['weights', 'symbolModes'] };

/** Strategies the engine can run (backtest, paper, live) today. */
export const RUNNABLE_STRATEGIES: readonly StrategyName[] = STRATEGY_NAMES.filter((n) => FACTORIES[n] !== undefined);
/**
 * Every strategy a backtest can run: the registry's, and the wheel and the regime rebalance, whose WheelStrategy
 * and RegimeStrategy are built from the whole configuration (their tables and [symbols.*]) by the backtest job,
 * not from parameters.
 */
export const BACKTEST_STRATEGIES: readonly StrategyName[] = [...RUNNABLE_STRATEGIES, 'wheel', 'regime_rebalance'];

const PARAM_SCHEMAS = new Map<StrategyName, Schema<Record<string, unknown>>>();

function isKnown(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/**
 * A strategy's parameters parsed through its schema: defaults applied, ranges and its own
 * cross-parameter rule checked. Common instance keys (enabled, allocation, …) are skipped.
 * @throws ParameterError naming the strategy and the parameter.
 */
export function strategyParams<N extends StrategyName>(name: N, params: Readonly<Record<string, unknown>>): StrategyParams<N> {
  const spec = STRATEGY_PARAMS[name] as StrategyParamSpec;
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => !COMMON_STRATEGY_KEYS.includes(k)));
  for (const key of Object.keys(own)) {
    if (!(key in spec.params)) throw new ParameterError(name, key, `is unknown (valid: ${Object.keys(spec.params).join(', ')})`);
  }
  let schema = PARAM_SCHEMAS.get(name);
  if (!schema) PARAM_SCHEMAS.set(name, (schema = object(spec.params) as Schema<Record<string, unknown>>));
  let parsed: Record<string, unknown>;
  try {
    parsed = schema.parse(own, []);
  } catch (e) {
    if (e instanceof SchemaError) throw new ParameterError(name, formatKeyPath(e.path), e.problem);
    throw e;
  }
  const problem = spec.check?.(parsed);
  if (problem) throw new ParameterError(name, problem.key, problem.problem);
  return parsed as StrategyParams<N>;
}

/** A strategy instance; unknown or not-yet-runnable names are errors naming them and the valid ones. */
export function createStrategy(name: string, params: Readonly<Record<string, unknown>>, symbols: readonly string[]): Strategy {
  const factory = FACTORIES[name as StrategyName] as ((p: unknown, s: readonly string[]) => Strategy) | undefined;
  if (!factory) {
    throw new ParameterError(
      'strategies',
      name,
      isKnown(name)
        ? `is configured but cannot run in the engine yet (runnable: ${BACKTEST_STRATEGIES.join(', ')})`
        : `is not a known strategy (known: ${STRATEGY_NAMES.join(', ')})`,
    );
  }
  const internal = INTERNAL_KEYS[name as StrategyName];
  if (!internal) return factory(strategyParams(name as StrategyName, params), symbols);
  const user = Object.fromEntries(Object.entries(params).filter(([k]) => !internal.includes(k)));
  const injected = Object.fromEntries(Object.entries(params).filter(([k]) => internal.includes(k)));
  return factory({ ...strategyParams(name as StrategyName, user), ...injected }, symbols);
}

/** Whether a runnable strategy decides per symbol (one object each) or for all its symbols at once. */
export function strategyScope(name: StrategyName): 'symbol' | 'portfolio' {
  return createStrategy(name, {}, ['SYMBOL']).scope ?? 'symbol';
}
