import { describe, expect, it } from 'vitest';
import { dailyProfitFactor, dailyWinRate, omegaRatio, tailRatio } from '../../../shared/analytics/index.ts';

describe('omega, tail ratio, daily win rate and profit factor (§6)', () => {
  // r = .02 −.01 0 .03 −.02 ; gains .05, losses .03
  const r = [0.02, -0.01, 0, 0.03, -0.02];

  it('omega = Σ gains / Σ losses = .05/.03 = 5/3', () => {
    expect(omegaRatio(r)).toBeCloseTo(5 / 3, 14);
  });

  it('daily profit factor = Σ r[r ≥ 0] / |Σ r[r < 0]| = 5/3 (= omega at threshold 0)', () => {
    expect(dailyProfitFactor(r)).toBeCloseTo(5 / 3, 14);
  });

  it('daily win rate ignores zero days: 2 wins / 4 non-zero = 0.5', () => {
    expect(dailyWinRate(r)).toBe(0.5);
  });

  it('tail ratio = |pctl95| / |pctl5| = .028/.018 = 14/9', () => {
    // sorted −.02 −.01 0 .02 .03: pctl95 h = 3.8 → .02 + .8·.01 = .028 ; pctl5 h = .2 → −.02 + .2·.01 = −.018
    expect(tailRatio(r)).toBeCloseTo(14 / 9, 12);
  });

  it('undefined cases are NaN', () => {
    expect(omegaRatio([0.01, 0])).toBeNaN();
    expect(dailyProfitFactor([0.01, 0])).toBeNaN();
    expect(dailyWinRate([0, 0])).toBeNaN();
    expect(tailRatio([0, 0, 0])).toBeNaN();
  });
});
