// Which consumer reads which key of moneytrailz.toml. The schema accepts every key a consumer reads;
// a key written in a file must be read by something, or refused with a clear error — never validated
// and then silently ignored. A backtest (and a sweep) reads [data], [strategies] and [backtesting];
// the bridge reads [tws], [bridge] and [account] (a backtest leaves them to it); keys whose only
// reader is a feature that cannot run in a backtest (the wheel pass) are refused by a backtest; keys
// for what live wheel runs do not do yet (order routing, repricing) are the bridge's and refused by it
// like [account]; [exchange_hours] and account.market_data_type are read by the live run (bridge/cli/wheel-live.ts).
//
// | key                                              | read by                                                  |
// | ------------------------------------------------ | -------------------------------------------------------- |
// | account.margin_usage                             | the wheel pass (buying power); bridge, live account: not |
// |                                                  |   built yet, the bridge refuses it                       |
// | account.*                                        | bridge, live account: not built yet, the bridge refuses  |
// |                                                  |   them (a backtest leaves them to it)                     |
// | option_chains.*, orders.minimum_credit           | the wheel pass (scanner, minimum credit)                 |
// | orders.buy_price, sell_price,                    | the wheel pass (the execution policy's first limits)     |
// |   symbol_overrides.<SYM>.buy_price, sell_price   |                                                          |
// | orders.exchange, algo.*,                         | live wheel runs: not built yet, the bridge refuses them  |
// |   symbol_overrides.<SYM>.exchange, algo.*        |                                                          |
// | orders.fill_timeout, reprice_steps,              | the live wheel run's order loop (bridge/cli/wheel-live.ts)|
// |   price_update_delay (and per symbol),           |                                                          |
// |   symbols.<SYM>.adjust_price_after_delay         |                                                          |
// | exchange_hours.*                                 | the live wheel run: the exchange-hours gate (T33)        |
// | account.market_data_type                         | the live wheel run: its onboarding check                 |
// | tws.simulator, tws.port                          | bridge: the embedded simulator, or (false) TWS / IB      |
// |                                                  |   Gateway at host:port (bridge/ib/tws-connection.ts)     |
// | tws.client_id                                    | bridge: the TWS connection's client id                   |
// | tws.max_startup_retries                          | bridge: the TWS connection's start-up retry limit        |
// | tws.host                                         | bridge: TWS / IB Gateway's address, with simulator =     |
// |                                                  |   false only (refused with the embedded simulator)       |
// | bridge.*                                         | bridge: HTTP + WebSocket server                          |
// | guard.*                                          | bridge: the order guard's live limits (bridge/guard/)    |
// | data.csv, data.symbol, data.<SYM>.csv            | backtest job: the bars (shared/config/instances.ts)      |
// | symbols.<SYM>.weight                             | the wheel pass, rebalance and regime rebalance (target)  |
// | symbols.<SYM>.no_trading                         | the wheel pass and the regime rebalance                  |
// | symbols.<SYM>.volatility_weight.*                | the regime rebalance (volatility-weighted targets)       |
// | symbols.<SYM>.primary_exchange                   | live wheel runs: not built yet, the bridge refuses them  |
// | symbols.<SYM>.* (the rest), .puts.*, .calls.*    | the wheel pass (per-symbol overrides)                    |
// | strategies.<id>.enabled, strategy                | backtest job: which instances run, and what              |
// | strategies.<id>.type                             | config check: must be the strategy's own type            |
// | strategies.vix_call_hedge.allocation             | the wheel pass (the VIX hedge's VIXMO bands)             |
// | strategies.<id>.allocation, weight               | backtest job: the allocation rule (instances.ts)         |
// | strategies.<id>.symbols, timeframes              | backtest job → the engine's sleeves                      |
// | strategies.<id>.priority                         | engine: the coordinator's conflict rule                  |
// | strategies.<id>.min_confidence                   | engine: signals below it are ignored                     |
// | strategies.<id>.schedule, exchange,              | engine: when the instance decides (intraday data; a      |
// |   delay_after_open, delay_before_close,          |   daily run refuses them)                                |
// |   when_closed                                    |                                                          |
// | strategies.<id>.target, write_when, constants,   | the wheel pass (the wheel's tables, at any depth)        |
// |   roll_when, equity_rebalance (.*)               |                                                          |
// | strategies.<id>.primary_exchange, orders.*       | live wheel runs (cash management's fund orders): not     |
// |                                                  |   built yet, the bridge refuses them                     |
// | strategies.<id>.symbol_overrides.<SYM>.mode      | the rebalance strategy (one direction for a symbol)      |
// | strategies.<id>.equity_rebalance.*, ratio_gate.* | the regime rebalance too (its policy, its ratio gate)    |
// | strategies.<id>.<parameter>                      | the strategy (shared/strategies/registry.ts; the wheel   |
// |                                                  |   pass for vix_call_hedge and cash_management)           |
// | backtesting.enabled                              | backtest/sweep CLIs: false refuses to run                |
// | backtesting.start_date, end_date                 | backtest job: cuts the bars                              |
// | backtesting.initial_capital                      | engine                                                   |
// | backtesting.benchmark                            | results: buy & hold and beta of the portfolio            |
// | backtesting.execution.commission, _per_share,    | engine costs, with commission_preset = "none" only       |
// |   _min                                           |                                                          |
// | backtesting.execution.* (the rest)               | engine: fills, costs, sizing, finalize_trades            |
// | backtesting.risk.*                               | engine: the risk gate                                    |
//
// Keys of an instance with `enabled = false` are read by nothing, by the user's choice.
import { isTable, type KeyPath } from './schema.ts';
import { formatKeyPath } from './toml-key-lines.ts';
import type { StrategyName } from './strategy-params.ts';

