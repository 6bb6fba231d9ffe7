// The wheel's configuration (wheel-rules.md §6.1; keys and defaults §1.2–§1.13): a validated moneytrailz.toml
// read into the WheelConfig the pass takes — thetagang's defaults (wheelDefaults) under what the file sets,
// each required key checked with a SchemaError at its key path (the caller turns it into `file:line: key:
// problem`), the stages from the strategies that are enabled.
import { isWheelInstance, wheelSymbolNames, wheelSymbolsViolation, type WheelInstanceConfig } from '../../config/cross-field-rules.ts';
import type { MoneyTrailzConfig, StrategyInstanceConfig } from '../../config/moneytrailz-config.ts';
import { SchemaError, type KeyPath } from '../../config/schema.ts';
import { formatKeyPath } from '../../config/toml-key-lines.ts';
import { DAILY_STDDEV_WINDOW, stddevWindowDays } from '../../config/wheel-tables.ts';
import { wheelDefaults, type EquityRebalancePolicy, type SymbolCallConfig, type SymbolConfig, type SymbolRightConfig, type WheelConfig } from './config.ts';
import { exitModeProblem } from './exit-mode.ts';
import { resolveExecutionPolicy, type ExecutionLevel } from './execution-policy.ts';
import { FILTER_KEY_OF, resolveFilters, type FilterLevel } from './technical-filters.ts';
import type { WheelStage } from './types.ts';
import { sharesOnlyRegime } from '../../config/regime-tables.ts';
import type { VixAllocationBand } from './vix-hedge.ts';

type SymbolTable = MoneyTrailzConfig['symbols'][string];
type RightTable = NonNullable<SymbolTable['puts']>;
type CallsTable = NonNullable<SymbolTable['calls']>;
type PolicyTable = NonNullable<NonNullable<NonNullable<WheelInstanceConfig['equity_rebalance']>['defaults']>>;
type InstanceOf<N extends string> = Extract<StrategyInstanceConfig, { strategy: N }>;

/** §1.13: thetagang's VIXMO bands when `allocation` is not given: < 15 → 0, 15–30 → 1 %, 30–50 → 0.5 %, ≥ 50 → 0. */
export const DEFAULT_VIX_BANDS: readonly VixAllocationBand[] = [
  { upperBound: 15, weight: 0 },
  { lowerBound: 15, upperBound: 30, weight: 0.01 },
  { lowerBound: 30, upperBound: 50, weight: 0.005 },
  { lowerBound: 50, weight: 0 },
];

/** T40: the stages that trade options, which a shares_only regime rebalance turns off (docs/regime-rebalance.md §3). */
const OPTION_STAGES: readonly WheelStage[] = ['write_puts', 'write_calls', 'roll', 'close'];

/** The object without its undefined properties (unset keys stay unset, not `key: undefined`). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** §6.1: a required key's value, or a SchemaError at its path saying what it is for. */
function required<T>(value: T | undefined, path: KeyPath, why: string): T {
  if (value === undefined) throw new SchemaError(path, `missing required key '${String(path.at(-1))}': ${why}`);
  return value;
}

/** §6.1: the wheel instance `id`: it must exist, run the wheel (wheel or enhanced_wheel) and be enabled. */
function wheelInstance(config: MoneyTrailzConfig, id: string): WheelInstanceConfig {
  const s = config.strategies[id];
  const table = formatKeyPath(['strategies', id]);
  if (s === undefined) {
    throw new SchemaError(['strategies', id], `missing: no [${table}] table (the wheel's settings: [${table}.target] dte, [${table}.roll_when] dte, …)`);
  }
  if (!isWheelInstance(s)) throw new SchemaError(['strategies', id], `runs ${s.strategy}, not the wheel (wheel or enhanced_wheel)`);
  if (!s.enabled) throw new SchemaError(['strategies', id, 'enabled'], 'the wheel is disabled (enabled = false): set enabled = true to run it');
  return s;
}

