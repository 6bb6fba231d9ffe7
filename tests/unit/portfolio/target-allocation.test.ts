// Target allocation per symbol (shared/portfolio/target-allocation.ts): the config's weights when set,
// else the sleeves' capital split over their symbols.
import { describe, expect, it } from 'vitest';
import { targetAllocation } from '../../../shared/portfolio/target-allocation.ts';

describe('target allocation', () => {
  const sleeves = [
    { symbols: ['QQQ'], allocation: 0.4 },
    { symbols: ['SPY', 'TLT'], allocation: 0.4 },
    { symbols: ['TLT'], allocation: 0.2 },
  ];
  it('takes the [symbols.*] weights when the configuration sets any', () => {
    expect(targetAllocation({ SPY: { weight: 0.6 }, TLT: { weight: 0.4 }, QQQ: {} }, sleeves)).toEqual({ weights: { SPY: 0.6, TLT: 0.4 }, from: 'weights' });
  });
  it("else splits each sleeve's capital equally over its symbols", () => {
    const t = targetAllocation({}, sleeves);
    expect(t.from).toBe('sleeves');
    expect(t.weights.QQQ).toBeCloseTo(0.4, 12);
    expect(t.weights.SPY).toBeCloseTo(0.2, 12);
    expect(t.weights.TLT).toBeCloseTo(0.4, 12);
  });
});
