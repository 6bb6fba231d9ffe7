import { describe, expect, it } from 'vitest';
import { annualVolatility, downsideDeviation, downsideRisk, sharpeRatio, sortinoRatio } from '../../../shared/analytics/index.ts';

describe('empyrical volatility, Sharpe, downside risk, Sortino (§6)', () => {
  // r = .01 −.02 .03 0 ; mean = .02/4 = .005
  // deviations .005 −.025 .025 −.005 → squares .000025 .000625 .000625 .000025 = .0013 → var = .0013/3
  // min(r, 0)² = 0 .0004 0 0 → mean over all 4 = .0001 → downside deviation .01
  const r = [0.01, -0.02, 0.03, 0];
  const sd = Math.sqrt(0.0013 / 3);

  it('annualVolatility = sd·√P', () => {
    expect(annualVolatility(r, 252)).toBeCloseTo(sd * Math.sqrt(252), 15);
  });

  it('sharpe = mean/sd·√P = 0.005/0.0208167·15.8745 = 3.81293', () => {
    expect(sharpeRatio(r, 252)).toBeCloseTo((0.005 / sd) * Math.sqrt(252), 12);
    expect(sharpeRatio(r, 252)).toBeCloseTo(3.81293, 5);
  });

  it('downside risk averages the squared shortfalls over ALL returns', () => {
    expect(downsideDeviation(r)).toBeCloseTo(0.01, 15);
    expect(downsideRisk(r, 252)).toBeCloseTo(0.01 * Math.sqrt(252), 15);
  });

  it('sortino = mean·P / downsideRisk = 0.005·252/(0.01·√252) = 0.5·√252 = 7.93725', () => {
    expect(sortinoRatio(r, 252)).toBeCloseTo(0.5 * Math.sqrt(252), 12);
  });

  it('zero denominators are NaN', () => {
    expect(sharpeRatio([0.01, 0.01, 0.01], 252)).toBeNaN(); // sd = 0
    expect(sortinoRatio([0.01, 0.02], 252)).toBeNaN(); // no losing day
    expect(downsideDeviation([])).toBeNaN();
  });
});
