// The wheel's tables in moneytrailz.toml (docs/wheel-rules.md §6.1): a thetagang-like file read into the
// WheelConfig the pass takes, thetagang's defaults for what it leaves out, who reads each key, and every bad
// input named as `moneytrailz.toml:<line>: <key>: <problem>`.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { backtestKeyProblem, bridgeKeyProblem, formatKeyPath, lineOfPath, parseConfig, readerOf, tomlKeyLines, writtenKeys } from '../../../shared/config/index.ts';
import { SchemaError } from '../../../shared/config/schema.ts';
import { ConfigError } from '../../../shared/errors.ts';
import { symbolDelta, symbolRebalancePolicy, symbolWriteThreshold, wheelDefaults, type WheelConfig } from '../../../shared/strategies/wheel/config.ts';
import { DEFAULT_VIX_BANDS, dailyStddevWindowDays, wheelConfigOf } from '../../../shared/strategies/wheel/from-config.ts';
import { RUNNABLE_STRATEGIES } from '../../../shared/strategies/registry.ts';
import { FILE, expectRejected, readRepoFile, toml } from './helpers.ts';

const FIXTURE = readRepoFile('tests/fixtures/wheel/moneytrailz.toml');

/** The wheel of `text` (parsed and validated), or the ConfigError its SchemaError becomes, as the dry run reports it. */
function wheelOf(text: string, id?: string): WheelConfig {
  const config = parseConfig(text, FILE);
  try {
    return wheelConfigOf(config, id);
  } catch (e) {
    if (e instanceof SchemaError) throw new ConfigError(FILE, lineOfPath(tomlKeyLines(text), e.path), formatKeyPath(e.path), e.problem);
    throw e;
  }
}

