// Valid configurations: the original README's TOML blocks, the issue's example, the shipped example.
import { existsSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ALL_IN, formatKeyPath, isSingleData, parseConfig, tomlKeyLines } from '../../../shared/config/index.ts';
import { FILE, ROOT, rawKeyPaths, readRepoFile, tomlBlocks } from './helpers.ts';

const README_BLOCKS = tomlBlocks(readRepoFile('tests/fixtures/original-README.md'));
const blockNamed = (heading: string): string => {
  const block = README_BLOCKS.find((b) => b.heading === heading);
  if (!block) throw new Error(`no TOML block under '${heading}'`);
  return block.body;
};

const EXECUTION_DEFAULTS = {
  commission: 0,
  commission_preset: 'none',
  spread: 0,
  slippage: 0,
  market_impact: 0,
  fill: 'next_open',
  size_fraction: 0.9999999999999998,
  finalize_trades: true,
};

describe('the original README', () => {
  it('has exactly the four TOML example blocks this suite checks', () => {
    expect(README_BLOCKS.map((b) => b.heading)).toEqual([
      'Conservative Portfolio',
      'Growth with Technical Analysis',
      'Multi-Strategy Coordination',
      'Historical Validation',
    ]);
  });

  it.each(README_BLOCKS.map((b) => [b.heading, b.body]))('%s: parses and validates', (_heading, body) => {
    expect(() => parseConfig(body, FILE)).not.toThrow();
  });

  it.each(README_BLOCKS.map((b) => [b.heading, b.body]))('%s: every key has a line', (_heading, body) => {
    const lines = tomlKeyLines(body);
    for (const path of rawKeyPaths(parse(body))) expect(lines.has(formatKeyPath(path)), formatKeyPath(path)).toBe(true);
  });

  it('Conservative Portfolio: symbols, strategy types and allocation', () => {
    const config = parseConfig(blockNamed('Conservative Portfolio'), FILE);
    expect(config.symbols).toEqual({ SPY: { weight: 0.5, delta: 0.2 }, TLT: { weight: 0.3, delta: 0.15 } });
    expect(config.strategies.wheel).toEqual({ strategy: 'wheel', enabled: true, type: 'options' });
    expect(config.strategies.vix_hedge).toEqual({ strategy: 'vix_hedge', enabled: true, type: 'options', allocation: 0.01 });
  });

  it('Growth with Technical Analysis: enhanced wheel and momentum scalper', () => {
    const config = parseConfig(blockNamed('Growth with Technical Analysis'), FILE);
    expect(config.symbols.QQQ).toEqual({ weight: 0.6, delta: 0.3 });
    expect(config.strategies.enhanced_wheel).toEqual({ strategy: 'enhanced_wheel', enabled: true, type: 'options', use_technical_filters: true });
    expect(config.strategies.momentum_scalper).toEqual({ strategy: 'momentum_scalper', enabled: true, type: 'stocks', timeframes: ['5M', '1H'], rsi_period: 14 });
  });

  it('Multi-Strategy Coordination: weights and timeframes', () => {
    const { strategies } = parseConfig(blockNamed('Multi-Strategy Coordination'), FILE);
    expect(strategies.wheel?.weight).toBe(0.6);
    expect(strategies.mean_reversion).toEqual({ strategy: 'mean_reversion', enabled: true, type: 'stocks', weight: 0.3, timeframes: ['1H', '4H'] });
    expect(strategies.trend_following?.timeframes).toEqual(['1D']);
  });

  it('Backtesting: dates, capital, execution costs and risk limits', () => {
    const { backtesting } = parseConfig(blockNamed('Historical Validation'), FILE);
    expect(backtesting).toEqual({
      enabled: true,
      start_date: '2023-01-01',
      end_date: '2024-01-01',
      initial_capital: 100000,
      execution: { ...EXECUTION_DEFAULTS, commission: 0.001, slippage: 0.0005, market_impact: 0.0002 },
      risk: { max_drawdown: 0.2, position_size_limit: 0.1 },
    });
  });
});

