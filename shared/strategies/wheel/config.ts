// The wheel's settings as the pass reads them (wheel-rules.md §1, §6.1): thetagang's keys and
// defaults, already validated, with per-symbol overrides resolved by the small functions below
// (one place for each precedence rule). The TOML tables they come from are read elsewhere.
import type { CashManagementConfig } from './cash-management.ts';
import type { ExitMode } from './exit-mode.ts';
import type { EquityRebalanceMode } from './rebalance.ts';
import type { ExecutionLevel } from './execution-policy.ts';
import type { FilterLevel } from './technical-filters.ts';
import type { RollPolicy } from './roll-policy.ts';
import type { RollRules } from './roll-rules.ts';
import type { DeltaLevels, CallCaps } from './targets.ts';
import type { VixHedgeConfig } from './vix-hedge.ts';
import type { CallThresholds, ThresholdLevel, WriteThreshold, WriteWhen } from './write-gates.ts';
import { resolveCallThresholds, resolveWriteThreshold } from './write-gates.ts';
import { targetDelta } from './targets.ts';
import type { Right, WheelStage } from './types.ts';

/** `[symbols.<SYM>.puts]` / `.calls` (every key optional: unset falls back to the wheel's defaults). */
export interface SymbolRightConfig extends ThresholdLevel {
  readonly delta?: number;
  /** Puts: the highest strike to write; calls: the lowest. */
  readonly strikeLimit?: number;
  readonly writeWhen?: Partial<WriteWhen>;
  /** The technical filters of its `write_when` (§2.11), over the wheel's per key; absent when it sets none. */
  readonly filters?: FilterLevel;
  /** `roll_policy`: this symbol's roll policy for the right over `roll_when.<right>.policy` (§2.6.1). */
  readonly rollPolicy?: RollPolicy;
}

/** `[symbols.<SYM>.calls]` adds the covered-call caps. */
export interface SymbolCallConfig extends SymbolRightConfig, Partial<CallCaps> {
  readonly maintainHighWaterMark?: boolean;
}

/** `[symbols.<SYM>]` (§1.7). */
export interface SymbolConfig extends ThresholdLevel {
  /** Share of the buying power (all weights sum to 1). */
  readonly weight: number;
  readonly delta?: number;
  readonly dte?: number;
  readonly maxDte?: number;
  readonly closeIfUnableToRoll?: boolean;
  /** Track and show only; never trade. */
  readonly noTrading?: boolean;
  readonly puts?: SymbolRightConfig;
  readonly calls?: SymbolCallConfig;
  /** `write_when.calls.min_threshold_percent[_relative]` for this symbol. */
  readonly callThresholds?: CallThresholds;
  /** `exit`: what happens to shorts due for a roll (§2.6.2); unset = "roll", thetagang's behaviour. */
  readonly exit?: ExitMode;
}

/** A buy-only / sell-only rebalancing policy (§1.12). */
export interface EquityRebalancePolicy {
  readonly mode: EquityRebalanceMode;
  readonly minThresholdShares?: number;
  readonly minThresholdAmount?: number;
  readonly minThresholdPercent?: number;
  readonly minThresholdPercentRelative?: number;
}

export interface WheelConfig {
  /** Stages that run (default: every wheel stage, plus the post stages that are enabled). */
  readonly stages: readonly WheelStage[];
  readonly account: { readonly marginUsage: number };
  readonly optionChains: { readonly expirations: number; readonly strikes: number };
  readonly orders: { readonly minimumCredit: number };
  /** In the file's order. */
  readonly symbols: ReadonlyMap<string, SymbolConfig>;
  readonly target: {
    readonly dte: number;
    readonly maxDte?: number;
    readonly delta: number;
    readonly putsDelta?: number;
    readonly callsDelta?: number;
    readonly minimumOpenInterest: number;
    readonly maximumNewContractsPercent: number;
  };
  readonly writeWhen: {
    readonly calculateNetContracts: boolean;
    readonly puts: WriteWhen;
    readonly calls: WriteWhen & CallCaps & CallThresholds;
  };
  readonly constants: ThresholdLevel & { readonly dailyStddevWindowDays: number; readonly puts?: ThresholdLevel; readonly calls?: ThresholdLevel };
  readonly rollWhen: RollRules & {
    // `policy` (§2.6.1): unset = keep_strike, thetagang's behaviour.
    readonly puts: RollRules['puts'] & { readonly creditOnly: boolean; readonly policy?: RollPolicy };
    readonly calls: RollRules['calls'] & { readonly creditOnly: boolean; readonly maintainHighWaterMark: boolean; readonly policy?: RollPolicy };
  };
  readonly equityRebalance: { readonly defaults: EquityRebalancePolicy; readonly symbols: ReadonlyMap<string, Partial<EquityRebalancePolicy>> };
  readonly vixCallHedge: VixHedgeConfig & { readonly delta: number; readonly targetDte: number; readonly maxDte?: number };
  readonly cashManagement: CashManagementConfig;
  // ---- technical filters and execution policy (§2.11, §2.5.1); absent when the file sets none ----
  /** The technical filters of `write_when.puts` / `.calls` (symbols' own in SymbolRightConfig.filters). */
  readonly writeFilters?: { readonly puts?: FilterLevel; readonly calls?: FilterLevel };
  /** `[orders]` and `[orders.symbol_overrides.<SYM>]` (with adjust_price_after_delay): present when any sets a policy. */
  readonly execution?: { readonly defaults: ExecutionLevel; readonly symbols: ReadonlyMap<string, ExecutionLevel> };
}

