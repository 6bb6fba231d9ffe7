// Strategy instances and data series in moneytrailz.toml: the [data.<SYM>] form, [strategies.<id>]
// with `strategy = "<name>"`, min_confidence, the allocation rule, symbols and timeframes checked
// against the data, the benchmark — accepted and rejected with file:line: key: problem.
import { describe, expect, it } from 'vitest';
import {
  allocations,
  CONFIG_TIMEFRAME,
  COMMON_STRATEGY_KEYS,
  dataSeries,
  parseConfig,
  planInstances,
  SchemaError,
  STRATEGY_TIMEFRAMES,
  TIMEFRAME_OF,
  timeframeProblem,
  type MoneyTrailzConfig,
  type PlanOptions,
} from '../../../shared/config/index.ts';
import type { Timeframe } from '../../../shared/data/bar-series.ts';
import { FILE, expectRejected, toml } from './helpers.ts';

const parse = (text: string): MoneyTrailzConfig => parseConfig(text, FILE);

const SPY_TLT = ['[data.SPY]', 'csv = "SPY_1d.csv"', '[data.TLT]', 'csv = "TLT_1d.csv"'];

describe('[data]: one series or one table per symbol', () => {
  it('the single form keeps working; the symbol defaults to the file name', () => {
    expect(parse(toml('[data]', 'csv = "x/SPY_1d.csv"', 'symbol = "SPY"')).data).toEqual({ csv: 'x/SPY_1d.csv', symbol: 'SPY' });
    expect(dataSeries(parse(toml('[data]', 'csv = "x/SPY_1d.csv"', 'symbol = "SPY"')))).toEqual([{ symbol: 'SPY', csv: 'x/SPY_1d.csv', key: ['data', 'csv'] }]);
    expect(dataSeries(parse(toml('[data]', 'csv = "../samples/QQQ_1d.csv"')))).toEqual([{ symbol: 'QQQ', csv: '../samples/QQQ_1d.csv', key: ['data', 'csv'] }]);
    expect(dataSeries(parse(''))).toEqual([]);
  });

  it('[data.<SYM>] tables, in file order', () => {
    const config = parse(toml(...SPY_TLT));
    expect(config.data).toEqual({ SPY: { csv: 'SPY_1d.csv' }, TLT: { csv: 'TLT_1d.csv' } });
    expect(dataSeries(config)).toEqual([
      { symbol: 'SPY', csv: 'SPY_1d.csv', key: ['data', 'SPY', 'csv'] },
      { symbol: 'TLT', csv: 'TLT_1d.csv', key: ['data', 'TLT', 'csv'] },
    ]);
    expect(dataSeries(parse(toml('[data]', 'SPY = { csv = "a.csv" }', '"BRK.B" = { csv = "b.csv" }'))).map((d) => d.symbol)).toEqual(['SPY', 'BRK.B']);
  });

  it('a mix of both forms names the key of the second form', () => {
    expectRejected(toml('[data]', 'csv = "a.csv"', '', '[data.SPY]', 'csv = "b.csv"'), 4, 'data.SPY', 'mixes the single-series form (data.csv) with per-symbol tables ([data.SPY])');
    expectRejected(toml('[data.SPY]', 'csv = "b.csv"', '[data]', 'symbol = "SPY"'), 4, 'data.symbol', 'use either [data] csv/symbol or one [data.<SYMBOL>] csv per symbol');
  });

  it('a [data.<SYM>] table needs csv and nothing else (the reader infers the timeframe)', () => {
    expectRejected(toml('[data.SPY]', 'path = "b.csv"'), 2, 'data.SPY.path', "unknown key 'path' (valid keys: csv)");
    expectRejected(toml('# spy', '[data.SPY]'), 2, 'data.SPY.csv', "missing required key 'csv'");
    expectRejected(toml('[data.SPY]', 'csv = "b.csv"', 'timeframe = "1D"'), 3, 'data.SPY.timeframe', "unknown key 'timeframe'");
  });

  it('a misspelt key, a lower-case symbol table and a ticker given a string', () => {
    expectRejected(toml('[data]', 'cvs = "a.csv"'), 2, 'data.cvs', "unknown key 'cvs' (did you mean 'csv'? valid keys: csv, symbol; or one [data.<SYMBOL>] table per symbol)");
    expectRejected(toml('[data.spy]', 'csv = "a.csv"'), 1, 'data.spy', "key 'spy' must be a ticker");
    expectRejected(toml('[data]', 'SPY = "a.csv"'), 2, 'data.SPY', 'must be a table, got the string "a.csv" (one symbol\'s bars: [data.SPY] csv = "…")');
  });
});

