// The VIX call hedge (wheel-rules §1.13, §2.8), pinned to thetagang's T21, T23, T24, plus the documented
// band rule (not thetagang's first-lower-bound quirk) and missing prices.
import { describe, expect, it } from 'vitest';
import type { OptionContract, OptionPosition } from '../../../../shared/strategies/wheel/types.ts';
import {
  netVixCalls,
  vixAllocationBand,
  vixHedge,
  type VixAllocationBand,
  type VixHedgeConfig,
  type VixHedgeInput,
} from '../../../../shared/strategies/wheel/vix-hedge.ts';

const CALL: OptionContract = { symbol: 'VIX', right: 'C', strike: 20, expiry: '20270115', multiplier: 100 };

/** A VIX option position (long 1 call at 400 DTE unless told). */
const pos = (o: Partial<OptionPosition> = {}): OptionPosition => ({ ...CALL, position: 1, avgCost: 300, marketPrice: 2, unrealizedPnl: 0, dte: 400, ...o });

const CONFIG: VixHedgeConfig = { enabled: true, ignoreDte: 0, allocation: [{ lowerBound: 0, upperBound: 100, weight: 0.01 }] };

/** thetagang's sample bands (VXTH), listed low to high. */
const VXTH: VixAllocationBand[] = [
  { upperBound: 15, weight: 0 },
  { lowerBound: 15, upperBound: 30, weight: 0.01 },
  { lowerBound: 30, upperBound: 50, weight: 0.005 },
  { lowerBound: 50, weight: 0 },
];

const input = (o: Partial<VixHedgeInput> = {}): VixHedgeInput => ({
  netLiquidation: 100_000,
  vixmo: 15,
  positions: [],
  candidate: { contract: CALL, price: 5 },
  ...o,
});

describe('VIX call hedge', () => {
  it('T21: disabled → no orders', () => {
    const r = vixHedge({ ...CONFIG, enabled: false }, input({ positions: [pos()], vix: 99 }));
    expect(r.orders).toEqual([]);
    expect(r.reasons[0].code).toBe('DISABLED');
  });

  it('T23: a hedge is held (net 1) and VIX 30 > close-at 20 → one SELL of 1 contract', () => {
    const r = vixHedge({ ...CONFIG, closeHedgesWhenVixExceeds: 20 }, input({ positions: [pos()], vix: 30 }));
    expect(r.netCalls).toBe(1);
    expect(r.orders).toHaveLength(1);
    expect(r.orders[0]).toMatchObject({ action: 'SELL', quantity: 1, contract: CALL, reason: { code: 'CLOSE_HEDGE' } });
    expect(r.reasons[0].message).toContain('VIX 30 > close_hedges_when_vix_exceeds 20');
  });

  it('T23: closing sells every long VIX call position (one order each), not short calls, puts or other symbols', () => {
    const positions = [
      pos({ position: 2, strike: 25 }),
      pos({ position: 3, strike: 30, dte: 0 }),
      pos({ position: -1, strike: 40 }),
      pos({ right: 'P', position: 1, strike: 15 }),
      pos({ symbol: 'SPY', position: 1, strike: 500 }),
    ];
    const r = vixHedge({ ...CONFIG, closeHedgesWhenVixExceeds: 20 }, input({ positions, vix: 30 }));
    expect(r.orders.map((o) => [o.action, o.quantity, o.contract.strike])).toEqual([
      ['SELL', 2, 25],
      ['SELL', 3, 30],
    ]);
    expect(r.reasons).toHaveLength(3);
  });

  it('T23: a hedge held with VIX at or below the threshold (or no threshold) is kept, and nothing is bought', () => {
    const held = vixHedge({ ...CONFIG, closeHedgesWhenVixExceeds: 20 }, input({ positions: [pos()], vix: 20 }));
    expect(held.orders).toEqual([]);
    expect(held.reasons[0].code).toBe('HEDGE_HELD');
    const noThreshold = vixHedge(CONFIG, input({ positions: [pos()], vix: 80 }));
    expect(noThreshold.orders).toEqual([]);
    expect(noThreshold.reasons[0].code).toBe('HEDGE_HELD');
  });

  it('T24: no hedge, band (0–100) weight 1%, NLV 100k, call price $5, multiplier 100 → BUY 2', () => {
    const r = vixHedge(CONFIG, input());
    expect(r.allocation).toBe(1000);
    expect(r.orders).toHaveLength(1);
    expect(r.orders[0]).toMatchObject({ action: 'BUY', quantity: 2, limit: 5, contract: CALL, reason: { code: 'BUY_HEDGE' } });
  });

  it('§2.8: bands as documented (lower ≤ VIXMO < upper): VXTH bands low to high at VIXMO 35 give 0.5%, not thetagang\'s 1%', () => {
    expect(vixAllocationBand(VXTH, 35)?.weight).toBe(0.005);
    // thetagang would take the 15–30 band (its lower bound 15 ≤ 35) and buy $1000 / $5 / 100 = 2.
    const r = vixHedge({ ...CONFIG, allocation: VXTH }, input({ vixmo: 35 }));
    expect(r.allocation).toBe(500);
    expect(r.orders[0]).toMatchObject({ action: 'BUY', quantity: 1 });
  });

  it('§2.8: bands listed in any order match the same way; bounds are [lower, upper)', () => {
    const reversed = [...VXTH].reverse();
    for (const [vixmo, weight] of [[10, 0], [15, 0.01], [29.99, 0.01], [30, 0.005], [49.9, 0.005], [50, 0], [80, 0]] as const) {
      expect(vixAllocationBand(VXTH, vixmo)?.weight).toBe(weight);
      expect(vixAllocationBand(reversed, vixmo)?.weight).toBe(weight);
    }
    expect(vixAllocationBand([{ lowerBound: 15, upperBound: 30, weight: 0.01 }], 35)).toBeUndefined();
  });

  it('§2.8: a zero-weight band or no matching band → nothing bought', () => {
    const low = vixHedge({ ...CONFIG, allocation: VXTH }, input({ vixmo: 12 }));
    expect(low.orders).toEqual([]);
    expect(low.reasons[0].code).toBe('ZERO_WEIGHT');
    const none = vixHedge({ ...CONFIG, allocation: [{ lowerBound: 15, upperBound: 30, weight: 0.01 }] }, input({ vixmo: 35 }));
    expect(none.reasons[0].code).toBe('NO_BAND');
  });

  it('§2.8: without a hedge, VIX above the close threshold → not bought', () => {
    const r = vixHedge({ ...CONFIG, closeHedgesWhenVixExceeds: 20 }, input({ vix: 30 }));
    expect(r.orders).toEqual([]);
    expect(r.reasons[0].code).toBe('VIX_ABOVE_CLOSE');
  });

  it('§2.8: positions with DTE ≤ ignore_dte do not count as a hedge, so a new one is bought (a ladder)', () => {
    expect(netVixCalls([pos({ dte: 5 }), pos({ dte: 40 })], 5)).toBe(1);
    const r = vixHedge({ ...CONFIG, ignoreDte: 5 }, input({ positions: [pos({ dte: 5 })] }));
    expect(r.netCalls).toBe(0);
    expect(r.orders[0]).toMatchObject({ action: 'BUY', quantity: 2 });
  });

  it('§2.8: net counting offsets long calls by short calls, ignores puts, other symbols and expired options', () => {
    expect(netVixCalls([pos({ position: 2 }), pos({ position: -2, strike: 30 })], 0)).toBe(0);
    expect(netVixCalls([pos({ right: 'P' }), pos({ symbol: 'SPY' }), pos({ dte: -1 })], -5)).toBe(0);
  });

  it('T25: the buy limit is on the VIX tick (0.05 at or above 3) and sizes the order: 3.021 → 3.00 → 3 contracts', () => {
    const r = vixHedge(CONFIG, input({ candidate: { contract: CALL, price: 3.021 } }));
    expect(r.orders[0]).toMatchObject({ limit: 3, quantity: 3 });
  });
});

