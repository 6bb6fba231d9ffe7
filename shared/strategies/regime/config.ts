// The regime rebalance's settings as its pass reads them (docs/regime-rebalance.md §1; wheel-rules.md §2.10):
// thetagang's keys and defaults, already validated, with the symbols resolved from [symbols.<SYM>]. The TOML
// table they come from is shared/config/regime-tables.ts; from-config.ts reads it into this shape.
import type { EquityRebalancePolicy } from '../wheel/config.ts';
import type { ExchangeId } from '../../time/exchange-calendar.ts';
import type { RatioGateConfig } from './ratio-gate.ts';
import type { VolatilityWeightConfig } from './volatility-weight.ts';
import type { WeightBase } from './base.ts';

/** One symbol of the basket (§1.2): its target weight of the base and what it reads from `[symbols.<SYM>]`. */
export interface RegimeSymbolConfig {
  readonly weight: number;
  /** Track only: never trade (thetagang's `no_trading`). */
  readonly noTrading?: boolean;
  readonly volatilityWeight?: VolatilityWeightConfig;
}

export interface RegimeConfig {
  /** In the file's order. */
  readonly symbols: ReadonlyMap<string, RegimeSymbolConfig>;
  /** `[account] margin_usage`: the base is (net liquidation [− options]) × this. */
  readonly marginUsage: number;
  readonly lookbackDays: number;
  readonly softBand: number;
  readonly hardBand: number;
  readonly hardBandRebalanceFraction: number;
  readonly cooldownDays: number;
  readonly choppinessMin: number;
  readonly efficiencyMax: number;
  readonly flowTradeMin: number;
  readonly flowTradeStop: number;
  readonly flowImbalanceTau: number;
  readonly deficitRailStart: number;
  readonly deficitRailStop: number;
  readonly eps: number;
  readonly orderHistoryLookbackDays: number;
  readonly sharesOnly: boolean;
  readonly weightBase: WeightBase;
  readonly ratioGate?: RatioGateConfig;
  /** The per-symbol order filter (§2.6): thetagang's regime default mode is `both`. */
  readonly equityRebalance: { readonly defaults: EquityRebalancePolicy; readonly symbols: ReadonlyMap<string, Partial<EquityRebalancePolicy>> };
  /** The calendar the cooldown counts sessions on. */
  readonly exchange: ExchangeId;
}

/** The keys with defaults (thetagang's RegimeRebalanceConfig), so that no default is written twice. */
export type RegimeDefaults = Omit<RegimeConfig, 'symbols' | 'marginUsage' | 'ratioGate'>;

/** thetagang's defaults for everything but the symbols, the margin usage and the ratio gate (which is off without its table). */
export const REGIME_DEFAULTS: RegimeDefaults = {
  lookbackDays: 40,
  softBand: 0.1,
  hardBand: 0.5,
  hardBandRebalanceFraction: 1,
  cooldownDays: 5,
  choppinessMin: 3,
  efficiencyMax: 0.3,
  flowTradeMin: 0.025,
  flowTradeStop: 0.0125,
  flowImbalanceTau: 0.7,
  deficitRailStart: 0.06,
  deficitRailStop: 0.03,
  eps: 1e-8,
  orderHistoryLookbackDays: 30,
  sharesOnly: false,
  weightBase: 'net_liq_ex_options',
  equityRebalance: { defaults: { mode: 'both' }, symbols: new Map() },
  exchange: 'XNYS',
};

/** thetagang's ratio-gate defaults when its table is given. */
export const RATIO_GATE_DEFAULTS = { enabled: false, anchor: '', driftMax: 1.25 } as const;

/** §2.6: a symbol's order policy (its override over the defaults). */
export function regimeRebalancePolicy(c: Pick<RegimeConfig, 'equityRebalance'>, symbol: string): EquityRebalancePolicy {
  return { ...c.equityRebalance.defaults, ...c.equityRebalance.symbols.get(symbol) };
}

/** The config with `over` applied to thetagang's defaults (tests and callers that build a config by hand). */
export function regimeConfig(
  required: { symbols: ReadonlyMap<string, RegimeSymbolConfig>; marginUsage: number },
  over: Partial<RegimeConfig> = {},
): RegimeConfig {
  return { ...REGIME_DEFAULTS, ...required, ...over };
}
