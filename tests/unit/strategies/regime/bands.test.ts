// The soft and hard bands and the band trades (docs/regime-rebalance.md §2.2, §2.5), pinned to thetagang's T37 and
// T38 with its numbers (tests/test_regime_rebalance.py: AAA/BBB 50/50), plus the rounding its Python does.
import { describe, expect, it } from 'vitest';
import { bandBreach } from '../../../../shared/strategies/regime/bands.ts';
import { bandOrders } from '../../../../shared/strategies/regime/band-orders.ts';
import { symbolTarget } from '../../../../shared/strategies/regime/base.ts';
import { regimePass } from '../../../../shared/strategies/regime/pass.ts';
import { roundHalfEven } from '../../../../shared/strategies/regime/types.ts';
import { aaaBbb, day, signed, snapshot } from './fixture.ts';

const BANDS = { softBand: 0.1, hardBand: 0.5, eps: 1e-8 };

describe('bandBreach', () => {
  it('T37: drifts 0 % and 5 % stay within a 10 % soft band; 20 % breaches it, 50 % the hard band', () => {
    const within = bandBreach([{ symbol: 'AAA', drift: 0 }, { symbol: 'BBB', drift: 0.05 }], BANDS);
    expect(within).toMatchObject({ soft: false, hard: false, worst: 'BBB', reason: { code: 'WITHIN_BANDS' } });
    const soft = bandBreach([{ symbol: 'AAA', drift: 0.2 }, { symbol: 'BBB', drift: 0.2 }], BANDS);
    expect(soft).toMatchObject({ soft: true, hard: false, maxDrift: 0.2, reason: { code: 'SOFT_BREACH' } });
    expect(soft.reason.message).toContain("AAA's 20%, at or above the soft band 10%");
    expect(bandBreach([{ symbol: 'AAA', drift: 0.5 }], BANDS)).toMatchObject({ soft: true, hard: true, reason: { code: 'HARD_BREACH' } });
  });

  it('a drift within eps of a band reaches it (drift + eps ≥ band), one further below does not', () => {
    expect(bandBreach([{ symbol: 'AAA', drift: 0.1 - 1e-9 }], BANDS).soft).toBe(true);
    expect(bandBreach([{ symbol: 'AAA', drift: 0.1 - 1e-7 }], BANDS).soft).toBe(false);
  });
});

describe('band trades and their rounding', () => {
  it("roundHalfEven is Python's round(): halves go to the even integer", () => {
    expect([2.5, 3.5, -2.5, -3.5, 0.5, 1.5, 2.4, -2.6, -5].map(roundHalfEven)).toEqual([2, 4, -2, -4, 0, 2, 2, -3, -5]);
  });

  it('T38: a hard breach with fraction 0.5 trades half the gap (20/0 sh at $100, base 2000 → −5/+5); 5 × 0.5 rounds to 2', () => {
    const targets = [symbolTarget('AAA', 20, 100, 0.5, 2000), symbolTarget('BBB', 0, 100, 0.5, 2000)];
    expect([...bandOrders(targets, true, 0.5, () => true)]).toEqual([['AAA', -5], ['BBB', 5]]);
    expect([...bandOrders([symbolTarget('AAA', 5, 100, 0.5, 2000)], true, 0.5, () => true)]).toEqual([['AAA', 2]]);
    // A soft breach always trades the whole gap; a symbol that may not trade is left out.
    expect([...bandOrders(targets, false, 0.5, () => true)]).toEqual([['AAA', -10], ['BBB', 10]]);
    expect([...bandOrders(targets, true, 1, (s) => s !== 'AAA')]).toEqual([['BBB', 10]]);
  });
});

