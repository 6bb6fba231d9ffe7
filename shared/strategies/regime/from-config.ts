// The regime rebalance's configuration (docs/regime-rebalance.md §1): a validated moneytrailz.toml read into the
// RegimeConfig its pass takes — thetagang's defaults (REGIME_DEFAULTS) under what `[strategies.<id>]` sets, the
// basket's weights, no_trading and volatility weighting from `[symbols.<SYM>]`, the margin usage from `[account]`.
// Problems are SchemaErrors at their key path (the caller turns them into `file:line: key: problem`).
import type { MoneyTrailzConfig } from '../../config/moneytrailz-config.ts';
import { dataSeries } from '../../config/instances.ts';
import { isRegimeInstance, regimeSymbolNames, type RegimeInstanceConfig } from '../../config/regime-tables.ts';
import { SchemaError, type KeyPath } from '../../config/schema.ts';
import { formatKeyPath } from '../../config/toml-key-lines.ts';
import { policyOf } from '../wheel/from-config.ts';
import { RATIO_GATE_DEFAULTS, REGIME_DEFAULTS, type RegimeConfig, type RegimeSymbolConfig } from './config.ts';
import { VOLATILITY_WEIGHT_DEFAULTS } from './volatility-weight.ts';

type VolatilityTable = NonNullable<MoneyTrailzConfig['symbols'][string]['volatility_weight']>;

/** The object without its undefined properties. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** §1.1: the instance `id`: it must exist, run the regime rebalance and be enabled. */
function regimeInstance(config: MoneyTrailzConfig, id: string): RegimeInstanceConfig {
  const s = config.strategies[id];
  const table = formatKeyPath(['strategies', id]);
  if (s === undefined) throw new SchemaError(['strategies', id], `missing: no [${table}] table (the regime rebalance's settings)`);
  if (!isRegimeInstance(s)) throw new SchemaError(['strategies', id], `runs ${s.strategy}, not the regime rebalance`);
  if (!s.enabled) throw new SchemaError(['strategies', id, 'enabled'], 'the regime rebalance is disabled (enabled = false): set enabled = true to run it');
  return s;
}

/** §1.2: `[symbols.<SYM>.volatility_weight]` with thetagang's defaults. */
function volatilityOf(v: VolatilityTable) {
  return defined({
    enabled: v.enabled ?? VOLATILITY_WEIGHT_DEFAULTS.enabled,
    targetVol: v.target_vol,
    lookbackDays: v.lookback_days,
    minWeight: v.min_weight,
    maxWeight: v.max_weight,
    rebalanceBand: v.rebalance_band ?? VOLATILITY_WEIGHT_DEFAULTS.rebalanceBand,
    smoothingFactor: v.smoothing_factor ?? VOLATILITY_WEIGHT_DEFAULTS.smoothingFactor,
    increaseSmoothingFactor: v.increase_smoothing_factor,
    decreaseSmoothingFactor: v.decrease_smoothing_factor,
  });
}

/**
 * §1: the regime rebalance of `[strategies.<instanceId>]` (enabled) with thetagang's defaults under what the file sets.
 * Required: `[account] margin_usage` and a weight for every symbol (checked when the file was parsed,
 * docs/regime-rebalance.md §1.3). A file with `[data]` (a backtest) must have a series for every symbol of the basket.
 * @throws SchemaError at the key path of a missing or invalid key.
 */
export function regimeConfigOf(config: MoneyTrailzConfig, instanceId = 'regime_rebalance'): RegimeConfig {
  const s = regimeInstance(config, instanceId);
  const at = (...rest: (string | number)[]): KeyPath => ['strategies', instanceId, ...rest];
  const marginUsage = config.account?.margin_usage;
  if (marginUsage === undefined) {
    const why = "the regime rebalance's base is net liquidation × margin_usage (e.g. 1.0)";
    throw new SchemaError(['account', 'margin_usage'], `missing required key 'margin_usage': ${why}`);
  }
  const names = regimeSymbolNames(config, s);
  const data = dataSeries(config).map((d) => d.symbol);
  const symbols = new Map<string, RegimeSymbolConfig>();
  for (const [i, name] of names.entries()) {
    const table = config.symbols[name];
    if (table?.weight === undefined) {
      throw new SchemaError(['symbols', name, 'weight'], "missing required key 'weight': the regime rebalance gives every symbol its target share of the base");
    }
    if (data.length > 0 && !data.includes(name)) {
      const problem = `${name} has no [data] series: the regime rebalance reads its daily closes (data: ${data.join(', ')})`;
      throw new SchemaError(s.symbols ? at('symbols', i) : ['symbols', name], problem);
    }
    const volatilityWeight = table.volatility_weight && volatilityOf(table.volatility_weight);
    symbols.set(name, defined({ weight: table.weight, noTrading: table.no_trading, volatilityWeight }));
  }
  const d = REGIME_DEFAULTS;
  const g = s.ratio_gate;
  const e = s.equity_rebalance;
  return defined({
    symbols,
    marginUsage,
    lookbackDays: s.lookback_days ?? d.lookbackDays,
    softBand: s.soft_band ?? d.softBand,
    hardBand: s.hard_band ?? d.hardBand,
    hardBandRebalanceFraction: s.hard_band_rebalance_fraction ?? d.hardBandRebalanceFraction,
    cooldownDays: s.cooldown_days ?? d.cooldownDays,
    choppinessMin: s.choppiness_min ?? d.choppinessMin,
    efficiencyMax: s.efficiency_max ?? d.efficiencyMax,
    flowTradeMin: s.flow_trade_min ?? d.flowTradeMin,
    flowTradeStop: s.flow_trade_stop ?? d.flowTradeStop,
    flowImbalanceTau: s.flow_imbalance_tau ?? d.flowImbalanceTau,
    deficitRailStart: s.deficit_rail_start ?? d.deficitRailStart,
    deficitRailStop: s.deficit_rail_stop ?? d.deficitRailStop,
    eps: s.eps ?? d.eps,
    orderHistoryLookbackDays: s.order_history_lookback_days ?? d.orderHistoryLookbackDays,
    sharesOnly: s.shares_only ?? d.sharesOnly,
    weightBase: s.weight_base ?? d.weightBase,
    ratioGate:
      g &&
      defined({
        enabled: g.enabled ?? RATIO_GATE_DEFAULTS.enabled,
        anchor: g.anchor ?? RATIO_GATE_DEFAULTS.anchor,
        driftMax: g.drift_max ?? RATIO_GATE_DEFAULTS.driftMax,
        volMin: g.vol_min,
      }),
    equityRebalance: {
      defaults: { ...d.equityRebalance.defaults, ...policyOf(e?.defaults) },
      symbols: new Map(Object.entries(e?.symbol_overrides ?? {}).map(([sym, o]) => [sym, policyOf(o)])),
    },
    exchange: config.exchange_hours?.exchange ?? d.exchange,
  });
}
