// The regime rebalance's tables in moneytrailz.toml (docs/regime-rebalance.md §1; wheel-rules.md §2.10):
// `[strategies.regime_rebalance]` with thetagang's keys and ranges (defaults applied once, by regimeConfigOf in
// shared/strategies/regime/from-config.ts), its `ratio_gate` table, `[symbols.<SYM>.volatility_weight]`, thetagang's
// validations (T32) and the rules that relate the regime to the rest of the file (its symbols, the wheel's).
import type { MoneyTrailzConfig, StrategyConfig, StrategyInstanceConfig } from './moneytrailz-config.ts';
import { boolean, integer, number, object, oneOf, optional, SchemaError, string, withRenamedKeys } from './schema.ts';
import type { KeyPath, RenamedKeys, Schema } from './schema.ts';
import type { ParamProblem } from './strategy-params.ts';
import { formatKeyPath } from './toml-key-lines.ts';
import { positiveUnit, unit } from './fields.ts';
import { REGIME_DEFAULTS } from '../strategies/regime/config.ts';
import { WEIGHT_BASES } from '../strategies/regime/base.ts';

/** `[symbols.<SYM>.volatility_weight]` keys (docs/regime-rebalance.md §1.2): target_vol, lookback_days, min_weight and max_weight are required. */
const volatilityWeightObject = object({
  enabled: optional(boolean()),
  target_vol: number({ gt: 0 }),
  lookback_days: integer({ gte: 2 }),
  min_weight: positiveUnit(),
  max_weight: unit(),
  rebalance_band: optional(unit()),
  smoothing_factor: optional(positiveUnit()),
  increase_smoothing_factor: optional(positiveUnit()),
  decrease_smoothing_factor: optional(positiveUnit()),
});

/** §1.2: a symbol's volatility weighting, max_weight ≥ min_weight. */
export const VOLATILITY_WEIGHT_SCHEMA: Schema<ReturnType<typeof volatilityWeightObject.parse>> = {
  expected: volatilityWeightObject.expected,
  parse(value, path) {
    const vw = volatilityWeightObject.parse(value, path);
    if (vw.max_weight < vw.min_weight) {
      throw new SchemaError([...path, 'max_weight'], `max_weight (${vw.max_weight}) must be at least min_weight (${vw.min_weight})`);
    }
    return vw;
  },
};

/** `[strategies.<id>.ratio_gate]` (§1.1); thetagang's retired `var_min` is refused with its replacement. */
const RATIO_GATE_SCHEMA = withRenamedKeys(
  object({
    enabled: optional(boolean()),
    anchor: optional(string()),
    drift_max: optional(number({ gte: 0 })),
    vol_min: optional(number({ gte: 0 })),
  }),
  {
    var_min: () =>
      'var_min has been removed (as in thetagang): use vol_min, the annualized volatility of the ratio; ' +
      'to migrate a daily variance threshold, set vol_min = sqrt(var_min × 252)',
  },
);

/** `[strategies.regime_rebalance]`'s own keys (§1.1); the basket is the common `symbols` key, the capital share `allocation`/`weight`. */
export const REGIME_PARAMS = {
  lookback_days: optional(integer({ gte: 1 })),
  soft_band: optional(unit()),
  hard_band: optional(unit()),
  hard_band_rebalance_fraction: optional(positiveUnit()),
  cooldown_days: optional(integer({ gte: 0 })),
  choppiness_min: optional(number({ gte: 0 })),
  efficiency_max: optional(unit()),
  flow_trade_min: optional(unit()),
  flow_trade_stop: optional(unit()),
  flow_imbalance_tau: optional(unit()),
  deficit_rail_start: optional(unit()),
  deficit_rail_stop: optional(unit()),
  eps: optional(number({ gt: 0 })),
  order_history_lookback_days: optional(integer({ gte: 1 })),
  shares_only: optional(boolean()),
  weight_base: optional(oneOf(WEIGHT_BASES)),
  ratio_gate: optional(RATIO_GATE_SCHEMA),
};

/** thetagang's per-strategy margin usage: ours is one, in [account]. */
export const REGIME_RENAMED: RenamedKeys = {
  risk: () => "the regime rebalance's margin usage is [account] margin_usage here (one account, one margin_usage)",
};

type RegimeParams = { readonly [K in keyof typeof REGIME_PARAMS]?: ReturnType<(typeof REGIME_PARAMS)[K]['parse']> };

/**
 * T32: thetagang's validations of the regime's own keys, defaults included: hard_band ≥ soft_band, flow_trade_min ≥
 * flow_trade_stop, deficit_rail_start ≥ deficit_rail_stop. The key named is the first of the pair the file sets.
 */
export function regimeParamsProblem(p: RegimeParams): ParamProblem | undefined {
  const d = REGIME_DEFAULTS;
  const pairs = [
    ['hard_band', p.hard_band, d.hardBand, 'soft_band', p.soft_band, d.softBand, 'a hard-band breach is a larger drift than a soft one'],
    ['flow_trade_min', p.flow_trade_min, d.flowTradeMin, 'flow_trade_stop', p.flow_trade_stop, d.flowTradeStop, 'flow opens at the min, closes at the stop'],
    ['deficit_rail_start', p.deficit_rail_start, d.deficitRailStart, 'deficit_rail_stop', p.deficit_rail_stop, d.deficitRailStop, 'it sells down to the stop'],
  ] as const;
  for (const [hiKey, hiSet, hiDefault, loKey, loSet, loDefault, why] of pairs) {
    const hi = hiSet ?? hiDefault;
    const lo = loSet ?? loDefault;
    if (hi >= lo) continue;
    const shown = (v: number, set: number | undefined) => (set === undefined ? `${v}, the default` : String(v));
    return { key: hiSet !== undefined ? hiKey : loKey, problem: `${hiKey} (${shown(hi, hiSet)}) must be at least ${loKey} (${shown(lo, loSet)}): ${why}` };
  }
  return undefined;
}

