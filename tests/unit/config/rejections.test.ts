// Invalid configurations: each error names the exact file, line and key path.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/errors.ts';
import { parseConfig } from '../../../shared/config/index.ts';
import { FILE, configError, expectRejected, toml } from './helpers.ts';

describe('unknown keys', () => {
  it('an unknown top-level table', () => {
    expectRejected(toml('[tws]', 'port = 7497', '', '[colour]', 'x = 1'), 4, 'colour', "unknown key 'colour' (valid keys: account, option_chains, exchange_hours, orders, tws, bridge, data, symbols, strategies, backtesting, guard)");
  });

  it('an unknown top-level key, with a did-you-mean', () => {
    expectRejected(toml('# settings', 'strategy.wheel.enabled = true'), 2, 'strategy', "unknown key 'strategy' (did you mean 'strategies'?");
  });

  it('a misspelt nested key (wieght)', () => {
    const err = expectRejected(toml('[symbols.SPY]', 'delta = 0.2', 'wieght = 0.5'), 3, 'symbols.SPY.wieght', '');
    expect(err.message).toBe(
      "moneytrailz.toml:3: symbols.SPY.wieght: unknown key 'wieght' (did you mean 'weight'? valid keys: weight, primary_exchange, delta, dte, max_dte, write_threshold, write_threshold_sigma, close_if_unable_to_roll, adjust_price_after_delay, no_trading, puts, calls, volatility_weight, exit)",
    );
  });

  it('an unknown key in backtesting.execution', () => {
    expectRejected(toml('[backtesting.execution]', 'comission = 0.001'), 2, 'backtesting.execution.comission', "did you mean 'commission'?");
  });

  it('an unknown strategy parameter', () => {
    expectRejected(toml('[strategies.sma_cross]', 'fast = 5', 'fats = 6'), 3, 'strategies.sma_cross.fats', "unknown key 'fats' (did you mean 'fast'?");
  });

  it('a parameter of another strategy', () => {
    expectRejected(toml('[strategies.bollinger_reversion]', 'k = 2', 'fast = 5'), 3, 'strategies.bollinger_reversion.fast', "valid keys: strategy, enabled, type, weight, allocation, timeframes, symbols, priority, min_confidence, schedule, exchange, delay_after_open, delay_before_close, when_closed, period, k)");
  });

  it('buy_and_hold takes no parameters beyond the common keys', () => {
    expectRejected(toml('[strategies.buy_and_hold]', 'period = 3'), 2, 'strategies.buy_and_hold.period', "unknown key 'period'");
  });
});

describe('unknown strategies', () => {
  it('names the strategy, suggests the nearest and lists the known ones', () => {
    const err = expectRejected(toml('[strategies.sma_cross]', '', '[strategies.wheeel]', 'enabled = true'), 3, 'strategies.wheeel', '');
    expect(err.message).toBe(
      "moneytrailz.toml:3: strategies.wheeel: unknown strategy 'wheeel' (did you mean 'wheel'? known strategies: wheel, enhanced_wheel, vix_hedge, vix_call_hedge, cash_management, regime_rebalance, rebalance, momentum_scalper, mean_reversion, trend_following, iron_condor, sma_cross, rsi_reversion, bollinger_reversion, buy_and_hold)",
    );
  });

  it('without a suggestion when nothing is close', () => {
    const err = expectRejected(toml('[strategies.quantum_arbitrage]'), 1, 'strategies.quantum_arbitrage', "unknown strategy 'quantum_arbitrage' (known strategies: wheel,");
    expect(err.message).not.toContain('did you mean');
  });

  it('a dashed spelling', () => {
    expectRejected(toml('[strategies]', 'sma-cross = { fast = 5 }'), 2, 'strategies.sma-cross', "did you mean 'sma_cross'?");
  });
});