describe('[strategies.<id>]: instances', () => {
  it('a known strategy name as the id, or any id with strategy = "<name>"', () => {
    const { strategies } = parse(toml('[strategies.sma_cross]', 'fast = 5', '[strategies.spy_trend]', 'strategy = "sma_cross"', 'fast = 20', 'slow = 50'));
    expect(strategies.sma_cross).toEqual({ strategy: 'sma_cross', enabled: true, type: 'stocks', fast: 5, slow: 30, direction: 'long_short' });
    expect(strategies.spy_trend).toEqual({ strategy: 'sma_cross', enabled: true, type: 'stocks', fast: 20, slow: 50, direction: 'long_short' });
    expect(parse(toml('[strategies.sma_cross]', 'strategy = "sma_cross"')).strategies.sma_cross?.strategy).toBe('sma_cross');
  });

  it('an id that is no strategy and names none: the did-you-mean, and how to name one', () => {
    const err = expectRejected(toml('[strategies.spy_trend]', 'fast = 5'), 1, 'strategies.spy_trend', "unknown strategy 'spy_trend' (known strategies: wheel,");
    expect(err.message).toContain('an instance with its own id names its strategy, e.g. strategy = "');
    expectRejected(toml('[strategies.sma_crosss]', 'fast = 5'), 1, 'strategies.sma_crosss', "unknown strategy 'sma_crosss' (did you mean 'sma_cross'?");
  });

  it('an unknown strategy name gets the did-you-mean at the strategy key', () => {
    const err = expectRejected(toml('[strategies.spy_trend]', 'strategy = "smacross"'), 2, 'strategies.spy_trend.strategy', "unknown strategy 'smacross' (did you mean 'sma_cross'? known strategies: wheel,");
    expect(err.message).not.toContain('e.g. strategy');
    expectRejected(toml('[strategies.x]', 'strategy = 5'), 2, 'strategies.x.strategy', 'must be a strategy name, got 5');
  });

  it("a strategy's name as the id cannot run another strategy", () => {
    expectRejected(toml('[strategies.sma_cross]', 'strategy = "rsi_reversion"'), 2, 'strategies.sma_cross.strategy', "'rsi_reversion' differs from the instance id 'sma_cross', which is itself a strategy's name");
  });

  it("the named strategy's parameters are validated (ranges, unknown keys, its own rule)", () => {
    expectRejected(toml('[strategies.t]', 'strategy = "sma_cross"', 'fast = 0'), 3, 'strategies.t.fast', 'must be an integer in [1, 100000], got 0');
    expectRejected(toml('[strategies.t]', 'strategy = "rsi_reversion"', 'k = 2'), 3, 'strategies.t.k', "unknown key 'k'");
    expectRejected(toml('[strategies.t]', 'strategy = "sma_cross"', 'fast = 40'), 3, 'strategies.t.fast', 'fast (40) must be less than slow (30)');
  });

  it('ids that are not bare keys', () => {
    expectRejected(toml('[strategies."spy trend"]', 'strategy = "sma_cross"'), 1, 'strategies."spy trend"', "key 'spy trend' must be an instance id (letters, digits, _ and -)");
  });

  it('min_confidence is in [0, 1]; the common keys', () => {
    expect(parse(toml('[strategies.sma_cross]', 'min_confidence = 0.6')).strategies.sma_cross?.min_confidence).toBe(0.6);
    expectRejected(toml('[strategies.sma_cross]', 'min_confidence = 1.5'), 2, 'strategies.sma_cross.min_confidence', 'must be a number in [0, 1], got 1.5');
    expect(COMMON_STRATEGY_KEYS).toEqual(['strategy', 'enabled', 'type', 'weight', 'allocation', 'timeframes', 'symbols', 'priority', 'min_confidence', 'schedule', 'exchange', 'delay_after_open', 'delay_before_close', 'when_closed']);
  });

  it("type restates the strategy's own type (an enabled instance cannot change it)", () => {
    expectRejected(toml('[strategies.sma_cross]', 'type = "options"'), 2, 'strategies.sma_cross.type', 'sma_cross trades stocks, not options');
    expect(() => parse(toml('[strategies.sma_cross]', 'enabled = false', 'type = "options"'))).not.toThrow();
  });

  it('every config timeframe maps to a bar timeframe and back', () => {
    expect(TIMEFRAME_OF).toEqual({ '1M': '1m', '5M': '5m', '15M': '15m', '30M': '30m', '1H': '1h', '4H': '4h', '1D': '1d', '1W': '1w', '1MO': '1mo' });
    for (const t of STRATEGY_TIMEFRAMES) expect(CONFIG_TIMEFRAME[TIMEFRAME_OF[t]]).toBe(t);
  });
});

