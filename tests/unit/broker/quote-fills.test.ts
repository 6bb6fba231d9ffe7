// Quote-based fill rules (shared/broker/quote-fills.ts), each checked by hand.
import { describe, expect, it } from 'vitest';
import {
  comboLimitCrossed,
  comboTouch,
  fillQuantity,
  limitCrossed,
  limitFillPrice,
  midPrice,
  stopElected,
  touchPrice,
  touchSize,
  trailReference,
  trailingStop,
  type TouchQuote,
} from '../../../shared/broker/quote-fills.ts';
import { onTick } from '../../../shared/broker/ibkr-rules.ts';

const q = (bid: number, ask: number, last: number, bidSize = 300, askSize = 500): TouchQuote => ({ bid, ask, last, bidSize, askSize });

describe('market orders at the touch', () => {
  it('buys at the ask and sells at the bid, taking the size shown there', () => {
    const quote = q(99.98, 100.02, 100);
    expect(touchPrice(true, quote)).toBe(100.02);
    expect(touchPrice(false, quote)).toBe(99.98);
    expect(touchSize(true, quote)).toBe(500);
    expect(touchSize(false, quote)).toBe(300);
  });

  it('has no price without a quote (NaN or zero sides) and no negative size', () => {
    expect(touchPrice(true, q(1, NaN, 1))).toBeNaN();
    expect(touchPrice(false, q(0, 1, 1))).toBeNaN();
    expect(touchSize(true, q(1, 2, 1, 10, -5))).toBe(0);
  });

  it('fills at most what is shown; the rest keeps working', () => {
    expect(fillQuantity(1000, 300)).toBe(300);
    expect(fillQuantity(200, 300)).toBe(200);
    expect(fillQuantity(200, 0)).toBe(0);
    expect(fillQuantity(200, -3)).toBe(0);
  });
});

describe('limit orders when the opposite quote crosses them', () => {
  it('a buy limit fills when the ask is at or below it; a sell limit when the bid is at or above it', () => {
    const quote = q(99.98, 100.02, 100);
    expect(limitCrossed(true, 100.02, quote)).toBe(true);
    expect(limitCrossed(true, 100.01, quote)).toBe(false);
    expect(limitCrossed(false, 99.98, quote)).toBe(true);
    expect(limitCrossed(false, 99.99, quote)).toBe(false);
    expect(limitCrossed(true, 200, q(1, NaN, 1))).toBe(false);
  });

  it('an arriving marketable limit trades at the touch; a resting one at its limit', () => {
    const quote = q(99.98, 100.02, 100);
    expect(limitFillPrice(true, 101, quote, false)).toBe(100.02);
    expect(limitFillPrice(false, 99, quote, false)).toBe(99.98);
    expect(limitFillPrice(true, 101, quote, true)).toBe(101);
    expect(limitFillPrice(false, 99, quote, true)).toBe(99);
  });
});

describe('stop triggers by trigger method', () => {
  const quote = q(99.9, 100.1, 100);
  it('default: last for stocks, bid/ask for options', () => {
    expect(stopElected(true, 100, quote, 0)).toBe(true); // last 100 >= 100
    expect(stopElected(true, 100.05, quote, 0)).toBe(false); // last below
    expect(stopElected(true, 100.05, quote, 0, true)).toBe(true); // option: ask 100.1 >= 100.05
    expect(stopElected(false, 99.95, quote, 0, true)).toBe(true); // option: bid 99.9 <= 99.95
    expect(stopElected(false, 99.95, quote, 0)).toBe(false); // stock: last 100 > 99.95
  });

  it('2/3 last, 1/4 bid/ask, 7 either, 8 mid-point', () => {
    expect(stopElected(false, 100, quote, 2)).toBe(true);
    expect(stopElected(false, 99.95, quote, 3)).toBe(false);
    expect(stopElected(false, 99.95, quote, 4)).toBe(true);
    expect(stopElected(true, 100.05, quote, 1)).toBe(true);
    expect(stopElected(true, 100.05, quote, 7)).toBe(true);
    expect(stopElected(true, 100.2, quote, 7)).toBe(false);
    expect(stopElected(true, 100, quote, 8)).toBe(true); // mid 100
    expect(stopElected(true, 100.01, quote, 8)).toBe(false);
    expect(midPrice(quote)).toBeCloseTo(100, 12);
    expect(midPrice(q(0, 1, 1))).toBeNaN();
  });

  it('never triggers on a missing price', () => {
    expect(stopElected(false, 1000, q(NaN, NaN, NaN), 2)).toBe(false);
    expect(stopElected(true, 0, q(NaN, NaN, 0), 4)).toBe(false);
  });
});

