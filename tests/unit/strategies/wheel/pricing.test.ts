// Order prices of the wheel (wheel-rules §2.5; T5, T25, S10): write, close and roll-combo limits,
// the tick they are rounded to, the "would widen the spread" table and one repricing step.
import { describe, expect, it } from 'vitest';
import { roundToTick } from '../../../../shared/broker/ibkr-rules.ts';
import {
  closeLimit,
  optionPrice,
  repriceLimit,
  rollLimit,
  wheelOptionTick,
  wouldWidenSpread,
  writeLimit,
  type RepriceInput,
} from '../../../../shared/strategies/wheel/pricing.ts';

describe('wouldWidenSpread — T5', () => {
  it('T5: BUY −10 → −5 no, −10 → −15 yes, 10 → 5 yes, 10 → 15 no', () => {
    expect(wouldWidenSpread('BUY', -10, -5)).toBe(false);
    expect(wouldWidenSpread('BUY', -10, -15)).toBe(true);
    expect(wouldWidenSpread('BUY', 10, 5)).toBe(true);
    expect(wouldWidenSpread('BUY', 10, 15)).toBe(false);
  });

  it('T5: SELL −10 → −15 no, −10 → −5 yes, 10 → 15 yes, 10 → 5 no', () => {
    expect(wouldWidenSpread('SELL', -10, -15)).toBe(false);
    expect(wouldWidenSpread('SELL', -10, -5)).toBe(true);
    expect(wouldWidenSpread('SELL', 10, 15)).toBe(true);
    expect(wouldWidenSpread('SELL', 10, 5)).toBe(false);
  });
});

describe('ticks — T25', () => {
  it('T25: VIX prices round to 0.01 below 3 and 0.05 from 3: 2.034 → 2.03, 3.021 → 3.00, 3.03 → 3.05', () => {
    const round = (p: number) => roundToTick(p, wheelOptionTick('VIX', p), 'nearest');
    expect(round(2.034)).toBe(2.03);
    expect(round(3.021)).toBe(3);
    expect(round(3.03)).toBe(3.05);
  });

  it('T25: the VIX ladder applies to write and close limits', () => {
    expect(writeLimit('VIX', { bid: 2.018, ask: 2.05 }).limit).toBe(2.03);
    expect(closeLimit('VIX', { bid: 3.012, ask: 3.03 }).limit).toBe(3);
    expect(writeLimit('VIX', { modelPrice: 3.03 }).limit).toBe(3.05);
  });

  it('§2.5: other wheel options and every combo trade in cents', () => {
    expect(wheelOptionTick('SPY', 0.5)).toBe(0.01);
    expect(wheelOptionTick('SPY', 12.34)).toBe(0.01);
    expect(writeLimit('SPY', { modelPrice: 3.03 }).limit).toBe(3.03);
    expect(wheelOptionTick('VIX', 5, true)).toBe(0.01);
    // SPX has a ladder of its own in the shared rules (IBKR refuses cents there).
    expect(wheelOptionTick('SPX', 2)).toBe(0.05);
  });
});

describe('optionPrice — §2.4 item 5', () => {
  it('§2.4 item 5: midpoint, else last, else model price; NaN without any', () => {
    expect(optionPrice({ bid: 3.1, ask: 3.3, last: 3.5, modelPrice: 3.6 })).toBeCloseTo(3.2, 12);
    expect(optionPrice({ ask: 3.3, last: 3.5, modelPrice: 3.6 })).toBe(3.5);
    expect(optionPrice({ bid: 3.1, last: 0, modelPrice: 3.6 })).toBe(3.6);
    expect(optionPrice({ bid: 3.4, ask: 3.3, last: NaN, modelPrice: 3.6 })).toBe(3.6);
    expect(optionPrice({})).toBeNaN();
  });
});