describe('the bands in a pass (AAA $100 / BBB $50, NLV 2000, soft 10 % / hard 50 %)', () => {
  const config = aaaBbb({ softBand: 0.1, hardBand: 0.5, choppinessMin: 0, efficiencyMax: 1 });
  const run = (aaa: number, bbb: number) => regimePass(config, snapshot({ nlv: 2000, prices: { AAA: 100, BBB: 50 }, shares: { AAA: aaa, BBB: bbb } }));

  it('T37: 10 / 19 shares (drifts 0 % and 5 %) → no trade', () => {
    const r = run(10, 19);
    expect(r.orders).toEqual([]);
    expect(r.decisions.find((d) => d.step === 'bands' && d.symbol === '*')).toMatchObject({ code: 'WITHIN_BANDS' });
    expect(r.decisions.find((d) => d.step === 'mode')).toMatchObject({ code: 'NO_REBALANCE', verdict: 'hold' });
  });

  it('T37: 12 / 16 shares (drifts 20 %) → sell 2 AAA, buy 4 BBB, limit orders tagged tg:regime-rebalance:<SYM>', () => {
    const r = run(12, 16);
    expect(signed(r.orders)).toEqual([['AAA', -2], ['BBB', 4]]);
    expect(r.mode).toBe('soft');
    expect(r.orders[0]).toEqual({ symbol: 'AAA', action: 'SELL', quantity: 2, orderType: 'LMT', limit: 100, tif: 'DAY', orderRef: 'tg:regime-rebalance:AAA' });
    const bbb = r.decisions.find((d) => d.step === 'order' && d.symbol === 'BBB');
    expect(bbb?.message).toBe('BBB: buy 4 sh × $50 = $200 at limit 50 (market price, no midpoint), mode soft');
  });
});

describe('the hard band overrides the gates', () => {
  // The regime vetoes (choppiness ≥ 10 cannot hold for 100, 110, 100, 110) and a tagged fill on the last bar starts a 10-session cooldown.
  const vetoed = { choppinessMin: 10, efficiencyMax: 0.01, cooldownDays: 10 };
  const fill = [{ symbol: 'AAA', orderRef: 'tg:regime-rebalance:AAA', time: day(20240105) }];

  it('T38: a hard breach ignores the regime veto and the cooldown → −1 / +1 (NLV 400, 3 / 1 sh at $100)', () => {
    const r = regimePass(aaaBbb({ ...vetoed, softBand: 0.1, hardBand: 0.3 }), snapshot({ executions: fill }));
    expect(signed(r.orders)).toEqual([['AAA', -1], ['BBB', 1]]);
    expect(r.decisions.find((d) => d.step === 'regime')).toMatchObject({ verdict: 'block', code: 'CHOPPINESS_BELOW_MIN' });
    expect(r.decisions.find((d) => d.step === 'cooldown')).toMatchObject({ verdict: 'block', code: 'COOLDOWN_ACTIVE' });
    expect(r.decisions.find((d) => d.step === 'mode')).toMatchObject({ code: 'HARD_REBALANCE' });
  });

  it('T38: hard_band_rebalance_fraction 0.5 with 20 / 0 sh at $100 (NLV 2000) → −5 / +5', () => {
    const config = aaaBbb({ ...vetoed, cooldownDays: 2, softBand: 0.1, hardBand: 0.3, hardBandRebalanceFraction: 0.5 });
    const r = regimePass(config, snapshot({ nlv: 2000, shares: { AAA: 20, BBB: 0 } }));
    expect(signed(r.orders)).toEqual([['AAA', -5], ['BBB', 5]]);
    expect(r.mode).toBe('hard');
  });

  it('T38: a soft breach under a regime veto → nothing, and the mode says which gate blocked it', () => {
    const r = regimePass(aaaBbb({ choppinessMin: 10, efficiencyMax: 0.01, softBand: 0.1, hardBand: 0.8 }), snapshot());
    expect(r.orders).toEqual([]);
    const mode = r.decisions.find((d) => d.step === 'mode');
    expect(mode).toMatchObject({ code: 'SOFT_BLOCKED', verdict: 'hold' });
    expect(mode?.message).toContain('blocked by the regime gate');
  });
});