/** The message of the error `text` gives when its wheel is read. */
function wheelError(text: string, id?: string): string {
  try {
    wheelOf(text, id);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error(`expected an error for:\n${text}`);
}

/** The smallest wheel: the required keys only. */
const MINIMAL = ['[account]', 'margin_usage = 0.5', '[symbols.SPY]', 'weight = 1.0', '[strategies.wheel.target]', 'dte = 45', '[strategies.wheel.roll_when]', 'dte = 15'];

const doc = (text: string) => parse(text) as Record<string, unknown>;

describe('the thetagang-like example file (tests/fixtures/wheel/moneytrailz.toml)', () => {
  it('reads into the expected WheelConfig', () => {
    const expected: WheelConfig = {
      stages: ['write_puts', 'write_calls', 'buy_rebalance', 'sell_rebalance', 'roll', 'close', 'vix_hedge', 'cash_management'],
      account: { marginUsage: 0.5 },
      optionChains: { expirations: 4, strikes: 15 },
      orders: { minimumCredit: 0.05 },
      symbols: new Map([
        ['SPY', { weight: 0.4 }],
        [
          'QQQ',
          {
            weight: 0.3,
            dte: 60,
            closeIfUnableToRoll: true,
            puts: { delta: 0.5, strikeLimit: 1000, percent: 0.01, writeWhen: { green: false, red: true } },
            calls: { strikeLimit: 100, maintainHighWaterMark: true, capFactor: 1, capTargetFloor: 0, excessOnly: false },
          },
        ],
        ['TLT', { weight: 0.2, delta: 0.4 }],
        ['ABNB', { weight: 0.1 }],
      ]),
      target: { dte: 45, maxDte: 180, delta: 0.3, minimumOpenInterest: 10, maximumNewContractsPercent: 0.05 },
      writeWhen: {
        calculateNetContracts: false,
        puts: { green: false, red: true },
        calls: { green: true, red: false, capFactor: 1, capTargetFloor: 0, excessOnly: false },
      },
      constants: { dailyStddevWindowDays: 30 },
      rollWhen: {
        dte: 15,
        minPnl: 0,
        pnl: 0.9,
        maxDte: 180,
        closeAtPnl: 1,
        closeIfUnableToRoll: false,
        puts: { itm: false, alwaysWhenItm: false, hasExcess: true, creditOnly: false },
        calls: { itm: true, alwaysWhenItm: false, hasExcess: true, creditOnly: false, maintainHighWaterMark: false },
      },
      equityRebalance: { defaults: { mode: 'off' }, symbols: new Map() },
      vixCallHedge: {
        enabled: true,
        delta: 0.3,
        targetDte: 30,
        ignoreDte: 0,
        closeHedgesWhenVixExceeds: 50,
        allocation: [
          { upperBound: 15, weight: 0 },
          { lowerBound: 15, upperBound: 30, weight: 0.01 },
          { lowerBound: 30, upperBound: 50, weight: 0.005 },
          { lowerBound: 50, weight: 0 },
        ],
      },
      cashManagement: { enabled: true, cashFund: 'SGOV', targetCashBalance: 0, buyThreshold: 10_000, sellThreshold: 10_000 },
    };
    const wheel = wheelOf(FIXTURE);
    expect(wheel).toStrictEqual(expected);
    expect([...wheel.symbols.keys()]).toEqual(['SPY', 'QQQ', 'TLT', 'ABNB']);
  });

  it('T2: the per-symbol levels of the file resolve in precedence order', () => {
    const wheel = wheelOf(FIXTURE);
    expect([symbolDelta(wheel, 'QQQ', 'P'), symbolDelta(wheel, 'QQQ', 'C')]).toEqual([0.5, 0.3]);
    expect([symbolDelta(wheel, 'TLT', 'P'), symbolDelta(wheel, 'TLT', 'C')]).toEqual([0.4, 0.4]);
    expect(symbolDelta(wheel, 'SPY', 'P')).toBe(0.3);
    expect(symbolWriteThreshold(wheel, 'QQQ', 'P')).toEqual({ kind: 'percent', value: 0.01 });
    expect(symbolWriteThreshold(wheel, 'QQQ', 'C')).toEqual({ kind: 'none' });
  });

  it('every key it sets has a reader: the wheel pass, or live runs (refused by the bridge)', () => {
    for (const path of writtenKeys(doc(FIXTURE))) expect(readerOf(path), path.join('.')).toBeDefined();
    expect(readerOf(['strategies', 'wheel', 'roll_when', 'calls', 'itm'])).toMatchObject({ consumer: 'strategy', onlyBy: ['wheel', 'enhanced_wheel'] });
    expect(readerOf(['strategies', 'vix_call_hedge', 'allocation'])).toMatchObject({ consumer: 'strategy', onlyBy: ['vix_call_hedge'] });
    expect(readerOf(['orders', 'minimum_credit'])?.reader).toMatch(/^the wheel pass/);
    expect(readerOf(['exchange_hours', 'exchange'])).toMatchObject({ consumer: 'bridge', reader: expect.stringContaining('the live wheel run') });
    expect(readerOf(['exchange_hours', 'exchange'])?.notYet).toBeUndefined();
    for (const live of [['orders', 'algo', 'params'], ['symbols', 'ABNB', 'primary_exchange'], ['strategies', 'cash_management', 'orders', 'algo', 'strategy']]) {
      expect(readerOf(live), live.join('.')).toMatchObject({ consumer: 'bridge', notYet: expect.stringContaining('order routing of live wheel runs') });
    }
    for (const loop of [['orders', 'price_update_delay'], ['orders', 'fill_timeout'], ['orders', 'symbol_overrides', 'SPY', 'reprice_steps'], ['symbols', 'SPY', 'adjust_price_after_delay']]) {
      expect(readerOf(loop), loop.join('.')).toMatchObject({ consumer: 'bridge', reader: expect.stringContaining("the live wheel run's order loop") });
      expect(readerOf(loop)?.notYet, loop.join('.')).toBeUndefined();
    }
  });

  it('the bridge refuses the keys of live wheel runs; a backtest refuses the keys only the wheel pass reads', () => {
    expect(bridgeKeyProblem(doc(toml('[orders]', 'exchange = "SMART"')))).toEqual({
      path: ['orders', 'exchange'],
      problem: 'is for order routing of live wheel runs (exchanges, algos), which does not exist yet (neither the dry run nor the --live run uses it): remove it (or comment it out) to start',
    });
    // [exchange_hours] is read by the live wheel run (its gate before a --submit), so the bridge's file may hold it.
    expect(bridgeKeyProblem(doc(toml('[exchange_hours]', 'action_when_closed = "wait"')))).toBeUndefined();
    expect(bridgeKeyProblem(doc(toml('[option_chains]', 'strikes = 15', '[symbols.SPY.puts]', 'delta = 0.2')))).toBeUndefined();
    const ctx = { running: new Map([['sma_cross', new Set(['SPY'])]]), runnable: RUNNABLE_STRATEGIES, disabled: new Set<string>(), commissionPreset: 'none' };
    const refused = `is read only by the wheel pass, which cannot run in a backtest yet (runnable: ${RUNNABLE_STRATEGIES.join(', ')}): remove it (or comment it out) to backtest this file`;
    expect(backtestKeyProblem(doc(toml('[option_chains]', 'strikes = 15')), ctx)).toEqual({ path: ['option_chains', 'strikes'], problem: refused });
    expect(backtestKeyProblem(doc(toml('[symbols.SPY.calls.write_when]', 'red = true')), ctx)).toEqual({ path: ['symbols', 'SPY', 'calls', 'write_when', 'red'], problem: refused });
    expect(backtestKeyProblem(doc(toml('[strategies.wheel.roll_when]', 'dte = 15')), ctx)?.path).toEqual(['strategies', 'wheel', 'roll_when', 'dte']);
    // Leaving the live keys to the bridge, as with [account].
    expect(backtestKeyProblem(doc(toml('[exchange_hours]', 'exchange = "XNYS"', '[orders]', 'exchange = "SMART"')), ctx)).toBeUndefined();
  });
});

describe("thetagang's defaults and the other readings", () => {
  it('the required keys alone give wheelDefaults: the six wheel stages, no VIX hedge, no cash management', () => {
    const wheel = wheelOf(toml(...MINIMAL));
    expect(wheel).toStrictEqual(wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map([['SPY', { weight: 1 }]]) }));
    expect(wheel.stages).toEqual(['write_puts', 'write_calls', 'buy_rebalance', 'sell_rebalance', 'roll', 'close']);
  });

  it("a VIX call hedge without bands gets thetagang's four; a disabled one adds no stage", () => {
    const on = wheelOf(toml(...MINIMAL, '[strategies.vix_call_hedge]', 'max_dte = 60'));
    expect(on.vixCallHedge).toEqual({ enabled: true, ignoreDte: 0, allocation: DEFAULT_VIX_BANDS, delta: 0.3, targetDte: 30, maxDte: 60 });
    expect(on.stages.at(-1)).toBe('vix_hedge');
    const off = wheelOf(toml(...MINIMAL, '[strategies.vix_call_hedge]', 'enabled = false', '[strategies.cash_management]', 'enabled = false'));
    expect(off.stages).not.toContain('vix_hedge');
    expect(off.stages).not.toContain('cash_management');
    expect(off.vixCallHedge.enabled).toBe(false);
  });

  it('cash management with its own id and thetagang defaults for the rest', () => {
    const wheel = wheelOf(toml(...MINIMAL, '[strategies.sweep]', 'strategy = "cash_management"', 'cash_fund = "BIL"', 'target_cash_balance = 5000'));
    expect(wheel.cashManagement).toEqual({ enabled: true, cashFund: 'BIL', targetCashBalance: 5000, buyThreshold: 10_000, sellThreshold: 10_000 });
    expect(wheel.stages.at(-1)).toBe('cash_management');
  });

  it('an enhanced_wheel instance reads the same tables', () => {
    const text = toml('[account]', 'margin_usage = 1', '[symbols.SPY]', 'weight = 1', '[strategies.growth]', 'strategy = "enhanced_wheel"', 'use_technical_filters = true', '[strategies.growth.target]', 'dte = 30', 'delta = 0.2', '[strategies.growth.roll_when]', 'dte = 7');
    const wheel = wheelOf(text, 'growth');
    expect([wheel.target.dte, wheel.target.delta, wheel.rollWhen.dte, wheel.account.marginUsage]).toEqual([30, 0.2, 7, 1]);
  });

  it('daily_stddev_window "N D" is N days; right-level thresholds and call size thresholds', () => {
    const wheel = wheelOf(
      toml(...MINIMAL, '[strategies.wheel.constants]', 'daily_stddev_window = "20 D"', 'write_threshold_sigma = 1.5', '[strategies.wheel.constants.calls]', 'write_threshold = 0.02', '[symbols.SPY.calls]', 'min_threshold_percent = 0.05', '[strategies.wheel.write_when.calls]', 'min_threshold_percent_relative = 0.2'),
    );
    expect(wheel.constants).toEqual({ dailyStddevWindowDays: 20, sigma: 1.5, calls: { percent: 0.02 } });
    expect(symbolWriteThreshold(wheel, 'SPY', 'C')).toEqual({ kind: 'percent', value: 0.02 });
    expect(symbolWriteThreshold(wheel, 'SPY', 'P')).toEqual({ kind: 'sigma', value: 1.5 });
    expect(wheel.symbols.get('SPY')?.callThresholds).toEqual({ minPercent: 0.05 });
    expect(wheel.writeWhen.calls.minPercentRelative).toBe(0.2);
  });

  it('dailyStddevWindowDays takes "N D" only, naming the key otherwise (for configurations built by hand)', () => {
    const at = ['strategies', 'wheel', 'constants', 'daily_stddev_window'];
    expect(dailyStddevWindowDays('30 D', at)).toBe(30);
    expect(dailyStddevWindowDays('365 D', at)).toBe(365);
    for (const bad of ['30D', '30 d', '1 W', '0 D', '366 D', ' 30 D']) {
      expect(() => dailyStddevWindowDays(bad, at), bad).toThrow(`strategies.wheel.constants.daily_stddev_window: must be an IBKR duration in days "N D" with N in [2, 365], e.g. "30 D", got the string ${JSON.stringify(bad)}`);
    }
  });

  it('T19 setup: equity_rebalance defaults and per-symbol overrides', () => {
    const wheel = wheelOf(
      toml(
        ...MINIMAL.slice(0, 2),
        '[symbols.SPY]',
        'weight = 0.5',
        '[symbols.TLT]',
        'weight = 0.5',
        ...MINIMAL.slice(4),
        '[strategies.wheel.equity_rebalance.defaults]',
        'mode = "sell_only"',
        'min_threshold_percent = 0.01',
        '[strategies.wheel.equity_rebalance.symbol_overrides.TLT]',
        'mode = "buy_only"',
        'min_threshold_shares = 10',
      ),
    );
    expect(symbolRebalancePolicy(wheel, 'SPY')).toEqual({ mode: 'sell_only', minThresholdPercent: 0.01 });
    expect(symbolRebalancePolicy(wheel, 'TLT')).toEqual({ mode: 'buy_only', minThresholdPercent: 0.01, minThresholdShares: 10 });
  });

  it("the wheel instance's `symbols` picks which [symbols.*] it trades (their weights sum to 1)", () => {
    const text = toml('[account]', 'margin_usage = 0.5', '[symbols.SPY]', 'weight = 0.6', '[symbols.TLT]', 'weight = 0.4', '[symbols.QQQ]', 'weight = 0', '[strategies.wheel]', 'symbols = ["TLT", "SPY"]', '[strategies.wheel.target]', 'dte = 45', '[strategies.wheel.roll_when]', 'dte = 15');
    expect([...wheelOf(text).symbols.keys()]).toEqual(['TLT', 'SPY']);
  });

  it("weights within thetagang's relative tolerance 1e-5 of 1 pass; the original README's bare wheel keeps the at-most-1 rule", () => {
    expect(() => wheelOf(toml(...MINIMAL.slice(0, 2), '[symbols.A]', 'weight = 0.333333', '[symbols.B]', 'weight = 0.333333', '[symbols.C]', 'weight = 0.333333', ...MINIMAL.slice(4)))).not.toThrow();
    expect(() => parseConfig(toml('[symbols.SPY]', 'weight = 0.5', '[symbols.TLT]', 'weight = 0.3', '[strategies.wheel]', 'enabled = true'), FILE)).not.toThrow();
  });
});

