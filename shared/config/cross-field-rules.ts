// Rules that relate several fields of an already validated configuration.
import type { MoneyTrailzConfig } from './moneytrailz-config.ts';
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

/** The first broken rule (symbols, then strategies, then backtesting), or undefined when all hold. */
export function crossFieldViolation(config: MoneyTrailzConfig): Violation | undefined {
  return symbolWeights(config) ?? strategyChecks(config) ?? backtestDates(config);
}

function symbolWeights(config: MoneyTrailzConfig): Violation | undefined {
  const weighted = Object.entries(config.symbols).filter(([, s]) => s.weight !== undefined);
  const sum = weighted.reduce((acc, [, s]) => acc + (s.weight ?? 0), 0);
  if (sum <= 1 + WEIGHT_EPSILON) return undefined;
  const terms = weighted.map(([name, s]) => `${name} ${s.weight}`).join(' + ');
  return { path: ['symbols'], problem: `symbol weights must sum to at most 1, got ${show(sum)} (${terms})` };
}

function strategyChecks(config: MoneyTrailzConfig): Violation | undefined {
  for (const [name, params] of Object.entries(config.strategies)) {
    const spec = STRATEGY_PARAMS[name as keyof typeof STRATEGY_PARAMS] as StrategyParamSpec | undefined;
    const problem = spec?.check?.(params as never);
    if (problem) return { path: ['strategies', name, problem.key], problem: problem.problem };
  }
  return undefined;
}

function backtestDates(config: MoneyTrailzConfig): Violation | undefined {
  const { start_date: start, end_date: end } = config.backtesting;
  if (start === undefined || end === undefined || end >= start) return undefined;
  return { path: ['backtesting', 'end_date'], problem: `end_date ${end} is before start_date ${start}` };
}