describe('the example from the issue', () => {
  const ISSUE_EXAMPLE = `[data]
csv = "data/samples/GOOG_1d.csv"   # path relative to the TOML file
symbol = "GOOG"
[backtesting]
enabled = true
initial_capital = 10000.0
[backtesting.execution]
commission = 0.0
spread = 0.0
slippage = 0.0
market_impact = 0.0
fill = "next_open"
size_fraction = 0.9999999999999998
finalize_trades = true
[strategies.sma_cross]
enabled = true
fast = 10
slow = 30
direction = "long_short"
`;

  it('parses, validates and applies the defaults', () => {
    expect(parseConfig(ISSUE_EXAMPLE, FILE)).toEqual({
      data: { csv: 'data/samples/GOOG_1d.csv', symbol: 'GOOG' },
      tws: { simulator: true },
      bridge: { host: '127.0.0.1' },
      symbols: {},
      strategies: { sma_cross: { strategy: 'sma_cross', enabled: true, type: 'stocks', fast: 10, slow: 30, direction: 'long_short' } },
      backtesting: { enabled: true, initial_capital: 10000, execution: EXECUTION_DEFAULTS },
    });
  });
});

describe('moneytrailz.toml.example', () => {
  const text = readRepoFile('moneytrailz.toml.example');

  it('validates', () => {
    const config = parseConfig(text, 'moneytrailz.toml.example');
    expect(config.data).toEqual({ csv: 'data/samples/GOOG_1d.csv', symbol: 'GOOG' });
    expect(config.tws).toMatchObject({ simulator: true, port: 7497 });
    expect(config.bridge.host).toBe('127.0.0.1');
    // [symbols.*] is shown commented out: nothing a backtest of this file runs would read it.
    expect(config.symbols).toEqual({});
    expect(text).toMatch(/^# \[symbols\.SPY\]$/m);
    expect(config.strategies.sma_cross).toEqual({ strategy: 'sma_cross', enabled: true, type: 'stocks', fast: 10, slow: 30, direction: 'long_short' });
    expect(config.strategies.wheel?.enabled).toBe(false);
    expect(config.backtesting.execution).toEqual(EXECUTION_DEFAULTS);
    expect(config.backtesting.execution.size_fraction).toBe(ALL_IN);
    expect(config.backtesting.risk).toEqual({});
  });

  it('points at a sample CSV that exists (relative to the example file)', () => {
    const data = parseConfig(text, 'moneytrailz.toml.example').data;
    const csv = data && isSingleData(data) ? (data.csv ?? '') : '';
    expect(existsSync(new URL(csv, ROOT))).toBe(true);
  });

  it('every key has a line', () => {
    const lines = tomlKeyLines(text);
    for (const path of rawKeyPaths(parse(text))) expect(lines.has(formatKeyPath(path)), formatKeyPath(path)).toBe(true);
  });
});

describe('defaults', () => {
  it('an empty file yields the defaulted sections only', () => {
    expect(parseConfig('', FILE)).toEqual({
      tws: { simulator: true },
      bridge: { host: '127.0.0.1' },
      symbols: {},
      strategies: {},
      backtesting: { initial_capital: 10000, execution: EXECUTION_DEFAULTS },
    });
  });

  it('the all-in size is 1 - 2^-52', () => {
    expect(ALL_IN).toBe(0.9999999999999998);
  });

  it("each strategy's type defaults to its own, and parameters to their defaults", () => {
    const { strategies } = parseConfig(
      ['[strategies.cash_management]', '[strategies.iron_condor]', '[strategies.rsi_reversion]', '[strategies.bollinger_reversion]', '[strategies.buy_and_hold]', '[strategies.sma_cross]'].join('\n'),
      FILE,
    );
    expect(strategies.cash_management).toEqual({ strategy: 'cash_management', enabled: true, type: 'hybrid' });
    expect(strategies.iron_condor).toEqual({ strategy: 'iron_condor', enabled: true, type: 'options' });
    expect(strategies.rsi_reversion).toEqual({ strategy: 'rsi_reversion', enabled: true, type: 'stocks', period: 14, buy_below: 30, sell_above: 70 });
    expect(strategies.bollinger_reversion).toEqual({ strategy: 'bollinger_reversion', enabled: true, type: 'stocks', period: 20, k: 2 });
    expect(strategies.buy_and_hold).toEqual({ strategy: 'buy_and_hold', enabled: true, type: 'stocks' });
    expect(strategies.sma_cross).toEqual({ strategy: 'sma_cross', enabled: true, type: 'stocks', fast: 10, slow: 30, direction: 'long_short' });
  });

  it('accepts every documented key of every section', () => {
    const config = parseConfig(
      `[account]
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
[symbols."BRK.B"]
weight = 0
delta = 0.5
[symbols."BRK.B".puts]
delta = 0.1
strike_limit = 0.01
[symbols."BRK.B".calls]
delta = 0.9
[strategies.wheel]
enabled = false
type = "hybrid"
weight = 1
allocation = 0
timeframes = ["1M", "5M", "15M", "30M", "1H", "4H", "1D", "1W", "1MO"]
symbols = ["SPY", "BRK.B"]
priority = 0
[strategies.wheel.target]
delta = 0.3
dte = 45
max_dte = 60
minimum_open_interest = 0
[strategies.wheel.roll_when]
dte = 0
pnl = 1
[strategies.wheel.write_when.calls]
green = true
red = false
[strategies.rebalance]
mode = "band"
band = 0.05
[strategies.rebalance.symbol_overrides."BRK.B"]
mode = "buy_only"
[strategies.vix_call_hedge]
close_hedges_when_vix_exceeds = 50
delta = 0.1
target_dte = 30
[strategies.cash_management]
cash_fund = "SGOV"
target_cash_balance = 0
buy_threshold = 1000
sell_threshold = 500
[backtesting]
start_date = 2005-01-03
end_date = 2005-01-03
benchmark = "SPY"
[backtesting.execution]
commission_per_share = 0.005
commission_min = 1
commission_preset = "ibkr_tiered"
fill = "close"
size_fraction = 100
finalize_trades = false
`,
      FILE,
    );
    expect(config.account).toEqual({ number: 'DU123', margin_usage: 4, cancel_orders: true, market_data_type: 4 });
    expect(config.symbols['BRK.B']?.calls?.delta).toBe(0.9);
    expect(config.strategies.wheel?.type).toBe('hybrid');
    expect(config.strategies.wheel?.timeframes).toHaveLength(9);
    expect(config.backtesting.start_date).toBe('2005-01-03');
    expect(config.backtesting.execution).toMatchObject({ fill: 'close', size_fraction: 100, commission_preset: 'ibkr_tiered' });
  });

  it('normalises a TOML local date to YYYY-MM-DD and keeps a quoted one', () => {
    const { backtesting } = parseConfig('[backtesting]\nstart_date = 2024-02-29\nend_date = "2024-03-01"', FILE);
    expect([backtesting.start_date, backtesting.end_date]).toEqual(['2024-02-29', '2024-03-01']);
  });

  it('tolerates rounding in the symbol-weight sum', () => {
    const config = parseConfig('[symbols.A]\nweight = 0.33\n[symbols.B]\nweight = 0.56\n[symbols.C]\nweight = 0.11', FILE);
    expect(0.33 + 0.56 + 0.11).toBeGreaterThan(1);
    expect(Object.keys(config.symbols)).toEqual(['A', 'B', 'C']);
  });

  it('accepts a size fraction in (0, 1] or a whole number of shares', () => {
    for (const size of [0.5, 1, 2, 100]) {
      expect(parseConfig(`[backtesting.execution]\nsize_fraction = ${size}`, FILE).backtesting.execution.size_fraction).toBe(size);
    }
  });
});
