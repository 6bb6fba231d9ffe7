import { describe, expect, it } from 'vitest';
import { NORMAL_QUANTILE_05, gaussianCvar95, gaussianVar95, historicalCvar, historicalVar } from '../../../shared/analytics/index.ts';

/** n returns: −0.10, −0.05, −0.04, then 0.01 repeated. */
const series = (n: number) => [-0.1, -0.05, -0.04, ...new Array(n - 3).fill(0.01)];

describe('historical VaR / CVaR (empyrical, §6)', () => {
  it('CVaR averages the k+1 smallest returns, k = floor((n−1)·0.05)', () => {
    // n = 20: k = floor(19·0.05) = floor(0.95) = 0 → mean(−0.10)               = −0.10
    // n = 21: k = floor(20·0.05) = 1             → mean(−0.10, −0.05)         = −0.075
    // n = 41: k = floor(40·0.05) = 2             → mean(−0.10, −0.05, −0.04)  = −0.06333…
    expect(historicalCvar(series(20))).toBeCloseTo(-0.1, 15);
    expect(historicalCvar(series(21))).toBeCloseTo(-0.075, 15);
    expect(historicalCvar(series(41))).toBeCloseTo(-0.19 / 3, 15);
  });

  it('VaR is the linear 5th percentile', () => {
    // n = 21: h = 20·0.05 = 1 → the 2nd smallest, −0.05
    // n = 20: h = 19·0.05 = 0.95 → −0.10 + 0.95·(−0.05 + 0.10) = −0.0525
    expect(historicalVar(series(21))).toBeCloseTo(-0.05, 15);
    expect(historicalVar(series(20))).toBeCloseTo(-0.0525, 15);
  });

  it('the order of the input does not matter', () => {
    const x = series(21).reverse();
    expect(historicalCvar(x)).toBeCloseTo(-0.075, 15);
  });

  it('no returns: NaN', () => {
    expect(historicalVar([])).toBeNaN();
    expect(historicalCvar([])).toBeNaN();
  });
});

describe('parametric VaR / quantstats CVaR (§6)', () => {
  // nine days of +0.01 and one of −0.09: mean = (0.09 − 0.09)/10 = 0
  // sd = sqrt((9·0.01² + 0.09²)/9) = sqrt(0.009/9) = sqrt(0.001) = 0.0316227766…
  // VaR = 0 + 0.0316227766·(−1.6448536269514729) = −0.0520148…
  // CVaR = mean of the returns below VaR = mean(−0.09) = −0.09
  const r = [...new Array(9).fill(0.01), -0.09];

  it('VaR = mean + sd·Φ⁻¹(0.05)', () => {
    expect(NORMAL_QUANTILE_05).toBe(-1.6448536269514729);
    expect(gaussianVar95(r)).toBeCloseTo(Math.sqrt(0.001) * -1.6448536269514729, 15);
    expect(gaussianVar95(r)).toBeCloseTo(-0.0520148, 7);
  });

  it('CVaR is the mean of the returns below the parametric VaR', () => {
    expect(gaussianCvar95(r)).toBeCloseTo(-0.09, 15);
  });

  it('falls back to the VaR when no return is below it', () => {
    // ±0.01, ±0.02: mean 0, sd = sqrt(0.001/3) = 0.0182574…, VaR = −0.0300308… < every return
    const s = [0.01, -0.01, 0.02, -0.02];
    expect(gaussianCvar95(s)).toBe(gaussianVar95(s));
    expect(gaussianVar95(s)).toBeCloseTo(Math.sqrt(0.001 / 3) * -1.6448536269514729, 15);
  });
});