describe('writeLimit — §2.5', () => {
  it('§2.5: a write sells at the higher of the midpoint and the model price', () => {
    const r = writeLimit('SPY', { bid: 3.1, ask: 3.3, last: 3.2, modelPrice: 3.22 });
    expect(r.limit).toBe(3.22);
    expect(r.reason.code).toBe('WRITE_LIMIT');
    expect(r.reason.message).toBe('SELL limit 3.22: the higher of price 3.2 and model 3.22, on the 0.01 tick');
    expect(writeLimit('SPY', { bid: 3.1, ask: 3.3, modelPrice: 3.05 }).limit).toBe(3.2);
  });

  it('§2.5: without a model price the midpoint (else last) is used, rounded to the nearest cent', () => {
    expect(writeLimit('SPY', { bid: 1.228, ask: 1.24 }).limit).toBe(1.23);
    expect(writeLimit('SPY', { bid: 1.232, ask: 1.24 }).limit).toBe(1.24);
    expect(writeLimit('SPY', { last: 0.87 }).limit).toBe(0.87);
  });

  it('a write without any price gives NO_PRICE, never a limit', () => {
    const r = writeLimit('SPY', { bid: NaN, ask: undefined, last: 0, modelPrice: NaN });
    expect(r.limit).toBeUndefined();
    expect(r.reason.code).toBe('NO_PRICE');
  });
});

describe('closeLimit — §2.5', () => {
  it('§2.5: a short is bought back at the lower of the midpoint and the model price', () => {
    const r = closeLimit('SPY', { bid: 4.07, ask: 4.17, modelPrice: 4.05 });
    expect(r.limit).toBe(4.05);
    expect(r.reason.code).toBe('CLOSE_LIMIT');
    expect(closeLimit('SPY', { bid: 4.07, ask: 4.17, modelPrice: 4.5 }).limit).toBe(4.12);
  });

  it('§2.5: with no price at all the close uses the contract minimum tick', () => {
    const r = closeLimit('SPY', {});
    expect(r.limit).toBe(0.01);
    expect(r.reason.code).toBe('CLOSE_AT_MIN_TICK');
    expect(closeLimit('SPX', { bid: NaN, ask: NaN }).limit).toBe(0.05);
  });

  it('a near-worthless option is never priced below one tick', () => {
    expect(closeLimit('SPY', { bid: 0, ask: 0.008 }).limit).toBe(0.01);
  });
});

describe('rollLimit — §2.5, S10', () => {
  it('S10: credit-only roll, mid(old) 1.00, mid(new) 1.20, minimum credit 0.05 → −0.20', () => {
    const r = rollLimit({ symbol: 'SPY', old: { bid: 0.95, ask: 1.05 }, new: { bid: 1.15, ask: 1.25 }, creditOnly: true, minimumCredit: 0.05 });
    expect(r.limit).toBe(-0.2);
    expect(r.reason.code).toBe('ROLL_CREDIT');
    expect(r.reason.message).toBe('combo limit -0.2 (credit): 1 (buy back) − 1.2 (sell)');
  });

  it('S10: the credit-only floor forces at least the minimum credit', () => {
    const r = rollLimit({ symbol: 'SPY', old: { bid: 0.95, ask: 1.05 }, new: { bid: 0.97, ask: 1.07 }, creditOnly: true, minimumCredit: 0.05 });
    expect(r.limit).toBe(-0.05);
    expect(r.reason.code).toBe('CREDIT_FLOOR');
    // A debit roll under credit_only becomes the minimum credit too; an off-tick minimum rounds to more credit.
    expect(rollLimit({ symbol: 'SPY', old: { last: 1.5 }, new: { last: 1.2 }, creditOnly: true, minimumCredit: 0.033 }).limit).toBe(-0.04);
  });

  it('§2.5: without credit_only the combo is priced at mid(old) − mid(new), debit allowed', () => {
    const r = rollLimit({ symbol: 'SPY', old: { bid: 1.45, ask: 1.55 }, new: { bid: 1.15, ask: 1.25 }, creditOnly: false, minimumCredit: 0.05 });
    expect(r.limit).toBe(0.3);
    expect(r.reason.code).toBe('ROLL_DEBIT');
    expect(rollLimit({ symbol: 'SPY', old: { modelPrice: 0.4 }, new: { last: 3.75 }, creditOnly: false, minimumCredit: 0 }).limit).toBe(-3.35);
  });

  it('§2.5: a VIX combo still trades in cents', () => {
    expect(rollLimit({ symbol: 'VIX', old: { last: 3.21 }, new: { last: 4.33 }, creditOnly: false, minimumCredit: 0 }).limit).toBe(-1.12);
  });

  it('a leg without a price gives NO_PRICE, never a limit', () => {
    const r = rollLimit({ symbol: 'SPY', old: {}, new: { last: 1.2 }, creditOnly: true, minimumCredit: 0.05 });
    expect(r.limit).toBeUndefined();
    expect(r.reason).toMatchObject({ code: 'NO_PRICE', message: 'not rolled: the contract to buy back has no bid/ask, last or model price' });
    expect(rollLimit({ symbol: 'SPY', old: { last: 1 }, new: { bid: NaN, ask: NaN }, creditOnly: false, minimumCredit: 0 }).reason.code).toBe('NO_PRICE');
  });
});