describe('the allocation rule', () => {
  const shares = (...lines: string[]) => Object.fromEntries(allocations(parse(toml(...lines))));

  it('one instance with neither gets everything (today\'s single run)', () => {
    expect(shares('[strategies.sma_cross]')).toEqual({ sma_cross: 1 });
  });

  it('explicit allocations first, the rest split equally among the instances with neither', () => {
    expect(shares('[strategies.a]', 'strategy = "sma_cross"', 'allocation = 0.4', '[strategies.b]', 'strategy = "buy_and_hold"', '[strategies.c]', 'strategy = "rsi_reversion"')).toEqual({ a: 0.4, b: 0.3, c: 0.3 });
  });

  it('the rest split among weighted instances by their normalised weights', () => {
    const s = shares('[strategies.a]', 'strategy = "sma_cross"', 'allocation = 0.2', '[strategies.b]', 'strategy = "buy_and_hold"', 'weight = 0.3', '[strategies.c]', 'strategy = "rsi_reversion"', 'weight = 0.1');
    expect(s.a).toBe(0.2);
    expect(s.b).toBeCloseTo(0.6, 12);
    expect(s.c).toBeCloseTo(0.2, 12);
  });

  it('allocations below 1 leave the rest as cash; disabled instances take nothing', () => {
    expect(shares('[strategies.a]', 'strategy = "sma_cross"', 'allocation = 0.5', '[strategies.b]', 'strategy = "buy_and_hold"', 'allocation = 0.3', '[strategies.c]', 'strategy = "rsi_reversion"', 'enabled = false')).toEqual({ a: 0.5, b: 0.3 });
  });

  it('the original README examples', () => {
    expect(shares('[strategies.wheel]', 'enabled = true', '[strategies.vix_hedge]', 'enabled = true', 'allocation = 0.01')).toEqual({ wheel: 0.99, vix_hedge: 0.01 });
    const coordination = shares('[strategies.wheel]', 'weight = 0.6', '[strategies.mean_reversion]', 'weight = 0.3', '[strategies.trend_following]', 'weight = 0.1');
    expect(coordination.wheel).toBeCloseTo(0.6, 12);
    expect(coordination.trend_following).toBeCloseTo(0.1, 12);
  });

  it('allocations summing over 1: the exact message', () => {
    const err = expectRejected(
      toml('[strategies.a]', 'strategy = "sma_cross"', 'allocation = 0.7', '[strategies.b]', 'strategy = "buy_and_hold"', 'allocation = 0.5'),
      6,
      'strategies.b.allocation',
      '',
    );
    expect(err.message).toBe('moneytrailz.toml:6: strategies.b.allocation: allocations sum to 1.2 (a 0.7 + b 0.5), at most 1');
  });

  it('some instances with a weight and others with neither names the instance', () => {
    expectRejected(
      toml('[strategies.a]', 'strategy = "sma_cross"', 'weight = 0.5', '[strategies.b]', 'strategy = "buy_and_hold"'),
      4,
      'strategies.b',
      'has neither allocation nor weight, but strategies.a has a weight: give every enabled instance without an allocation a weight (or an allocation)',
    );
  });

  it('both keys, a zero share, and no capital left', () => {
    expectRejected(toml('[strategies.a]', 'strategy = "sma_cross"', 'allocation = 0.5', 'weight = 0.5'), 4, 'strategies.a.weight', 'give either allocation (0.5) or weight (0.5), not both');
    expectRejected(toml('[strategies.a]', 'strategy = "sma_cross"', 'allocation = 0'), 3, 'strategies.a.allocation', 'an enabled instance needs capital: allocation must be > 0');
    expectRejected(toml('[strategies.a]', 'strategy = "sma_cross"', 'weight = 0'), 3, 'strategies.a.weight', 'an enabled instance needs capital: weight must be > 0');
    expectRejected(
      toml('[strategies.a]', 'strategy = "sma_cross"', 'allocation = 1', '[strategies.b]', 'strategy = "buy_and_hold"'),
      4,
      'strategies.b',
      'gets no capital: the allocations already sum to 1 (a 1)',
    );
  });
});

