// thresholdCross(x, level, direction): strict crossing of a fixed level, hand-made series, the
// at-bar form, and RSI(14) through 30 / 70 on SPY_1d against an independent slow RSI.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, rsi } from '../../../shared/indicators/index.ts';
import { firedAt, signalAt, thresholdCross, thresholdCrossAt } from '../../../shared/signals/index.ts';
import { dates, refAt, sample } from './sample-bars.ts';

beforeAll(async () => {
  await ready();
});

//          0    1   2   3   4   5   6   7   8   9  10  11  12
const X = [NaN, 25, 29, 31, 30, 28, 30, 32, 75, 69, 70, 71, 68];
// up through 30 (BUY), default scale 10:
//   i=3: 29 < 30 and 31 > 30 -> BUY, 1 past the level -> c = 1/10 = 0.1
//   i=4: 31 -> 30 (equal now), i=6: 28 -> 30 (equal now), i=7: 30 -> 32 (equal before): no cross.
//   So 28 -> 30 -> 32 never crosses: touching the level is not crossing it (same rule as crossAbove).
// down through 70 (SELL):
//   i=9: 75 > 70 and 69 < 70 -> SELL, 1 past -> 0.1
//   i=10: 69 -> 70, i=11: 70 -> 71: no; i=12: 71 -> 68 -> SELL, 2 past -> 0.2
const x = () => Float64Array.from(X);

describe('thresholdCross on hand-made series', () => {
  it('up through 30 -> BUY, strictly', () => {
    const s = thresholdCross(x(), 30, 'up', { name: 'RSI' });
    expect(Array.from(s.signal)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.confidence[3]).toBeCloseTo(0.1, 15);
    expect(s.reason(3)).toBe('RSI crossed up through 30.00 by 1.00: 29.00 -> 31.00');
    expect(s.reason(1)).toBe('HOLD: RSI not yet defined (warm-up)');
    expect(s.reason(7)).toBe('HOLD: RSI did not cross up through 30.00 (30.00 -> 32.00; a BUY needs a strict cross)');
    expect(s.name).toBe('RSI up through 30.00');
  });

  it('down through 70 -> SELL, strictly; confidence grows with the distance past the level', () => {
    const s = thresholdCross(x(), 70, 'down');
    expect(Array.from(s.signal)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, -1]);
    expect(s.confidence[9]).toBeCloseTo(0.1, 15);
    expect(s.confidence[12]).toBeCloseTo(0.2, 15);
    expect(signalAt(s, 12).signal).toBe('SELL');
  });

  it('scale option and saturation; explicit signal kind', () => {
    // scale 2: 1 past -> 0.5, 2 past -> 1
    const s = thresholdCross(x(), 70, 'down', { scale: 2 });
    expect([s.confidence[9], s.confidence[12]]).toEqual([0.5, 1]);
    // A momentum reading: RSI crossing up through 70 emits BUY by default; 'down' through 30 can be a BUY too.
    const m = thresholdCross(x(), 30, 'down', { signal: 'BUY' });
    expect(Array.from(firedAt(m))).toEqual([]); // 31 -> 30 and 30 -> 28 both touch the level
    const m2 = thresholdCross(Float64Array.from([31, 29]), 30, 'down', { signal: 'BUY' });
    expect(signalAt(m2, 1)).toMatchObject({ signal: 'BUY', confidence: 0.1 });
    const up70 = thresholdCross(x(), 70, 'up');
    expect(Array.from(firedAt(up70))).toEqual([8]); // 32 -> 75: 5 past 70 -> 0.5
    expect(up70.confidence[8]).toBe(0.5);
  });

  it('NaN in the middle of a series is HOLD on both sides of it', () => {
    const s = thresholdCross(Float64Array.from([29, NaN, 31, 29, 31]), 30, 'up');
    expect(Array.from(s.signal)).toEqual([0, 0, 0, 0, 1]);
  });

  it('rejects a bad level, direction or signal', () => {
    expect(() => thresholdCross(x(), NaN, 'up')).toThrow(/thresholdCross: parameter 'level' is NaN/);
    expect(() => thresholdCross(x(), 30, 'sideways' as 'up')).toThrow(/parameter 'direction'/);
    expect(() => thresholdCross(x(), 30, 'up', { signal: 'HOLD' as 'BUY' })).toThrow(/parameter 'signal'/);
    expect(() => thresholdCross(x(), 30, 'up', { scale: NaN })).toThrow(/parameter 'scale'/);
  });

  it('at-bar form equals the batch form bar by bar', () => {
    for (const [level, dir] of [[30, 'up'], [70, 'down']] as const) {
      const s = thresholdCross(x(), level, dir, { name: 'RSI' });
      for (let i = 0; i < X.length; i++) expect(thresholdCrossAt(refAt(x(), i), level, dir, { name: 'RSI' })).toEqual(signalAt(s, i));
    }
  });
});

