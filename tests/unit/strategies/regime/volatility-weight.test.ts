// Volatility weighting (docs/regime-rebalance.md §2.1): target_vol / realized volatility scales the static weight,
// clamped and smoothed from the previous run's weight; without usable history the static weight stays.
import { describe, expect, it } from 'vitest';
import { volatilityWeight, type VolatilityWeightConfig } from '../../../../shared/strategies/regime/volatility-weight.ts';
import { regimePass } from '../../../../shared/strategies/regime/pass.ts';
import { aaaBbb, signed, snapshot } from './fixture.ts';

const vw = (o: Partial<VolatilityWeightConfig> = {}): VolatilityWeightConfig => ({
  enabled: true,
  targetVol: 0.32,
  lookbackDays: 3,
  minWeight: 0.25,
  maxWeight: 0.5,
  rebalanceBand: 0,
  smoothingFactor: 1,
  ...o,
});
/** Log returns ln 2, −ln 2, ln 2: σ = ln 2 × 2/√3 daily. */
const SWING = [100, 200, 100, 200];
const REALIZED = Math.log(2) * (2 / Math.sqrt(3)) * Math.sqrt(252);

describe('volatilityWeight', () => {
  it('scales by target_vol / realized volatility and clamps to [min_weight, max_weight]', () => {
    const r = volatilityWeight(0.5, SWING, vw({ targetVol: 0.1 }));
    expect(r.realizedVol).toBeCloseTo(REALIZED, 12);
    expect(r.weight).toBe(0.25); // 0.5 × 0.1 / 12.7 is far below min_weight
    const up = volatilityWeight(0.4, SWING, vw({ targetVol: 100, minWeight: 0.1, maxWeight: 0.6 }));
    expect(up.weight).toBe(0.6);
  });

  it('smooths from the previous weight (its own factor up and down) and holds within rebalance_band', () => {
    const target = (0.5 * 10) / REALIZED; // ≈ 0.39, inside [0.1, 0.5]
    expect(volatilityWeight(0.5, SWING, vw({ targetVol: 10, minWeight: 0.1, smoothingFactor: 0.5 }), 0.2).weight).toBeCloseTo(0.2 + 0.5 * (target - 0.2), 12);
    const up = vw({ targetVol: 10, minWeight: 0.1, smoothingFactor: 0.5, increaseSmoothingFactor: 1 });
    expect(volatilityWeight(0.5, SWING, up, 0.2).weight).toBeCloseTo(target, 12);
    const down = vw({ targetVol: 10, minWeight: 0.1, decreaseSmoothingFactor: 0.25 });
    expect(volatilityWeight(0.5, SWING, down, 0.5).weight).toBeCloseTo(0.5 + 0.25 * (target - 0.5), 12);
    expect(volatilityWeight(0.5, SWING, vw({ targetVol: 10, minWeight: 0.1, rebalanceBand: 0.5 }), 0.5).weight).toBe(0.5);
  });

  it('keeps the static weight when disabled, with too little history, a bad close, or no volatility', () => {
    expect(volatilityWeight(0.5, SWING, vw({ enabled: false })).reason.code).toBe('STATIC_WEIGHT');
    expect(volatilityWeight(0.5, [100, 200, 100], vw())).toMatchObject({ weight: 0.5, reason: { code: 'VOLATILITY_FALLBACK' } });
    expect(volatilityWeight(0.5, [100, 0, 100, 200], vw()).weight).toBe(0.5);
    expect(volatilityWeight(0.5, [100, 100, 100, 100], vw()).weight).toBe(0.5);
  });
});

describe('volatility weights in a pass', () => {
  it('the flow rail fills the volatility-adjusted target: AAA 0.5 → 0.25, so 2 / 8 sh at $100 (NLV 2000) → AAA +3, BBB +2', () => {
    const config = aaaBbb(
      { softBand: 0.9, hardBand: 0.95, choppinessMin: 10, efficiencyMax: 0.01, flowTradeMin: 0.1, flowTradeStop: 0.05 },
      { AAA: { weight: 0.5, volatilityWeight: vw({ targetVol: 0.1 }) }, BBB: { weight: 0.5 } },
    );
    const r = regimePass(config, snapshot({ nlv: 2000, shares: { AAA: 2, BBB: 8 }, closes: { AAA: SWING, BBB: SWING } }));
    expect(signed(r.orders)).toEqual([['AAA', 3], ['BBB', 2]]);
    expect(r.reservedCash).toBe(0);
    expect(r.state.effectiveWeights.get('AAA')).toBe(0.25);
    expect(r.decisions.find((d) => d.step === 'weights' && d.symbol === 'AAA')?.code).toBe('VOLATILITY_WEIGHT');
  });

  it('effective weights above 100 % abort the run', () => {
    const config = aaaBbb({}, { AAA: { weight: 0.5, volatilityWeight: vw({ targetVol: 100, minWeight: 0.1, maxWeight: 0.9 }) }, BBB: { weight: 0.5 } });
    const r = regimePass(config, snapshot({ closes: { AAA: SWING, BBB: SWING } }));
    expect(r.orders).toEqual([]);
    expect(r.decisions.at(-1)).toMatchObject({ verdict: 'abort', code: 'WEIGHTS_ABOVE_ONE' });
  });
});
