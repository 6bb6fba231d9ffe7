// Which consumer reads which key: every key the schema accepts has a reader, and a backtest refuses
// keys whose only reader cannot run (or does not run in it), keeping the bridge's keys for the bridge.
// Also: the registry takes every parameter default from the one schema table.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { backtestKeyProblem, bridgeKeyProblem, KEY_READERS, parseConfig, readerOf, STRATEGY_NAMES, STRATEGY_PARAMS, writtenKeys, type BacktestKeyContext } from '../../../shared/config/index.ts';
import { object } from '../../../shared/config/schema.ts';
import { createStrategy, RUNNABLE_STRATEGIES, strategyParams, strategyScope } from '../../../shared/strategies/registry.ts';
import { FILE, readRepoFile, toml } from './helpers.ts';

/** Every key every section accepts (as in the examples test), plus the new instance keys. */
const EVERY_KEY = `[account]
number = "DU123"
margin_usage = 4
cancel_orders = true
market_data_type = 4
[tws]
host = "localhost"
port = 65535
client_id = 2147483647
simulator = false
[bridge]
host = "0.0.0.0"
port = 1
[data.SPY]
csv = "SPY_1d.csv"
[symbols.SPY]
weight = 0.5
delta = 0.5
[symbols.SPY.puts]
delta = 0.1
strike_limit = 0.01
[strategies.spy_trend]
strategy = "sma_cross"
enabled = true
type = "stocks"
allocation = 0.5
timeframes = ["1D"]
symbols = ["SPY"]
priority = 0
min_confidence = 0.2
fast = 5
slow = 20
direction = "long_only"
[strategies.rebalance]
weight = 1
mode = "band"
band = 0.05
frequency = "monthly"
[strategies.rebalance.symbol_overrides.SPY]
mode = "buy_only"
[backtesting]
enabled = true
start_date = 2005-01-03
end_date = 2006-01-03
initial_capital = 1000
benchmark = "SPY"
[backtesting.execution]
commission = 0.001
commission_per_share = 0.005
commission_min = 1
commission_preset = "none"
spread = 0
slippage = 0
market_impact = 0
fill = "close"
size_fraction = 100
finalize_trades = false
[backtesting.risk]
max_drawdown = 0.5
position_size_limit = 0.5
`;

const ctx = (over: Partial<BacktestKeyContext> = {}): BacktestKeyContext => ({
  running: new Map([['sma_cross', new Set(['SPY'])]]),
  runnable: RUNNABLE_STRATEGIES,
  disabled: new Set(),
  commissionPreset: 'none',
  ...over,
});

const doc = (text: string) => parse(text) as Record<string, unknown>;

describe('the key-reader table', () => {
  it('every key the schema accepts has a reader (the single [data] form too)', () => {
    expect(() => parseConfig(EVERY_KEY, FILE)).not.toThrow();
    const keys = [...writtenKeys(doc(EVERY_KEY)), ['data', 'csv'], ['data', 'symbol']];
    for (const k of keys) expect(readerOf(k), k.join('.')).toBeDefined();
    expect(readerOf(['symbols', 'SPY', 'delta'])?.onlyBy).toEqual(['wheel', 'enhanced_wheel']);
    expect(readerOf(['tws', 'port'])?.consumer).toBe('bridge');
    expect(readerOf(['strategies', 'x', 'fast'])?.consumer).toBe('strategy');
    expect(readerOf(['nothing'])).toBeUndefined();
    expect(KEY_READERS.every((r) => r.reader.length > 0)).toBe(true);
  });

  it('with a rebalance on SPY every key of the document is read in a backtest', () => {
    expect(backtestKeyProblem(doc(EVERY_KEY.replace(/^\[symbols\.SPY\.puts\]$|^(delta|strike_limit) = .*$/gm, '')), ctx({ running: new Map([['sma_cross', new Set(['SPY'])], ['rebalance', new Set(['SPY'])]]) }))).toBeUndefined();
  });

  it('the wheel-only [symbols] keys are refused, naming the feature that cannot run', () => {
    const p = backtestKeyProblem(doc(toml('[symbols.SPY]', 'delta = 0.2')), ctx());
    expect(p?.path).toEqual(['symbols', 'SPY', 'delta']);
    expect(p?.problem).toBe(`is read only by the wheel pass, which cannot run in a backtest yet (runnable: ${RUNNABLE_STRATEGIES.join(', ')}): remove it (or comment it out) to backtest this file`);
  });

  it('a [symbols] weight is read only by a rebalance instance trading that symbol', () => {
    const text = toml('[symbols.QQQ]', 'weight = 0.2');
    expect(backtestKeyProblem(doc(text), ctx())?.problem).toBe('is read only by the wheel, rebalance and regime rebalance strategies, and no enabled instance of rebalance trading QQQ runs in this backtest: remove it (or comment it out) to backtest this file');
    expect(backtestKeyProblem(doc(text), ctx({ running: new Map([['rebalance', new Set(['SPY'])]]) }))?.path).toEqual(['symbols', 'QQQ', 'weight']);
    expect(backtestKeyProblem(doc(text), ctx({ running: new Map([['rebalance', new Set(['SPY', 'QQQ'])]]) }))).toBeUndefined();
  });

  it('the bridge keys are left to the bridge; a disabled instance is ignored', () => {
    expect(backtestKeyProblem(doc(toml('[tws]', 'port = 7497', '[bridge]', 'port = 4180', '[account]', 'number = "DU1"')), ctx())).toBeUndefined();
    expect(backtestKeyProblem(doc(toml('[strategies.wheel]', 'enabled = false', 'delta = 0.3')), ctx({ disabled: new Set(['wheel']) }))).toBeUndefined();
  });

  it("per-trade commission keys are refused with an IBKR preset (IBKR's schedule sets the commission)", () => {
    const p = backtestKeyProblem(doc(toml('[backtesting.execution]', 'commission_preset = "ibkr_tiered"', 'commission_min = 1')), ctx({ commissionPreset: 'ibkr_tiered' }));
    expect(p).toEqual({
      path: ['backtesting', 'execution', 'commission_min'],
      problem: 'is not used with commission_preset = "ibkr_tiered" (IBKR\'s schedule sets the commission): remove it, or set commission_preset = "none"',
    });
    expect(backtestKeyProblem(doc(toml('[backtesting.execution]', 'commission_preset = "ibkr_tiered"', 'slippage = 0.001')), ctx({ commissionPreset: 'ibkr_tiered' }))).toBeUndefined();
  });

  it('the shipped example sets no key a backtest of it would leave unread', () => {
    const text = readRepoFile('moneytrailz.toml.example');
    expect(backtestKeyProblem(doc(text), ctx({ running: new Map([['sma_cross', new Set(['GOOG'])]]), disabled: new Set(['wheel']) }))).toBeUndefined();
  });
});