/** Who reads a key. */
export type Consumer = 'bridge' | 'backtest' | 'engine' | 'strategy' | 'config';

export interface KeyReader {
  /** A key pattern: `*` matches any one segment (a ticker, an instance id, a parameter name); a final `**` one or more (a table's keys at any depth). */
  readonly key: string;
  readonly consumer: Consumer;
  /** What reads it, in words. */
  readonly reader: string;
  /** Read only by a running instance of one of these strategies (a backtest refuses it otherwise). */
  readonly onlyBy?: readonly StrategyName[];
  /** Its reader is not built yet: what would read it (its consumer refuses it until then). */
  readonly notYet?: string;
}

const WHEELS: readonly StrategyName[] = ['wheel', 'enhanced_wheel'];
const LIVE_ACCOUNT = 'live trading through TWS / IB Gateway, which the bridge cannot do yet (it runs on the embedded simulator)';
const LIVE_WHEEL = "order routing of live wheel runs (exchanges, algos), which does not exist yet (neither the dry run nor the --live run uses it)";
const wheelPass = (key: string, what: string): KeyReader => ({ key, consumer: 'strategy', reader: `the wheel pass (${what})`, onlyBy: WHEELS });
const liveWheel = (key: string, what: string): KeyReader => ({ key, consumer: 'bridge', reader: `live wheel runs (${what})`, notYet: LIVE_WHEEL });
/** Read by the live run's order loop (bridge/cli/wheel-live.ts, wheel-rules.md §2.5.1): the bridge's file may hold them. */
const orderLoop = (key: string, what: string): KeyReader => ({ key, consumer: 'bridge', reader: `the live wheel run's order loop (${what})` });

