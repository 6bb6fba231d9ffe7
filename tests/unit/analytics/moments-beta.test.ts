import { describe, expect, it } from 'vitest';
import { beta, jensenAlphaPct, logReturns, mean, ratio, sampleCovariance, sampleStd, sampleVariance, simpleReturns } from '../../../shared/analytics/index.ts';

describe('sample moments (ddof = 1)', () => {
  it('mean, variance, sd and covariance of small series', () => {
    // x = 1 2 3 4: mean 2.5; Σ(x − 2.5)² = 2.25 + .25 + .25 + 2.25 = 5 → var = 5/3
    // y = 2x: cov(x, y) = 2·var(x) = 10/3
    const x = [1, 2, 3, 4];
    expect(mean(x)).toBe(2.5);
    expect(sampleVariance(x)).toBeCloseTo(5 / 3, 15);
    expect(sampleStd(x)).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(sampleCovariance(x, [2, 4, 6, 8])).toBeCloseTo(10 / 3, 15);
  });

  it('undefined cases are NaN', () => {
    expect(mean([])).toBeNaN();
    expect(sampleVariance([1])).toBeNaN();
    expect(sampleCovariance([1], [2])).toBeNaN();
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(0, 0)).toBeNaN();
    expect(ratio(3, 2)).toBe(1.5);
    expect(() => sampleCovariance([1, 2], [1])).toThrow(/lengths 2 and 1 differ/);
  });
});

describe('returns, beta and Jensen alpha (§5)', () => {
  it('simple and log returns', () => {
    // 100 → 110 → 99: r = 0.1, −0.1 ; log: ln 1.1, ln 0.9
    const r = simpleReturns([100, 110, 99]);
    expect(r[0]).toBeCloseTo(0.1, 15);
    expect(r[1]).toBeCloseTo(-0.1, 15);
    expect(Array.from(logReturns([100, 110, 99]))).toEqual([Math.log(110 / 100), Math.log(99 / 110)]);
    expect(simpleReturns([5]).length).toBe(0);
  });

  it('beta = cov(le, lm)/var(lm) on log returns', () => {
    // equity = 10·sqrt(close): ln(E[t]/E[t−1]) = ½·ln(C[t]/C[t−1]) → beta = 0.5
    const close = [100, 110, 99, 108.9, 120];
    expect(beta(close.map((c) => 10 * Math.sqrt(c)), close)).toBeCloseTo(0.5, 12);
    // a short position's curve mirrors the market: E = 1/C → le = −lm → beta = −1
    expect(beta(close.map((c) => 1e4 / c), close)).toBeCloseTo(-1, 12);
    // flat equity: cov = 0 → beta = 0
    expect(beta([1, 1, 1, 1, 1], close)).toBe(0);
  });

  it('beta is NaN for a flat market or fewer than 2 returns', () => {
    expect(beta([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(beta([1, 2], [1, 2])).toBeNaN();
  });

  it('alpha% = return% − beta·buy&hold%', () => {
    // 414.2299 − 0.03803391·522.06018519 = 394.3739…  (the §8 numbers)
    expect(jensenAlphaPct(414.2299, 0.03803391, 522.06018519)).toBeCloseTo(394.37391, 4);
    expect(jensenAlphaPct(10, 0, 50)).toBe(10);
  });
});