describe('repriceLimit — §2.5', () => {
  const leg = (over: Partial<RepriceInput>): RepriceInput => ({
    symbol: 'SPY',
    action: 'SELL',
    oldLimit: 2,
    midpoint: 1.8,
    minimumCredit: 0.05,
    combo: false,
    ...over,
  });

  it('§2.5: a SELL moves half-way down to the midpoint', () => {
    const r = repriceLimit(leg({}));
    expect(r.limit).toBe(1.9);
    expect(r.reason).toEqual({ code: 'REPRICED', message: 'repriced SELL limit 2 → 1.9: half-way to midpoint 1.8' });
  });

  it('§2.5: a step that would widen the spread is skipped (SELL higher, BUY lower)', () => {
    expect(repriceLimit(leg({ midpoint: 2.2 })).reason.code).toBe('WOULD_WIDEN_SPREAD');
    expect(repriceLimit(leg({ action: 'BUY', oldLimit: 1, midpoint: 0.8 })).reason.code).toBe('WOULD_WIDEN_SPREAD');
    expect(repriceLimit(leg({ action: 'BUY', oldLimit: 1, midpoint: 1.2 })).limit).toBe(1.1);
  });

  it('§2.5: a credit combo moves half-way toward the midpoint, keeping its sign', () => {
    const combo = leg({ action: 'BUY', oldLimit: -0.2, midpoint: -0.1, combo: true });
    expect(repriceLimit(combo).limit).toBe(-0.15);
    expect(repriceLimit({ ...combo, midpoint: -0.3 }).reason.code).toBe('WOULD_WIDEN_SPREAD');
    expect(repriceLimit({ ...combo, oldLimit: 0.3, midpoint: 0.5 }).limit).toBe(0.4);
  });

  it('§2.5: a credit combo keeps at least the minimum credit', () => {
    const r = repriceLimit(leg({ action: 'BUY', oldLimit: -0.08, midpoint: 0, combo: true }));
    expect(r.limit).toBe(-0.05);
    expect(r.reason.message).toContain('held at the minimum credit 0.05');
  });

  it('§2.5: a step that would flip credit ↔ debit is skipped', () => {
    const r = repriceLimit(leg({ action: 'BUY', oldLimit: -0.2, midpoint: 0.5, combo: true }));
    expect(r.limit).toBeUndefined();
    expect(r.reason.code).toBe('WOULD_FLIP_SIGN');
    expect(repriceLimit(leg({ action: 'BUY', oldLimit: 0.2, midpoint: -0.5, combo: true })).reason.code).toBe('WOULD_FLIP_SIGN');
    expect(repriceLimit(leg({ action: 'BUY', oldLimit: -0.01, midpoint: 0.006, minimumCredit: 0, combo: true })).reason.code).toBe('WOULD_FLIP_SIGN');
  });

  it('§2.5, T25: a repriced VIX option lands on its tick', () => {
    expect(repriceLimit(leg({ symbol: 'VIX', oldLimit: 3.5, midpoint: 3.26 })).limit).toBe(3.4);
    expect(repriceLimit(leg({ symbol: 'VIX', oldLimit: 2.5, midpoint: 2.36 })).limit).toBe(2.43);
  });

  it('T28: a missing midpoint skips the repricing with a reason', () => {
    const r = repriceLimit(leg({ midpoint: NaN }));
    expect(r.limit).toBeUndefined();
    expect(r.reason.code).toBe('NO_MIDPOINT');
    expect(repriceLimit(leg({ oldLimit: NaN })).reason.code).toBe('NO_MIDPOINT');
  });

  it('a step that rounds to the same limit is UNCHANGED', () => {
    expect(repriceLimit(leg({ midpoint: 2.004 })).reason.code).toBe('UNCHANGED');
    expect(repriceLimit(leg({ action: 'BUY', oldLimit: -0.05, midpoint: -0.01, combo: true })).reason.code).toBe('UNCHANGED');
  });
});