/** §2.8, §2.9: the one enabled instance of a post stage's strategy, or undefined when none is enabled. */
function postInstance<N extends 'vix_call_hedge' | 'cash_management'>(config: MoneyTrailzConfig, strategy: N): InstanceOf<N> | undefined {
  const enabled = Object.entries(config.strategies).filter((e): e is [string, InstanceOf<N>] => e[1].enabled && e[1].strategy === strategy);
  if (enabled.length > 1) {
    const [first, second] = [enabled[0][0], enabled[1][0]];
    throw new SchemaError(['strategies', second], `is a second enabled ${strategy} instance (after strategies.${first}): the wheel pass runs one per account`);
  }
  return enabled[0]?.[1];
}

/** §1.10: `daily_stddev_window` "N D" → N days; anything else is an error naming the key. */
export function dailyStddevWindowDays(text: string, path: KeyPath): number {
  const days = stddevWindowDays(text);
  if (days === undefined) throw new SchemaError(path, `must be ${DAILY_STDDEV_WINDOW.what}, got the string ${JSON.stringify(text)}`);
  return days;
}

/** §1.7: `[symbols.<SYM>.puts]` (or the put/call keys `.calls` shares). */
function rightOf(p: RightTable): SymbolRightConfig {
  return defined({
    delta: p.delta,
    strikeLimit: p.strike_limit,
    percent: p.write_threshold,
    sigma: p.write_threshold_sigma,
    writeWhen: p.write_when && defined({ green: p.write_when.green, red: p.write_when.red }),
    rollPolicy: p.roll_policy,
    filters: filtersOf(p.write_when), // §2.11
  });
}

/** §1.7, §1.9: `[symbols.<SYM>.calls]` with its covered-call caps. */
function callsOf(c: CallsTable): SymbolCallConfig {
  return defined({
    ...rightOf(c),
    capFactor: c.cap_factor,
    capTargetFloor: c.cap_target_floor,
    excessOnly: c.excess_only,
    maintainHighWaterMark: c.maintain_high_water_mark,
  });
}

/** §1.7: one `[symbols.<SYM>]` table (its weight is checked before). */
function symbolOf(s: SymbolTable): SymbolConfig {
  const c = s.calls;
  const thresholds = c && (c.min_threshold_percent !== undefined || c.min_threshold_percent_relative !== undefined);
  return defined({
    weight: s.weight ?? 0,
    delta: s.delta,
    dte: s.dte,
    maxDte: s.max_dte,
    percent: s.write_threshold,
    sigma: s.write_threshold_sigma,
    closeIfUnableToRoll: s.close_if_unable_to_roll,
    noTrading: s.no_trading,
    puts: s.puts && rightOf(s.puts),
    calls: c && callsOf(c),
    callThresholds: thresholds ? defined({ minPercent: c.min_threshold_percent, minPercentRelative: c.min_threshold_percent_relative }) : undefined,
    exit: s.exit,
  });
}

/** §1.12: a rebalancing policy table (`defaults` over the base, or a symbol's override alone; the regime rebalance's too). */
export function policyOf(p: PolicyTable | undefined): Partial<EquityRebalancePolicy> {
  return defined({
    mode: p?.mode,
    minThresholdShares: p?.min_threshold_shares,
    minThresholdAmount: p?.min_threshold_amount,
    minThresholdPercent: p?.min_threshold_percent,
    minThresholdPercentRelative: p?.min_threshold_percent_relative,
  });
}

/**
 * §6.1: the wheel of `[strategies.<instanceId>]` (wheel or enhanced_wheel, enabled) with thetagang's
 * defaults under what the file sets. Required: `[account] margin_usage`, `target.dte`, `roll_when.dte` and
 * at least one `[symbols.<SYM>]` with a weight (weights summing to 1). Stages: the wheel's six, plus
 * vix_hedge / cash_management when `[strategies.vix_call_hedge]` / `[strategies.cash_management]` is enabled.
 * @throws SchemaError at the key path of a missing or invalid key.
 */
