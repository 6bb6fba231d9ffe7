// breakout(close, upper, lower): the PREVIOUS bar's channel. Hand-made series, and DONCHIAN(20) on
// every sample file: a rule against the current bar's channel can never fire; this one does.
import { beforeAll, describe, expect, it } from 'vitest';
import { donchian, ready } from '../../../shared/indicators/index.ts';
import { breakout, breakoutAt, firedAt, signalAt } from '../../../shared/signals/index.ts';
import { dates, refAt, sample } from './sample-bars.ts';

beforeAll(async () => {
  await ready();
});

const f = (v: number[]) => Float64Array.from(v);
//              0     1      2   3   4    5   6   7
const CLOSE = [5, 10.5, 10.25, 11, 8, 7.5, 9, 12];
const UPPER = [NaN, 10, 11, 12, 12, 12, 12, 12];
const LOWER = [NaN, 8, 8, 8, 8, 7.5, 7.5, 7.5];
// i=0: no previous bar; i=1: previous channel NaN (warm-up) -> HOLD
// i=2: 10.25 > upper[1] = 10 -> BUY, overshoot 0.25, unit 0.25 · (10 - 8) = 0.5 -> 0.5
//      (against its own bar's upper 11 it would not fire)
// i=3: 11 == upper[2] -> HOLD (strictly above needed); i=4: 8 == lower[3] -> HOLD
// i=5: 7.5 < lower[4] = 8 -> SELL, overshoot 0.5, unit 0.25 · (12 - 8) = 1 -> 0.5
// i=6: inside; i=7: 12 == upper[6] -> HOLD

describe('breakout on hand-made series', () => {
  it('compares with the previous bar channel, strictly', () => {
    const s = breakout(f(CLOSE), f(UPPER), f(LOWER), { name: 'DC' });
    expect(Array.from(s.signal)).toEqual([0, 0, 1, 0, 0, -1, 0, 0]);
    expect(Array.from(s.confidence)).toEqual([0, 0, 0.5, 0, 0, 0.5, 0, 0]);
    expect(s.reason(2)).toBe("close 10.25 broke above the previous bar's DC upper 10.00 by 2.50 % (0.250)");
    expect(s.reason(5)).toBe("close 7.50 broke below the previous bar's DC lower 8.00 by 6.25 % (0.500)");
    expect(s.reason(0)).toBe("HOLD: close or the previous bar's DC not yet defined (warm-up)");
    expect(s.reason(1)).toBe("HOLD: close or the previous bar's DC not yet defined (warm-up)");
    expect(s.reason(3)).toBe("HOLD: close 11.00 within the previous bar's DC (8.00 .. 11.00)");
  });

  it('scale option; zero-width previous channel gives full confidence', () => {
    expect(Array.from(breakout(f(CLOSE), f(UPPER), f(LOWER), { scale: 0.25 }).confidence)).toEqual([0, 0, 1, 0, 0, 1, 0, 0]);
    const flat = breakout(f([10, 10, 10.1]), f([10, 10, 10.1]), f([10, 10, 10]));
    expect(Array.from(flat.signal)).toEqual([0, 0, 1]);
    expect(flat.confidence[2]).toBe(1);
  });

  it('at-bar form reads the channel at at(1) and equals the batch form', () => {
    const s = breakout(f(CLOSE), f(UPPER), f(LOWER), { name: 'DC' });
    for (let i = 0; i < CLOSE.length; i++) {
      expect(breakoutAt(refAt(f(CLOSE), i), refAt(f(UPPER), i), refAt(f(LOWER), i), { name: 'DC' })).toEqual(signalAt(s, i));
    }
  });
});

/** Highest high / lowest low of bars [from, to]. */
function extremes(high: Float64Array, low: Float64Array, from: number, to: number): [number, number] {
  let hh = -Infinity;
  let ll = Infinity;
  for (let k = from; k <= to; k++) {
    if (high[k] > hh) hh = high[k];
    if (low[k] < ll) ll = low[k];
  }
  return [hh, ll];
}

