// The wheel's tables in moneytrailz.toml (docs/wheel-rules.md §6.1, the keys and defaults of §1): thetagang's
// key names and ranges in the shape of our file — [option_chains], [orders], [exchange_hours], the wheel's
// keys of [symbols.<SYM>], the tables of [strategies.wheel] (target, write_when, constants, roll_when,
// equity_rebalance), [strategies.vix_call_hedge] and [strategies.cash_management]. Every key is optional
// here; the defaults are thetagang's, applied once by wheelConfigOf (shared/strategies/wheel/from-config.ts).
// Keys our file used before (put_delta, target_dte, …) are refused with the key to write instead.
import {
  anyOf,
  arrayOf,
  boolean,
  describeValue,
  integer,
  number,
  object,
  oneOf,
  optional,
  record,
  renamedTo,
  SchemaError,
  string,
  withRenamedKeys,
  type KeyPath,
  type RenamedKeys,
  type Schema,
} from './schema.ts';
import { level, openUnit, TICKER, ticker, unit } from './fields.ts';
import { formatKeyPath } from './toml-key-lines.ts';
import { VOLATILITY_WEIGHT_SCHEMA } from './regime-tables.ts';

/** A non-empty string (an exchange, an algo name). */
const name = (): Schema<string> => string({ re: /\S/, what: 'a non-empty string' });

/** `[<path>]`, as a table header is written. */
const header = (path: KeyPath): string => `[${formatKeyPath(path)}]`;

/** `algo.params`: at most one tag/value pair, e.g. `[["adaptivePriority", "Patient"]]` (IBKR takes one). */
const algoParams: Schema<[string, string][]> = {
  expected: 'an array of at most one [tag, value] pair of strings',
  parse(value, path) {
    const fail = (at: KeyPath, found: unknown): never => {
      throw new SchemaError(at, `must be an array of at most one [tag, value] pair of strings, e.g. [["adaptivePriority", "Patient"]], got ${describeValue(found)}`);
    };
    if (!Array.isArray(value) || value.length > 1) return fail(path, value);
    return value.map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return fail([...path, i], pair);
      return [pair[0], pair[1]] as [string, string];
    });
  },
};

/** `algo`: IBKR's algo for single-leg orders (`strategy` e.g. "Adaptive", and its `params`). */
const algoSchema = object({ strategy: optional(name()), params: optional(algoParams) });

/** `price_update_delay`: the [min, max] seconds to wait before repricing, min ≤ max. */
const priceUpdateDelay: Schema<[number, number]> = {
  expected: 'two whole numbers of seconds [min, max]',
  parse(value, path) {
    const delay = arrayOf(integer({ gte: 0 })).parse(value, path);
    if (delay.length !== 2) throw new SchemaError(path, `must be two whole numbers of seconds [min, max], e.g. [30, 60], got ${delay.length} value(s)`);
    if (delay[0] > delay[1]) throw new SchemaError(path, `min (${delay[0]}) must not be above max (${delay[1]})`);
    return [delay[0], delay[1]];
  },
};

/** `[option_chains]` (§1.3): how many expirations and strikes the chain scanner looks at. */
export const optionChainsSchema = object({
  expirations: optional(integer({ gte: 1 })),
  strikes: optional(integer({ gte: 1 })),
});

// ---- execution policy (wheel-rules.md §2.5.1) ----
/** Where an order's first limit is set: thetagang's rule (§2.5), the contract's price, or a side of its quote. */
export const ORDER_PRICES = ['model', 'mid', 'bid', 'ask'] as const;
/** …or a point between the midpoint (0) and the touch (1). */
const orderPrice = anyOf<(typeof ORDER_PRICES)[number] | number>(oneOf(ORDER_PRICES), number({ gte: 0, lte: 1 }));

/** The execution-policy keys of `[orders]` and of `[orders.symbol_overrides.<SYM>]` (seconds; a session is 23,400 s). */
const executionShape = {
  buy_price: optional(orderPrice),
  sell_price: optional(orderPrice),
  fill_timeout: optional(integer({ gte: 1, lte: 23_400 })),
  reprice_steps: optional(integer({ gte: 0, lte: 10 })),
};
// ---- end execution policy ----

