import { describe, expect, it } from 'vitest';
import { parityMismatches, valuesMatch } from '../../../shared/analytics/index.ts';

describe('the §7 parity rule', () => {
  it('numbers: |a − e| ≤ 1e-6·max(1, |e|)', () => {
    expect(valuesMatch(51422.99 + 0.05, 51422.99, false)).toBe(true); // 0.05 ≤ 0.0514
    expect(valuesMatch(51422.99 + 0.06, 51422.99, false)).toBe(false);
    expect(valuesMatch(0.5 + 9e-7, 0.5, false)).toBe(true); // below 1 the bound is absolute 1e-6
    expect(valuesMatch(0.5 + 2e-6, 0.5, false)).toBe(false);
  });

  it('integers and dates must be equal; null/NaN match only each other', () => {
    expect(valuesMatch(584.0000001, 584, true)).toBe(false);
    expect(valuesMatch('2013-03-01', '2013-03-01', true)).toBe(true);
    expect(valuesMatch(null, Number.NaN, false)).toBe(true);
    expect(valuesMatch(Number.NaN, null, false)).toBe(true);
    expect(valuesMatch(0, null, false)).toBe(false);
    expect(valuesMatch(null, 0, false)).toBe(false);
  });

  it('reports readable differences by path', () => {
    const actual = {
      stats: { equityFinal: 51423.2, numTrades: 65, maxDrawdownDurationDays: 584, end: '2013-02-28', extra: 1 },
      trades: [{ size: -55, entryBar: 70, pnl: -327.25 }],
      equity: [10000, 10000.5],
    };
    const expected = {
      stats: { equityFinal: 51422.99, numTrades: 66, maxDrawdownDurationDays: 584, end: '2013-03-01', sqn: 1.07 },
      trades: [{ size: -55, entryBar: 70, pnl: -327.25 }, { size: 51, entryBar: 86, pnl: 1 }],
      equity: [10000, 10000],
    };
    expect(parityMismatches(actual, expected)).toEqual([
      'trades: 1 trades, expected 2',
      'stats.equityFinal: 51423.2, expected 51422.99 (|Δ| 2.10e-1 > 5.14e-2)',
      'stats.numTrades: 65, expected 66 (must be equal)',
      "stats.end: '2013-02-28', expected '2013-03-01'",
      'stats.sqn: missing, expected 1.07',
      'stats.extra: unexpected key',
      'equity[1]: 10000.5, expected 10000 (|Δ| 5.00e-1 > 1.00e-2)',
    ]);
  });

  it('compares only the sections the expectation has; identical objects match', () => {
    const r = { stats: { beta: 0.038 }, metrics: { nReturns: 2147 }, equity: [1, 2] };
    expect(parityMismatches(r, { metrics: { nReturns: 2147 } })).toEqual([]);
    expect(parityMismatches(r, r, 0)).toEqual([]);
    expect(parityMismatches({}, { metrics: { nReturns: 2147 } })).toEqual(['metrics: missing']);
  });

  it('caps the equity report at 10 bars and counts the rest', () => {
    const out = parityMismatches({ equity: new Array(25).fill(2) }, { equity: new Array(25).fill(1) });
    expect(out).toHaveLength(11);
    expect(out[10]).toBe('equity: 15 more bars differ');
  });
});