describe('bad input: moneytrailz.toml:<line>: <key>: <problem>', () => {
  it('symbol weights summing to 0.9 with the wheel configured', () => {
    const err = expectRejected(
      toml('[account]', 'margin_usage = 0.5', '[symbols.SPY]', 'weight = 0.4', '[symbols.QQQ]', 'weight = 0.3', '[symbols.TLT]', 'weight = 0.2', '[strategies.wheel.target]', 'dte = 45'),
      3,
      'symbols',
      '',
    );
    expect(err.message).toBe('moneytrailz.toml:3: symbols: symbol weights must sum to 1 for the wheel (strategies.wheel), got 0.9 (SPY 0.4 + QQQ 0.3 + TLT 0.2)');
  });

  it('roll_when.close_at_pnl not above roll_when.min_pnl (the default counts)', () => {
    const err = expectRejected(toml('[symbols.SPY]', 'weight = 1', '[strategies.wheel.roll_when]', 'dte = 15', 'min_pnl = 0.5', 'close_at_pnl = 0.5'), 6, 'strategies.wheel.roll_when.close_at_pnl', '');
    expect(err.message).toBe('moneytrailz.toml:6: strategies.wheel.roll_when.close_at_pnl: close_at_pnl (0.5) must be greater than min_pnl (0.5)');
    expectRejected(toml('[symbols.SPY]', 'weight = 1', '[strategies.wheel.roll_when]', 'min_pnl = 1.5'), 4, 'strategies.wheel.roll_when.min_pnl', 'close_at_pnl (1, the default) must be greater than min_pnl (1.5)');
  });

  it.each([
    ['put_delta', toml('[symbols.SPY]', 'weight = 1', 'put_delta = 0.2'), 3, 'symbols.SPY.put_delta', 'put_delta was renamed: use [symbols.SPY.puts] delta'],
    ['call_delta', toml('[symbols."BRK.B"]', 'call_delta = 0.2'), 2, 'symbols."BRK.B".call_delta', 'call_delta was renamed: use [symbols."BRK.B".calls] delta'],
    [
      'strike_limit',
      toml('[symbols.SPY]', 'strike_limit = 400'),
      2,
      'symbols.SPY.strike_limit',
      'strike_limit was renamed: use [symbols.SPY.puts] strike_limit (the highest put strike) or [symbols.SPY.calls] strike_limit (the lowest call strike)',
    ],
    ['sell_only_rebalancing', toml('[symbols.TLT]', 'sell_only_rebalancing = true'), 2, 'symbols.TLT.sell_only_rebalancing', 'use [strategies.wheel.equity_rebalance.symbol_overrides.TLT] mode = "sell_only" (the wheel)'],
    ['the wheel delta', toml('[strategies.wheel]', 'enabled = true', 'delta = 0.3'), 3, 'strategies.wheel.delta', 'delta was renamed: use [strategies.wheel.target] delta'],
    ['target_dte', toml('[strategies.wheel]', 'target_dte = 45'), 2, 'strategies.wheel.target_dte', 'target_dte was renamed: use [strategies.wheel.target] dte'],
    ['max_dte', toml('[strategies.wheel]', 'max_dte = 60'), 2, 'strategies.wheel.max_dte', 'max_dte was renamed: use [strategies.wheel.target] max_dte'],
    ['roll_dte', toml('[strategies.wheel]', 'roll_dte = 21'), 2, 'strategies.wheel.roll_dte', 'roll_dte was renamed: use [strategies.wheel.roll_when] dte'],
    ['roll_pnl', toml('[strategies.wheel]', 'roll_pnl = 0.9'), 2, 'strategies.wheel.roll_pnl', 'roll_pnl was renamed: use [strategies.wheel.roll_when] pnl'],
    ['min_open_interest', toml('[strategies.wheel]', 'min_open_interest = 10'), 2, 'strategies.wheel.min_open_interest', 'min_open_interest was renamed: use [strategies.wheel.target] minimum_open_interest'],
    [
      'write_when_green on an enhanced wheel with its own id',
      toml('[strategies.mine]', 'strategy = "enhanced_wheel"', 'write_when_green = true'),
      3,
      'strategies.mine.write_when_green',
      'write_when_green was renamed: use [strategies.mine.write_when.puts] green and [strategies.mine.write_when.calls] green',
    ],
    ['vix_hedge call_delta', toml('[strategies.vix_hedge]', 'call_delta = 0.1'), 2, 'strategies.vix_hedge.call_delta', 'call_delta was renamed: use [strategies.vix_call_hedge] delta'],
    ['vix_hedge close_above_vix', toml('[strategies.vix_hedge]', 'close_above_vix = 50'), 2, 'strategies.vix_hedge.close_above_vix', 'use [strategies.vix_call_hedge] close_hedges_when_vix_exceeds'],
    ["thetagang's defaults level", toml('[strategies.wheel.defaults.target]', 'dte = 45'), 1, 'strategies.wheel.defaults', "thetagang's [strategies.wheel.defaults.*] tables are [strategies.wheel.*] here"],
    ['maximum_new_contracts', toml('[strategies.wheel.target]', 'maximum_new_contracts = 5'), 2, 'strategies.wheel.target.maximum_new_contracts', 'is not read (thetagang ignores it too'],
    ["thetagang's v1 parts", toml('[symbols.SPY]', 'parts = 30'), 2, 'symbols.SPY.parts', 'give each symbol its weight, parts / total parts'],
  ])('an old key: %s', (_name, text, line, keyPath, problem) => {
    expectRejected(text, line, keyPath, problem);
  });

  it.each([
    ['close_at_pln', toml('[strategies.wheel.roll_when]', 'dte = 15', 'close_at_pln = 0.5'), 3, 'strategies.wheel.roll_when.close_at_pln', "unknown key 'close_at_pln' (did you mean 'close_at_pnl'?"],
    ['detla', toml('[symbols.SPY.puts]', 'detla = 0.2'), 2, 'symbols.SPY.puts.detla', "unknown key 'detla' (did you mean 'delta'? valid keys: delta, strike_limit, write_threshold, write_threshold_sigma, write_when, roll_policy)"],
    ['rol_when', toml('[strategies.wheel.rol_when]', 'dte = 15'), 1, 'strategies.wheel.rol_when', "did you mean 'roll_when'?"],
    ['exchange_hour', toml('[exchange_hour]', 'exchange = "XNYS"'), 1, 'exchange_hour', "did you mean 'exchange_hours'?"],
    ['wiat', toml('[exchange_hours]', 'action_when_closed = "wiat"'), 2, 'exchange_hours.action_when_closed', 'must be one of "exit", "wait", "continue", got the string "wiat" (did you mean "wait"?)'],
    ['buy-only', toml('[strategies.wheel.equity_rebalance.defaults]', 'mode = "buy-only"'), 2, 'strategies.wheel.equity_rebalance.defaults.mode', '(did you mean "buy_only"?)'],
  ])('an unknown key or value with a did-you-mean: %s', (_name, text, line, keyPath, problem) => {
    expectRejected(text, line, keyPath, problem);
  });

  it('missing required keys name the key (with the line of its table when there is one)', () => {
    expect(wheelError(toml('[account]', 'number = "DU1"', '[symbols.SPY]', 'weight = 1', '[strategies.wheel.target]', 'dte = 45'))).toBe(
      "moneytrailz.toml:1: account.margin_usage: missing required key 'margin_usage': the wheel's buying power is net liquidation × margin_usage (e.g. 0.5)",
    );
    expect(wheelError(toml('[account]', 'margin_usage = 0.5', '[symbols.SPY]', 'weight = 1', '[strategies.wheel.target]', 'delta = 0.3'))).toBe(
      "moneytrailz.toml:5: strategies.wheel.target.dte: missing required key 'dte': only expirations at least this many days out are written (e.g. 45)",
    );
    expect(wheelError(toml('[account]', 'margin_usage = 0.5', '[symbols.SPY]', 'weight = 1', '[strategies.wheel.target]', 'dte = 45'))).toBe(
      "moneytrailz.toml:5: strategies.wheel.roll_when.dte: missing required key 'dte': positions are rolled at this many days to expiry or fewer (e.g. 15)",
    );
  });

  it('the wheel needs symbols, each with a weight', () => {
    expectRejected(
      toml(...MINIMAL.slice(0, 2), ...MINIMAL.slice(4)),
      3,
      'strategies.wheel',
      'the wheel needs at least one [symbols.<SYM>] table with a weight (its share of the buying power), e.g. [symbols.SPY] weight = 1.0',
    );
    expectRejected(toml(...MINIMAL, '[symbols.TLT]', 'delta = 0.2'), 9, 'symbols.TLT.weight', "missing required key 'weight': the wheel (strategies.wheel) gives every symbol its share of the buying power");
    expectRejected(toml(...MINIMAL, '[strategies.wheel]', 'symbols = ["SPY", "XYZ"]'), 10, 'strategies.wheel.symbols[1]', "'XYZ' has no [symbols.XYZ] table: the wheel (strategies.wheel) needs its weight");
  });

  it('the wheel instance must exist, run the wheel and be enabled; no legacy vix_hedge, one cash management', () => {
    expect(wheelError(toml(...MINIMAL), 'spy_wheel')).toBe("moneytrailz.toml:5: strategies.spy_wheel: missing: no [strategies.spy_wheel] table (the wheel's settings: [strategies.spy_wheel.target] dte, [strategies.spy_wheel.roll_when] dte, …)");
    expect(wheelError(toml(...MINIMAL, '[strategies.sma_cross]'), 'sma_cross')).toBe('moneytrailz.toml:9: strategies.sma_cross: runs sma_cross, not the wheel (wheel or enhanced_wheel)');
    expect(wheelError(toml(...MINIMAL, '[strategies.wheel]', 'enabled = false'))).toBe('moneytrailz.toml:10: strategies.wheel.enabled: the wheel is disabled (enabled = false): set enabled = true to run it');
    expect(wheelError(toml(...MINIMAL, '[strategies.vix_hedge]', 'allocation = 0.01'))).toMatch(/^moneytrailz\.toml:9: strategies\.vix_hedge: is the original README's VIX hedge, which the wheel pass does not run: use \[strategies\.vix_call_hedge\]/);
    expect(wheelError(toml(...MINIMAL, '[strategies.cash_management]', '[strategies.more_cash]', 'strategy = "cash_management"'))).toBe(
      'moneytrailz.toml:10: strategies.more_cash: is a second enabled cash_management instance (after strategies.cash_management): the wheel pass runs one per account',
    );
  });

  it('VIX hedge bands: lower_bound below upper_bound, no overlap', () => {
    const band = (lower: number | undefined, upper: number | undefined, weight: number) => [
      '[[strategies.vix_call_hedge.allocation]]',
      ...(lower === undefined ? [] : [`lower_bound = ${lower}`]),
      ...(upper === undefined ? [] : [`upper_bound = ${upper}`]),
      `weight = ${weight}`,
    ];
    const err = expectRejected(toml('[strategies.vix_call_hedge]', ...band(undefined, 15, 0), ...band(15, 40, 0.01), ...band(30, 50, 0.005)), 9, 'strategies.vix_call_hedge.allocation[2]', '');
    expect(err.message).toBe('moneytrailz.toml:9: strategies.vix_call_hedge.allocation[2]: band [30, 50) overlaps allocation[1] [15, 40): a VIXMO value must fall in one band at most');
    expectRejected(toml('[strategies.vix_call_hedge]', ...band(undefined, 20, 0), ...band(undefined, 10, 0)), 5, 'strategies.vix_call_hedge.allocation[1]', 'band (VIXMO < 10) overlaps allocation[0] (VIXMO < 20)');
    expectRejected(toml('[strategies.vix_call_hedge]', ...band(30, 15, 0.01)), 3, 'strategies.vix_call_hedge.allocation[0].lower_bound', 'lower_bound (30) must be less than upper_bound (15)');
    expectRejected(toml('[strategies.vix_call_hedge]', ...band(15, 30, 1.5)), 5, 'strategies.vix_call_hedge.allocation[0].weight', 'must be a number in [0, 1], got 1.5');
    // Adjacent bands share a bound without overlapping ([15, 30) then [30, 50)).
    expect(() => parseConfig(toml('[strategies.vix_call_hedge]', ...band(15, 30, 0.01), ...band(30, 50, 0.005), ...band(50, undefined, 0)), FILE)).not.toThrow();
  });

  it.each([
    ['a month window', toml('[strategies.wheel.constants]', 'daily_stddev_window = "1 M"'), 2, 'strategies.wheel.constants.daily_stddev_window', 'must be an IBKR duration in days "N D" with N in [2, 365], e.g. "30 D", got the string "1 M"'],
    ['a one-day window', toml('[strategies.wheel.constants]', 'daily_stddev_window = "1 D"'), 2, 'strategies.wheel.constants.daily_stddev_window', 'got the string "1 D"'],
    ['a number for the window', toml('[strategies.wheel.constants]', 'daily_stddev_window = 30'), 2, 'strategies.wheel.constants.daily_stddev_window', 'got 30'],
    ['one delay', toml('[orders]', 'price_update_delay = [30]'), 2, 'orders.price_update_delay', 'must be two whole numbers of seconds [min, max], e.g. [30, 60], got 1 value(s)'],
    ['delays out of order', toml('[orders]', 'price_update_delay = [60, 30]'), 2, 'orders.price_update_delay', 'min (60) must not be above max (30)'],
    ['two algo pairs', toml('[orders.algo]', 'params = [["a", "b"], ["c", "d"]]'), 2, 'orders.algo.params', 'must be an array of at most one [tag, value] pair of strings'],
    ['a negative minimum credit', toml('[orders]', 'minimum_credit = -0.05'), 2, 'orders.minimum_credit', 'must be a number >= 0, got -0.05'],
    ['zero strikes', toml('[option_chains]', 'strikes = 0'), 2, 'option_chains.strikes', 'must be an integer >= 1, got 0'],
    ['a cap factor above 1', toml('[symbols.SPY.calls]', 'cap_factor = 1.5'), 2, 'symbols.SPY.calls.cap_factor', 'must be a number in [0, 1], got 1.5'],
    ['a roll max_dte of 0', toml('[strategies.wheel.roll_when]', 'max_dte = 0'), 2, 'strategies.wheel.roll_when.max_dte', 'must be an integer >= 1, got 0'],
  ])('ranges and forms: %s', (_name, text, line, keyPath, problem) => {
    expectRejected(text, line, keyPath, problem);
  });

  it('an equity_rebalance override of a symbol the wheel does not trade', () => {
    expectRejected(toml(...MINIMAL, '[strategies.wheel.equity_rebalance.symbol_overrides.TLT]', 'mode = "buy_only"'), 9, 'strategies.wheel.equity_rebalance.symbol_overrides.TLT', 'names TLT, which the wheel does not trade (its symbols: SPY)');
  });
});
