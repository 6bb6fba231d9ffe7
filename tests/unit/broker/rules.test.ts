// Each broker rule as a named function, on hand-computed numbers.
import { describe, expect, it } from 'vitest';
import { entryPrice, exitPrice, slipped, ZERO_COSTS, type CostModel } from '../../../shared/broker/costs.ts';
import { ibkrFixedCommission, ibkrTieredCommission, orderCommission, type CommissionPolicy } from '../../../shared/portfolio/commissions.ts';
import { unitsFromFraction } from '../../../shared/broker/sizing.ts';
import { limitFillPrice, limitReachable, stopFillPrice, stopLimitFillable, stopLimitFillPrice, stopTriggered } from '../../../shared/broker/triggers.ts';

const m = (o: Partial<CostModel>): CostModel => ({ ...ZERO_COSTS, ...o });
const STOCK = { secType: 'STK', multiplier: 1 } as const;
const perTrade = (o: Partial<{ rate: number; perUnit: number; fixed: number; min: number }>): CommissionPolicy => ({ kind: 'per_trade', rate: 0, perUnit: 0, fixed: 0, min: 0, ...o });
const commission = (p: CommissionPolicy, units: number, price: number) => orderCommission(p, STOCK, units, price);

describe('commission', () => {
  it('relative rate per side on the traded value', () => {
    expect(commission(perTrade({ rate: 0.001 }), 55, 180)).toBeCloseTo(9.9, 12); // 0.001·55·180
    expect(commission(perTrade({ rate: 0.001 }), -55, 180)).toBeCloseTo(9.9, 12);
  });
  it('fixed per order plus per share, with a minimum', () => {
    expect(commission(perTrade({ fixed: 1, perUnit: 0.01 }), 100, 50)).toBe(2); // 1 + 100·0.01
    expect(commission(perTrade({ perUnit: 0.005, min: 1 }), 10, 50)).toBe(1); // 0.05 → min 1
    expect(commission(perTrade({ rate: 0.1 }), 0, 50)).toBe(0);
  });
  it('IBKR tiered: 0.0035/share, min 0.35, max 1 % of value; fixed: 0.005/share, min 1, max 1 %', () => {
    expect(ibkrTieredCommission(100, 50)).toBeCloseTo(0.35, 12); // 0.35 = max(0.35, 0.35)
    expect(ibkrTieredCommission(1000, 50)).toBeCloseTo(3.5, 12);
    expect(ibkrTieredCommission(1000, 0.2)).toBeCloseTo(2, 12); // cap 1 % of 200
    expect(ibkrFixedCommission(100, 50)).toBe(1);
    expect(ibkrFixedCommission(1000, 50)).toBe(5);
    expect(commission({ kind: 'ibkr_tiered' }, 1000, 50)).toBeCloseTo(3.5, 12);
  });
});

describe('prices: spread on entries only, slippage and impact adverse on every fill', () => {
  it('spread: long pays more, short receives less; exits have none', () => {
    expect(entryPrice(m({ spread: 0.001 }), true, 100)).toBeCloseTo(100.1, 12);
    expect(entryPrice(m({ spread: 0.001 }), false, 100)).toBeCloseTo(99.9, 12);
    expect(exitPrice(m({ spread: 0.001 }), true, 100)).toBe(100);
  });
  it('slippage + market impact move buys up and sells down', () => {
    expect(slipped(m({ slippage: 0.0005, marketImpact: 0.0002 }), true, 100)).toBeCloseTo(100.07, 12);
    expect(slipped(m({ slippage: 0.0005, marketImpact: 0.0002 }), false, 100)).toBeCloseTo(99.93, 12);
    expect(exitPrice(m({ slippage: 0.001 }), false, 100)).toBeCloseTo(99.9, 12); // closing a long sells
    expect(entryPrice(m({ slippage: 0.001, spread: 0.001 }), true, 100)).toBeCloseTo(100 * 1.001 * 1.001, 12);
  });
});

describe('whole-share sizing (backtest-model §3.3)', () => {
  it('floor(cash·f / (adjusted + commission per unit))', () => {
    expect(unitsFromFraction(10_000, 1 - 2 ** -52, 180.36, 0)).toBe(55); // the canonical first trade
    expect(unitsFromFraction(9672.75, 1 - 2 ** -52, 186.31, 0)).toBe(51);
    expect(unitsFromFraction(10_000, 0.5, 100, 1)).toBe(49); // 5000 / 101 = 49.5
    expect(unitsFromFraction(50, 1, 100, 0)).toBe(0);
    expect(unitsFromFraction(-5, 1, 100, 0)).toBe(0);
  });
});

describe('intrabar triggers', () => {
  it('stops trigger on the range and fill at the stop, or at the open after a gap', () => {
    expect(stopTriggered(true, 105, 106, 99)).toBe(true);
    expect(stopTriggered(true, 105, 104.9, 99)).toBe(false);
    expect(stopTriggered(false, 95, 101, 95)).toBe(true);
    expect(stopFillPrice(true, 105, 100)).toBe(105);
    expect(stopFillPrice(true, 105, 107)).toBe(107); // gapped above the buy stop
    expect(stopFillPrice(false, 95, 93)).toBe(93); // gapped below the sell stop
  });
  it('limits fill when touched, at the limit or the better open', () => {
    expect(limitReachable(true, 99, 101, 98.5)).toBe(true);
    expect(limitReachable(true, 98, 101, 98.5)).toBe(false);
    expect(limitFillPrice(true, 99, 100)).toBe(99);
    expect(limitFillPrice(true, 99, 97)).toBe(97); // opened below the buy limit
    expect(limitFillPrice(false, 101, 103)).toBe(103);
  });
  it('stop-limit fills in its trigger bar only when the limit lies beyond the stop', () => {
    expect(stopLimitFillable(true, 105, 106, 107, 100)).toBe(true);
    expect(stopLimitFillPrice(true, 105, 106, 100)).toBe(105);
    expect(stopLimitFillable(true, 105, 104, 107, 100)).toBe(false); // limit below the stop: waits
    expect(stopLimitFillPrice(true, 105, 106, 108)).toBe(106); // gapped open capped at the limit
  });
});