describe('wrong types', () => {
  it.each([
    ['a string for a number', toml('[symbols.SPY]', 'weight = "0.5"'), 2, 'symbols.SPY.weight', 'must be a number in [0, 1], got the string "0.5" (write numbers without quotes)'],
    ['a number for a boolean', toml('[tws]', 'simulator = 1'), 2, 'tws.simulator', 'must be a boolean (true or false), got 1'],
    ['a string for a boolean', toml('[strategies.wheel]', 'enabled = "yes"'), 2, 'strategies.wheel.enabled', 'must be a boolean (true or false), got the string "yes"'],
    ['a string for an integer', toml('[strategies.sma_cross]', 'fast = "ten"'), 2, 'strategies.sma_cross.fast', 'must be an integer in [1, 100000], got the string "ten"'],
    ['a number for a string', toml('[data]', 'symbol = 5'), 2, 'data.symbol', 'must be a string, got 5'],
    ['a scalar for a section', toml('', 'tws = 5'), 2, 'tws', 'must be a table, got 5'],
    ['a string for an array', toml('[strategies.mean_reversion]', 'timeframes = "1H"'), 2, 'strategies.mean_reversion.timeframes', 'must be an array of one of "1M", "5M"'],
    ['a table for a number', toml('[backtesting]', 'initial_capital = { amount = 5 }'), 2, 'backtesting.initial_capital', 'must be a number > 0, got a table'],
    ['a date for a number', toml('[backtesting]', 'initial_capital = 2020-01-01'), 2, 'backtesting.initial_capital', 'must be a number > 0, got the date 2020-01-01'],
    ['nan for a number', toml('[symbols.SPY.puts]', 'strike_limit = nan'), 2, 'symbols.SPY.puts.strike_limit', 'must be a number > 0, got nan'],
    ['inf for a number', toml('[symbols.SPY.calls]', 'strike_limit = inf'), 2, 'symbols.SPY.calls.strike_limit', 'must be a number > 0, got inf'],
  ])('%s', (_name, text, line, keyPath, problem) => {
    expectRejected(text, line, keyPath, problem);
  });
});