describe('trailing stops', () => {
  it('a sell trail follows the highest reference by an amount and never moves down', () => {
    let stop = trailingStop(false, NaN, 100, 2, undefined);
    expect(stop).toBe(98);
    stop = trailingStop(false, stop, 103, 2, undefined);
    expect(stop).toBe(101);
    stop = trailingStop(false, stop, 101.5, 2, undefined);
    expect(stop).toBe(101); // the price fell: the stop stays
  });

  it('a buy trail follows the lowest reference by a percentage and never moves up', () => {
    let stop = trailingStop(true, NaN, 200, undefined, 5);
    expect(stop).toBeCloseTo(210, 12);
    stop = trailingStop(true, stop, 190, undefined, 5);
    expect(stop).toBeCloseTo(199.5, 12);
    stop = trailingStop(true, stop, 195, undefined, 5);
    expect(stop).toBeCloseTo(199.5, 12);
    expect(trailingStop(true, 5, NaN, 1, undefined)).toBe(5); // no reference: unchanged
  });

  it('references the last trade (bid/ask for options)', () => {
    expect(trailReference(false, q(9, 11, 10))).toBe(10);
    expect(trailReference(false, q(9, 11, 10), true)).toBe(9);
    expect(trailReference(true, q(9, 11, 10), true)).toBe(11);
    expect(trailReference(true, q(9, 11, NaN))).toBe(11);
  });
});

describe('combos from their legs', () => {
  // A bull call spread: buy the 100 call (1.00 × 1.10), sell the 105 call (0.40 × 0.45).
  const legs = [
    { quote: q(1.0, 1.1, 1.05, 20, 30), ratio: 1, buy: true },
    { quote: q(0.4, 0.45, 0.42, 50, 10), ratio: 1, buy: false },
  ];
  it('buying pays the bought legs’ asks less the sold legs’ bids; selling reverses; sizes are the fewest units', () => {
    const t = comboTouch(legs);
    expect(t.buyPrice).toBeCloseTo(1.1 - 0.4, 12);
    expect(t.sellPrice).toBeCloseTo(1.0 - 0.45, 12);
    expect(t.buySize).toBe(30); // min(ask 30 of the long leg, bid 50 of the short leg)
    expect(t.sellSize).toBe(10); // min(bid 20, ask 10)
  });

  it('ratios scale prices and divide sizes; a missing leg quote means no price', () => {
    const t = comboTouch([{ quote: q(1, 1.2, 1.1, 9, 9), ratio: 2, buy: true }]);
    expect(t.buyPrice).toBeCloseTo(2.4, 12);
    expect(t.buySize).toBe(4);
    expect(comboTouch([{ quote: q(NaN, NaN, 1), ratio: 1, buy: true }]).buyPrice).toBeNaN();
    expect(comboTouch([]).buySize).toBe(0);
  });

  it('a combo limit is crossed at or better than the net touch (credits as negative prices)', () => {
    const t = comboTouch(legs);
    expect(comboLimitCrossed(true, 0.7, t)).toBe(true);
    expect(comboLimitCrossed(true, 0.69, t)).toBe(false);
    expect(comboLimitCrossed(false, 0.55, t)).toBe(true);
    expect(comboLimitCrossed(false, 0.56, t)).toBe(false);
    const credit = comboTouch([{ ...legs[0], buy: false }, { ...legs[1], buy: true }]); // sold spread: buying it is a credit
    expect(credit.buyPrice).toBeCloseTo(-0.55, 12);
    expect(comboLimitCrossed(true, -0.5, credit)).toBe(true);
  });
});

describe('tick grid', () => {
  it('accepts whole multiples of the tick only', () => {
    expect(onTick(100.01, 0.01)).toBe(true);
    expect(onTick(100.005, 0.01)).toBe(false);
    expect(onTick(3.15, 0.05)).toBe(true);
    expect(onTick(3.12, 0.05)).toBe(false);
    expect(onTick(-0.55, 0.01)).toBe(true);
    expect(onTick(1, 0)).toBe(false);
    expect(onTick(NaN, 0.01)).toBe(false);
  });
});