/** The table above, first match wins. */
export const KEY_READERS: readonly KeyReader[] = [
  { key: 'account.margin_usage', consumer: 'bridge', reader: 'the wheel pass (buying power = net liquidation × margin_usage) and the bridge (live account)', notYet: LIVE_ACCOUNT },
  { key: 'account.market_data_type', consumer: 'bridge', reader: "the live wheel run's onboarding check (the market data type it expects)" },
  { key: 'account.*', consumer: 'bridge', reader: 'the bridge (live account)', notYet: LIVE_ACCOUNT },
  wheelPass('option_chains.*', 'how many expirations and strikes the chain scanner looks at'),
  wheelPass('orders.minimum_credit', 'the lowest option price written, and the credit of credit-only rolls'),
  liveWheel('orders.exchange', 'the routing exchange of orders'),
  orderLoop('orders.price_update_delay', 'when unfilled orders are repriced'),
  wheelPass('orders.buy_price', "where a BUY's first limit is set (execution policy)"),
  wheelPass('orders.sell_price', "where a SELL's first limit is set (execution policy)"),
  wheelPass('orders.symbol_overrides.*.buy_price', "a symbol's BUY limit (execution policy)"),
  wheelPass('orders.symbol_overrides.*.sell_price', "a symbol's SELL limit (execution policy)"),
  orderLoop('orders.fill_timeout', 'how long an order works before its rest is cancelled'),
  orderLoop('orders.reprice_steps', 'how many times an unfilled order is repriced toward the midpoint'),
  orderLoop('orders.symbol_overrides.*.fill_timeout', "a symbol's fill timeout"),
  orderLoop('orders.symbol_overrides.*.reprice_steps', "a symbol's repricing steps"),
  orderLoop('orders.symbol_overrides.*.price_update_delay', "a symbol's repricing delay"),
  liveWheel('orders.algo.*', "IBKR's algo for single-leg orders"),
  { key: 'exchange_hours.*', consumer: 'bridge', reader: 'the live wheel run (npm run wheel -- --live: the exchange-hours gate before a --submit)' },
  { key: 'tws.simulator', consumer: 'bridge', reader: 'the bridge (embedded simulator, or a TWS connection)' },
  { key: 'tws.port', consumer: 'bridge', reader: "the bridge (the embedded simulator's port, or TWS's)" },
  { key: 'tws.client_id', consumer: 'bridge', reader: "the bridge (the TWS connection's client id)" },
  { key: 'tws.max_startup_retries', consumer: 'bridge', reader: "the bridge (the TWS connection's start-up retry limit)" },
  { key: 'tws.host', consumer: 'bridge', reader: "the bridge (TWS / IB Gateway's address, with simulator = false)" },
  { key: 'bridge.*', consumer: 'bridge', reader: 'the bridge (HTTP + WebSocket server)' },
  { key: 'guard.*', consumer: 'bridge', reader: "the bridge (the order guard's live limits)" },
  { key: 'data.csv', consumer: 'backtest', reader: 'the backtest job (the bars)' },
  { key: 'data.symbol', consumer: 'backtest', reader: 'the backtest job (the bars)' },
  { key: 'data.*.csv', consumer: 'backtest', reader: 'the backtest job (the bars)' },
  {
    key: 'symbols.*.weight',
    consumer: 'strategy',
    reader: 'the wheel, rebalance and regime rebalance strategies (target weight)',
    onlyBy: [...WHEELS, 'rebalance', 'regime_rebalance'],
  },
  liveWheel('symbols.*.primary_exchange', "the stock's primary exchange, for ambiguous contracts"),
  orderLoop('symbols.*.adjust_price_after_delay', "repricing the symbol's unfilled orders: one half-way step"),
  wheelPass('symbols.*.delta', 'target delta'),
  wheelPass('symbols.*.dte', 'target DTE'),
  wheelPass('symbols.*.max_dte', 'maximum DTE'),
  wheelPass('symbols.*.write_threshold', 'daily-move write threshold'),
  wheelPass('symbols.*.write_threshold_sigma', 'daily-move write threshold in σ'),
  wheelPass('symbols.*.close_if_unable_to_roll', 'closing what cannot be rolled'),
  wheelPass('symbols.*.exit', 'exit mode: roll, close, roll_or_close or wind_down'),
  { key: 'symbols.*.no_trading', consumer: 'strategy', reader: 'the wheel pass and the regime rebalance (no trades)', onlyBy: [...WHEELS, 'regime_rebalance'] },
  { key: 'symbols.*.volatility_weight.*', consumer: 'strategy', reader: 'the regime rebalance (volatility-weighted targets)', onlyBy: ['regime_rebalance'] },
  wheelPass('symbols.*.puts.**', 'put overrides'),
  wheelPass('symbols.*.calls.**', 'call overrides'),
  { key: 'strategies.*.enabled', consumer: 'backtest', reader: 'the backtest job (which instances run)' },
  { key: 'strategies.*.strategy', consumer: 'backtest', reader: 'the backtest job (which strategy an instance runs)' },
  { key: 'strategies.*.type', consumer: 'config', reader: "the config check (must be the strategy's own type)" },
  { key: 'strategies.vix_call_hedge.allocation', consumer: 'strategy', reader: "the wheel pass (the VIX call hedge's VIXMO bands)", onlyBy: ['vix_call_hedge'] },
  { key: 'strategies.*.allocation', consumer: 'backtest', reader: 'the backtest job (allocation rule)' },
  { key: 'strategies.*.weight', consumer: 'backtest', reader: 'the backtest job (allocation rule)' },
  { key: 'strategies.*.symbols', consumer: 'backtest', reader: "the backtest job (the sleeve's symbols)" },
  { key: 'strategies.*.timeframes', consumer: 'backtest', reader: "the backtest job (the sleeve's timeframes)" },
  { key: 'strategies.*.priority', consumer: 'engine', reader: "the engine's coordinator (conflicts)" },
  { key: 'strategies.*.min_confidence', consumer: 'engine', reader: 'the engine (signals below it are ignored)' },
  { key: 'strategies.*.schedule', consumer: 'engine', reader: 'the engine (decision times of each session)' },
  { key: 'strategies.*.exchange', consumer: 'engine', reader: "the engine (the schedule's calendar)" },
  { key: 'strategies.*.delay_after_open', consumer: 'engine', reader: 'the engine (market-hours window)' },
  { key: 'strategies.*.delay_before_close', consumer: 'engine', reader: 'the engine (market-hours window)' },
  { key: 'strategies.*.when_closed', consumer: 'engine', reader: 'the engine (market-hours window)' },
  wheelPass('strategies.*.target.**', 'which contracts to write'),
  wheelPass('strategies.*.write_when.**', 'when to write'),
  wheelPass('strategies.*.constants.**', 'daily-move write threshold'),
  wheelPass('strategies.*.roll_when.**', 'rolls and closes'),
  {
    key: 'strategies.*.equity_rebalance.**',
    consumer: 'strategy',
    reader: "the wheel pass and the regime rebalance (each symbol's rebalancing policy)",
    onlyBy: [...WHEELS, 'regime_rebalance'],
  },
  { key: 'strategies.*.ratio_gate.*', consumer: 'strategy', reader: 'the regime rebalance (the ratio gate)', onlyBy: ['regime_rebalance'] },
  liveWheel('strategies.*.primary_exchange', "the cash fund's primary exchange"),
  liveWheel('strategies.*.orders.**', "routing and algo of the cash fund's orders"),
  { key: 'strategies.*.symbol_overrides.*.mode', consumer: 'strategy', reader: 'the rebalance strategy (a symbol it only buys or only sells)', onlyBy: ['rebalance'] },
  { key: 'strategies.*.*', consumer: 'strategy', reader: 'the strategy (its parameters)' },
  { key: 'backtesting.enabled', consumer: 'backtest', reader: 'the backtest and sweep CLIs (false refuses to run)' },
  { key: 'backtesting.start_date', consumer: 'backtest', reader: 'the backtest job (cuts the bars)' },
  { key: 'backtesting.end_date', consumer: 'backtest', reader: 'the backtest job (cuts the bars)' },
  { key: 'backtesting.initial_capital', consumer: 'engine', reader: 'the engine' },
  { key: 'backtesting.benchmark', consumer: 'backtest', reader: 'the results (buy & hold and beta)' },
  { key: 'backtesting.execution.*', consumer: 'engine', reader: 'the engine (fills, costs, sizing)' },
  { key: 'backtesting.risk.*', consumer: 'engine', reader: 'the engine (risk gate)' },
];