describe('ranges', () => {
  it.each([
    ['symbol weight 1.5', toml('[symbols.SPY]', 'weight = 1.5'), 2, 'symbols.SPY.weight', 'must be a number in [0, 1], got 1.5'],
    ['symbol weight -0.1', toml('[symbols.SPY]', 'weight = -0.1'), 2, 'symbols.SPY.weight', 'must be a number in [0, 1], got -0.1'],
    ['strategy weight 1.5', toml('[strategies.wheel]', 'weight = 1.5'), 2, 'strategies.wheel.weight', 'must be a number in [0, 1], got 1.5'],
    ['strategy allocation -0.1', toml('[strategies.vix_hedge]', 'allocation = -0.1'), 2, 'strategies.vix_hedge.allocation', 'must be a number in [0, 1], got -0.1'],
    ['delta 0', toml('[symbols.SPY]', 'delta = 0'), 2, 'symbols.SPY.delta', 'must be a number in (0, 1), got 0'],
    ['delta 1', toml('[symbols.SPY]', 'delta = 1'), 2, 'symbols.SPY.delta', 'must be a number in (0, 1), got 1'],
    ['delta 1.2', toml('[symbols.SPY]', 'delta = 1.2'), 2, 'symbols.SPY.delta', 'must be a number in (0, 1), got 1.2'],
    ['wheel delta 1', toml('[strategies.wheel.target]', 'delta = 1.0'), 2, 'strategies.wheel.target.delta', 'must be a number in (0, 1), got 1'],
    ['iron condor short delta 0', toml('[strategies.iron_condor]', 'short_delta = 0'), 2, 'strategies.iron_condor.short_delta', 'must be a number in (0, 1), got 0'],
    ['period 0', toml('[strategies.sma_cross]', 'fast = 0'), 2, 'strategies.sma_cross.fast', 'must be an integer in [1, 100000], got 0'],
    ['period -3', toml('[strategies.rsi_reversion]', 'period = -3'), 2, 'strategies.rsi_reversion.period', 'must be an integer in [2, 100000], got -3'],
    ['period 2.5', toml('[strategies.momentum_scalper]', 'rsi_period = 2.5'), 2, 'strategies.momentum_scalper.rsi_period', 'must be an integer in [2, 100000], got 2.5'],
    ['bb period 0', toml('[strategies.mean_reversion]', 'bb_period = 0'), 2, 'strategies.mean_reversion.bb_period', 'must be an integer in [2, 100000], got 0'],
    ['adx period 2.5', toml('[strategies.trend_following]', 'adx_period = 2.5'), 2, 'strategies.trend_following.adx_period', 'must be an integer >= 1, got 2.5'],
    ['bollinger k 0', toml('[strategies.bollinger_reversion]', 'k = 0'), 2, 'strategies.bollinger_reversion.k', 'must be a number > 0, got 0'],
    ['rsi level 101', toml('[strategies.enhanced_wheel]', 'rsi_overbought = 101'), 2, 'strategies.enhanced_wheel.rsi_overbought', 'must be a number in [0, 100], got 101'],
    ['negative roll_when dte', toml('[strategies.wheel.roll_when]', 'dte = -1'), 2, 'strategies.wheel.roll_when.dte', 'must be an integer >= 0, got -1'],
    ['roll_when pnl 1.5', toml('[strategies.wheel.roll_when]', 'pnl = 1.5'), 2, 'strategies.wheel.roll_when.pnl', 'must be a number in [0, 1], got 1.5'],
    ['negative priority', toml('[strategies.wheel]', 'priority = -1'), 2, 'strategies.wheel.priority', 'must be an integer >= 0, got -1'],
    ['rebalance band 1', toml('[strategies.rebalance]', 'band = 1'), 2, 'strategies.rebalance.band', 'must be a number in (0, 1), got 1'],
    ['negative commission', toml('[backtesting.execution]', 'commission = -0.001'), 2, 'backtesting.execution.commission', 'must be a number in [0, 1), got -0.001'],
    ['commission 1', toml('[backtesting.execution]', 'commission = 1'), 2, 'backtesting.execution.commission', 'must be a number in [0, 1), got 1'],
    ['negative per-share commission', toml('[backtesting.execution]', 'commission_per_share = -1'), 2, 'backtesting.execution.commission_per_share', 'must be a number >= 0, got -1'],
    ['negative spread', toml('[backtesting.execution]', 'spread = -0.1'), 2, 'backtesting.execution.spread', 'must be a number in [0, 1), got -0.1'],
    ['size_fraction 0', toml('[backtesting.execution]', 'size_fraction = 0'), 2, 'backtesting.execution.size_fraction', 'must be a number in (0, 1] or an integer >= 1, got 0'],
    ['size_fraction 1.5', toml('[backtesting.execution]', 'size_fraction = 1.5'), 2, 'backtesting.execution.size_fraction', 'must be a number in (0, 1] or an integer >= 1, got 1.5'],
    ['initial capital 0', toml('[backtesting]', 'initial_capital = 0'), 2, 'backtesting.initial_capital', 'must be a number > 0, got 0'],
    ['max drawdown 1.5', toml('[backtesting.risk]', 'max_drawdown = 1.5'), 2, 'backtesting.risk.max_drawdown', 'must be a number in (0, 1], got 1.5'],
    ['port 0', toml('[tws]', 'port = 0'), 2, 'tws.port', 'must be an integer in [1, 65535], got 0'],
    ['port 70000', toml('[bridge]', 'port = 70000'), 2, 'bridge.port', 'must be an integer in [1, 65535], got 70000'],
    ['client id -1', toml('[tws]', 'client_id = -1'), 2, 'tws.client_id', 'must be an integer in [0, 2147483647], got -1'],
    ['market data type 5', toml('[account]', 'market_data_type = 5'), 2, 'account.market_data_type', 'must be an integer in [1, 4], got 5'],
    ['margin usage 0', toml('[account]', 'margin_usage = 0'), 2, 'account.margin_usage', 'must be a number in (0, 4], got 0'],
    ['margin usage 4.5', toml('[account]', 'margin_usage = 4.5'), 2, 'account.margin_usage', 'must be a number in (0, 4], got 4.5'],
  ])('%s', (_name, text, line, keyPath, problem) => {
    expectRejected(text, line, keyPath, problem);
  });

  it('the exact message format', () => {
    expect(configError(toml('[tws]', 'port = 7497', '', '[symbols.SPY]', 'weight = 0.5', '', 'delta = 1.2')).message).toBe(
      'moneytrailz.toml:7: symbols.SPY.delta: must be a number in (0, 1), got 1.2',
    );
  });

  it('uses the file name it is given', () => {
    const err = configError(toml('[symbols.SPY]', 'delta = 0'), 'configs/paper.toml');
    expect(err.message).toBe('configs/paper.toml:2: symbols.SPY.delta: must be a number in (0, 1), got 0');
    expect(err.file).toBe('configs/paper.toml');
  });
});

