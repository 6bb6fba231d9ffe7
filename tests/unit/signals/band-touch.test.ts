// bandTouch(close, upper, lower): mean reversion at the bands, hand-made series and BBANDS(20, 2) on SPY_1d.
import { beforeAll, describe, expect, it } from 'vitest';
import { bbands, ready } from '../../../shared/indicators/index.ts';
import { bandTouch, bandTouchAt, firedAt, signalAt } from '../../../shared/signals/index.ts';
import { dates, refAt, sample } from './sample-bars.ts';

beforeAll(async () => {
  await ready();
});

const f = (v: number[]) => Float64Array.from(v);
//              0    1   2    3    4      5   6   7   8
const CLOSE = [NaN, 10, 9, 8.5, 11, 11.25, 10, 10, 9];
const UPPER = [11, 11, 11, 11, 11, 11, 10, 10, 10];
const LOWER = [9, 9, 9, 9, 9, 9, 10, 11, 10];
// Default scale: 25 % of the width (11 - 9 = 2) = 0.5.
// i=0 NaN close -> HOLD; i=1 10 inside -> HOLD
// i=2 9 <= 9 -> BUY, exact touch: overshoot 0 -> confidence 0
// i=3 8.5 -> BUY, 0.5 past the lower band / 0.5 -> 1
// i=4 11 >= 11 -> SELL, confidence 0; i=5 11.25 -> SELL, 0.25 / 0.5 = 0.5
// i=6 zero-width band at 10 with close 10: touches both sides -> HOLD
// i=7 inverted band (upper 10 < lower 11) -> HOLD
// i=8 zero-width band at 10, close 9 below it -> BUY, unit 0 -> confidence 1

describe('bandTouch on hand-made series', () => {
  it('touching counts, confidence = min(1, overshoot / (0.25 · width))', () => {
    const s = bandTouch(f(CLOSE), f(UPPER), f(LOWER), { name: 'BB' });
    expect(Array.from(s.signal)).toEqual([0, 0, 1, 1, -1, -1, 0, 0, 1]);
    expect(Array.from(s.confidence)).toEqual([0, 0, 0, 1, 0, 0.5, 0, 0, 1]);
    expect(s.reason(3)).toBe('close 8.50 at or below the lower BB 9.00 by 5.56 % (0.500) (mean reversion)');
    expect(s.reason(5)).toBe('close 11.25 at or above the upper BB 11.00 by 2.27 % (0.250) (mean reversion)');
    expect(s.reason(0)).toBe('HOLD: close or BB not yet defined (warm-up)');
    expect(s.reason(1)).toBe('HOLD: close 10.00 inside the BB (9.00 .. 11.00)');
    expect(s.reason(6)).toBe('HOLD: BB has zero width at the close 10.00 (touches both sides)');
    expect(s.reason(7)).toBe('HOLD: BB is inverted (upper 10.00 < lower 11.00)');
    expect(s.name).toBe('BB touch');
  });

  it('explicit scale (constant and per bar)', () => {
    expect(Array.from(bandTouch(f(CLOSE), f(UPPER), f(LOWER), { scale: 1 }).confidence)).toEqual([0, 0, 0, 0.5, 0, 0.25, 0, 0, 1]);
    const per = bandTouch(f(CLOSE), f(UPPER), f(LOWER), { scale: f([1, 1, 1, NaN, 1, 0.125, 1, 1, 2]) });
    expect(Array.from(per.signal)).toEqual([0, 0, 1, 0, -1, -1, 0, 0, 1]); // NaN scale at 3 -> HOLD
    expect(Array.from(per.confidence)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0.5]);
  });

  it('at-bar form equals the batch form bar by bar', () => {
    const s = bandTouch(f(CLOSE), f(UPPER), f(LOWER), { name: 'BB' });
    for (let i = 0; i < CLOSE.length; i++) {
      expect(bandTouchAt(refAt(f(CLOSE), i), refAt(f(UPPER), i), refAt(f(LOWER), i), { name: 'BB' })).toEqual(signalAt(s, i));
    }
  });
});

describe('BBANDS(20, 2, 2) touches on SPY_1d', () => {
  it('equal an independent recomputation; hand-checked first touches', () => {
    const spy = sample('SPY_1d.csv');
    const bb = bbands(spy, { period: 20, devUp: 2, devDown: 2 });
    const s = bandTouch(spy.close, bb.upper, bb.lower, { name: 'BBANDS(20, 2)' });
    const want: number[] = [];
    for (let i = 0; i < spy.length; i++) {
      const c = spy.close[i];
      const u = bb.upper[i];
      const l = bb.lower[i];
      if (Number.isNaN(u)) continue;
      const unit = 0.25 * (u - l);
      if (c <= l) {
        want.push(i);
        expect(s.signal[i]).toBe(1);
        expect(s.confidence[i]).toBeCloseTo(Math.min(1, (l - c) / unit), 12);
      } else if (c >= u) {
        want.push(i);
        expect(s.signal[i]).toBe(-1);
        expect(s.confidence[i]).toBeCloseTo(Math.min(1, (c - u) / unit), 12);
      }
    }
    expect(Array.from(firedAt(s))).toEqual(want);
    expect(want.length).toBe(600);
    expect(Array.from(s.signal.subarray(0, 19))).toEqual(new Array(19).fill(0)); // warm-up
    // 1993-03-08: close 45.75 >= upper 45.6818 -> SELL; 1993-04-02: close 44.0937 <= lower 44.4225 ->
    // BUY, overshoot 0.3288 over 0.25 · (45.8681 - 44.4225) = 0.36139 -> 0.9099.
    expect(dates(spy, firedAt(s).slice(0, 2))).toEqual(['1993-03-08', '1993-04-02']);
    expect(s.signal[25]).toBe(-1);
    expect(s.signal[44]).toBe(1);
    expect(s.confidence[44]).toBeCloseTo(0.9099, 4);
    for (let i = 0; i < spy.length; i++) {
      expect(bandTouchAt(refAt(spy.close, i), refAt(bb.upper, i), refAt(bb.lower, i), { name: 'BBANDS(20, 2)' })).toEqual(signalAt(s, i));
    }
  });
});
