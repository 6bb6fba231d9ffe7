import { describe, expect, it } from 'vitest';
import { annualizedGeometricReturn, compoundedAnnualVolatility, geometricMeanReturn } from '../../../shared/analytics/index.ts';

describe('geometric mean return and compounded annualisation (§5)', () => {
  it('g = (Π(1 + r))^(1/n) − 1', () => {
    // 1.1 · 0.5 · 2.0 = 1.1 → g = 1.1^(1/3) − 1 = 0.0322801…
    expect(geometricMeanReturn([0.1, -0.5, 1.0])).toBeCloseTo(1.1 ** (1 / 3) - 1, 15);
    expect(geometricMeanReturn([0.1, -0.5, 1.0])).toBeCloseTo(0.0322801, 7);
  });

  it('is 0 when any 1 + r ≤ 0 (a total loss), NaN with no returns', () => {
    expect(geometricMeanReturn([0.2, -1])).toBe(0);
    expect(geometricMeanReturn([0.2, -1.5, 3])).toBe(0);
    expect(geometricMeanReturn([])).toBeNaN();
  });

  it('counts a NaN return as 0 but keeps it in n (upstream fillna(0))', () => {
    // (1 · 1.21)^(1/2) − 1 = 0.1
    expect(geometricMeanReturn([Number.NaN, 0.21])).toBeCloseTo(0.1, 15);
  });

  it('annRet = (1 + g)^P − 1', () => {
    // 1.01^12 − 1 = 0.1268250…
    expect(annualizedGeometricReturn(0.01, 12)).toBeCloseTo(0.12682503013196977, 15);
    expect(annualizedGeometricReturn(0, 252)).toBe(0);
  });

  it('vol = sqrt((var + (1+g)²)^P − (1+g)^(2P)); with P = 1 it is the plain sd', () => {
    // P = 1: sqrt(var + (1+g)² − (1+g)²) = sqrt(0.0004) = 0.02
    expect(compoundedAnnualVolatility(0.0004, 0.01, 1)).toBeCloseTo(0.02, 12);
    // P = 2: (0.0004 + 1.0201)² − 1.01⁴ = 1.04142025 − 1.04060401 = 0.00081624 → sqrt = 0.0285699…
    expect(compoundedAnnualVolatility(0.0004, 0.01, 2)).toBeCloseTo(Math.sqrt(0.00081624), 12);
    // a flat curve (var 0, g 0): 1^P − 1 = 0
    expect(compoundedAnnualVolatility(0, 0, 252)).toBe(0);
    // var 0 with g ≠ 0: the radicand is 0 only up to rounding and may come out negative → NaN,
    // as numpy's sqrt gives upstream
    expect(compoundedAnnualVolatility(0, 0.01, 252)).toBeNaN();
  });
});