describe('enums, tickers and dates', () => {
  it.each([
    ['a bad fill', toml('[backtesting.execution]', 'fill = "open"'), 2, 'backtesting.execution.fill', 'must be one of "next_open", "close", got the string "open"'],
    ['a bad direction', toml('[strategies.sma_cross]', 'direction = "short_only"'), 2, 'strategies.sma_cross.direction', 'must be one of "long_short", "long_only", got the string "short_only"'],
    ['a misspelt direction', toml('[strategies.sma_cross]', 'direction = "long-only"'), 2, 'strategies.sma_cross.direction', 'got the string "long-only" (did you mean "long_only"?)'],
    ['a bad strategy type', toml('[strategies.wheel]', 'type = "futures"'), 2, 'strategies.wheel.type', 'must be one of "stocks", "options", "hybrid", got the string "futures"'],
    ['a bad commission preset', toml('[backtesting.execution]', 'commission_preset = "ibkr"'), 2, 'backtesting.execution.commission_preset', 'must be one of "none", "ibkr_tiered", "ibkr_fixed"'],
    ['a bad rebalance mode', toml('[strategies.rebalance]', 'mode = "buy-only"'), 2, 'strategies.rebalance.mode', '(did you mean "buy_only"?)'],
    ['a lower-case timeframe', toml('[strategies.trend_following]', 'timeframes = ["1D", "1h"]'), 2, 'strategies.trend_following.timeframes[1]', 'got the string "1h" (did you mean "1H"?)'],
    ['a lower-case ticker key', toml('[symbols.spy]', 'weight = 0.5'), 1, 'symbols.spy', "key 'spy' must be a ticker (1-10 characters A-Z, 0-9 or '.', starting with a letter)"],
    ['a lower-case ticker in a strategy', toml('[strategies.wheel]', 'symbols = ["SPY", "qqq"]'), 2, 'strategies.wheel.symbols[1]', 'must be a ticker (1-10 characters A-Z, 0-9 or \'.\', starting with a letter), got the string "qqq"'],
    ['a bad cash fund', toml('[strategies.cash_management]', 'cash_fund = ""'), 2, 'strategies.cash_management.cash_fund', 'got the string ""'],
    ['a 30th of February', toml('[backtesting]', 'start_date = "2023-02-30"'), 2, 'backtesting.start_date', 'must be a date YYYY-MM-DD, got the string "2023-02-30"'],
    ['a 29th of February in a common year', toml('[backtesting]', 'start_date = "2023-02-29"'), 2, 'backtesting.start_date', 'got the string "2023-02-29"'],
    ['month 13', toml('[backtesting]', 'end_date = "2023-13-01"'), 2, 'backtesting.end_date', 'must be a date YYYY-MM-DD, got the string "2023-13-01"'],
    ['slashes', toml('[backtesting]', 'start_date = "2023/01/01"'), 2, 'backtesting.start_date', 'must be a date YYYY-MM-DD, got the string "2023/01/01"'],
    ['a number for a date', toml('[backtesting]', 'start_date = 20230101'), 2, 'backtesting.start_date', 'must be a date YYYY-MM-DD, got 20230101'],
    ['a date-time for a date', toml('[backtesting]', 'start_date = 2023-01-01T09:30:00'), 2, 'backtesting.start_date', 'must be a date YYYY-MM-DD, got the date-time 2023-01-01T09:30:00'],
    ['a time for a date', toml('[backtesting]', 'start_date = 09:30:00'), 2, 'backtesting.start_date', 'must be a date YYYY-MM-DD, got the time 09:30:00'],
  ])('%s', (_name, text, line, keyPath, problem) => {
    expectRejected(text, line, keyPath, problem);
  });
});