describe("the bridge's keys", () => {
  it('the bridge refuses what it cannot act on yet (the live account) and tws.host with the embedded simulator', () => {
    expect(bridgeKeyProblem(doc(toml('[account]', 'margin_usage = 0.5')))).toEqual({
      path: ['account', 'margin_usage'],
      problem: 'is for live trading through TWS / IB Gateway, which the bridge cannot do yet (it runs on the embedded simulator): remove it (or comment it out) to start',
    });
    expect(bridgeKeyProblem(doc(toml('[tws]', 'host = "10.0.0.2"')))).toEqual({
      path: ['tws', 'host'],
      problem: "is TWS / IB Gateway's address, used only with simulator = false (the embedded simulator listens on 127.0.0.1): remove it, or set simulator = false to connect to TWS",
    });
    expect(bridgeKeyProblem(doc(toml('[tws]', 'simulator = true', 'host = "10.0.0.2"')))?.path).toEqual(['tws', 'host']);
  });

  it('the TWS connection (bridge/ib) reads client_id always, and host and port with simulator = false', () => {
    expect(bridgeKeyProblem(doc(toml('[tws]', 'client_id = 7')))).toBeUndefined();
    expect(bridgeKeyProblem(doc(toml('[tws]', 'simulator = false')))).toBeUndefined();
    expect(bridgeKeyProblem(doc(toml('[tws]', 'simulator = false', 'host = "10.0.0.2"', 'port = 4002', 'client_id = 17')))).toBeUndefined();
  });

  it('it reads the simulator, its port and the [bridge] keys; the shipped example starts', () => {
    expect(bridgeKeyProblem(doc(toml('[tws]', 'simulator = true', 'port = 7497', '[bridge]', 'host = "127.0.0.1"', 'port = 4180')))).toBeUndefined();
    expect(bridgeKeyProblem(doc(readRepoFile('moneytrailz.toml.example')))).toBeUndefined();
    // Backtest-only keys are not the bridge's business.
    expect(bridgeKeyProblem(doc(toml('[backtesting]', 'initial_capital = 1000', '[symbols.SPY]', 'delta = 0.3')))).toBeUndefined();
  });
});

describe('the registry reads every default from the schema table', () => {
  it('parameters parsed through the schema: defaults, ranges, the cross-parameter rule', () => {
    for (const name of RUNNABLE_STRATEGIES) {
      expect(strategyParams(name, {}), name).toEqual(object(STRATEGY_PARAMS[name].params).parse({}, []));
    }
    expect(strategyParams('sma_cross', { fast: 5, enabled: true, allocation: 0.5 })).toEqual({ fast: 5, slow: 30, direction: 'long_short' });
    expect(() => strategyParams('sma_cross', { fast: 0 })).toThrow("sma_cross: parameter 'fast' must be an integer in [1, 100000], got 0");
    expect(() => strategyParams('sma_cross', { fast: 40 })).toThrow("sma_cross: parameter 'fast' fast (40) must be less than slow (30)");
    expect(() => strategyParams('sma_cross', { fsat: 3 })).toThrow("sma_cross: parameter 'fsat' is unknown (valid: fast, slow, direction)");
  });

  it('the strategies built get those values', () => {
    const s = createStrategy('rsi_reversion', {}, ['SPY']) as unknown as { params: unknown };
    expect(s.params).toEqual({ period: 14, buy_below: 30, sell_above: 70 });
    expect((createStrategy('bollinger_reversion', { k: 1.5 }, ['SPY']) as unknown as { params: unknown }).params).toEqual({ period: 20, k: 1.5 });
  });

  it('no default is written in the registry source', () => {
    const source = readRepoFile('shared/strategies/registry.ts');
    expect(source).not.toMatch(/\b(fast|slow|period|buy_below|sell_above|k)\s*[:,]\s*\d/);
  });

  it('scope: rebalance sees all its symbols at once, the others decide per symbol', () => {
    for (const name of RUNNABLE_STRATEGIES) expect(strategyScope(name), name).toBe(name === 'rebalance' ? 'portfolio' : 'symbol');
    expect(STRATEGY_NAMES).toContain('rebalance');
  });
});