/** Independent Wilder RSI (TA-Lib seeding: means of the first `period` gains/losses, first value at `period`). */
function slowRsi(close: Float64Array, period: number): Float64Array {
  const out = new Float64Array(close.length).fill(NaN);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < close.length; i++) {
    const d = close[i] - close[i - 1];
    const g = d > 0 ? d : 0;
    const l = d < 0 ? -d : 0;
    if (i <= period) {
      gain += g / period;
      loss += l / period;
      if (i < period) continue;
    } else {
      gain = (gain * (period - 1) + g) / period;
      loss = (loss * (period - 1) + l) / period;
    }
    out[i] = gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
  }
  return out;
}

describe('RSI(14) threshold crosses on SPY_1d', () => {
  it('up through 30 (BUY) and down through 70 (SELL) equal an independent recomputation', () => {
    const spy = sample('SPY_1d.csv');
    const r = rsi(spy, { period: 14 });
    const ref = slowRsi(spy.close, 14);
    for (let i = 0; i < r.length; i++) if (!Number.isNaN(r[i])) expect(Math.abs(r[i] - ref[i])).toBeLessThan(1e-6);
    const up = thresholdCross(r, 30, 'up', { name: 'RSI(14)' });
    const down = thresholdCross(r, 70, 'down', { name: 'RSI(14)' });
    const wantUp: number[] = [];
    const wantDown: number[] = [];
    for (let i = 1; i < ref.length; i++) {
      if (ref[i - 1] < 30 && ref[i] > 30) wantUp.push(i);
      if (ref[i - 1] > 70 && ref[i] < 70) wantDown.push(i);
    }
    expect(Array.from(firedAt(up))).toEqual(wantUp);
    expect(Array.from(firedAt(down))).toEqual(wantDown);
    expect(wantUp.length).toBe(40);
    expect(wantDown.length).toBe(114);
    for (const i of wantUp) expect(up.confidence[i]).toBeCloseTo(Math.min(1, (ref[i] - 30) / 10), 6);
    for (const i of wantDown) expect(down.confidence[i]).toBeCloseTo(Math.min(1, (70 - ref[i]) / 10), 6);
    expect(Array.from(up.signal).every((v) => v >= 0)).toBe(true);
    expect(Array.from(down.signal).every((v) => v <= 0)).toBe(true);
  });

  it('hand-checked crosses', () => {
    const spy = sample('SPY_1d.csv');
    const r = rsi(spy, { period: 14 });
    const up = thresholdCross(r, 30, 'up', { name: 'RSI(14)' });
    const down = thresholdCross(r, 70, 'down', { name: 'RSI(14)' });
    // 1994-04-05: RSI 21.03 -> 35.69, 5.69 past 30 -> c = 0.569
    expect(dates(spy, firedAt(up).slice(0, 3))).toEqual(['1994-04-05', '1994-06-27', '1996-07-17']);
    expect(up.confidence[298]).toBeCloseTo(0.5685, 4);
    expect(up.reason(298)).toBe('RSI(14) crossed up through 30.00 by 5.69: 21.03 -> 35.69');
    // 1994-06-27: 29.36 -> 41.66, 11.66 past -> saturated at 1
    expect(up.confidence[355]).toBe(1);
    // 1993-10-18: 70.004 -> 66.34 (the previous bar only just above 70) -> c = 0.366
    expect(dates(spy, firedAt(down).slice(0, 2))).toEqual(['1993-09-02', '1993-10-18']);
    expect(r[180]).toBeGreaterThan(70);
    expect(r[180]).toBeLessThan(70.01);
    expect(down.confidence[181]).toBeCloseTo(0.3663, 4);
  });

  it('at-bar form equals the batch form at every bar', () => {
    const r = rsi(sample('SPY_1d.csv'), { period: 14 });
    const s = thresholdCross(r, 30, 'up', { name: 'RSI(14)' });
    for (let i = 0; i < r.length; i++) expect(thresholdCrossAt(refAt(r, i), 30, 'up', { name: 'RSI(14)' })).toEqual(signalAt(s, i));
  });
});