describe('cross-field rules', () => {
  it('end date before start date', () => {
    const err = expectRejected(toml('[backtesting]', 'start_date = "2023-01-01"', 'end_date = "2022-12-31"'), 3, 'backtesting.end_date', '');
    expect(err.message).toBe('moneytrailz.toml:3: backtesting.end_date: end_date 2022-12-31 is before start_date 2023-01-01');
  });

  it('end date before start date, with TOML dates and the end first', () => {
    expectRejected(toml('[backtesting]', 'end_date = 2020-01-01', 'start_date = 2020-01-02'), 2, 'backtesting.end_date', 'end_date 2020-01-01 is before start_date 2020-01-02');
  });

  it('fast > slow', () => {
    const err = expectRejected(toml('[strategies.sma_cross]', 'slow = 10', 'fast = 30'), 3, 'strategies.sma_cross.fast', '');
    expect(err.message).toBe('moneytrailz.toml:3: strategies.sma_cross.fast: fast (30) must be less than slow (10)');
  });

  it('fast == slow', () => {
    expectRejected(toml('[strategies.sma_cross]', 'fast = 20', 'slow = 20'), 2, 'strategies.sma_cross.fast', 'fast (20) must be less than slow (20)');
  });

  it('fast >= the default slow (the error points at fast)', () => {
    expectRejected(toml('[strategies.sma_cross]', 'enabled = true', 'fast = 40'), 3, 'strategies.sma_cross.fast', 'fast (40) must be less than slow (30)');
  });

  it('slow <= the default fast (fast is not written: the error points at the table)', () => {
    expectRejected(toml('# x', '[strategies.sma_cross]', 'slow = 5'), 2, 'strategies.sma_cross.fast', 'fast (10) must be less than slow (5)');
  });

  it('rsi_reversion buy_below >= sell_above', () => {
    expectRejected(toml('[strategies.rsi_reversion]', 'sell_above = 30', 'buy_below = 70'), 3, 'strategies.rsi_reversion.buy_below', 'buy_below (70) must be less than sell_above (30)');
  });

  it('symbol weights summing over 1', () => {
    const err = expectRejected(toml('[tws]', 'port = 7497', '[symbols.SPY]', 'weight = 0.6', '[symbols.QQQ]', 'weight = 0.5'), 3, 'symbols', '');
    expect(err.message).toBe('moneytrailz.toml:3: symbols: symbol weights must sum to at most 1, got 1.1 (SPY 0.6 + QQQ 0.5)');
  });

  it('symbol weights summing over 1 in a [symbols] table of inline tables', () => {
    expectRejected(toml('', '[symbols]', 'SPY = { weight = 0.7 }', 'TLT = { weight = 0.31 }'), 2, 'symbols', 'got 1.01 (SPY 0.7 + TLT 0.31)');
  });
});

describe('TOML syntax errors', () => {
  it('a missing value: the line comes from smol-toml', () => {
    const err = expectRejected(toml('[symbols.SPY]', 'weight = 0.5', 'delta = ', 'x = 1'), 3, '', 'TOML syntax error: ');
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^moneytrailz\.toml:3: TOML syntax error: .+ \(column \d+\)$/);
    expect(err.message).not.toContain('\n');
  });

  it('a table defined twice', () => {
    expectRejected(toml('[tws]', 'port = 1', '', '[tws]', 'port = 2'), 4, '', 'TOML syntax error: trying to redefine an already defined table or value');
  });

  it('an unterminated string', () => {
    expectRejected(toml('[data]', 'csv = "data/x.csv', 'symbol = "X"'), 2, '', 'TOML syntax error');
  });

  it('an unclosed array', () => {
    // smol-toml reports where the array stops making sense: `enabled` is not a value.
    expectRejected(toml('[strategies.wheel]', 'timeframes = ["1D",', '', 'enabled = true'), 4, '', 'TOML syntax error: invalid value (column 1)');
  });
});

