// The regime pass as a whole (docs/regime-rebalance.md §2): the rebalance base of each weight_base, and inputs that
// fail closed (thetagang raises and trades nothing; the pass returns no order and a decision saying why).
import { describe, expect, it } from 'vitest';
import { rebalanceBase } from '../../../../shared/strategies/regime/base.ts';
import { regimePass } from '../../../../shared/strategies/regime/pass.ts';
import { aaaBbb, signed, snapshot } from './fixture.ts';

const last = (r: ReturnType<typeof regimePass>) => r.decisions.at(-1);

describe('the rebalance base', () => {
  it('net_liq_ex_options leaves the options out: NLV 100k − options $10k, × margin_usage 1.2 → $108000; AAA 500 / BBB 300 sh at $100 → +40 / +240', () => {
    const base = rebalanceBase('net_liq_ex_options', { netLiquidation: 100_000, optionsMarketValue: 10_000, managedValue: 80_000, marginUsage: 1.2 });
    expect(base.value).toBe(108_000);
    const config = { ...aaaBbb({ softBand: 0, choppinessMin: 0, efficiencyMax: 1 }), marginUsage: 1.2 };
    const r = regimePass(config, { ...snapshot({ nlv: 100_000, shares: { AAA: 500, BBB: 300 } }), optionsMarketValue: 10_000 });
    expect(signed(r.orders)).toEqual([['AAA', 40], ['BBB', 240]]);
  });

  it('net_liq: floor(NLV × margin_usage); managed_stocks: the basket\'s stock value; not positive → NO_BASE', () => {
    expect(rebalanceBase('net_liq', { netLiquidation: 1000.9, optionsMarketValue: 500, managedValue: 0, marginUsage: 1 }).value).toBe(1000);
    expect(rebalanceBase('managed_stocks', { netLiquidation: 5000, optionsMarketValue: 0, managedValue: 400, marginUsage: 2 }).value).toBe(400);
    const r = regimePass(aaaBbb({ weightBase: 'managed_stocks' }), snapshot({ shares: { AAA: 0, BBB: 0 } }));
    expect(last(r)).toMatchObject({ verdict: 'abort', code: 'NO_BASE' });
  });
});

describe('inputs that fail closed', () => {
  it('a symbol without a usable price', () => {
    const r = regimePass(aaaBbb(), snapshot({ prices: { AAA: 0, BBB: 100 } }));
    expect(r.orders).toEqual([]);
    expect(last(r)).toMatchObject({ step: 'inputs', symbol: 'AAA', code: 'NO_PRICE' });
  });

  it('too little history (3 closes for lookback 3), a close of 0, or closes that are not aligned', () => {
    expect(last(regimePass(aaaBbb(), snapshot({ closes: { AAA: [100, 110, 100], BBB: [100, 110, 100] } })))?.code).toBe('SHORT_HISTORY');
    expect(last(regimePass(aaaBbb(), snapshot({ closes: { AAA: [100, 0, 100, 110], BBB: [100, 110, 100, 110] } })))?.code).toBe('BAD_HISTORY');
    expect(last(regimePass(aaaBbb(), snapshot({ closes: { AAA: [100, 110, 100, 110], BBB: [110, 100, 110] } })))?.code).toBe('UNALIGNED_HISTORY');
  });

  it('zero weights leave a symbol out; no positive weight at all trades nothing', () => {
    const r = regimePass(aaaBbb({}, { AAA: { weight: 0 }, BBB: { weight: 0 } }), snapshot());
    expect(r.decisions.map((d) => d.code)).toEqual(['ZERO_WEIGHT', 'ZERO_WEIGHT', 'NO_POSITIVE_WEIGHT']);
    expect(r.orders).toEqual([]);
  });

  it('an aborted run keeps the previous state', () => {
    const state = { flowActive: true, deficitActive: true, effectiveWeights: new Map([['AAA', 0.3]]) };
    expect(regimePass(aaaBbb(), snapshot({ prices: { AAA: 0, BBB: 100 } }), state).state).toEqual(state);
  });
});
