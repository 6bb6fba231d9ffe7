// Creates strategies by name from validated configuration. The parameter schema of every known
// strategy lives in shared/config/strategy-params.ts (one place); this registry knows which of them
// can run in the engine today.
import { ParameterError } from '../errors.ts';
import { STRATEGY_NAMES, STRATEGY_PARAMS, type StrategyName } from '../config/strategy-params.ts';
import { BollingerReversion } from './bollinger-reversion.ts';
import { BuyAndHold } from './buy-and-hold.ts';
import { RsiReversion } from './rsi-reversion.ts';
import { SmaCross } from './sma-cross.ts';
import type { Strategy } from './strategy.ts';

type Factory = (params: Record<string, unknown>, symbols: readonly string[]) => Strategy;

const num = (p: Record<string, unknown>, key: string, def: number): number => (typeof p[key] === 'number' ? (p[key] as number) : def);

const FACTORIES: Partial<Record<StrategyName, Factory>> = {
  sma_cross: (p, s) => new SmaCross({ fast: num(p, 'fast', 10), slow: num(p, 'slow', 30), direction: p.direction === 'long_only' ? 'long_only' : 'long_short' }, s),
  rsi_reversion: (p, s) => new RsiReversion({ period: num(p, 'period', 14), buy_below: num(p, 'buy_below', 30), sell_above: num(p, 'sell_above', 70) }, s),
  bollinger_reversion: (p, s) => new BollingerReversion({ period: num(p, 'period', 20), k: num(p, 'k', 2) }, s),
  buy_and_hold: (_p, s) => new BuyAndHold(s),
};

/** Strategies the engine can run (backtest, paper, live) today. */
export const RUNNABLE_STRATEGIES: readonly StrategyName[] = STRATEGY_NAMES.filter((n) => FACTORIES[n] !== undefined);

/** A strategy instance; unknown or not-yet-runnable names are errors naming them and the valid ones. */
export function createStrategy(name: string, params: Record<string, unknown>, symbols: readonly string[]): Strategy {
  const factory = FACTORIES[name as StrategyName];
  if (!factory) {
    const known = (STRATEGY_NAMES as readonly string[]).includes(name);
    throw new ParameterError(
      'strategies',
      name,
      known
        ? `is configured but cannot run in the engine yet (runnable: ${RUNNABLE_STRATEGIES.join(', ')})`
        : `is not a known strategy (known: ${STRATEGY_NAMES.join(', ')})`,
    );
  }
  const spec = STRATEGY_PARAMS[name as StrategyName];
  for (const key of Object.keys(params)) {
    if (!(key in spec.params) && !COMMON_KEYS.has(key)) {
      throw new ParameterError(name, key, `is unknown (valid: ${Object.keys(spec.params).join(', ')})`);
    }
  }
  return factory(params, symbols);
}

const COMMON_KEYS = new Set(['enabled', 'type', 'weight', 'allocation', 'timeframes', 'symbols', 'priority']);