describe('line mapping of errors', () => {
  it('a key inside a one-line inline table maps to that line', () => {
    expectRejected(toml('[symbols]', 'SPY = { weight = 0.5, delta = 0.2 }', 'QQQ = { weight = 0.3, delta = 1.2 }'), 3, 'symbols.QQQ.delta', 'got 1.2');
  });

  it('a key on its own line inside a multi-line inline table maps to its own line', () => {
    expectRejected(toml('[strategies]', 'sma_cross = {', '  fast = 10,', '  slow = 0,', '}'), 4, 'strategies.sma_cross.slow', 'must be an integer in [1, 100000], got 0');
  });

  it('dotted keys inside an inline table', () => {
    expectRejected(toml('', 'backtesting = { execution.fill = "next_open", risk.max_drawdown = 2 }'), 2, 'backtesting.risk.max_drawdown', 'got 2');
  });

  it('dotted keys at the top level', () => {
    expectRejected(toml('symbols.SPY.weight = 0.5', 'symbols.SPY.delta = 1.5'), 2, 'symbols.SPY.delta', 'got 1.5');
  });

  it('a key after a multi-line array with comments', () => {
    expectRejected(
      toml('[strategies.mean_reversion]', 'timeframes = [', '  "1H",   # hourly', '  "4H",   # bb_period = 5', ']', 'bb_period = 0'),
      6,
      'strategies.mean_reversion.bb_period',
      'got 0',
    );
  });

  it('an element of a multi-line array maps to its own line', () => {
    expectRejected(toml('[strategies.wheel]', 'timeframes = [', '  "1D",', '  "1d",', ']'), 4, 'strategies.wheel.timeframes[1]', 'did you mean "1D"?');
  });

  it('a key after a multi-line basic string that looks like TOML', () => {
    expectRejected(
      toml('[backtesting]', 'benchmark = """', 'start_date = "bogus"', '[tws]', '"""', 'start_date = "2023-02-30"'),
      6,
      'backtesting.start_date',
      'got the string "2023-02-30"',
    );
  });

  it('a key after a multi-line literal string', () => {
    expectRejected(toml('[account]', "number = '''", "cancel_orders = 'no'", "'''", 'cancel_orders = "no"'), 5, 'account.cancel_orders', 'must be a boolean');
  });

  it('quoted keys', () => {
    expectRejected(toml('[symbols."BRK.B"]', "'weight' = 0.1", '"delta" = 7'), 3, 'symbols."BRK.B".delta', 'got 7');
  });

  it('an unknown key whose name needs quotes', () => {
    expectRejected(toml('[tws]', '"client id" = 5'), 2, 'tws."client id"', "unknown key 'client id' (did you mean 'client_id'?");
  });

  it('CRLF line endings', () => {
    expectRejected(['[tws]', 'port = 7497', '[bridge]', 'port = 0'].join('\r\n'), 4, 'bridge.port', 'got 0');
  });
});

describe('non-errors', () => {
  it('a valid file does not throw', () => {
    expect(() => parseConfig(toml('[symbols.SPY]', 'weight = 1.0', 'delta = 0.999'), FILE)).not.toThrow();
  });
});

describe('indicator parameters take their ranges from the indicator catalog', () => {
  it('an RSI period of 1 is rejected because the RSI kernel needs 2 (one source of truth)', async () => {
    const { INDICATOR_CATALOG } = await import('../../../shared/indicators/index.ts');
    const rsiPeriod = INDICATOR_CATALOG.find((i) => i.name === 'RSI')!.params.find((p) => p.name === 'period')!;
    expect(() => parseConfig('[strategies.rsi_reversion]\nperiod = 1\n', 'm.toml')).toThrow(`m.toml:2: strategies.rsi_reversion.period: must be an integer in [${rsiPeriod.min}, ${rsiPeriod.max}], got 1`);
  });
});
