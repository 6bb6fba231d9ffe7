// [strategies.regime_rebalance] in moneytrailz.toml (docs/regime-rebalance.md §1, §3): thetagang's validations (T32,
// the regime half) as `moneytrailz.toml:<line>: <key>: <problem>`, the table read into the RegimeConfig with
// thetagang's defaults, the rules relating it to the rest of the file, and shares_only turning the wheel's option
// stages off (T40).
import { describe, expect, it } from 'vitest';
import { formatKeyPath, lineOfPath, parseConfig, tomlKeyLines } from '../../../../shared/config/index.ts';
import { SchemaError } from '../../../../shared/config/schema.ts';
import { ConfigError } from '../../../../shared/errors.ts';
import { REGIME_DEFAULTS, regimeConfig } from '../../../../shared/strategies/regime/config.ts';
import { regimeConfigOf } from '../../../../shared/strategies/regime/from-config.ts';
import { RegimeStrategy } from '../../../../shared/strategies/regime/regime-strategy.ts';
import { wheelConfigOf } from '../../../../shared/strategies/wheel/from-config.ts';
import { FILE, expectRejected, toml } from '../../config/helpers.ts';

const AT = 'strategies.regime_rebalance';
const GATE = `[${AT}.ratio_gate]`;
const VOLATILITY = { enabled: true, targetVol: 0.15, lookbackDays: 20, minWeight: 0.2, maxWeight: 0.6 };
/** Lines 1–6: the margin usage and a 50/50 basket. */
const HEAD = ['[account]', 'margin_usage = 1.0', '[symbols.AAA]', 'weight = 0.5', '[symbols.BBB]', 'weight = 0.5'];
/** Lines 1–8: HEAD and the regime table with its symbols on line 8. */
const regime = (...lines: string[]) => toml(...HEAD, '[strategies.regime_rebalance]', 'symbols = ["AAA", "BBB"]', ...lines);

/** The regime of `text`, or the ConfigError its SchemaError becomes. */
function regimeOf(text: string, id?: string) {
  const config = parseConfig(text, FILE);
  try {
    return regimeConfigOf(config, id);
  } catch (e) {
    if (e instanceof SchemaError) throw new ConfigError(FILE, lineOfPath(tomlKeyLines(text), e.path), formatKeyPath(e.path), e.problem);
    throw e;
  }
}

