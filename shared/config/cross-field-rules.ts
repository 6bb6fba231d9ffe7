// Rules that relate several fields of an already validated configuration.
import type { MoneyTrailzConfig } from './moneytrailz-config.ts';
import { instanceViolation } from './instances.ts';
import type { KeyPath } from './schema.ts';
import { STRATEGY_PARAMS, type StrategyParamSpec } from './strategy-params.ts';

/** A broken cross-field rule: where to point and what is wrong. */
export interface Violation {
  readonly path: KeyPath;
  readonly problem: string;
}

/** Tolerance on the symbol-weight sum, for decimal weights such as 0.7 + 0.3. */
const WEIGHT_EPSILON = 1e-9;

const show = (x: number): string => String(Number(x.toPrecision(12)));

/**
 * The first broken rule (symbols, then strategies, then instances — allocations, symbols with data,
 * the benchmark — then backtesting), or undefined when all hold.
 */
export function crossFieldViolation(config: MoneyTrailzConfig): Violation | undefined {
  return symbolWeights(config) ?? strategyChecks(config) ?? instanceViolation(config) ?? backtestDates(config);
}

function symbolWeights(config: MoneyTrailzConfig): Violation | undefined {
  for (const [name, s] of Object.entries(config.symbols)) {
    if (s.buy_only_rebalancing && s.sell_only_rebalancing) {
      return { path: ['symbols', name, 'sell_only_rebalancing'], problem: 'buy_only_rebalancing and sell_only_rebalancing are both true: a symbol may be limited to one direction only' };
    }
  }
  const weighted = Object.entries(config.symbols).filter(([, s]) => s.weight !== undefined);
  const sum = weighted.reduce((acc, [, s]) => acc + (s.weight ?? 0), 0);
  if (sum <= 1 + WEIGHT_EPSILON) return undefined;
  const terms = weighted.map(([name, s]) => `${name} ${s.weight}`).join(' + ');
  return { path: ['symbols'], problem: `symbol weights must sum to at most 1, got ${show(sum)} (${terms})` };
}

function strategyChecks(config: MoneyTrailzConfig): Violation | undefined {
  for (const [id, instance] of Object.entries(config.strategies)) {
    const spec = STRATEGY_PARAMS[instance.strategy] as StrategyParamSpec;
    const problem = spec.check?.(instance as never);
    if (problem) return { path: ['strategies', id, problem.key], problem: problem.problem };
    // `type` restates what the strategy trades: an enabled instance cannot change it.
    if (instance.enabled && instance.type !== spec.type) {
      return { path: ['strategies', id, 'type'], problem: `${instance.strategy} trades ${spec.type}, not ${instance.type} (type is the strategy's own: leave it out or write "${spec.type}")` };
    }
  }
  return undefined;
}

function backtestDates(config: MoneyTrailzConfig): Violation | undefined {
  const { start_date: start, end_date: end } = config.backtesting;
  if (start === undefined || end === undefined || end >= start) return undefined;
  return { path: ['backtesting', 'end_date'], problem: `end_date ${end} is before start_date ${start}` };
}
