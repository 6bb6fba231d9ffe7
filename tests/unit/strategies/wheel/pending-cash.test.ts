// The cash this run's queued orders use or free (wheel-rules §2.9), pinned to thetagang's T20.
import { describe, expect, it } from 'vitest';
import { pendingCash } from '../../../../shared/strategies/wheel/pending-cash.ts';

describe('pending cash of queued orders', () => {
  it('T20: stock BUY 100 @ $150 (×1) + option SELL 5 @ $2.50 (×100) → −13,750', () => {
    const cash = pendingCash([
      { action: 'BUY', quantity: 100, price: 150, multiplier: 1 },
      { action: 'SELL', quantity: 5, price: 2.5, multiplier: 100 },
    ]);
    expect(cash).toBe(-13_750);
  });

  it('T20: no queued orders → 0', () => {
    expect(pendingCash([])).toBe(0);
  });

  it('§2.9: a credit combo (BUY at a negative limit) frees cash', () => {
    expect(pendingCash([{ action: 'BUY', quantity: 2, price: -0.35, multiplier: 100 }])).toBeCloseTo(70, 10);
  });

  it('§2.9: the direction comes from the action, not the quantity sign', () => {
    expect(pendingCash([{ action: 'SELL', quantity: -3, price: 10, multiplier: 1 }])).toBe(30);
  });

  it('§2.9: an order with a NaN or missing price counts 0 instead of poisoning the sum', () => {
    const cash = pendingCash([
      { action: 'BUY', quantity: 10, price: NaN, multiplier: 1 },
      { action: 'SELL', quantity: 1, price: 4, multiplier: Infinity },
      { action: 'BUY', quantity: 43, price: 100, multiplier: 1 },
    ]);
    expect(cash).toBe(-4300);
  });
});