describe('symbols and the benchmark must have data', () => {
  it('a symbol without data: the exact message', () => {
    const err = expectRejected(toml(...SPY_TLT, '[strategies.sma_cross]', 'symbols = ["SPY", "XYZ"]'), 6, 'strategies.sma_cross.symbols', '');
    expect(err.message).toBe("moneytrailz.toml:6: strategies.sma_cross.symbols: unknown symbol 'XYZ' (data: SPY, TLT)");
  });

  it("the single [data] series' symbol (given or inferred) counts", () => {
    expect(() => parse(toml('[data]', 'csv = "SPY_1d.csv"', '[strategies.sma_cross]', 'symbols = ["SPY"]'))).not.toThrow();
    expectRejected(toml('[data]', 'csv = "SPY_1d.csv"', 'symbol = "GOOG"', '[strategies.sma_cross]', 'symbols = ["SPY"]'), 5, 'strategies.sma_cross.symbols', "unknown symbol 'SPY' (data: GOOG)");
  });

  it('an empty list and a symbol named twice', () => {
    expectRejected(toml(...SPY_TLT, '[strategies.sma_cross]', 'symbols = []'), 6, 'strategies.sma_cross.symbols', 'is empty: name at least one symbol (data: SPY, TLT)');
    expectRejected(toml(...SPY_TLT, '[strategies.sma_cross]', 'symbols = ["SPY", "SPY"]'), 6, 'strategies.sma_cross.symbols', 'names SPY twice');
  });

  it('without [data] (live configurations) symbols are not checked; disabled instances neither', () => {
    expect(() => parse(toml('[strategies.wheel]', 'symbols = ["SPY", "QQQ"]'))).not.toThrow();
    expect(() => parse(toml(...SPY_TLT, '[strategies.sma_cross]', 'enabled = false', 'symbols = ["XYZ"]'))).not.toThrow();
  });

  it('the benchmark is a data symbol', () => {
    expect(parse(toml(...SPY_TLT, '[backtesting]', 'benchmark = "TLT"')).backtesting.benchmark).toBe('TLT');
    expectRejected(toml(...SPY_TLT, '[backtesting]', 'benchmark = "QQQ"'), 6, 'backtesting.benchmark', "unknown symbol 'QQQ' (data: SPY, TLT)");
  });
});