/** `[orders]`: routing, the minimum credit (§1.11, §2.4), the execution policy (§2.5.1) and the algo of live orders. */
export const ordersSchema = object({
  exchange: optional(name()),
  minimum_credit: optional(number({ gte: 0 })),
  price_update_delay: optional(priceUpdateDelay),
  algo: optional(algoSchema),
  ...executionShape,
  symbol_overrides: optional(record(TICKER, object({ ...executionShape, price_update_delay: optional(priceUpdateDelay) }))),
});

/** `[exchange_hours]`: the exchange-hours gate before a live run (delays in seconds). */
export const exchangeHoursSchema = object({
  exchange: optional(oneOf(['XNYS', 'XNAS', 'XCBO'])),
  action_when_closed: optional(oneOf(['exit', 'wait', 'continue'])),
  delay_after_open: optional(integer({ gte: 0 })),
  delay_before_close: optional(integer({ gte: 0 })),
  max_wait_until_open: optional(integer({ gte: 0 })),
});

// ---- technical filters (wheel-rules.md §2.11) ----
/** `false`: a filter turned off at this level (a less specific level may set it). */
const off: Schema<false> = {
  expected: 'false (off)',
  parse(value, path) {
    if (value !== false) throw new SchemaError(path, `must be false (off), got ${describeValue(value)}`);
    return false;
  },
};

/** The technical-filter keys of `write_when.<right>` (the wheel's and a symbol's): RSI levels, SMA / EMA periods in days. */
export const FILTER_KEYS = {
  rsi_period: optional(integer({ gte: 2, lte: 100 })),
  rsi_below: optional(anyOf<number | false>(level(), off)),
  rsi_above: optional(anyOf<number | false>(level(), off)),
  above_sma: optional(anyOf<number | false>(integer({ gte: 2, lte: 400 }), off)),
  below_sma: optional(anyOf<number | false>(integer({ gte: 2, lte: 400 }), off)),
  above_ema: optional(anyOf<number | false>(integer({ gte: 2, lte: 400 }), off)),
  below_ema: optional(anyOf<number | false>(integer({ gte: 2, lte: 400 }), off)),
};
// ---- end technical filters ----

const writeWhenRight = () => object({ green: optional(boolean()), red: optional(boolean()), ...FILTER_KEYS });

// ---- roll policy and exit mode (wheel-rules.md §2.6.1, §2.6.2) ----
/** How a roll picks its new contract: thetagang's old-strike bounds, or the target delta like a new write (§2.6.1). */
export const ROLL_POLICIES = ['keep_strike', 'retarget_delta'] as const;
/** What happens to a symbol's shorts that are due for a roll (§2.6.2). */
export const EXIT_MODES = ['roll', 'close', 'roll_or_close', 'wind_down'] as const;
// ---- end roll policy and exit mode ----

/** `[symbols.<SYM>.puts]` keys (§1.7). */
const symbolRightShape = {
  delta: optional(openUnit()),
  strike_limit: optional(number({ gt: 0 })),
  write_threshold: optional(unit()),
  write_threshold_sigma: optional(number({ gt: 0 })),
  write_when: optional(writeWhenRight()),
  roll_policy: optional(oneOf(ROLL_POLICIES)),
};

/** `[symbols.<SYM>.calls]` adds the covered-call caps and size thresholds (§1.7, §1.9). */
const symbolCallsShape = {
  ...symbolRightShape,
  cap_factor: optional(unit()),
  cap_target_floor: optional(unit()),
  excess_only: optional(boolean()),
  maintain_high_water_mark: optional(boolean()),
  min_threshold_percent: optional(unit()),
  min_threshold_percent_relative: optional(unit()),
};

const symbolOf = (table: KeyPath) => String(table[1]);
const overrideOf = (table: KeyPath) => header(['strategies', 'wheel', 'equity_rebalance', 'symbol_overrides', symbolOf(table)]);
const rebalanceOverrideOf = (table: KeyPath) => header(['strategies', 'rebalance', 'symbol_overrides', symbolOf(table)]);
const legacyThreshold = (oldKey: string, key: string) => (t: KeyPath) => renamedTo(oldKey, `${overrideOf(t)} ${key}`);