/** A regime rebalance instance. */
export type RegimeInstanceConfig = StrategyConfig<'regime_rebalance'>;

/** Whether an instance runs the regime rebalance. */
export function isRegimeInstance(s: StrategyInstanceConfig): s is RegimeInstanceConfig {
  return s.strategy === 'regime_rebalance';
}

/** The basket of a regime instance: its `symbols` list, else every `[symbols.<SYM>]` table (in file order), as for the wheel. */
export function regimeSymbolNames(config: MoneyTrailzConfig, instance: RegimeInstanceConfig): readonly string[] {
  return instance.symbols ?? Object.keys(config.symbols);
}

/** T40: the id of an enabled regime instance with shares_only = true (thetagang then runs no option stage), or undefined. */
export function sharesOnlyRegime(config: MoneyTrailzConfig): string | undefined {
  return Object.entries(config.strategies).find(([, s]) => isRegimeInstance(s) && s.enabled && s.shares_only === true)?.[0];
}

const WEIGHT_EPSILON = 1e-9;
const header = (path: KeyPath) => `[${formatKeyPath(path)}]`;

/**
 * docs/regime-rebalance.md §1.3: the rules relating a regime instance to the file. Every instance: its ratio gate's
 * anchor is set, one of its symbols, and leaves another (T32). An enabled instance: every symbol has a
 * `[symbols.<SYM>]` weight, one is positive, they sum to at most 1 (exactly 1 with weight_base managed_stocks and no
 * volatility weighting); and no two share-trading instances trade one symbol: a regime and a wheel (or another
 * regime) on the same shares would undo each other's trades. `wheelSymbols` gives an enabled wheel instance's symbols
 * (undefined for other instances).
 */
export function regimeViolation(
  config: MoneyTrailzConfig,
  wheelSymbols: (s: StrategyInstanceConfig) => readonly string[] | undefined,
): { path: KeyPath; problem: string } | undefined {
  const owners = new Map<string, string>();
  for (const [id, s] of Object.entries(config.strategies)) {
    const wheel = wheelSymbols(s);
    if (wheel) for (const sym of wheel) if (!owners.has(sym)) owners.set(sym, `the wheel (strategies.${id})`);
  }
  for (const [id, s] of Object.entries(config.strategies)) {
    if (!isRegimeInstance(s)) continue;
    const at = (...rest: (string | number)[]): KeyPath => ['strategies', id, ...rest];
    const names = regimeSymbolNames(config, s);
    const gate = s.ratio_gate;
    if (gate) {
      const anchorAt = gate.anchor !== undefined ? at('ratio_gate', 'anchor') : at('ratio_gate');
      const anchor = `ratio_gate.anchor '${gate.anchor}'`;
      const list = names.join(', ') || 'none';
      if (!gate.anchor) return { path: anchorAt, problem: `ratio_gate.anchor must be set: the symbol the rest of the basket is measured against (${list})` };
      if (!names.includes(gate.anchor)) return { path: anchorAt, problem: `${anchor} must be one of the regime's symbols (${list})` };
      if (names.length < 2) return { path: anchorAt, problem: `${anchor} must leave at least one other symbol in the basket to compare with` };
    }
    if (!s.enabled) continue;
    const regime = `the regime rebalance (strategies.${id})`;
    if (names.length === 0) return { path: at(), problem: `${regime} needs at least one [symbols.<SYM>] table with a weight, e.g. [symbols.SPY] weight = 0.6` };
    let sum = 0;
    for (const [i, name] of names.entries()) {
      const table = config.symbols[name];
      if (table === undefined) {
        return { path: s.symbols ? at('symbols', i) : at(), problem: `'${name}' has no ${header(['symbols', name])} table: ${regime} needs its weight` };
      }
      if (table.weight === undefined) {
        return { path: ['symbols', name, 'weight'], problem: `missing required key 'weight': ${regime} gives every symbol its target share of the base` };
      }
      sum += table.weight;
      const other = owners.get(name);
      if (other !== undefined) {
        return {
          path: s.symbols ? at('symbols', i) : at(),
          problem: `${name} is also traded by ${other}: two strategies trading the same shares undo each other's trades; give each its own symbols = [...]`,
        };
      }
      owners.set(name, regime);
    }
    for (const sym of Object.keys(s.equity_rebalance?.symbol_overrides ?? {})) {
      if (!names.includes(sym)) {
        const problem = `names ${sym}, which ${regime} does not trade (its symbols: ${names.join(', ')})`;
        return { path: at('equity_rebalance', 'symbol_overrides', sym), problem };
      }
    }
    const terms = names.map((n) => `${n} ${config.symbols[n].weight}`).join(' + ');
    if (!names.some((n) => (config.symbols[n].weight ?? 0) > 0)) return { path: ['symbols'], problem: `${regime} needs a positive weight (${terms})` };
    if (sum > 1 + WEIGHT_EPSILON) return { path: ['symbols'], problem: `the weights of ${regime} sum to ${Number(sum.toPrecision(12))} (${terms}), at most 1` };
    const volatility = names.some((n) => config.symbols[n].volatility_weight?.enabled === true);
    if ((s.weight_base ?? REGIME_DEFAULTS.weightBase) === 'managed_stocks' && !volatility && Math.abs(sum - 1) > WEIGHT_EPSILON) {
      return { path: at('weight_base'), problem: `managed_stocks needs the weights of ${regime} to sum to 1, got ${Number(sum.toPrecision(12))} (${terms})` };
    }
  }
  return undefined;
}
