// The per-symbol order filter (docs/regime-rebalance.md §2.6): the regime's equity_rebalance policy and no_trading.
import { describe, expect, it } from 'vitest';
import { policyFilter, type PolicyInput } from '../../../../shared/strategies/regime/policy.ts';
import { regimePass } from '../../../../shared/strategies/regime/pass.ts';
import { aaaBbb, signed, snapshot } from './fixture.ts';

const input = (o: Partial<PolicyInput>): PolicyInput => ({
  shares: 10,
  price: 100,
  currentValue: 0,
  targetValue: 1000,
  netLiquidation: 10_000,
  noTrading: false,
  policy: { mode: 'both' },
  ...o,
});

describe('policyFilter', () => {
  it('mode both buys and sells; buy_only does not sell, sell_only does not buy, off does neither', () => {
    expect(policyFilter(input({}))).toMatchObject({ shares: 10, reason: { code: 'BUY', message: 'buy 10 sh × $100 = $1000' } });
    expect(policyFilter(input({ shares: -3, policy: { mode: 'buy_only' } }))).toMatchObject({ shares: 0, reason: { code: 'MODE_BLOCKS' } });
    expect(policyFilter(input({ policy: { mode: 'sell_only' } }))).toMatchObject({ shares: 0, reason: { code: 'MODE_BLOCKS' } });
    expect(policyFilter(input({ shares: -3, policy: { mode: 'off' } })).reason.message).toBe('would sell 3 sh, but equity_rebalance mode "off" does not sell');
  });

  it('the share, dollar (max of amount and percent of NLV) and relative minimums', () => {
    expect(policyFilter(input({ shares: 4, policy: { mode: 'both', minThresholdShares: 5 } })).reason.code).toBe('BELOW_MIN_SHARES');
    expect(policyFilter(input({ policy: { mode: 'both', minThresholdAmount: 1500 } })).reason.code).toBe('BELOW_MIN_AMOUNT');
    const pct = policyFilter(input({ policy: { mode: 'both', minThresholdAmount: 500, minThresholdPercent: 0.2 } }));
    expect(pct.reason.message).toBe('buy 10 sh × $100 = $1000: below the dollar minimum $2000 (max($500, 20% × NLV $10000))');
    // Relative: (target − current) / target for a buy, (current − target) / target for a sell.
    expect(policyFilter(input({ currentValue: 900, policy: { mode: 'both', minThresholdPercentRelative: 0.2 } })).reason.code).toBe('BELOW_RELATIVE_THRESHOLD');
    expect(policyFilter(input({ shares: -2, currentValue: 1300, policy: { mode: 'both', minThresholdPercentRelative: 0.2 } })).shares).toBe(-2);
  });

  it('no_trading never trades; no trade wanted is a hold', () => {
    expect(policyFilter(input({ noTrading: true })).reason.code).toBe('NO_TRADING');
    expect(policyFilter(input({ shares: 0 })).reason.code).toBe('HOLD');
  });
});

describe('the policy in a pass (thetagang\'s fixture: −1 AAA / +1 BBB wanted)', () => {
  it('a symbol override to buy_only keeps BBB\'s buy and drops AAA\'s sell', () => {
    const config = aaaBbb({ equityRebalance: { defaults: { mode: 'both' }, symbols: new Map([['AAA', { mode: 'buy_only' }]]) } });
    const r = regimePass(config, snapshot());
    expect(signed(r.orders)).toEqual([['BBB', 1]]);
    expect(r.decisions.find((d) => d.step === 'order' && d.symbol === 'AAA')).toMatchObject({ verdict: 'skip', code: 'MODE_BLOCKS' });
  });
});