/** The row for a key path, or undefined when no consumer reads it. */
export function readerOf(path: KeyPath): KeyReader | undefined {
  const text = path.map(String);
  return KEY_READERS.find((r) => {
    const pattern = r.key.split('.');
    if (pattern.at(-1) === '**') return text.length >= pattern.length && pattern.slice(0, -1).every((p, i) => p === '*' || p === text[i]);
    return pattern.length === text.length && pattern.every((p, i) => p === '*' || p === text[i]);
  });
}

/** Every key a TOML document sets (leaves: values that are not tables; arrays are leaves). */
export function writtenKeys(doc: unknown, prefix: string[] = []): string[][] {
  if (!isTable(doc)) return prefix.length > 0 ? [prefix] : [];
  const out: string[][] = [];
  for (const [k, v] of Object.entries(doc)) {
    if (isTable(v)) out.push(...writtenKeys(v, [...prefix, k]));
    else out.push([...prefix, k]);
  }
  return out;
}

export interface BacktestKeyContext {
  /** Strategies the enabled instances run (all runnable), with the symbols they trade. */
  readonly running: ReadonlyMap<string, ReadonlySet<string>>;
  /** Strategies the engine can run today. */
  readonly runnable: readonly string[];
  /** Ids of instances with enabled = false (their keys are ignored by choice). */
  readonly disabled: ReadonlySet<string>;
  readonly commissionPreset: string;
}

