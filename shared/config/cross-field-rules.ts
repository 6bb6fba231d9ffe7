// Rules that relate several fields of an already validated configuration.
import type { MoneyTrailzConfig, StrategyConfig, StrategyInstanceConfig } from './moneytrailz-config.ts';
import { instanceViolation } from './instances.ts';
import type { KeyPath } from './schema.ts';
import { STRATEGY_PARAMS, type StrategyParamSpec } from './strategy-params.ts';
import { formatKeyPath } from './toml-key-lines.ts';
import { WHEEL_TABLES } from './wheel-tables.ts';
import { regimeViolation } from './regime-tables.ts';
import { wheelDefaults } from '../strategies/wheel/config.ts';

/** A broken cross-field rule: where to point and what is wrong. */
export interface Violation {
  readonly path: KeyPath;
  readonly problem: string;
}

/** Tolerance on the symbol-weight sum, for decimal weights such as 0.7 + 0.3. */
const WEIGHT_EPSILON = 1e-9;
/** thetagang's relative tolerance on the wheel's weights summing to 1 (math.isclose rel_tol). */
const WHEEL_WEIGHT_REL_TOL = 1e-5;

const show = (x: number): string => String(Number(x.toPrecision(12)));

/**
 * The first broken rule (symbols, then strategies, then instances — allocations, symbols with data,
 * the benchmark — then backtesting), or undefined when all hold.
 */
export function crossFieldViolation(config: MoneyTrailzConfig): Violation | undefined {
  return regimeChecks(config) ?? symbolWeights(config) ?? strategyChecks(config) ?? wheelChecks(config) ?? instanceViolation(config) ?? backtestDates(config);
}

/** docs/regime-rebalance.md §1.3: a regime instance's symbols, weights and ratio gate, and no symbol shared with a wheel. */
function regimeChecks(config: MoneyTrailzConfig): Violation | undefined {
  return regimeViolation(config, (s) => (isWheelInstance(s) && s.enabled ? wheelSymbolNames(config, s) : undefined));
}

/** A wheel instance (the wheel's tables, read by the wheel pass). */
export type WheelInstanceConfig = StrategyConfig<'wheel'> | StrategyConfig<'enhanced_wheel'>;

/** Whether an instance runs the wheel's rules (wheel or enhanced_wheel). */
export function isWheelInstance(s: StrategyInstanceConfig): s is WheelInstanceConfig {
  return s.strategy === 'wheel' || s.strategy === 'enhanced_wheel';
}

const WHEEL_TABLE_KEYS = Object.keys(WHEEL_TABLES) as (keyof typeof WHEEL_TABLES)[];

/** An enabled wheel instance that sets any of the wheel's tables (the original README's bare `[strategies.wheel] enabled = true` does not). */
function isConfiguredWheel(s: StrategyInstanceConfig): s is WheelInstanceConfig {
  return isWheelInstance(s) && s.enabled && WHEEL_TABLE_KEYS.some((k) => s[k] !== undefined);
}

/** The symbols a wheel instance trades: its `symbols` list, else every `[symbols.<SYM>]` table (in file order). */
export function wheelSymbolNames(config: MoneyTrailzConfig, instance: WheelInstanceConfig): readonly string[] {
  return instance.symbols ?? Object.keys(config.symbols);
}

const symbolHeader = (name: string) => `[${formatKeyPath(['symbols', name])}]`;

/**
 * §1.7 (docs/wheel-rules.md): the wheel of instance `id` needs at least one symbol, each with a `weight`
 * (and a `[symbols.<SYM>]` table when the instance names it), the weights summing to 1 within thetagang's
 * relative tolerance 1e-5. Undefined when they do.
 */
export function wheelSymbolsViolation(config: MoneyTrailzConfig, id: string, instance: WheelInstanceConfig): Violation | undefined {
  const names = wheelSymbolNames(config, instance);
  const wheel = `the wheel (strategies.${id})`;
  if (names.length === 0) return { path: ['strategies', id], problem: `the wheel needs at least one [symbols.<SYM>] table with a weight (its share of the buying power), e.g. [symbols.SPY] weight = 1.0` };
  for (const [i, name] of names.entries()) {
    const s = config.symbols[name];
    if (s === undefined) return { path: ['strategies', id, 'symbols', i], problem: `'${name}' has no ${symbolHeader(name)} table: ${wheel} needs its weight` };
    if (s.weight === undefined) return { path: ['symbols', name, 'weight'], problem: `missing required key 'weight': ${wheel} gives every symbol its share of the buying power` };
  }
  const sum = names.reduce((acc, name) => acc + config.symbols[name].weight!, 0);
  if (Math.abs(sum - 1) <= WHEEL_WEIGHT_REL_TOL * Math.max(1, Math.abs(sum))) return undefined;
  const terms = names.map((name) => `${name} ${config.symbols[name].weight}`).join(' + ');
  return { path: ['symbols'], problem: `symbol weights must sum to 1 for ${wheel}, got ${show(sum)} (${terms})` };
}