describe('T32: thetagang\'s validations of the regime table', () => {
  it('T32: hard_band below soft_band is refused at hard_band (0.25 < 0.5), or at soft_band against the default hard band', () => {
    expectRejected(regime('soft_band = 0.5', 'hard_band = 0.25'), 10, `${AT}.hard_band`, 'hard_band (0.25) must be at least soft_band (0.5)');
    expectRejected(regime('soft_band = 0.6'), 9, `${AT}.soft_band`, 'hard_band (0.5, the default) must be at least soft_band (0.6)');
  });

  it('T32: flow_trade_min below flow_trade_stop (0.10 < 0.20) and deficit_rail_start below deficit_rail_stop are refused', () => {
    const flow = regime('flow_trade_min = 0.10', 'flow_trade_stop = 0.20');
    expectRejected(flow, 9, `${AT}.flow_trade_min`, 'flow_trade_min (0.1) must be at least flow_trade_stop (0.2)');
    const deficit = regime('deficit_rail_start = 0.10', 'deficit_rail_stop = 0.20');
    expectRejected(deficit, 9, `${AT}.deficit_rail_start`, 'deficit_rail_start (0.1) must be at least deficit_rail_stop (0.2)');
  });

  it('T32: the ratio gate accepts vol_min and refuses the retired var_min with its replacement', () => {
    const ok = regimeOf(regime(GATE, 'enabled = true', 'anchor = "AAA"', 'vol_min = 0.05'));
    expect(ok.ratioGate).toEqual({ enabled: true, anchor: 'AAA', driftMax: 1.25, volMin: 0.05 });
    const err = expectRejected(regime(GATE, 'anchor = "AAA"', 'var_min = 0.01'), 11, `${AT}.ratio_gate.var_min`, 'var_min has been removed');
    expect(err.message).toContain('set vol_min = sqrt(var_min × 252)');
  });

  it('T32: the ratio gate\'s anchor must be set, be one of the symbols, and leave another', () => {
    expectRejected(regime(GATE, 'enabled = true'), 9, `${AT}.ratio_gate`, 'ratio_gate.anchor must be set');
    expectRejected(regime(GATE, 'anchor = ""'), 10, `${AT}.ratio_gate.anchor`, 'ratio_gate.anchor must be set');
    expectRejected(regime(GATE, 'anchor = "CCC"'), 10, `${AT}.ratio_gate.anchor`, "ratio_gate.anchor 'CCC' must be one of the regime's symbols (AAA, BBB)");
    const only = toml('[account]', 'margin_usage = 1.0', '[symbols.AAA]', 'weight = 1.0', `[${AT}]`, 'symbols = ["AAA"]', GATE, 'anchor = "AAA"');
    expectRejected(only, 8, `${AT}.ratio_gate.anchor`, "ratio_gate.anchor 'AAA' must leave at least one other symbol");
  });

  it('the ranges of thetagang\'s schema, and its per-strategy margin usage pointed to [account]', () => {
    expectRejected(regime('soft_band = 1.5'), 9, 'strategies.regime_rebalance.soft_band', 'must be');
    expectRejected(regime('hard_band_rebalance_fraction = 0'), 9, 'strategies.regime_rebalance.hard_band_rebalance_fraction', 'must be');
    expectRejected(regime('weight_base = "gross"'), 9, 'strategies.regime_rebalance.weight_base', 'net_liq_ex_options');
    expectRejected(regime('[strategies.regime_rebalance.risk]', 'margin_usage = 0.8'), 9, 'strategies.regime_rebalance.risk', '[account] margin_usage');
  });
});

describe('the regime table read into the RegimeConfig', () => {
  it("thetagang's defaults under what the file sets, weights and volatility weighting from [symbols.<SYM>]", () => {
    const text = toml(
      ...['[account]', 'margin_usage = 0.8', '[symbols.AAA]', 'weight = 0.5', 'no_trading = true', '[symbols.AAA.volatility_weight]', 'enabled = true'],
      ...['target_vol = 0.15', 'lookback_days = 20', 'min_weight = 0.2', 'max_weight = 0.6', '[symbols.BBB]', 'weight = 0.3'],
      ...[`[${AT}]`, 'cooldown_days = 3', 'weight_base = "net_liq"', `[${AT}.equity_rebalance.defaults]`, 'min_threshold_shares = 5'],
      ...['[strategies.regime_rebalance.equity_rebalance.symbol_overrides.BBB]', 'mode = "buy_only"'],
    );
    expect(regimeOf(text)).toEqual(
      regimeConfig(
        {
          marginUsage: 0.8,
          symbols: new Map([
            ['AAA', { weight: 0.5, noTrading: true, volatilityWeight: { ...VOLATILITY, rebalanceBand: 0, smoothingFactor: 0.3 } }],
            ['BBB', { weight: 0.3 }],
          ]),
        },
        {
          cooldownDays: 3,
          weightBase: 'net_liq',
          equityRebalance: { defaults: { mode: 'both', minThresholdShares: 5 }, symbols: new Map([['BBB', { mode: 'buy_only' }]]) },
        },
      ),
    );
    const thetagang = { lookbackDays: 40, softBand: 0.1, hardBand: 0.5, cooldownDays: 5, choppinessMin: 3, efficiencyMax: 0.3, flowTradeMin: 0.025 };
    expect(REGIME_DEFAULTS).toMatchObject({ ...thetagang, deficitRailStart: 0.06, weightBase: 'net_liq_ex_options' });
  });

  it('needs [account] margin_usage, a weight per symbol summing to at most 1, and a [data] series per symbol in a backtest file', () => {
    const noMargin = toml('[symbols.AAA]', 'weight = 1.0', `[${AT}]`);
    expect(() => regimeOf(noMargin)).toThrow("account.margin_usage: missing required key 'margin_usage'");
    expectRejected(toml(...HEAD.slice(0, 5), '[strategies.regime_rebalance]'), 5, 'symbols.BBB.weight', "missing required key 'weight'");
    const over = toml('[account]', 'margin_usage = 1.0', '[symbols.AAA]', 'weight = 0.6', '[symbols.BBB]', 'weight = 0.5', '[strategies.regime_rebalance]');
    expectRejected(over, 3, 'symbols', 'the weights of the regime rebalance (strategies.regime_rebalance) sum to 1.1 (AAA 0.6 + BBB 0.5), at most 1');
    const under = toml(...HEAD.slice(0, 5), 'weight = 0.4', `[${AT}]`, 'weight_base = "managed_stocks"');
    expectRejected(under, 8, `${AT}.weight_base`, `managed_stocks needs the weights of the regime rebalance (${AT}) to sum to 1, got 0.9`);
    const data = toml('[data.AAA]', 'csv = "a.csv"', ...HEAD, '[strategies.regime_rebalance]');
    expect(() => regimeOf(data)).toThrow('moneytrailz.toml:7: symbols.BBB: BBB has no [data] series');
    const inverted = toml(...HEAD, '[symbols.AAA.volatility_weight]', 'target_vol = 0.1', 'lookback_days = 5', 'min_weight = 0.4', 'max_weight = 0.3');
    expectRejected(inverted, 11, 'symbols.AAA.volatility_weight.max_weight', 'max_weight (0.3) must be at least min_weight (0.4)');
  });
});

