// Strike bounds handed to the scanner (wheel-rules §2.2, §2.3, §2.4 item 9, §2.6; S8, S9, S15).
import { describe, expect, it } from 'vitest';
import { callRollStrikeFloor, newCallStrikeFloor, newPutStrikeCap, putRollStrikeCap } from '../../../../shared/strategies/wheel/roll-strikes.ts';

/** A short put at strike 100 sold for $2.00 a share (avgCost 200 per contract). */
const put100 = { strike: 100, avgCost: 200, multiplier: 100 };

describe('putRollStrikeCap — S8', () => {
  it('S8: old strike 100, premium $2.00, cost to close $0.50 → strike ≤ 101.50', () => {
    const r = putRollStrikeCap({ position: put100, costToClose: 0.5, itm: false });
    expect(r.bound).toBe(101.5);
    expect(r.reason).toEqual({
      code: 'PUT_PREMIUM_CAP',
      message: 'put roll strike ≤ 101.5: old strike 100 + premium 2 − cost to close 0.5 = 101.5',
    });
  });

  it('S8: the same put ITM → strike ≤ 100 (never rolled up)', () => {
    const r = putRollStrikeCap({ position: put100, costToClose: 0.5, itm: true });
    expect(r.bound).toBe(100);
    expect(r.reason.code).toBe('PUT_ITM_OLD_STRIKE');
  });

  it('S8: put strike_limit 95 → strike ≤ 95', () => {
    const r = putRollStrikeCap({ position: put100, costToClose: 0.5, itm: false, strikeLimit: 95 });
    expect(r.bound).toBe(95);
    expect(r.reason.code).toBe('PUT_STRIKE_LIMIT');
    expect(r.reason.message).toContain('puts.strike_limit 95');
    // A limit above the premium cap does not lift it.
    expect(putRollStrikeCap({ position: put100, costToClose: 0.5, itm: false, strikeLimit: 120 }).bound).toBe(101.5);
  });

  it('S8: a loss (cost to close above the premium) keeps the old strike as the cap', () => {
    const r = putRollStrikeCap({ position: put100, costToClose: 3.25, itm: false });
    expect(r.bound).toBe(100);
    expect(r.reason.code).toBe('PUT_OLD_STRIKE');
  });

  it('S8: the cap is rounded to cents (no float noise from the sum)', () => {
    // 390 + 222.4293 / 100 − 4.1193 = 388.11 < 390 → old strike; a winner: 390 + 5.1234 − 0.1 = 395.0234 → 395.02.
    expect(putRollStrikeCap({ position: { strike: 390, avgCost: 222.4293, multiplier: 100 }, costToClose: 4.1193, itm: false }).bound).toBe(390);
    expect(putRollStrikeCap({ position: { strike: 390, avgCost: 512.34, multiplier: 100 }, costToClose: 0.1, itm: false }).bound).toBe(395.02);
    expect(putRollStrikeCap({ position: { strike: 100, avgCost: 30, multiplier: 100 }, costToClose: 0.1, itm: false }).bound).toBe(100.2);
  });

  it('an unknown cost to close or premium caps at the old strike rather than lifting it', () => {
    const r = putRollStrikeCap({ position: put100, costToClose: NaN, itm: false });
    expect(r.bound).toBe(100);
    expect(r.reason.message).toContain('cost to close is unknown');
    expect(putRollStrikeCap({ position: { ...put100, multiplier: 0 }, costToClose: 0.5, itm: false }).bound).toBe(100);
  });

  it('a zero or NaN strike_limit is no limit (as in thetagang)', () => {
    expect(putRollStrikeCap({ position: put100, costToClose: 0.5, itm: false, strikeLimit: 0 }).bound).toBe(101.5);
    expect(putRollStrikeCap({ position: put100, costToClose: 0.5, itm: false, strikeLimit: NaN }).bound).toBe(101.5);
  });
});