const list = (names: readonly string[]) => (names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);

/**
 * The first key of `doc` (the TOML document as written) that nothing in a backtest reads although the
 * backtest is its only possible reader, or undefined when every key is read (or left to the bridge).
 */
export function backtestKeyProblem(doc: Record<string, unknown>, ctx: BacktestKeyContext): { path: KeyPath; problem: string } | undefined {
  for (const path of writtenKeys(doc)) {
    if (path[0] === 'strategies' && ctx.disabled.has(path[1])) continue;
    const row = readerOf(path);
    if (!row) return { path, problem: 'is read by nothing (no consumer of moneytrailz.toml knows this key)' };
    // A [symbols.<SYM>] key is read by an instance of one of its strategies that trades SYM.
    const readsIt = (s: string) => ctx.running.get(s)?.has(path[1]) === true || (path[0] !== 'symbols' && ctx.running.has(s));
    if (row.onlyBy && !row.onlyBy.some(readsIt)) {
      const runnable = row.onlyBy.filter((s) => ctx.runnable.includes(s));
      const trades = path[0] === 'symbols' ? ` trading ${path[1]}` : '';
      const why =
        runnable.length === 0
          ? `which cannot run in a backtest yet (runnable: ${ctx.runnable.join(', ')})`
          : `and no enabled instance of ${list(runnable)}${trades} runs in this backtest`;
      return { path, problem: `is read only by ${row.reader.replace(/ \(.*\)$/, '')}, ${why}: remove it (or comment it out) to backtest this file` };
    }
    const key = formatKeyPath(path);
    if (ctx.commissionPreset !== 'none' && /^backtesting\.execution\.commission(_per_share|_min)?$/.test(key)) {
      return { path, problem: `is not used with commission_preset = "${ctx.commissionPreset}" (IBKR's schedule sets the commission): remove it, or set commission_preset = "none"` };
    }
  }
  return undefined;
}

/**
 * The first key of `doc` the bridge should act on but cannot yet (a live account), or `tws.host` with
 * the embedded simulator (which listens on 127.0.0.1, so the host would be ignored): the bridge
 * refuses to start rather than run as if they were not written.
 */
export function bridgeKeyProblem(doc: Record<string, unknown>): { path: KeyPath; problem: string } | undefined {
  for (const path of writtenKeys(doc)) {
    const row = readerOf(path);
    if (row?.consumer !== 'bridge') continue;
    if (row.notYet) return { path, problem: `is for ${row.notYet}: remove it (or comment it out) to start` };
    const tws = isTable(doc.tws) ? doc.tws : undefined;
    if (formatKeyPath(path) === 'tws.host' && tws?.simulator !== false) {
      return { path, problem: "is TWS / IB Gateway's address, used only with simulator = false (the embedded simulator listens on 127.0.0.1): remove it, or set simulator = false to connect to TWS" };
    }
  }
  return undefined;
}