/** thetagang's defaults for everything but the symbols, `margin_usage`, `target.dte` and `roll_when.dte` (required). */
export function wheelDefaults(required: { marginUsage: number; targetDte: number; rollDte: number; symbols: ReadonlyMap<string, SymbolConfig> }): WheelConfig {
  return {
    stages: ['write_puts', 'write_calls', 'buy_rebalance', 'sell_rebalance', 'roll', 'close'],
    account: { marginUsage: required.marginUsage },
    optionChains: { expirations: 4, strikes: 15 },
    orders: { minimumCredit: 0 },
    symbols: required.symbols,
    target: { dte: required.targetDte, delta: 0.3, minimumOpenInterest: 0, maximumNewContractsPercent: 0.05 },
    writeWhen: {
      calculateNetContracts: false,
      puts: { green: false, red: true },
      calls: { green: true, red: false, capFactor: 1, capTargetFloor: 0, excessOnly: false },
    },
    constants: { dailyStddevWindowDays: 30 },
    rollWhen: {
      dte: required.rollDte,
      minPnl: 0,
      pnl: 0,
      closeAtPnl: 1,
      closeIfUnableToRoll: false,
      puts: { itm: false, alwaysWhenItm: false, hasExcess: true, creditOnly: false },
      calls: { itm: true, alwaysWhenItm: false, hasExcess: true, creditOnly: false, maintainHighWaterMark: false },
    },
    equityRebalance: { defaults: { mode: 'off' }, symbols: new Map() },
    vixCallHedge: { enabled: false, ignoreDte: 0, allocation: [], delta: 0.3, targetDte: 30 },
    cashManagement: { enabled: false, cashFund: 'SGOV', targetCashBalance: 0, buyThreshold: 10_000, sellThreshold: 10_000 },
  };
}

/** T2 for a symbol and right. */
export function symbolDelta(c: WheelConfig, symbol: string, right: Right): number {
  const s = c.symbols.get(symbol);
  const levels: DeltaLevels = {
    symbolRight: right === 'P' ? s?.puts?.delta : s?.calls?.delta,
    symbol: s?.delta,
    targetRight: right === 'P' ? c.target.putsDelta : c.target.callsDelta,
    target: c.target.delta,
  };
  return targetDelta(levels);
}

/** §1.10 for a symbol and right: symbol.right, symbol, constants.right, constants. */
export function symbolWriteThreshold(c: WheelConfig, symbol: string, right: Right): WriteThreshold {
  const s = c.symbols.get(symbol);
  return resolveWriteThreshold([right === 'P' ? s?.puts : s?.calls, s, right === 'P' ? c.constants.puts : c.constants.calls, c.constants]);
}

/** §1.9 for a symbol and right: its write_when over the wheel's. */
export function symbolWriteWhen(c: WheelConfig, symbol: string, right: Right): WriteWhen {
  const s = c.symbols.get(symbol);
  const base = right === 'P' ? c.writeWhen.puts : c.writeWhen.calls;
  const own = (right === 'P' ? s?.puts : s?.calls)?.writeWhen;
  return { green: own?.green ?? base.green, red: own?.red ?? base.red };
}

/** §1.9 covered-call caps of a symbol. */
export function symbolCallCaps(c: WheelConfig, symbol: string): CallCaps {
  const own = c.symbols.get(symbol)?.calls;
  const d = c.writeWhen.calls;
  return { capFactor: own?.capFactor ?? d.capFactor, capTargetFloor: own?.capTargetFloor ?? d.capTargetFloor, excessOnly: own?.excessOnly ?? d.excessOnly };
}

/** T11: a symbol's call size thresholds over the default ones. */
export function symbolCallThresholds(c: WheelConfig, symbol: string): CallThresholds {
  return resolveCallThresholds(c.symbols.get(symbol)?.callThresholds, c.writeWhen.calls);
}

/** §1.12: a symbol's rebalancing policy (its overrides on the defaults). */
export function symbolRebalancePolicy(c: WheelConfig, symbol: string): EquityRebalancePolicy {
  return { ...c.equityRebalance.defaults, ...c.equityRebalance.symbols.get(symbol) };
}

/** §1.7/§1.8: a symbol's target DTE and max DTE. */
export function symbolDte(c: WheelConfig, symbol: string): { dte: number; maxDte?: number } {
  const s = c.symbols.get(symbol);
  return { dte: s?.dte ?? c.target.dte, maxDte: s?.maxDte ?? c.target.maxDte };
}