export function wheelConfigOf(config: MoneyTrailzConfig, instanceId = 'wheel'): WheelConfig {
  const wheel = wheelInstance(config, instanceId);
  const at = (...rest: string[]): KeyPath => ['strategies', instanceId, ...rest];
  const why = "the wheel's buying power is net liquidation × margin_usage (e.g. 0.5)";
  const marginUsage = required(config.account?.margin_usage, ['account', 'margin_usage'], why);
  const targetDte = required(wheel.target?.dte, at('target', 'dte'), 'only expirations at least this many days out are written (e.g. 45)');
  const rollDte = required(wheel.roll_when?.dte, at('roll_when', 'dte'), 'positions are rolled at this many days to expiry or fewer (e.g. 15)');
  const bad = wheelSymbolsViolation(config, instanceId, wheel);
  if (bad) throw new SchemaError(bad.path, bad.problem);
  for (const [id, s] of Object.entries(config.strategies)) {
    if (s.strategy === 'vix_hedge' && s.enabled) {
      const use = 'use [strategies.vix_call_hedge] (enabled, delta, target_dte, allocation bands)';
      throw new SchemaError(['strategies', id], `is the original README's VIX hedge, which the wheel pass does not run: ${use}`);
    }
  }
  const vix = postInstance(config, 'vix_call_hedge');
  const cash = postInstance(config, 'cash_management');
  const symbols = new Map(wheelSymbolNames(config, wheel).map((name) => [name, symbolOf(config.symbols[name])]));
  // §2.6.2: a symbol's exit and its close_if_unable_to_roll must not contradict each other.
  for (const [name, sc] of symbols) {
    const problem = exitModeProblem(sc.exit, sc.closeIfUnableToRoll);
    if (problem) throw new SchemaError(['symbols', name, 'close_if_unable_to_roll'], problem);
  }
  const d = wheelDefaults({ marginUsage, targetDte, rollDte, symbols });

  const t = wheel.target;
  const w = wheel.write_when;
  const c = wheel.constants;
  const r = wheel.roll_when;
  const e = wheel.equity_rebalance;
  const windowText = c?.daily_stddev_window;
  const windowDays = windowText === undefined ? d.constants.dailyStddevWindowDays : dailyStddevWindowDays(windowText, at('constants', 'daily_stddev_window'));
  const stages: WheelStage[] = [...d.stages, ...(vix ? (['vix_hedge'] as const) : []), ...(cash ? (['cash_management'] as const) : [])]
    // T40 (docs/regime-rebalance.md §3): an enabled regime rebalance with shares_only = true turns the wheel's option stages off, as in thetagang.
    .filter((stage) => sharesOnlyRegime(config) === undefined || !OPTION_STAGES.includes(stage));
  return {
    ...d,
    stages,
    optionChains: {
      expirations: config.option_chains?.expirations ?? d.optionChains.expirations,
      strikes: config.option_chains?.strikes ?? d.optionChains.strikes,
    },
    orders: { minimumCredit: config.orders?.minimum_credit ?? d.orders.minimumCredit },
    target: defined({
      ...d.target,
      maxDte: t?.max_dte,
      delta: t?.delta ?? d.target.delta,
      putsDelta: t?.puts?.delta,
      callsDelta: t?.calls?.delta,
      minimumOpenInterest: t?.minimum_open_interest ?? d.target.minimumOpenInterest,
      maximumNewContractsPercent: t?.maximum_new_contracts_percent ?? d.target.maximumNewContractsPercent,
    }),
    writeWhen: {
      calculateNetContracts: w?.calculate_net_contracts ?? d.writeWhen.calculateNetContracts,
      puts: { green: w?.puts?.green ?? d.writeWhen.puts.green, red: w?.puts?.red ?? d.writeWhen.puts.red },
      calls: defined({
        green: w?.calls?.green ?? d.writeWhen.calls.green,
        red: w?.calls?.red ?? d.writeWhen.calls.red,
        capFactor: w?.calls?.cap_factor ?? d.writeWhen.calls.capFactor,
        capTargetFloor: w?.calls?.cap_target_floor ?? d.writeWhen.calls.capTargetFloor,
        excessOnly: w?.calls?.excess_only ?? d.writeWhen.calls.excessOnly,
        minPercent: w?.calls?.min_threshold_percent,
        minPercentRelative: w?.calls?.min_threshold_percent_relative,
      }),
    },
    constants: defined({
      percent: c?.write_threshold,
      sigma: c?.write_threshold_sigma,
      dailyStddevWindowDays: windowDays,
      puts: c?.puts && defined({ percent: c.puts.write_threshold, sigma: c.puts.write_threshold_sigma }),
      calls: c?.calls && defined({ percent: c.calls.write_threshold, sigma: c.calls.write_threshold_sigma }),
    }),
    rollWhen: defined({
      dte: rollDte,
      minPnl: r?.min_pnl ?? d.rollWhen.minPnl,
      pnl: r?.pnl ?? d.rollWhen.pnl,
      maxDte: r?.max_dte,
      closeAtPnl: r?.close_at_pnl ?? d.rollWhen.closeAtPnl,
      closeIfUnableToRoll: r?.close_if_unable_to_roll ?? d.rollWhen.closeIfUnableToRoll,
      puts: {
        itm: r?.puts?.itm ?? d.rollWhen.puts.itm,
        alwaysWhenItm: r?.puts?.always_when_itm ?? d.rollWhen.puts.alwaysWhenItm,
        hasExcess: r?.puts?.has_excess ?? d.rollWhen.puts.hasExcess,
        creditOnly: r?.puts?.credit_only ?? d.rollWhen.puts.creditOnly,
        ...defined({ policy: r?.puts?.policy }),
      },
      calls: {
        itm: r?.calls?.itm ?? d.rollWhen.calls.itm,
        alwaysWhenItm: r?.calls?.always_when_itm ?? d.rollWhen.calls.alwaysWhenItm,
        hasExcess: r?.calls?.has_excess ?? d.rollWhen.calls.hasExcess,
        creditOnly: r?.calls?.credit_only ?? d.rollWhen.calls.creditOnly,
        maintainHighWaterMark: r?.calls?.maintain_high_water_mark ?? d.rollWhen.calls.maintainHighWaterMark,
        ...defined({ policy: r?.calls?.policy }),
      },
    }),
    equityRebalance: {
      defaults: { ...d.equityRebalance.defaults, ...policyOf(e?.defaults) },
      symbols: new Map(Object.entries(e?.symbol_overrides ?? {}).map(([sym, o]) => [sym, policyOf(o)])),
    },
    vixCallHedge: vix
      ? defined({
          enabled: true,
          ignoreDte: vix.ignore_dte ?? d.vixCallHedge.ignoreDte,
          closeHedgesWhenVixExceeds: vix.close_hedges_when_vix_exceeds,
          allocation: vix.allocation?.map((b) => defined({ lowerBound: b.lower_bound, upperBound: b.upper_bound, weight: b.weight })) ?? DEFAULT_VIX_BANDS,
          delta: vix.delta ?? d.vixCallHedge.delta,
          targetDte: vix.target_dte ?? d.vixCallHedge.targetDte,
          maxDte: vix.max_dte,
        })
      : d.vixCallHedge,
    cashManagement: cash
      ? {
          enabled: true,
          cashFund: cash.cash_fund ?? d.cashManagement.cashFund,
          targetCashBalance: cash.target_cash_balance ?? d.cashManagement.targetCashBalance,
          buyThreshold: cash.buy_threshold ?? d.cashManagement.buyThreshold,
          sellThreshold: cash.sell_threshold ?? d.cashManagement.sellThreshold,
        }
      : d.cashManagement,
    // §2.11, §2.5.1: present only when the file sets them (see writeFiltersOf, executionOf below).
    ...writeFiltersOf(at, symbols, w),
    ...executionOf(config, instanceId, [...symbols.keys()]),
  };
}