/** Keys `[symbols.<SYM>]` had before the wheel's tables, and thetagang's legacy ones (§1.7). */
const SYMBOL_RENAMED: RenamedKeys = {
  put_delta: (t) => renamedTo('put_delta', `${header([...t, 'puts'])} delta`),
  call_delta: (t) => renamedTo('call_delta', `${header([...t, 'calls'])} delta`),
  strike_limit: (t) => renamedTo('strike_limit', `${header([...t, 'puts'])} strike_limit (the highest put strike) or ${header([...t, 'calls'])} strike_limit (the lowest call strike)`),
  buy_only_rebalancing: (t) =>
    renamedTo('buy_only_rebalancing', `${overrideOf(t)} mode = "buy_only" (the wheel) or ${rebalanceOverrideOf(t)} mode = "buy_only" (the rebalance strategy)`),
  sell_only_rebalancing: (t) =>
    renamedTo('sell_only_rebalancing', `${overrideOf(t)} mode = "sell_only" (the wheel) or ${rebalanceOverrideOf(t)} mode = "sell_only" (the rebalance strategy)`),
  buy_only_min_threshold_shares: legacyThreshold('buy_only_min_threshold_shares', 'min_threshold_shares'),
  buy_only_min_threshold_amount: legacyThreshold('buy_only_min_threshold_amount', 'min_threshold_amount'),
  buy_only_min_threshold_percent: legacyThreshold('buy_only_min_threshold_percent', 'min_threshold_percent'),
  buy_only_min_threshold_percent_relative: legacyThreshold('buy_only_min_threshold_percent_relative', 'min_threshold_percent_relative'),
  sell_only_min_threshold_shares: legacyThreshold('sell_only_min_threshold_shares', 'min_threshold_shares'),
  sell_only_min_threshold_amount: legacyThreshold('sell_only_min_threshold_amount', 'min_threshold_amount'),
  sell_only_min_threshold_percent: legacyThreshold('sell_only_min_threshold_percent', 'min_threshold_percent'),
  sell_only_min_threshold_percent_relative: legacyThreshold('sell_only_min_threshold_percent_relative', 'min_threshold_percent_relative'),
  write_calls_only_min_threshold_percent: (t) => renamedTo('write_calls_only_min_threshold_percent', `${header([...t, 'calls'])} min_threshold_percent`),
  write_calls_only_min_threshold_percent_relative: (t) =>
    renamedTo('write_calls_only_min_threshold_percent_relative', `${header([...t, 'calls'])} min_threshold_percent_relative`),
  parts: () => 'parts (thetagang v1) is not a key: give each symbol its weight, parts / total parts (the weights sum to 1)',
};

/** `[symbols.<SYM>]`: the target weight (the wheel, the rebalance strategy) and the wheel's per-symbol keys (§1.7). */
export const symbolSchema = withRenamedKeys(
  object({
    weight: optional(unit()),
    primary_exchange: optional(name()),
    delta: optional(openUnit()),
    dte: optional(integer({ gte: 0 })),
    max_dte: optional(integer({ gte: 1 })),
    write_threshold: optional(unit()),
    write_threshold_sigma: optional(number({ gt: 0 })),
    close_if_unable_to_roll: optional(boolean()),
    adjust_price_after_delay: optional(boolean()),
    no_trading: optional(boolean()),
    puts: optional(object(symbolRightShape)),
    calls: optional(object(symbolCallsShape)),
    /** The regime rebalance's volatility weighting of the symbol's target (docs/regime-rebalance.md §1.2). */
    volatility_weight: optional(VOLATILITY_WEIGHT_SCHEMA),
    exit: optional(oneOf(EXIT_MODES)),
  }),
  SYMBOL_RENAMED,
);

const rightDelta = () => object({ delta: optional(openUnit()) });

/** `[strategies.wheel.target]` (§1.8). */
const targetSchema = withRenamedKeys(
  object({
    dte: optional(integer({ gte: 0 })),
    max_dte: optional(integer({ gte: 1 })),
    delta: optional(openUnit()),
    puts: optional(rightDelta()),
    calls: optional(rightDelta()),
    minimum_open_interest: optional(integer({ gte: 0 })),
    maximum_new_contracts_percent: optional(unit()),
  }),
  {
    maximum_new_contracts: () =>
      'maximum_new_contracts is not read (thetagang ignores it too, wheel-rules.md §4): the cap on new contracts per run is maximum_new_contracts_percent',
  },
);

