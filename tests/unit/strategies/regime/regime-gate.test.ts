// The regime gate (docs/regime-rebalance.md §2.3): the basket proxy's choppiness and efficiency ratio over the
// lookback, with thetagang's fixture numbers (closes 100, 110, 100, 110) and a trending series.
import { describe, expect, it } from 'vitest';
import { proxyWeights, regimeGate, weightedReturnIndex } from '../../../../shared/strategies/regime/regime-gate.ts';
import { regimePass } from '../../../../shared/strategies/regime/pass.ts';
import { aaaBbb, signed, snapshot } from './fixture.ts';

const SETTINGS = { lookbackDays: 3, choppinessMin: 0.1, efficiencyMax: 0.9, eps: 1e-8 };

describe('regimeGate', () => {
  it('100, 110, 100, 110: choppiness √3 (three moves of ln 1.1, net one), efficiency 0.1 / 0.3 = 1/3 → choppy', () => {
    const r = regimeGate([1, 1.1, 1, 1.1], SETTINGS);
    expect(r.choppiness).toBeCloseTo(Math.sqrt(3), 12);
    expect(r.efficiency).toBeCloseTo(1 / 3, 12);
    expect(r).toMatchObject({ ok: true, reason: { code: 'REGIME_OK' } });
    expect(r.reason.message).toBe('choppy: choppiness 1.7321 (min 0.1), efficiency ratio 0.3333 (max 0.9) over 3 days');
  });

  it('the same series fails choppiness_min 10 and, with no choppiness floor, efficiency_max 0.01', () => {
    expect(regimeGate([1, 1.1, 1, 1.1], { ...SETTINGS, choppinessMin: 10 })).toMatchObject({ ok: false, reason: { code: 'CHOPPINESS_BELOW_MIN' } });
    const efficient = regimeGate([1, 1.1, 1, 1.1], { ...SETTINGS, choppinessMin: 0, efficiencyMax: 0.01 });
    expect(efficient).toMatchObject({ ok: false, reason: { code: 'EFFICIENCY_ABOVE_MAX' } });
  });

  it('a steady trend is not choppy: efficiency 1, choppiness below 1', () => {
    const r = regimeGate([100, 101, 102, 103], SETTINGS);
    expect(r.efficiency).toBeCloseTo(1, 12);
    expect(r.choppiness).toBeLessThan(1);
    expect(r.ok).toBe(false);
  });

  it('reads only the last lookback_days + 1 points, and needs them all', () => {
    expect(regimeGate([5, 1, 1.1, 1, 1.1], SETTINGS).choppiness).toBeCloseTo(Math.sqrt(3), 12);
    expect(regimeGate([1, 1.1, 1], SETTINGS)).toMatchObject({ ok: false, reason: { code: 'SHORT_HISTORY' } });
  });
});

describe('the proxy', () => {
  it('is weighted by what is held; with nothing held, by the target weights', () => {
    expect(proxyWeights(new Map([['AAA', 300], ['BBB', 100]]), new Map([['AAA', 0.5], ['BBB', 0.5]]))).toEqual(new Map([['AAA', 0.75], ['BBB', 0.25]]));
    expect(proxyWeights(new Map([['AAA', 0], ['BBB', 0]]), new Map([['AAA', 0.4], ['BBB', 0.4]]))).toEqual(new Map([['AAA', 0.4], ['BBB', 0.4]]));
  });

  it('is a weighted return index starting at 1', () => {
    const closes = new Map([['AAA', [100, 110, 121]], ['BBB', [50, 50, 25]]]);
    const index = weightedReturnIndex(['AAA', 'BBB'], new Map([['AAA', 0.5], ['BBB', 0.5]]), closes, 3);
    expect(index[0]).toBe(1);
    expect(index[1]).toBeCloseTo(1.05, 12);
    expect(index[2]).toBeCloseTo(1.05 * (0.5 * 1.1 + 0.5 * 0.5), 12);
  });

  it('in a pass: choppiness_min 10 vetoes the soft breach of thetagang\'s fixture (NLV 400, 3 / 1 sh) → no order', () => {
    expect(signed(regimePass(aaaBbb(), snapshot()).orders)).toEqual([['AAA', -1], ['BBB', 1]]);
    expect(regimePass(aaaBbb({ choppinessMin: 10 }), snapshot()).orders).toEqual([]);
  });
});
