// IBKR Pro option commissions (shared/portfolio/commissions.ts), by hand; the stock schedules are in rules.test.ts.
import { describe, expect, it } from 'vitest';
import { ibkrFixedOptionCommission, ibkrOptionRate, ibkrTieredOptionCommission, orderCommission } from '../../../shared/portfolio/commissions.ts';

describe('IBKR option commissions', () => {
  it('tiered: USD 0.65/contract at a premium of 0.10 or more, 0.50 from 0.05, 0.25 below', () => {
    expect(ibkrOptionRate(2.5)).toBe(0.65);
    expect(ibkrOptionRate(0.1)).toBe(0.65);
    expect(ibkrOptionRate(0.07)).toBe(0.5);
    expect(ibkrOptionRate(0.05)).toBe(0.5);
    expect(ibkrOptionRate(0.01)).toBe(0.25);
    expect(ibkrOptionRate(-1.2)).toBe(0.65); // a credit premium counts by size
  });

  it('tiered: minimum USD 1.00 per order', () => {
    expect(ibkrTieredOptionCommission(1, 2.5)).toBe(1);
    expect(ibkrTieredOptionCommission(2, 2.5)).toBeCloseTo(1.3, 12);
    expect(ibkrTieredOptionCommission(10, 0.07)).toBeCloseTo(5, 12);
    expect(ibkrTieredOptionCommission(3, 0.02)).toBe(1); // 0.75 → the minimum
    expect(ibkrTieredOptionCommission(-10, 1)).toBeCloseTo(6.5, 12); // unsigned
    expect(ibkrTieredOptionCommission(0, 1)).toBe(0);
  });

  it('fixed: USD 0.65/contract at any premium, minimum USD 1.00', () => {
    expect(ibkrFixedOptionCommission(1, 0.01)).toBe(1);
    expect(ibkrFixedOptionCommission(10, 0.01)).toBeCloseTo(6.5, 12);
    expect(ibkrFixedOptionCommission(0, 1)).toBe(0);
  });

  it('the one policy picks the option schedule for options and the stock schedule for stocks', () => {
    const opt = { secType: 'OPT', multiplier: 100 } as const;
    const stk = { secType: 'STK', multiplier: 1 } as const;
    expect(orderCommission({ kind: 'ibkr_tiered' }, opt, 10, 2)).toBeCloseTo(6.5, 12);
    expect(orderCommission({ kind: 'ibkr_tiered' }, stk, 1000, 50)).toBeCloseTo(3.5, 12);
    // per_trade on an option: the rate applies to the premium value (price × 100 per contract).
    expect(orderCommission({ kind: 'per_trade', rate: 0.001, perUnit: 0.5, fixed: 1, min: 0 }, opt, 2, 3)).toBeCloseTo(1 + 0.001 * 2 * 3 * 100 + 1, 12);
  });
});