/** With a configured wheel its symbols' weights sum to 1; otherwise (the rebalance strategy) to at most 1. */
function symbolWeights(config: MoneyTrailzConfig): Violation | undefined {
  const wheel = Object.entries(config.strategies).find(([, s]) => isConfiguredWheel(s));
  if (wheel && isWheelInstance(wheel[1])) return wheelSymbolsViolation(config, wheel[0], wheel[1]);
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

/** thetagang's defaults of the two P&L levels compared below (one place: wheelDefaults). */
const ROLL_DEFAULTS = wheelDefaults({ marginUsage: 1, targetDte: 0, rollDte: 0, symbols: new Map() }).rollWhen;

/**
 * The wheel's own rules (docs/wheel-rules.md §1.11–§1.13): roll_when.close_at_pnl > roll_when.min_pnl (defaults
 * included); an enabled wheel's equity_rebalance overrides name symbols it trades; the VIX hedge's bands
 * have lower_bound < upper_bound and do not overlap (a VIXMO value falls in one band at most).
 */
function wheelChecks(config: MoneyTrailzConfig): Violation | undefined {
  for (const [id, s] of Object.entries(config.strategies)) {
    const at = (...rest: (string | number)[]): KeyPath => ['strategies', id, ...rest];
    if (isWheelInstance(s)) {
      const roll = s.roll_when;
      if (roll) {
        const closeAt = roll.close_at_pnl ?? ROLL_DEFAULTS.closeAtPnl;
        const min = roll.min_pnl ?? ROLL_DEFAULTS.minPnl;
        if (closeAt <= min) {
          const shown = (v: number, written: boolean) => (written ? String(v) : `${v}, the default`);
          return {
            path: at('roll_when', roll.close_at_pnl !== undefined ? 'close_at_pnl' : 'min_pnl'),
            problem: `close_at_pnl (${shown(closeAt, roll.close_at_pnl !== undefined)}) must be greater than min_pnl (${shown(min, roll.min_pnl !== undefined)})`,
          };
        }
      }
      if (s.enabled) {
        const traded = wheelSymbolNames(config, s);
        for (const sym of Object.keys(s.equity_rebalance?.symbol_overrides ?? {})) {
          if (!traded.includes(sym)) {
            const list = traded.length > 0 ? `its symbols: ${traded.join(', ')}` : 'no [symbols.<SYM>] tables';
            return { path: at('equity_rebalance', 'symbol_overrides', sym), problem: `names ${sym}, which the wheel does not trade (${list})` };
          }
        }
      }
    }
    if (s.strategy === 'vix_call_hedge') {
      const bands = s.allocation ?? [];
      for (const [i, b] of bands.entries()) {
        if (b.lower_bound !== undefined && b.upper_bound !== undefined && b.lower_bound >= b.upper_bound) {
          return { path: at('allocation', i, 'lower_bound'), problem: `lower_bound (${b.lower_bound}) must be less than upper_bound (${b.upper_bound})` };
        }
        for (const [j, earlier] of bands.slice(0, i).entries()) {
          const lo = (x: typeof b) => x.lower_bound ?? -Infinity;
          const hi = (x: typeof b) => x.upper_bound ?? Infinity;
          if (lo(b) < hi(earlier) && lo(earlier) < hi(b)) {
            return { path: at('allocation', i), problem: `band ${bandText(b)} overlaps allocation[${j}] ${bandText(earlier)}: a VIXMO value must fall in one band at most` };
          }
        }
      }
    }
  }
  return undefined;
}

/** A band as VIXMO ranges are read: `[15, 30)`, `< 15`, `>= 50`. */
function bandText(b: { readonly lower_bound?: number; readonly upper_bound?: number }): string {
  if (b.lower_bound !== undefined && b.upper_bound !== undefined) return `[${b.lower_bound}, ${b.upper_bound})`;
  if (b.upper_bound !== undefined) return `(VIXMO < ${b.upper_bound})`;
  if (b.lower_bound !== undefined) return `(VIXMO >= ${b.lower_bound})`;
  return '(any VIXMO)';
}

function backtestDates(config: MoneyTrailzConfig): Violation | undefined {
  const { start_date: start, end_date: end } = config.backtesting;
  if (start === undefined || end === undefined || end >= start) return undefined;
  return { path: ['backtesting', 'end_date'], problem: `end_date ${end} is before start_date ${start}` };
}