describe('the regime beside the wheel (docs/regime-rebalance.md §1.3)', () => {
  const WHEEL = ['[strategies.wheel.target]', 'dte = 45', '[strategies.wheel.roll_when]', 'dte = 15'];
  const file = (wheelSymbols: string | undefined, ...regimeLines: string[]) =>
    toml(
      ...['[account]', 'margin_usage = 1.0', '[symbols.SPY]', 'weight = 1.0', '[symbols.QQQ]', 'weight = 0.6', '[symbols.TLT]', 'weight = 0.4'],
      '[strategies.wheel]',
      ...(wheelSymbols ? [`symbols = ${wheelSymbols}`] : []),
      ...WHEEL,
      '[strategies.regime_rebalance]',
      'symbols = ["QQQ", "TLT"]',
      ...regimeLines,
    );

  it('may not trade the wheel\'s symbols: the wheel without a list trades every [symbols.<SYM>], QQQ included', () => {
    expectRejected(file(undefined), 15, `${AT}.symbols[0]`, 'QQQ is also traded by the wheel (strategies.wheel): two strategies trading the same shares');
    expect(regimeOf(file('["SPY"]')).symbols).toEqual(new Map([['QQQ', { weight: 0.6 }], ['TLT', { weight: 0.4 }]]));
  });

  it('T40: shares_only = true turns the wheel\'s option stages off (puts, calls, rolls, closes), as thetagang skips them', () => {
    expect(wheelConfigOf(parseConfig(file('["SPY"]'), FILE)).stages).toEqual(['write_puts', 'write_calls', 'buy_rebalance', 'sell_rebalance', 'roll', 'close']);
    const sharesOnly = parseConfig(file('["SPY"]', 'shares_only = true'), FILE);
    expect(wheelConfigOf(sharesOnly).stages).toEqual(['buy_rebalance', 'sell_rebalance']);
    expect(regimeConfigOf(sharesOnly).sharesOnly).toBe(true);
    // A disabled regime turns nothing off; the regime itself only ever trades shares.
    expect(wheelConfigOf(parseConfig(file('["SPY"]', 'shares_only = true', 'enabled = false'), FILE)).stages).toContain('write_puts');
    expect(new RegimeStrategy(regimeConfigOf(sharesOnly), ['QQQ', 'TLT']).type).toBe('stocks');
  });
});