/** `[strategies.wheel.write_when]` (§1.9). */
const writeWhenSchema = object({
  calculate_net_contracts: optional(boolean()),
  puts: optional(writeWhenRight()),
  calls: optional(
    object({
      green: optional(boolean()),
      red: optional(boolean()),
      ...FILTER_KEYS,
      cap_factor: optional(unit()),
      cap_target_floor: optional(unit()),
      excess_only: optional(boolean()),
      min_threshold_percent: optional(unit()),
      min_threshold_percent_relative: optional(unit()),
    }),
  ),
});

/** `daily_stddev_window`: an IBKR duration in days, "N D". */
export const DAILY_STDDEV_WINDOW = { re: /^([1-9][0-9]{0,2}) D$/, what: 'an IBKR duration in days "N D" with N in [2, 365], e.g. "30 D"' } as const;

/** The days of a `daily_stddev_window` ("30 D" → 30), or undefined when it is not "N D" with N in [2, 365]. */
export function stddevWindowDays(text: string): number | undefined {
  const m = DAILY_STDDEV_WINDOW.re.exec(text);
  const days = m ? Number(m[1]) : NaN;
  return days >= 2 && days <= 365 ? days : undefined;
}

const stddevWindow: Schema<string> = {
  expected: DAILY_STDDEV_WINDOW.what,
  parse(value, path) {
    if (typeof value === 'string' && stddevWindowDays(value) !== undefined) return value;
    throw new SchemaError(path, `must be ${DAILY_STDDEV_WINDOW.what}, got ${describeValue(value)}`);
  },
};

const thresholdShape = { write_threshold: optional(unit()), write_threshold_sigma: optional(number({ gte: 0 })) };

/** `[strategies.wheel.constants]` (§1.10). */
const constantsSchema = object({
  ...thresholdShape,
  daily_stddev_window: optional(stddevWindow),
  puts: optional(object(thresholdShape)),
  calls: optional(object(thresholdShape)),
});

const rollRightShape = {
  itm: optional(boolean()),
  always_when_itm: optional(boolean()),
  credit_only: optional(boolean()),
  has_excess: optional(boolean()),
  policy: optional(oneOf(ROLL_POLICIES)),
};

/** `[strategies.wheel.roll_when]` (§1.11). */
const rollWhenSchema = object({
  dte: optional(integer({ gte: 0 })),
  pnl: optional(unit()),
  min_pnl: optional(number()),
  close_at_pnl: optional(number()),
  close_if_unable_to_roll: optional(boolean()),
  max_dte: optional(integer({ gte: 1 })),
  puts: optional(object(rollRightShape)),
  calls: optional(object({ ...rollRightShape, maintain_high_water_mark: optional(boolean()) })),
});

/** The rebalancing modes of §1.12. */
export const EQUITY_REBALANCE_MODES = ['off', 'buy_only', 'sell_only', 'both'] as const;

const rebalancePolicy = () =>
  object({
    mode: optional(oneOf(EQUITY_REBALANCE_MODES)),
    min_threshold_shares: optional(integer({ gte: 1 })),
    min_threshold_amount: optional(number({ gte: 0 })),
    min_threshold_percent: optional(unit()),
    min_threshold_percent_relative: optional(unit()),
  });

/** `[strategies.wheel.equity_rebalance]` (§1.12): `defaults` and `symbol_overrides.<SYM>`. */
const equityRebalanceSchema = object({
  defaults: optional(rebalancePolicy()),
  symbol_overrides: optional(record(TICKER, rebalancePolicy())),
});

/** The wheel's own keys of `[strategies.wheel]` (also enhanced_wheel's). */
export const WHEEL_TABLES = {
  target: optional(targetSchema),
  write_when: optional(writeWhenSchema),
  constants: optional(constantsSchema),
  roll_when: optional(rollWhenSchema),
  equity_rebalance: optional(equityRebalanceSchema),
};

const wheelKey = (oldKey: string, table: readonly string[], key: string) => (t: KeyPath) => renamedTo(oldKey, `${header([...t, ...table])} ${key}`);