describe("rebalance's per-symbol modes", () => {
  it('the old [symbols] keys name the tables that replaced them', () => {
    expectRejected(
      toml('[symbols.SPY]', 'weight = 0.5', 'buy_only_rebalancing = true'),
      3,
      'symbols.SPY.buy_only_rebalancing',
      'buy_only_rebalancing was renamed: use [strategies.wheel.equity_rebalance.symbol_overrides.SPY] mode = "buy_only" (the wheel) or [strategies.rebalance.symbol_overrides.SPY] mode = "buy_only" (the rebalance strategy)',
    );
  });

  it('an override of a symbol the instance does not trade names it', () => {
    const text = toml(...SPY_TLT, '[strategies.rebalance]', 'symbols = ["SPY"]', '[strategies.rebalance.symbol_overrides.TLT]', 'mode = "sell_only"');
    expect(() => planInstances(parse(text), { scopeOf: () => 'portfolio', dataTimeframe: '1d', commonKeys: COMMON_STRATEGY_KEYS })).toThrow(
      'strategies.rebalance.symbol_overrides.TLT: names TLT, which rebalance does not trade (its symbols: SPY)',
    );
  });
});

describe('timeframes buildable from the data', () => {
  const ok: [Timeframe, Timeframe][] = [
    ['1m', '1m'],
    ['1m', '5m'],
    ['1m', '30m'],
    ['1m', '4h'],
    ['1m', '1d'],
    ['1m', '1w'],
    ['1m', '1mo'],
    ['5m', '15m'],
    ['1h', '4h'],
    ['1d', '1d'],
    ['1d', '1w'],
    ['1d', '1mo'],
  ];
  it.each(ok)('%s data makes %s bars', (data, want) => {
    expect(timeframeProblem(data, want)).toBeUndefined();
  });

  it('finer than the data, or weekly to monthly, is refused naming the data timeframe', () => {
    expect(timeframeProblem('1d', '5m')).toBe("'5M' is finer than the data's 1D bars (buildable: 1D, 1W, 1MO)");
    expect(timeframeProblem('5m', '1m')).toBe("'1M' is finer than the data's 5M bars (buildable: 5M, 15M, 30M, 1H, 4H, 1D, 1W, 1MO)");
    expect(timeframeProblem('1w', '1mo')).toBe("'1MO' cannot be built from the data's 1W bars (buildable: 1W)");
    expect(timeframeProblem('1mo', '1w')).toBe("'1W' is finer than the data's 1MO bars (buildable: 1MO)");
  });
});