describe('callRollStrikeFloor — S9, §2.4 item 9', () => {
  it('S9: avg cost 110, old strike 105, high-water mark on → strike ≥ 110', () => {
    const r = callRollStrikeFloor({ oldStrike: 105, averageCost: 110, maintainHighWaterMark: true });
    expect(r.bound).toBe(110);
    expect(r.reason.code).toBe('CALL_AVERAGE_COST');
  });

  it('S9: high-water mark on, avg cost 90 → strike ≥ 105', () => {
    const r = callRollStrikeFloor({ oldStrike: 105, averageCost: 90, maintainHighWaterMark: true });
    expect(r.bound).toBe(105);
    expect(r.reason.code).toBe('CALL_HIGH_WATER_MARK');
    expect(callRollStrikeFloor({ oldStrike: 105, averageCost: 90, maintainHighWaterMark: false }).bound).toBe(90);
  });

  it('§2.4 item 9: a call roll floor is max(strike_limit, average cost) with no rounding up and no market price', () => {
    const r = callRollStrikeFloor({ oldStrike: 105, averageCost: 368.42, maintainHighWaterMark: false });
    expect(r.bound).toBe(368.42);
    expect(r.reason.message).toBe('call roll strike ≥ 368.42: the share average cost (highest of share average cost 368.42)');
    const limited = callRollStrikeFloor({ oldStrike: 105, averageCost: 368.42, strikeLimit: 380, maintainHighWaterMark: false });
    expect(limited).toMatchObject({ bound: 380, reason: { code: 'CALL_STRIKE_LIMIT' } });
  });

  it('§2.4 item 9: with no shares and no strike_limit the 0.95 × price window applies (undefined bound)', () => {
    const r = callRollStrikeFloor({ oldStrike: 105, maintainHighWaterMark: false });
    expect(r.bound).toBeUndefined();
    expect(r.reason.code).toBe('PRICE_WINDOW');
    expect(callRollStrikeFloor({ oldStrike: 105, averageCost: NaN, maintainHighWaterMark: false }).bound).toBeUndefined();
    // A strike_limit or the high-water mark still bound a roll without shares.
    expect(callRollStrikeFloor({ oldStrike: 105, strikeLimit: 100, maintainHighWaterMark: false }).bound).toBe(100);
    expect(callRollStrikeFloor({ oldStrike: 105, maintainHighWaterMark: true }).bound).toBe(105);
  });
});

describe('newCallStrikeFloor — S15', () => {
  it('S15: a new covered call strike ≥ ceil(max(avg cost, price, call strike_limit))', () => {
    const byCost = newCallStrikeFloor({ averageCost: 368.42, price: 365.5 });
    expect(byCost.bound).toBe(369);
    expect(byCost.reason).toEqual({
      code: 'CALL_AVERAGE_COST',
      message: 'new call strike ≥ 369: the share average cost rounded up to 369 (highest of share average cost 368.42, market price 365.5)',
    });
    expect(newCallStrikeFloor({ averageCost: 368.42, price: 400.1 })).toMatchObject({ bound: 401, reason: { code: 'CALL_MARKET_PRICE' } });
    expect(newCallStrikeFloor({ averageCost: 368.42, price: 400.1, strikeLimit: 410 })).toMatchObject({ bound: 410, reason: { code: 'CALL_STRIKE_LIMIT' } });
    expect(newCallStrikeFloor({ averageCost: 368.42, price: 400, strikeLimit: 399.5 }).bound).toBe(400);
  });

  it('a missing average cost or price is left out; with nothing usable the scanner window applies', () => {
    expect(newCallStrikeFloor({ averageCost: NaN, price: 400.1 }).bound).toBe(401);
    expect(newCallStrikeFloor({ price: NaN }).bound).toBeUndefined();
    expect(newCallStrikeFloor({ price: NaN, strikeLimit: 420 }).bound).toBe(420);
  });
});

describe('newPutStrikeCap — §2.2', () => {
  it('§2.2: a new put is capped at the put strike_limit, else the 1.05 × price window applies', () => {
    expect(newPutStrikeCap(390)).toEqual({ bound: 390, reason: { code: 'PUT_STRIKE_LIMIT', message: 'new put strike ≤ 390: puts.strike_limit' } });
    expect(newPutStrikeCap(undefined)).toMatchObject({ bound: undefined, reason: { code: 'PRICE_WINDOW' } });
    expect(newPutStrikeCap(0).bound).toBeUndefined();
  });
});