/** The wheel's flat keys of before, and thetagang v2's wrappers (`defaults`, `symbol_overrides`, `risk`). */
export const WHEEL_RENAMED: RenamedKeys = {
  delta: wheelKey('delta', ['target'], 'delta'),
  target_dte: wheelKey('target_dte', ['target'], 'dte'),
  max_dte: wheelKey('max_dte', ['target'], 'max_dte'),
  min_open_interest: wheelKey('min_open_interest', ['target'], 'minimum_open_interest'),
  roll_dte: wheelKey('roll_dte', ['roll_when'], 'dte'),
  roll_pnl: wheelKey('roll_pnl', ['roll_when'], 'pnl'),
  write_when_green: (t) => renamedTo('write_when_green', `${header([...t, 'write_when', 'puts'])} green and ${header([...t, 'write_when', 'calls'])} green`),
  write_when_red: (t) => renamedTo('write_when_red', `${header([...t, 'write_when', 'puts'])} red and ${header([...t, 'write_when', 'calls'])} red`),
  write_calls_only_min_threshold_percent: wheelKey('write_calls_only_min_threshold_percent', ['write_when', 'calls'], 'min_threshold_percent'),
  write_calls_only_min_threshold_percent_relative: wheelKey('write_calls_only_min_threshold_percent_relative', ['write_when', 'calls'], 'min_threshold_percent_relative'),
  defaults: (t) =>
    `thetagang's [strategies.wheel.defaults.*] tables are ${header(t).slice(0, -1)}.*] here (no defaults level): e.g. ${header([...t, 'target'])}, ${header([...t, 'roll_when'])}`,
  symbol_overrides: () => "thetagang's wheel symbol_overrides are per-symbol keys here: [symbols.<SYM>.calls] min_threshold_percent / min_threshold_percent_relative",
  risk: () => "the wheel's margin usage is [account] margin_usage here (one account, one margin_usage)",
};

/** One `[[strategies.vix_call_hedge.allocation]]` band: `weight` × net liquidation when lower_bound ≤ VIXMO < upper_bound. */
const vixBandSchema = object({
  lower_bound: optional(number({ gte: 0 })),
  upper_bound: optional(number({ gte: 0 })),
  weight: unit(),
});

/** `[strategies.vix_call_hedge]` (§1.13); `allocation` is thetagang's list of VIXMO bands (it replaces the capital share of other instances). */
export const VIX_CALL_HEDGE_PARAMS = {
  delta: optional(openUnit()),
  target_dte: optional(integer({ gte: 1 })),
  max_dte: optional(integer({ gte: 1 })),
  ignore_dte: optional(integer({ gte: 0 })),
  close_hedges_when_vix_exceeds: optional(number({ gte: 0 })),
  allocation: optional(arrayOf(vixBandSchema)),
};

const vixKey = (oldKey: string, key: string) => () => renamedTo(oldKey, `[strategies.vix_call_hedge] ${key}`);

/** The original README's VIX-hedge keys that `[strategies.vix_call_hedge]` names differently. */
export const VIX_CALL_HEDGE_RENAMED: RenamedKeys = {
  call_delta: vixKey('call_delta', 'delta'),
  close_above_vix: vixKey('close_above_vix', 'close_hedges_when_vix_exceeds'),
  buy_above_vix: vixKey('buy_above_vix', 'allocation bands ([[strategies.vix_call_hedge.allocation]] lower_bound, upper_bound, weight)'),
};

/** `[strategies.vix_hedge]` (the original README's name) keeps only the common keys: its parameters moved to `[strategies.vix_call_hedge]`. */
export const VIX_HEDGE_RENAMED: RenamedKeys = { ...VIX_CALL_HEDGE_RENAMED, target_dte: vixKey('target_dte', 'target_dte') };

/** `[strategies.cash_management]` (§1.13). */
export const CASH_MANAGEMENT_PARAMS = {
  cash_fund: optional(ticker()),
  primary_exchange: optional(name()),
  target_cash_balance: optional(number({ gte: 0 })),
  buy_threshold: optional(number({ gte: 0 })),
  sell_threshold: optional(number({ gte: 0 })),
  orders: optional(object({ exchange: optional(name()), algo: optional(algoSchema) })),
};

/** `[strategies.rebalance.symbol_overrides.<SYM>] mode`: a symbol the rebalance strategy only buys or only sells. */
export const REBALANCE_SYMBOL_OVERRIDES = optional(record(TICKER, object({ mode: oneOf(['buy_only', 'sell_only']) })));
