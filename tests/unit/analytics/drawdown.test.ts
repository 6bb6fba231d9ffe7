import { describe, expect, it } from 'vitest';
import { drawdownSeries, maxDrawdownDepth, maxDrawdownOfEquity } from '../../../shared/analytics/index.ts';

describe('drawdown curve (§5 dd, §6 maxDrawdown)', () => {
  // A 6-bar curve with one drawdown:
  //   E       = 100  110   88    99  110  121
  //   peak    = 100  110  110   110  110  121
  //   dd      =   0    0  .2    .1    0    0      (1 − 88/110, 1 − 99/110)
  const E = [100, 110, 88, 99, 110, 121];

  it('dd[t] = 1 − E[t]/max(E[0..t]), exactly 0 at every high', () => {
    const dd = drawdownSeries(E);
    expect(dd[0]).toBe(0);
    expect(dd[1]).toBe(0);
    expect(dd[2]).toBeCloseTo(0.2, 15);
    expect(dd[3]).toBeCloseTo(0.1, 15);
    expect(dd[4]).toBe(0); // back at the old high 110: 1 − 110/110 is exactly 0
    expect(dd[5]).toBe(0);
  });

  it('backtesting.py depth max(dd) = 0.2 (positive); empyrical min(E/peak − 1) = −0.2', () => {
    expect(maxDrawdownDepth(drawdownSeries(E))).toBeCloseTo(0.2, 15);
    expect(maxDrawdownOfEquity(E)).toBeCloseTo(-0.2, 15);
  });

  it('a curve that never falls has depth 0 (not NaN); an empty curve has no max drawdown', () => {
    expect(maxDrawdownDepth(drawdownSeries([1, 1, 2, 3]))).toBe(0);
    expect(maxDrawdownOfEquity([1, 1, 2, 3])).toBe(0);
    expect(maxDrawdownOfEquity([])).toBeNaN();
  });
});