// ---- technical filters and execution policy (wheel-rules.md §2.11, §2.5.1) ----

/** The technical-filter keys of a `write_when.<right>` table. */
type FilterTable = { readonly [K in (typeof FILTER_KEY_OF)[keyof typeof FILTER_KEY_OF]]?: K extends 'rsi_period' ? number : number | false };

/** §2.11: a `write_when.<right>` table's filter settings; undefined when it sets none. */
function filtersOf(t: FilterTable | undefined): FilterLevel | undefined {
  if (!t) return undefined;
  const level = Object.fromEntries(Object.entries(FILTER_KEY_OF).flatMap(([field, key]) => (t[key] === undefined ? [] : [[field, t[key]]]))) as FilterLevel;
  return Object.keys(level).length > 0 ? level : undefined;
}

/**
 * §2.11: `{ writeFilters }` from `write_when.puts` / `.calls` (nothing when they set no filter), after checking
 * every symbol's filters over them: rsi_below above rsi_above, an SMA or EMA period not both above and below,
 * and an rsi_period that some rsi_below / rsi_above uses.
 * @throws SchemaError at the key (the symbol's when it sets one of the two, else the wheel's).
 */
function writeFiltersOf(
  at: (...rest: string[]) => KeyPath,
  symbols: ReadonlyMap<string, SymbolConfig>,
  w: WheelInstanceConfig['write_when'],
): Pick<WheelConfig, 'writeFilters'> {
  const wheel = { puts: filtersOf(w?.puts), calls: filtersOf(w?.calls) };
  for (const right of ['puts', 'calls'] as const) {
    const base = wheel[right];
    const basePath = at('write_when', right);
    let baseRsiPeriodUsed = false;
    for (const [name, sc] of symbols) {
      const own = sc[right]?.filters;
      const ownPath: KeyPath = ['symbols', name, right, 'write_when'];
      const f = resolveFilters([own, base]);
      const hasRsi = f?.rsiBelow !== undefined || f?.rsiAbove !== undefined;
      if (hasRsi && own?.rsiPeriod === undefined) baseRsiPeriodUsed = true;
      if (own?.rsiPeriod !== undefined && !hasRsi) {
        throw new SchemaError([...ownPath, 'rsi_period'], `filters nothing: no rsi_below or rsi_above applies to ${name}'s ${right}`);
      }
      /** The key path of the first of `fields` the symbol sets, else the wheel's first. */
      const where = (...fields: (keyof FilterLevel)[]): KeyPath => {
        const mine = fields.find((k) => own?.[k] !== undefined);
        return mine ? [...ownPath, FILTER_KEY_OF[mine]] : [...basePath, FILTER_KEY_OF[fields.find((k) => base?.[k] !== undefined) ?? fields[0]]];
      };
      if (f?.rsiBelow !== undefined && f.rsiAbove !== undefined && f.rsiBelow <= f.rsiAbove) {
        const never = `no RSI is below ${f.rsiBelow} and above ${f.rsiAbove}`;
        throw new SchemaError(where('rsiBelow', 'rsiAbove'), `rsi_below (${f.rsiBelow}) must be above rsi_above (${f.rsiAbove}) for ${name}'s ${right}: ${never}`);
      }
      for (const [above, below, avg] of [['aboveSma', 'belowSma', 'SMA'], ['aboveEma', 'belowEma', 'EMA']] as const) {
        if (f?.[above] !== undefined && f[above] === f[below]) {
          const both = `${FILTER_KEY_OF[above]} and ${FILTER_KEY_OF[below]} are both ${f[above]} for ${name}'s ${right}`;
          throw new SchemaError(where(above, below), `${both}: no close is above and below the same ${avg}`);
        }
      }
    }
    if (base?.rsiPeriod !== undefined && !baseRsiPeriodUsed) {
      const fix = `set one here, or in a symbol's ${right}.write_when without its own rsi_period`;
      throw new SchemaError([...basePath, 'rsi_period'], `filters nothing: no rsi_below or rsi_above uses it (${fix})`);
    }
  }
  return wheel.puts || wheel.calls ? { writeFilters: defined(wheel) } : {};
}

