// Buy-only / sell-only equity rebalancing of one symbol (wheel-rules §1.12, §2.7), pinned to
// thetagang's tests T12–T19 with their numbers (buying power given directly), plus bad inputs.
import { describe, expect, it } from 'vitest';
import { optionStagesFor, rebalanceBuy, rebalanceSell, rebalanceStagesFor, type RebalanceInput } from '../../../../shared/strategies/wheel/rebalance.ts';

/** A rebalance input: NLV 100k, no thresholds, no midpoint unless given. */
const input = (o: Partial<RebalanceInput> & Pick<RebalanceInput, 'buyingPower' | 'weight' | 'price' | 'sharesHeld'>): RebalanceInput => ({
  netLiquidation: 100_000,
  ...o,
});

describe('buy-only rebalancing', () => {
  it('T12: BP 50k at $150: AAPL w 0.5 with 100 sh buys 66, GOOGL w 0.2 with 0 sh buys 66, MSFT (not buy-only) gets no buy stage', () => {
    const aapl = rebalanceBuy(input({ buyingPower: 50_000, weight: 0.5, price: 150, sharesHeld: 100 }));
    expect(aapl).toMatchObject({ action: 'BUY', quantity: 66, targetShares: 166, limit: 150, reason: { code: 'BUY' } });
    const googl = rebalanceBuy(input({ buyingPower: 50_000, weight: 0.2, price: 150, sharesHeld: 0 }));
    expect(googl).toMatchObject({ quantity: 66, targetShares: 66, reason: { code: 'BUY' } });
    expect(rebalanceStagesFor('off')).toEqual({ buy: false, sell: false });
    expect(rebalanceStagesFor('buy_only')).toEqual({ buy: true, sell: false });
  });

  it('T13: BP 1000, w 1.0 at $150 → buy 6 (floor(1000 / 150))', () => {
    const r = rebalanceBuy(input({ buyingPower: 1000, weight: 1, price: 150, sharesHeld: 0 }));
    expect(r).toMatchObject({ quantity: 6, reason: { code: 'BUY' } });
  });

  it('T13: a one-share buy that costs more than the buying power is refused (capped at floor(BP / price) = 0)', () => {
    const r = rebalanceBuy(input({ buyingPower: 100, weight: 1, price: 150, sharesHeld: 0 }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'INSUFFICIENT_BUYING_POWER' } });
    expect(r.limit).toBeUndefined();
    expect(r.reason.message).toContain('exceeds buying power $100');
  });

  it('T14: min 10 shares, BP 10k, w 0.1, $150 → 6 shares wanted → no order', () => {
    const r = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.1, price: 150, sharesHeld: 0, thresholds: { minThresholdShares: 10 } }));
    expect(r).toMatchObject({ quantity: 0, targetShares: 6, reason: { code: 'BELOW_MIN_SHARES' } });
    expect(r.reason.message).toContain('6 sh is below min_threshold_shares 10');
  });

  it('T15: min amount $1000, w 0.05 (BP 10k, $150) → $450 → no order', () => {
    const r = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.05, price: 150, sharesHeld: 0, thresholds: { minThresholdAmount: 1000 } }));
    expect(r).toMatchObject({ quantity: 0, targetShares: 3, reason: { code: 'BELOW_MIN_AMOUNT' } });
    expect(r.reason.message).toContain('3 sh × $150 = $450 is below the dollar minimum $1000');
  });

  it('T15: min amount $100 (below one share), w 0.01 (BP 10k, $150) → target 0 sh, rounds up to buy 1', () => {
    const r = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.01, price: 150, sharesHeld: 0, thresholds: { minThresholdAmount: 100 } }));
    expect(r).toMatchObject({ quantity: 1, targetShares: 0, reason: { code: 'BUY' } });
  });

  it('T15: min shares 1 + min amount $2000, w 0.1 (BP 10k, $150) → $900 → no order (the amount wins)', () => {
    const thresholds = { minThresholdShares: 1, minThresholdAmount: 2000 };
    const r = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.1, price: 150, sharesHeld: 0, thresholds }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_MIN_AMOUNT' } });
    expect(r.reason.message).toContain('$900');
  });

  it('T16: 250 sh above the 166-share target (w 0.5, BP 50k, $150, 20% relative) → no buy', () => {
    const r = rebalanceBuy(input({ buyingPower: 50_000, weight: 0.5, price: 150, sharesHeld: 250, thresholds: { minThresholdPercentRelative: 0.2 } }));
    expect(r).toMatchObject({ quantity: 0, targetShares: 166, reason: { code: 'AT_TARGET' } });
  });

  it('T16: 0 sh with a 10% relative threshold (w 0.5, BP 50k, $150) → buy 166', () => {
    const r = rebalanceBuy(input({ buyingPower: 50_000, weight: 0.5, price: 150, sharesHeld: 0, thresholds: { minThresholdPercentRelative: 0.1 } }));
    expect(r).toMatchObject({ quantity: 166, reason: { code: 'BUY' } });
  });

  it('T16: 50 sh at $200, target 80 (w 0.4, BP 40k): 37.5% gap > 30% → buy 30', () => {
    const r = rebalanceBuy(input({ buyingPower: 40_000, weight: 0.4, price: 200, sharesHeld: 50, thresholds: { minThresholdPercentRelative: 0.3 } }));
    expect(r).toMatchObject({ quantity: 30, targetShares: 80, reason: { code: 'BUY' } });
  });

  it('T16: the same 37.5% gap under a 40% relative threshold → no buy', () => {
    const r = rebalanceBuy(input({ buyingPower: 40_000, weight: 0.4, price: 200, sharesHeld: 50, thresholds: { minThresholdPercentRelative: 0.4 } }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_RELATIVE_THRESHOLD' } });
    expect(r.reason.message).toContain('37.5%');
  });

  it('T16: exactly at target (40 sh at $100, w 0.2, BP 20k) with a 50% relative threshold and 0.1% of NLV → no buy', () => {
    const thresholds = { minThresholdPercent: 0.001, minThresholdPercentRelative: 0.5 };
    const r = rebalanceBuy(input({ buyingPower: 20_000, weight: 0.2, price: 100, sharesHeld: 40, thresholds }));
    expect(r).toMatchObject({ quantity: 0, targetShares: 40, reason: { code: 'AT_TARGET' } });
  });

  it('T16: weight 0 → no buy', () => {
    const r = rebalanceBuy(input({ buyingPower: 50_000, weight: 0, price: 150, sharesHeld: 0, thresholds: { minThresholdPercentRelative: 0.1 } }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'ZERO_WEIGHT' } });
  });

  it('T17: 2% of NLV 100k = $2000 minimum vs 6 sh × $150 = $900 (w 0.1, BP 10k) → none', () => {
    const r = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.1, price: 150, sharesHeld: 0, thresholds: { minThresholdPercent: 0.02 } }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_MIN_AMOUNT' } });
    expect(r.reason.message).toContain('dollar minimum $2000');
  });

  it('T17: 1% of NLV = $1000 minimum, w 0.2, BP 20k, $150 → buy 26 ($3900)', () => {
    const r = rebalanceBuy(input({ buyingPower: 20_000, weight: 0.2, price: 150, sharesHeld: 0, thresholds: { minThresholdPercent: 0.01 } }));
    expect(r).toMatchObject({ quantity: 26, reason: { code: 'BUY' } });
  });

  it('T17: 2.5% of NLV ($2500) beats amount $1000: 15 sh × $150 = $2250 (w 0.15, BP 15k) is blocked', () => {
    const thresholds = { minThresholdAmount: 1000, minThresholdPercent: 0.025 };
    const r = rebalanceBuy(input({ buyingPower: 15_000, weight: 0.15, price: 150, sharesHeld: 0, thresholds }));
    expect(r).toMatchObject({ quantity: 0, targetShares: 15, reason: { code: 'BELOW_MIN_AMOUNT' } });
    expect(r.reason.message).toContain('dollar minimum $2500');
  });

  it('T17: amount $3000 beats 0.5% of NLV ($500): $2250 is blocked', () => {
    const thresholds = { minThresholdAmount: 3000, minThresholdPercent: 0.005 };
    const r = rebalanceBuy(input({ buyingPower: 15_000, weight: 0.15, price: 150, sharesHeld: 0, thresholds }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_MIN_AMOUNT' } });
    expect(r.reason.message).toContain('dollar minimum $3000');
  });

  it('§2.7: with 0 sh and a target below one share, a dollar minimum at or above one share blocks the round-up', () => {
    const r = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.01, price: 150, sharesHeld: 0, thresholds: { minThresholdAmount: 200 } }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_MIN_AMOUNT' } });
  });

  it('§2.7: with 0 sh and a target below one share, no dollar minimum and min shares 1 → buy 1; min shares 2 → none', () => {
    expect(rebalanceBuy(input({ buyingPower: 10_000, weight: 0.01, price: 150, sharesHeld: 0 }))).toMatchObject({ quantity: 1, reason: { code: 'BUY' } });
    const two = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.01, price: 150, sharesHeld: 0, thresholds: { minThresholdShares: 2 } }));
    expect(two).toMatchObject({ quantity: 0, reason: { code: 'BELOW_MIN_SHARES' } });
  });

  it('§2.7: a holder below one share of target does not round up (only an empty position may buy 1 share)', () => {
    const r = rebalanceBuy(input({ buyingPower: 10_000, weight: 0.01, price: 150, sharesHeld: 1 }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'AT_TARGET' } });
  });
});