describe('VIX hedge without data gives a reason, never a crash', () => {
  it('no VIXMO → NO_VIXMO', () => {
    for (const vixmo of [undefined, NaN, 0]) expect(vixHedge(CONFIG, input({ vixmo })).reasons[0].code).toBe('NO_VIXMO');
  });

  it('no spot VIX while a close threshold is set → NO_VIX (neither sold nor bought)', () => {
    const sell = vixHedge({ ...CONFIG, closeHedgesWhenVixExceeds: 20 }, input({ positions: [pos()], vix: NaN }));
    expect(sell.orders).toEqual([]);
    expect(sell.reasons[0].code).toBe('NO_VIX');
    const buy = vixHedge({ ...CONFIG, closeHedgesWhenVixExceeds: 20 }, input({ vix: undefined }));
    expect(buy.orders).toEqual([]);
    expect(buy.reasons[0].code).toBe('NO_VIX');
  });

  it('no candidate call → NO_CONTRACT with the wanted allocation', () => {
    const r = vixHedge(CONFIG, input({ candidate: undefined }));
    expect(r.orders).toEqual([]);
    expect(r).toMatchObject({ allocation: 1000, reasons: [{ code: 'NO_CONTRACT' }] });
  });

  it('a candidate without a usable price → NO_PRICE; a non-VIX or non-call candidate → BAD_INPUT', () => {
    for (const price of [0, NaN, -1, 0.001]) expect(vixHedge(CONFIG, input({ candidate: { contract: CALL, price } })).reasons[0].code).toBe('NO_PRICE');
    expect(vixHedge(CONFIG, input({ candidate: { contract: { ...CALL, right: 'P' }, price: 5 } })).reasons[0].code).toBe('BAD_INPUT');
    expect(vixHedge(CONFIG, input({ candidate: { contract: { ...CALL, multiplier: NaN }, price: 5 } })).reasons[0].code).toBe('BAD_INPUT');
  });

  it('an allocation below one contract → BELOW_ONE_CONTRACT; NaN NLV → BAD_INPUT', () => {
    expect(vixHedge(CONFIG, input({ netLiquidation: 40_000 })).reasons[0].code).toBe('BELOW_ONE_CONTRACT');
    expect(vixHedge(CONFIG, input({ netLiquidation: NaN })).reasons[0].code).toBe('BAD_INPUT');
  });
});
