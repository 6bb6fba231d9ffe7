import { describe, expect, it } from 'vitest';
import { percentile, percentileSorted } from '../../../shared/analytics/index.ts';

describe('numpy linear percentile (§6 pctl)', () => {
  it('interpolates between order statistics', () => {
    // sorted 1 2 3 4 5 (n = 5)
    // q = 5 : h = 4·0.05 = 0.2 → 1 + 0.2·(2 − 1) = 1.2
    // q = 95: h = 4·0.95 = 3.8 → 4 + 0.8·(5 − 4) = 4.8
    // q = 50: h = 2 → 3
    const x = [4, 1, 3, 5, 2];
    expect(percentile(x, 5)).toBeCloseTo(1.2, 15);
    expect(percentile(x, 95)).toBeCloseTo(4.8, 15);
    expect(percentile(x, 50)).toBe(3);
    expect(percentile(x, 0)).toBe(1);
    expect(percentile(x, 100)).toBe(5);
  });

  it('an even count takes the midpoint at q = 50', () => {
    // 10 20 30 40: h = 3·0.5 = 1.5 → 20 + 0.5·10 = 25
    expect(percentile([40, 10, 30, 20], 50)).toBe(25);
  });

  it('negative returns, one value, no values', () => {
    // −.02 −.01 0 .02 .03: q = 5 → h = .2 → −.02 + .2·.01 = −.018
    expect(percentile([0.02, -0.01, 0, 0.03, -0.02], 5)).toBeCloseTo(-0.018, 15);
    expect(percentile([7], 5)).toBe(7);
    expect(percentile([], 5)).toBeNaN();
  });

  it('a fraction ≥ 0.5 interpolates down from the upper neighbour (numpy _lerp), the same number', () => {
    // h = 3.8 on 0, 0.1, 0.2, 0.3, 1: t = .8 → 1 − .2·(1 − .3) = 0.86
    expect(percentileSorted([0, 0.1, 0.2, 0.3, 1], 95)).toBeCloseTo(0.86, 15);
  });
});
