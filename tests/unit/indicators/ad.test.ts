// AD (conventions §3): hand-checked values, H == L adds 0, zero volume, the compensated sum against
// a double-double reference (correctly rounded on the samples and the 1M walk), TA-Lib on the
// adversarial series, streaming replace.
import { beforeAll, describe, expect, it } from 'vitest';
import { AD, AD_SPEC, ad, ready } from '../../../shared/indicators/index.ts';
import { degenerateSeries, randomWalk1M, sampleSeries, zeroVolumeStartSeries } from '../../support/indicator-data.ts';
import { firstMismatch } from '../../support/compare.ts';
import { talibOutputs } from '../../support/talib.ts';
import { adRef } from '../../reference/ad.ts';

beforeAll(async () => {
  await ready();
});

const f = (a: number[]) => Float64Array.from(a);

describe('AD', () => {
  it('accumulates ((C−L)−(H−C))/(H−L)·V from AD[−1] = 0', () => {
    // bar 0: H 12 L 8 C 11 V 100 → ((3)−(1))/4 = 0.5 → +50        AD  50
    // bar 1: H 10 L 10 C 10 V 1000 → H == L → +0                 AD  50
    // bar 2: H 20 L 10 C 10 V 200 → ((0)−(10))/10 = −1 → −200    AD −150
    // bar 3: H 20 L 10 C 15 V 300 → ((5)−(5))/10 = 0 → +0         AD −150
    // bar 4: H 20 L 10 C 20 V 0   → +1 · 0                        AD −150
    const out = ad({ high: f([12, 10, 20, 20, 20]), low: f([8, 10, 10, 10, 10]), close: f([11, 10, 10, 15, 20]), volume: f([100, 1000, 200, 300, 0]) });
    expect(Array.from(out)).toEqual([50, 50, -150, -150, -150]);
    expect(AD_SPEC.lookback({})).toBe(0);
  });

  it('an inverted bar (H < L, bad data) adds 0 like TA-Lib, which tests H − L > 0', () => {
    const high = f([12, 8, 12]);
    const low = f([8, 12, 8]);
    const close = f([11, 10, 12]);
    const volume = f([100, 100, 100]);
    // bar 0: +50;  bar 1: H < L → +0;  bar 2: ((4)−(0))/4·100 = +100
    expect(Array.from(ad({ high, low, close, volume }))).toEqual([50, 50, 150]);
    const s = { name: 'inverted', open: close, high, low, close, volume, session: new Int32Array(3), length: 3 };
    expect(Array.from(talibOutputs('ad', s, {})!.value)).toEqual([50, 50, 150]);
  });

  it('a flat series (H == L everywhere) stays exactly 0, never NaN', () => {
    const x = f(Array(50).fill(7));
    const out = ad({ high: x, low: x, close: x, volume: f(Array(50).fill(1e6)) });
    expect(out.every((v) => Object.is(v, 0))).toBe(true);
  });

  it('is the correctly rounded cumulative sum (within 1 ulp of a double-double reference) on real data and the 1M walk', () => {
    for (const s of [...sampleSeries(), degenerateSeries(), randomWalk1M()]) {
      const got = ad(s);
      const want = adRef(s).value;
      for (let i = 0; i < s.length; i++) {
        if (!(Math.abs(got[i] - want[i]) <= 2.3e-16 * Math.abs(want[i]))) {
          throw new Error(`${s.name} bar ${i}: ${got[i]} vs ${want[i]}`);
        }
      }
    }
  });

  it('equals TA-Lib on the degenerate and zero-volume-start series', () => {
    for (const s of [degenerateSeries(), zeroVolumeStartSeries()]) {
      const m = firstMismatch(ad(s), talibOutputs('ad', s, {})!.value);
      expect(m?.message ?? null, s.name).toBeNull();
    }
  });

  it('streams: replace recomputes the forming bar', () => {
    const s = new AD();
    expect(s.add({ high: 12, low: 8, close: 11, volume: 100 })).toBe(50);
    expect(s.add({ high: 20, low: 10, close: 20, volume: 10 })).toBe(60);
    expect(s.replace({ high: 20, low: 10, close: 10, volume: 10 })).toBe(40);
    expect(s.add({ high: 5, low: 5, close: 5, volume: 10 })).toBe(40);
    s.dispose();
  });

  it('needs high, low, close and volume', () => {
    expect(() => ad({ high: f([1]), low: f([1]), close: f([1]) })).toThrow("AD: parameter 'bars' needs a 'volume' column");
    expect(() => ad({ close: f([1]), volume: f([1]) })).toThrow("AD: parameter 'bars' needs a 'high' column");
  });
});
