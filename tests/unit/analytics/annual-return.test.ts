import { describe, expect, it } from 'vitest';
import { annualReturn, calendarCagr, calmarRatio, totalReturn } from '../../../shared/analytics/index.ts';

describe('total, annual and calendar growth (§5 CAGR, §6 annualReturn / calmar)', () => {
  it('totalReturn = E[N−1]/E[0] − 1', () => {
    expect(totalReturn([100, 50, 121])).toBeCloseTo(0.21, 15);
    expect(totalReturn([])).toBeNaN();
  });

  it('annualReturn = (Π(1+r))^(1/(n/P)) − 1', () => {
    // two periods of +10 % with P = 1 → 1.21^(1/2) − 1 = 0.1
    expect(annualReturn([0.1, 0.1], 1)).toBeCloseTo(0.1, 15);
    // four quarters of +5 % with P = 4 → 1.05⁴ − 1 = 0.21550625
    expect(annualReturn([0.05, 0.05, 0.05, 0.05], 4)).toBeCloseTo(0.21550625, 14);
    // 126 days of +0.1 % with P = 252 → half a year: (1.001^126)² − 1 = 1.001^252 − 1
    expect(annualReturn(new Array(126).fill(0.001), 252)).toBeCloseTo(1.001 ** 252 - 1, 12);
    expect(annualReturn([], 252)).toBeNaN();
  });

  it('calendar CAGR uses 365.25-day years', () => {
    // 100 → 121 over 730.5 days = 2 years → 1.21^(1/2) − 1 = 0.1
    expect(calendarCagr(100, 121, 730.5)).toBeCloseTo(0.1, 15);
    // the §8 figure: 10000 → 51422.99 over 3116 days → 21.16024571 %
    expect(calendarCagr(10_000, 51_422.99, 3116) * 100).toBeCloseTo(21.16024571, 6);
    expect(calendarCagr(100, 121, 0)).toBeNaN();
  });

  it('calmar = annualReturn/|maxDrawdown|, NaN without a drawdown', () => {
    expect(calmarRatio(0.21, -0.2)).toBeCloseTo(1.05, 15);
    expect(calmarRatio(0.21, 0)).toBeNaN();
  });
});
