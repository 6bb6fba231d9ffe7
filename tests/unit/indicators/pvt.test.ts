// PVT (conventions §5): hand-checked values, PVT[0] = 0, the previous-close-0 guard, zero volume,
// the compensated sum against a double-double reference, streaming replace.
import { beforeAll, describe, expect, it } from 'vitest';
import { PVT, PVT_SPEC, pvt, ready } from '../../../shared/indicators/index.ts';
import { degenerateSeries, randomWalk1M, sampleSeries } from '../../support/indicator-data.ts';
import { pvtRef } from '../../reference/pvt.ts';

beforeAll(async () => {
  await ready();
});

const f = (a: number[]) => Float64Array.from(a);

describe('PVT', () => {
  it('is 0 at bar 0, then adds V·(C − C₋₁)/C₋₁', () => {
    // bar 1: 50·(12−10)/10 = 10 → 10;  bar 2: equal close → 10
    // bar 3: 80·(9−12)/12 = −20 → −10;  bar 4: 30·(18−9)/9 = 30 → 20
    const out = pvt({ close: f([10, 12, 12, 9, 18]), volume: f([7, 50, 60, 80, 30]) });
    expect(Array.from(out)).toEqual([0, 10, 10, -10, 20]);
    expect(PVT_SPEC.lookback({})).toBe(0);
  });

  it('a previous close of 0 adds 0 (no infinity); zero volume adds 0', () => {
    // bar 1: previous close 0 → +0;  bar 2: 1·(10−5)/5 = 1;  bar 3: 0·… = 0
    expect(Array.from(pvt({ close: f([0, 5, 10, 20]), volume: f([1, 1, 1, 0]) }))).toEqual([0, 0, 1, 1]);
  });

  it('is the correctly rounded cumulative sum (within 1 ulp of a double-double reference) on real data and the 1M walk', () => {
    for (const s of [...sampleSeries(), degenerateSeries(), randomWalk1M()]) {
      const got = pvt(s);
      const want = pvtRef(s).value;
      for (let i = 0; i < s.length; i++) {
        if (!(Math.abs(got[i] - want[i]) <= 2.3e-16 * Math.abs(want[i]))) {
          throw new Error(`${s.name} bar ${i}: ${got[i]} vs ${want[i]}`);
        }
      }
    }
  });

  it('streams: the first bar is 0 whatever its volume; replace recomputes the forming bar', () => {
    const s = new PVT();
    expect(s.add({ close: 10, volume: 1e9 })).toBe(0);
    expect(s.add({ close: 12, volume: 50 })).toBe(10);
    expect(s.replace({ close: 8, volume: 50 })).toBe(-10);
    expect(s.add({ close: 12, volume: 40 })).toBe(10); // 40·(12−8)/8 = 20
    s.dispose();
  });

  it('needs close and volume', () => {
    expect(() => pvt({ close: f([1, 2]) })).toThrow("PVT: parameter 'bars' needs a 'volume' column");
  });
});
