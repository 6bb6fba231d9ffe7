// importThetagang carries thetagang's regime rebalancing (docs/regime-rebalance.md §1.4): the strategies.regime_rebalance
// table with its ratio gate and equity_rebalance policy, and the symbols' volatility_weight tables; the result parses
// and reads into the RegimeConfig. Enabled only as thetagang runs it: listed in run and enabled in its table, with symbols.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/index.ts';
import { importThetagang } from '../../../shared/config/thetagang-import.ts';
import { regimeConfigOf } from '../../../shared/strategies/regime/from-config.ts';
import { toml } from './helpers.ts';

const FILE = 'thetagang.toml';

const REGIME = toml(
  ...['[meta]', 'schema_version = 2', '[run]', 'strategies = ["regime_rebalance", "cash_management"]'],
  ...['[runtime.account]', 'number = "DU1"', 'margin_usage = 1.0'],
  ...['[portfolio.symbols."BRK B"]', 'weight = 0.3', '[portfolio.symbols.SPY]', 'weight = 0.5'],
  ...['[portfolio.symbols.SPY.volatility_weight]', 'enabled = true', 'target_vol = 0.15', 'lookback_days = 20', 'min_weight = 0.3', 'max_weight = 0.6'],
  ...['[strategies.regime_rebalance]', 'enabled = true', 'symbols = ["BRK B", "SPY"]', 'lookback_days = 30', 'soft_band = 0.2', 'hard_band = 0.6'],
  ...['cooldown_days = 3', 'shares_only = true', 'weight_base = "net_liq"'],
  ...['[strategies.regime_rebalance.ratio_gate]', 'enabled = true', 'anchor = "BRK B"', 'vol_min = 0.05'],
  ...['[strategies.regime_rebalance.risk]', 'margin_usage = 0.8'],
  ...['[strategies.regime_rebalance.equity_rebalance.defaults]', 'mode = "both"', 'min_threshold_amount = 500'],
  ...['[strategies.regime_rebalance.equity_rebalance.symbol_overrides."BRK B"]', 'mode = "buy_only"'],
);

describe('importThetagang with regime rebalancing', () => {
  const result = importThetagang(REGIME, FILE);
  const doc = parse(result.toml) as Record<string, Record<string, unknown>>;

  it('carries the regime table, its ratio gate and policy, and the volatility weights; BRK B becomes BRK.B everywhere', () => {
    expect(doc.symbols).toEqual({
      'BRK.B': { weight: 0.3 },
      SPY: { weight: 0.5, volatility_weight: { enabled: true, target_vol: 0.15, lookback_days: 20, min_weight: 0.3, max_weight: 0.6 } },
    });
    expect(doc.strategies.regime_rebalance).toEqual({
      enabled: true,
      symbols: ['BRK.B', 'SPY'],
      lookback_days: 30,
      soft_band: 0.2,
      hard_band: 0.6,
      cooldown_days: 3,
      shares_only: true,
      weight_base: 'net_liq',
      ratio_gate: { anchor: 'BRK.B', enabled: true, vol_min: 0.05 },
      equity_rebalance: { defaults: { mode: 'both', min_threshold_amount: 500 }, symbol_overrides: { 'BRK.B': { mode: 'buy_only' } } },
    });
  });

  it('reports only what has no home: the regime\'s own margin usage (ours is [account] margin_usage)', () => {
    const keys = result.notCarried.map((n) => [n.line, n.key]);
    expect(keys).toEqual([[2, 'meta.schema_version'], [32, 'strategies.regime_rebalance.risk.margin_usage']]);
    expect(result.notCarried[1].why).toMatch(/one margin_usage, in \[account\]/);
  });

  it('the converted file parses and reads into the regime the pass runs', () => {
    const regime = regimeConfigOf(parseConfig(result.toml, 'moneytrailz.toml'));
    expect(regime).toMatchObject({ marginUsage: 1, lookbackDays: 30, softBand: 0.2, hardBand: 0.6, cooldownDays: 3, sharesOnly: true, weightBase: 'net_liq' });
    expect(regime.ratioGate).toEqual({ enabled: true, anchor: 'BRK.B', driftMax: 1.25, volMin: 0.05 });
    expect([...regime.symbols.keys()]).toEqual(['BRK.B', 'SPY']);
    expect(regime.symbols.get('SPY')?.volatilityWeight).toMatchObject({ enabled: true, targetVol: 0.15, lookbackDays: 20, smoothingFactor: 0.3 });
    expect(regime.equityRebalance.symbols.get('BRK.B')).toEqual({ mode: 'buy_only' });
  });

  it('written disabled, with why, when thetagang would not rebalance: no symbols, or not listed in run; the regime stage enables it', () => {
    const noSymbols = importThetagang(REGIME.replace('symbols = ["BRK B", "SPY"]', '').replace('anchor = "BRK B"', ''), FILE);
    expect((parse(noSymbols.toml).strategies as Record<string, { enabled: boolean }>).regime_rebalance.enabled).toBe(false);
    const why = noSymbols.notCarried.find((n) => n.key === 'strategies.regime_rebalance.enabled')?.why;
    expect(why).toMatch(/^regime_rebalance\.symbols is empty, so thetagang rebalances nothing/);
    const notRun = importThetagang(REGIME.replace('strategies = ["regime_rebalance", "cash_management"]', 'strategies = ["cash_management"]'), FILE);
    expect((parse(notRun.toml).strategies as Record<string, { enabled: boolean }>).regime_rebalance.enabled).toBe(false);
    const stages = importThetagang(
      REGIME.replace('strategies = ["regime_rebalance", "cash_management"]', '')
        .replace('[run]', '[[run.stages]]\nid = "equity_regime_rebalance"\nkind = "equity.regime_rebalance"'),
      FILE,
    );
    expect((parse(stages.toml).strategies as Record<string, { enabled: boolean }>).regime_rebalance.enabled).toBe(true);
  });
});