describe('sell-only rebalancing', () => {
  it('T18: w 0.3, BP 30k, $100, 400 sh → sell 310', () => {
    const r = rebalanceSell(input({ buyingPower: 30_000, weight: 0.3, price: 100, sharesHeld: 400 }));
    expect(r).toMatchObject({ action: 'SELL', quantity: 310, targetShares: 90, limit: 100, reason: { code: 'SELL' } });
  });

  it('T18: below target (100 sh at $150 vs 166, w 0.5, BP 50k) → none', () => {
    const r = rebalanceSell(input({ buyingPower: 50_000, weight: 0.5, price: 150, sharesHeld: 100 }));
    expect(r).toMatchObject({ quantity: 0, targetShares: 166, reason: { code: 'AT_TARGET' } });
  });

  it('T18: min shares 50, 220 sh at $200, target 80 (w 0.4, BP 40k) → sell 140', () => {
    const r = rebalanceSell(input({ buyingPower: 40_000, weight: 0.4, price: 200, sharesHeld: 220, thresholds: { minThresholdShares: 50 } }));
    expect(r).toMatchObject({ quantity: 140, targetShares: 80, reason: { code: 'SELL' } });
  });

  it('T18: min shares 150 blocks the same 140-share sale', () => {
    const r = rebalanceSell(input({ buyingPower: 40_000, weight: 0.4, price: 200, sharesHeld: 220, thresholds: { minThresholdShares: 150 } }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_MIN_SHARES' } });
  });

  it('T18: min amount $5000, 320 sh at $100 vs target 90 (w 0.3, BP 30k) → sell 230 ($23k)', () => {
    const r = rebalanceSell(input({ buyingPower: 30_000, weight: 0.3, price: 100, sharesHeld: 320, thresholds: { minThresholdAmount: 5000 } }));
    expect(r).toMatchObject({ quantity: 230, reason: { code: 'SELL' } });
  });

  it('T18: min amount $25k blocks the same $23k sale', () => {
    const r = rebalanceSell(input({ buyingPower: 30_000, weight: 0.3, price: 100, sharesHeld: 320, thresholds: { minThresholdAmount: 25_000 } }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_MIN_AMOUNT' } });
    expect(r.reason.message).toContain('$23000');
  });

  it('T18: 20% relative, 220 sh vs 80 (175% above target) → sell 140', () => {
    const r = rebalanceSell(input({ buyingPower: 40_000, weight: 0.4, price: 200, sharesHeld: 220, thresholds: { minThresholdPercentRelative: 0.2 } }));
    expect(r).toMatchObject({ quantity: 140, reason: { code: 'SELL' } });
  });

  it('T18: 20% relative, 90 sh vs 80 (12.5% above target) → none', () => {
    const r = rebalanceSell(input({ buyingPower: 40_000, weight: 0.4, price: 200, sharesHeld: 90, thresholds: { minThresholdPercentRelative: 0.2 } }));
    expect(r).toMatchObject({ quantity: 0, reason: { code: 'BELOW_RELATIVE_THRESHOLD' } });
    expect(r.reason.message).toContain('12.5%');
  });

  it('§2.7: a sell-only symbol with weight 0 targets 0 shares and sells them all', () => {
    const r = rebalanceSell(input({ buyingPower: 40_000, weight: 0, price: 200, sharesHeld: 37 }));
    expect(r).toMatchObject({ quantity: 37, targetShares: 0, reason: { code: 'SELL' } });
  });
});

describe('option stages and limits', () => {
  it('T19: buy-only symbols never get puts, sell-only never get calls, both neither, off both', () => {
    expect(optionStagesFor('buy_only')).toEqual({ puts: false, calls: true });
    expect(optionStagesFor('sell_only')).toEqual({ puts: true, calls: false });
    expect(optionStagesFor('both')).toEqual({ puts: false, calls: false });
    expect(optionStagesFor('off')).toEqual({ puts: true, calls: true });
    expect(rebalanceStagesFor('both')).toEqual({ buy: true, sell: true });
    expect(rebalanceStagesFor('sell_only')).toEqual({ buy: false, sell: true });
  });

  it('§2.7: the limit is the midpoint on the stock tick; the market price without a usable midpoint', () => {
    const base = { buyingPower: 50_000, weight: 0.5, price: 150, sharesHeld: 100 };
    expect(rebalanceBuy(input({ ...base, midpoint: 149.955 })).limit).toBe(149.96);
    expect(rebalanceBuy(input({ ...base, midpoint: NaN })).limit).toBe(150);
    const noMid = rebalanceSell(input({ buyingPower: 30_000, weight: 0.3, price: 100, sharesHeld: 400, midpoint: 0 }));
    expect(noMid.limit).toBe(100);
    expect(noMid.reason.message).toContain('no midpoint');
  });
});

describe('unusable inputs give a reason, never a crash', () => {
  it('a missing, zero or NaN price → NO_PRICE', () => {
    for (const price of [0, NaN, -5, Infinity]) {
      expect(rebalanceBuy(input({ buyingPower: 50_000, weight: 0.5, price, sharesHeld: 0 })).reason.code).toBe('NO_PRICE');
      expect(rebalanceSell(input({ buyingPower: 50_000, weight: 0.5, price, sharesHeld: 400 })).reason.code).toBe('NO_PRICE');
    }
  });

  it('NaN buying power, weight or shares → BAD_INPUT; NaN NLV only matters with min_threshold_percent', () => {
    expect(rebalanceBuy(input({ buyingPower: NaN, weight: 0.5, price: 150, sharesHeld: 0 })).reason.code).toBe('BAD_INPUT');
    expect(rebalanceBuy(input({ buyingPower: 50_000, weight: NaN, price: 150, sharesHeld: 0 })).reason.code).toBe('BAD_INPUT');
    expect(rebalanceSell(input({ buyingPower: 50_000, weight: 0.5, price: 150, sharesHeld: NaN })).reason.code).toBe('BAD_INPUT');
    const noNlv = { buyingPower: 20_000, weight: 0.2, price: 150, sharesHeld: 0, netLiquidation: NaN };
    expect(rebalanceBuy(input(noNlv)).quantity).toBe(26);
    expect(rebalanceBuy(input({ ...noNlv, thresholds: { minThresholdPercent: 0.01 } })).reason.code).toBe('BAD_INPUT');
  });

  it('zero buying power → no buy (target 0 sh and a held position)', () => {
    expect(rebalanceBuy(input({ buyingPower: 0, weight: 0.5, price: 150, sharesHeld: 10 })).reason.code).toBe('AT_TARGET');
  });
});