type OrdersTable = NonNullable<MoneyTrailzConfig['orders']>;
type ExecutionTable = OrdersTable | NonNullable<OrdersTable['symbol_overrides']>[string];

/** §2.5.1: one level of the execution policy as written. */
function executionLevelOf(t: ExecutionTable | undefined): ExecutionLevel {
  return defined({
    buyPrice: t?.buy_price,
    sellPrice: t?.sell_price,
    fillTimeout: t?.fill_timeout,
    repriceSteps: t?.reprice_steps,
    priceUpdateDelay: t?.price_update_delay,
  });
}

/**
 * §2.5.1: `{ execution }` from `[orders]`, `[orders.symbol_overrides.<SYM>]` and `[symbols.<SYM>]
 * adjust_price_after_delay = true` (reprice_steps = 1 for the symbol; false is thetagang's default and sets
 * nothing) — nothing when none of them sets a price, a timeout or steps (price_update_delay alone changes no
 * policy). Checks: overrides name symbols of the wheel; a symbol does not set both reprice_steps and
 * adjust_price_after_delay = true; fill_timeout leaves time for every repricing step (steps × the longest delay).
 * @throws SchemaError at the key.
 */
function executionOf(config: MoneyTrailzConfig, id: string, names: readonly string[]): Pick<WheelConfig, 'execution'> {
  const o = config.orders;
  const overrides = o?.symbol_overrides ?? {};
  for (const sym of Object.keys(overrides)) {
    if (!names.includes(sym)) {
      throw new SchemaError(['orders', 'symbol_overrides', sym], `is not a symbol of the wheel (strategies.${id} trades ${names.join(', ')})`);
    }
  }
  const symbols = new Map<string, ExecutionLevel>();
  for (const name of names) {
    const own = overrides[name];
    const adjust = config.symbols[name]?.adjust_price_after_delay === true;
    if (adjust && own?.reprice_steps !== undefined) {
      const why = `[symbols.${name}] adjust_price_after_delay = true is thetagang's one half-way step (reprice_steps = 1)`;
      throw new SchemaError(['orders', 'symbol_overrides', name, 'reprice_steps'], `is set as well as ${why}: keep one of them`);
    }
    const level = defined({ ...executionLevelOf(own), repriceSteps: own?.reprice_steps ?? (adjust ? 1 : undefined) });
    if (Object.keys(level).length > 0) symbols.set(name, level);
  }
  const defaults = executionLevelOf(o);
  const sets = (l: ExecutionLevel | undefined) => l !== undefined && (l.buyPrice ?? l.sellPrice ?? l.fillTimeout ?? l.repriceSteps) !== undefined;
  if (!sets(defaults) && !names.some((n) => sets(symbols.get(n)))) return {};
  for (const name of names) {
    const p = resolveExecutionPolicy([symbols.get(name), defaults]);
    const span = p.repriceSteps * p.priceUpdateDelay[1];
    if (p.fillTimeout !== undefined && p.fillTimeout < span) {
      const path: KeyPath = symbols.get(name)?.fillTimeout !== undefined ? ['orders', 'symbol_overrides', name, 'fill_timeout'] : ['orders', 'fill_timeout'];
      const steps = `${p.repriceSteps} repricing step${p.repriceSteps === 1 ? '' : 's'}`;
      const taken = `${name}'s ${steps} of up to ${p.priceUpdateDelay[1]} s each (price_update_delay) are taken`;
      throw new SchemaError(path, `${p.fillTimeout} s ends before ${taken}: make it at least ${span}, or lower reprice_steps`);
    }
  }
  return { execution: { defaults, symbols } };
}