describe('planInstances: what each instance runs', () => {
  const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({ scopeOf: (s) => (s === 'rebalance' ? 'portfolio' : 'symbol'), dataTimeframe: '1d', commonKeys: COMMON_STRATEGY_KEYS, ...over });
  const plan = (lines: string[], over: Partial<PlanOptions> = {}) => planInstances(parse(toml(...lines)), options(over));
  const problem = (lines: string[], over: Partial<PlanOptions> = {}) => {
    try {
      plan(lines, over);
    } catch (e) {
      if (e instanceof SchemaError) return e.message;
      throw e;
    }
    throw new Error('accepted');
  };

  it('schedule and the market-hours window: parsed for intraday data, refused on daily bars, a bad entry named', () => {
    const intraday = ['[data]', 'csv = "SPY_1m.csv"', '[strategies.sma_cross]'];
    const [p] = plan([...intraday, 'schedule = ["open+30m", "close-15m"]', 'delay_after_open = 15', 'when_closed = "wait"'], { dataTimeframe: '1m' });
    expect(p.schedule).toEqual({ exchange: 'XNYS', times: [{ anchor: 'open', offsetMin: 30, text: 'open+30m' }, { anchor: 'close', offsetMin: -15, text: 'close-15m' }] });
    expect(p.marketHours).toEqual({ exchange: 'XNYS', rule: { delayAfterOpenMin: 15, delayBeforeCloseMin: 0, whenClosed: 'wait' } });
    expect(problem([...intraday, 'schedule = ["open", "lunch"]'], { dataTimeframe: '1m' })).toBe("strategies.sma_cross.schedule[1]: 'lunch' is not a session time (open, open+30m, close-15m, close, or HH:MM in exchange time)");
    expect(problem(['[data]', 'csv = "SPY_1d.csv"', '[strategies.sma_cross]', 'schedule = ["open+30m"]'])).toBe(
      'strategies.sma_cross.schedule: needs intraday data (the data has 1D bars: a strategy on them decides once a bar, at its close)',
    );
    expect(problem([...intraday, 'exchange = "XNAS"'], { dataTimeframe: '1m' })).toMatch(/^strategies\.sma_cross\.exchange: is used only by schedule and the market-hours window/);
  });

  it('one data symbol, one instance: everything, the data timeframe, the parameters with their defaults', () => {
    expect(plan(['[data]', 'csv = "GOOG_1d.csv"', '[strategies.sma_cross]', 'fast = 5'])).toEqual([
      { id: 'sma_cross', strategy: 'sma_cross', params: { fast: 5, slow: 30, direction: 'long_short' }, symbols: ['GOOG'], timeframes: ['1d'], allocation: 1, priority: 0, minConfidence: 0 },
    ]);
  });

  it('instances with their own symbols, timeframes, priority and min_confidence', () => {
    const [a, b] = plan([...SPY_TLT, '[strategies.a]', 'strategy = "sma_cross"', 'symbols = ["TLT"]', 'timeframes = ["1W", "1D"]', 'priority = 2', 'min_confidence = 0.5', 'allocation = 0.6', '[strategies.b]', 'strategy = "buy_and_hold"', 'symbols = ["SPY"]']);
    expect(a).toMatchObject({ id: 'a', symbols: ['TLT'], timeframes: ['1w', '1d'], priority: 2, minConfidence: 0.5, allocation: 0.6 });
    expect(b).toMatchObject({ id: 'b', symbols: ['SPY'], timeframes: ['1d'], allocation: 0.4 });
    expect(b.allocation + a.allocation).toBeCloseTo(1, 12);
  });

  it('a portfolio strategy defaults to every data symbol; a per-symbol one must name them when there are several', () => {
    const [r] = plan([...SPY_TLT, '[symbols.SPY]', 'weight = 0.6', '[symbols.TLT]', 'weight = 0.4', '[strategies.rebalance]', '[strategies.rebalance.symbol_overrides.TLT]', 'mode = "sell_only"']);
    expect(r.symbols).toEqual(['SPY', 'TLT']);
    expect(r.params).toEqual({ mode: 'band', band: 0.05, frequency: 'monthly', weights: { SPY: 0.6, TLT: 0.4 }, symbolModes: { TLT: 'sell_only' } });
    expect(problem([...SPY_TLT, '[strategies.sma_cross]'])).toBe(
      'strategies.sma_cross.symbols: missing: the data has several symbols (SPY, TLT) and sma_cross decides per symbol: name the ones it trades, e.g. symbols = ["SPY"]',
    );
  });

  it('a timeframe the data cannot make names the key and the data timeframe', () => {
    expect(problem(['[data]', 'csv = "SPY_1d.csv"', '[strategies.sma_cross]', 'timeframes = ["1D", "5M"]'])).toBe("strategies.sma_cross.timeframes[1]: '5M' is finer than the data's 1D bars (buildable: 1D, 1W, 1MO)");
    expect(plan(['[data]', 'csv = "SPY_1m.csv"', '[strategies.sma_cross]', 'timeframes = ["5M"]'], { dataTimeframe: '1m' })[0].timeframes).toEqual(['5m']);
    expect(plan(['[data]', 'csv = "SPY_1m.csv"', '[strategies.sma_cross]'], { dataTimeframe: '1m' })[0].timeframes).toEqual(['1m']);
  });
});