describe('DONCHIAN(20) breakouts on the sample files', () => {
  for (const file of ['SPY_1d.csv', 'GOOG_1d.csv', 'AAPL_1d.csv', 'QQQ_1d.csv', 'TLT_1d.csv', 'SPY_1m.csv']) {
    it(`${file}: the current-bar channel never breaks; the previous-bar rule fires and matches a slow recomputation`, () => {
      const bars = sample(file);
      const d = donchian(bars, { period: 20 });
      const { close, high, low } = bars;
      // DONCHIAN includes the bar itself: low[i] <= close[i] <= high[i] <= upper[i], so
      // close > upper[i] (or < lower[i]) is impossible — a current-bar rule could never fire.
      let currentBarFires = 0;
      for (let i = 0; i < bars.length; i++) if (close[i] > d.upper[i] || close[i] < d.lower[i]) currentBarFires++;
      expect(currentBarFires).toBe(0);
      // The same rule fed a channel shifted one bar back (so that its "previous bar" is the current
      // one) is exactly a current-bar breakout rule: it never fires either.
      const lead = (x: Float64Array) => Float64Array.from(x, (_, i) => (i + 1 < x.length ? x[i + 1] : NaN));
      expect(firedAt(breakout(close, lead(d.upper), lead(d.lower))).length).toBe(0);

      const s = breakout(close, d.upper, d.lower, { name: 'DONCHIAN(20)' });
      const want: number[] = [];
      for (let i = 20; i < bars.length; i++) {
        const [hh, ll] = extremes(high, low, i - 20, i - 1); // the channel of bar i-1: bars i-20 .. i-1
        const dir = close[i] > hh ? 1 : close[i] < ll ? -1 : 0;
        if (dir === 0) continue;
        want.push(i);
        expect(s.signal[i]).toBe(dir);
        const over = dir > 0 ? close[i] - hh : ll - close[i];
        expect(s.confidence[i]).toBeCloseTo(Math.min(1, over / (0.25 * (hh - ll))), 12);
        // A new channel extreme is made by this very bar: upper[i] = high[i] (lower[i] = low[i]).
        if (dir > 0) expect(d.upper[i]).toBe(high[i]);
        else expect(d.lower[i]).toBe(low[i]);
      }
      expect(want.length).toBeGreaterThan(50);
      expect(Array.from(firedAt(s))).toEqual(want);
    });
  }

  it('hand-checked: SPY 1993-03-08 closes 45.75 above the 20-bar high 45.1875 of the bars before it', () => {
    const spy = sample('SPY_1d.csv');
    const d = donchian(spy, { period: 20 });
    const s = breakout(spy.close, d.upper, d.lower, { name: 'DONCHIAN(20)' });
    expect(dates(spy, firedAt(s).slice(0, 3))).toEqual(['1993-03-08', '1993-04-02', '1993-04-22']);
    // Bar 25: previous channel (bars 5..24) upper 45.1875, lower 42.8125, width 2.375, unit 0.59375;
    // overshoot 45.75 - 45.1875 = 0.5625 -> 0.5625 / 0.59375 = 18/19.
    expect([spy.close[25], d.upper[24], d.lower[24]]).toEqual([45.75, 45.1875, 42.8125]);
    expect(s.signal[25]).toBe(1);
    expect(s.confidence[25]).toBeCloseTo(18 / 19, 14);
    expect(s.reason(25)).toBe("close 45.75 broke above the previous bar's DONCHIAN(20) upper 45.19 by 1.24 % (0.563)");
    // Against its own bar's channel it cannot fire: the upper of bar 25 is its own high, 45.75.
    expect(d.upper[25]).toBe(45.75);
  });

  it('no look-ahead: the signals on a prefix of the data equal the prefix of the signals', () => {
    const spy = sample('SPY_1d.csv');
    const full = (() => {
      const d = donchian(spy, { period: 20 });
      return breakout(spy.close, d.upper, d.lower);
    })();
    for (const n of [21, 26, 500, 3000]) {
      const cut = { high: spy.high.slice(0, n), low: spy.low.slice(0, n) };
      const d = donchian(cut, { period: 20 });
      const part = breakout(spy.close.slice(0, n), d.upper, d.lower);
      expect(Array.from(part.signal)).toEqual(Array.from(full.signal.subarray(0, n)));
      expect(Array.from(part.confidence)).toEqual(Array.from(full.confidence.subarray(0, n)));
    }
  });
});
