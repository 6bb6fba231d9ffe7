// VWAP (conventions §5): hand-checked values, NaN only while the cumulative volume is 0, zero-volume
// bars later keep the value, the compensated sums against a double-double reference, streaming.
import { beforeAll, describe, expect, it } from 'vitest';
import { VWAP, VWAP_SPEC, ready, vwap } from '../../../shared/indicators/index.ts';
import { degenerateSeries, randomWalk1M, sampleSeries, zeroVolumeStartSeries } from '../../support/indicator-data.ts';
import { leadingNaN } from '../../support/compare.ts';
import { vwapRef } from '../../reference/vwap.ts';

beforeAll(async () => {
  await ready();
});

const f = (a: number[]) => Float64Array.from(a);

describe('VWAP', () => {
  it('is Σ(TP·V)/ΣV from bar 0 with TP = (H+L+C)/3', () => {
    // bar 0: TP (12+9+9)/3 = 10, V 100 → 1000/100 = 10
    // bar 1: TP (22+19+19)/3 = 20, V 300 → (1000+6000)/400 = 17.5
    // bar 2: V 0 → unchanged 17.5;  bar 3: TP 3.5·… see below
    // bar 3: H 5 L 2 C 2 → TP 3, V 100 → (7000+300)/500 = 14.6
    const out = vwap({ high: f([12, 22, 30, 5]), low: f([9, 19, 30, 2]), close: f([9, 19, 30, 2]), volume: f([100, 300, 0, 100]) });
    expect(Array.from(out)).toEqual([10, 17.5, 17.5, 14.6]);
    expect(VWAP_SPEC.lookback({})).toBe(0);
  });

  it('is NaN only while the cumulative volume is 0', () => {
    // bars 0-1 without volume: NaN; bar 2 TP 30 V 5 → 30; bar 3 V 0 → stays 30 (not NaN)
    const x = f([10, 20, 30, 40]);
    const out = vwap({ high: x, low: x, close: x, volume: f([0, 0, 5, 0]) });
    expect(Array.from(out)).toEqual([NaN, NaN, 30, 30]);
    const z = vwap(zeroVolumeStartSeries());
    expect(leadingNaN(z)).toBe(25);
    expect(z.subarray(25).every((v) => !Number.isNaN(v))).toBe(true);
  });

  it('equals the double-double reference to 1 ulp on real data, the degenerate series and the 1M walk', () => {
    for (const s of [...sampleSeries(), degenerateSeries(), randomWalk1M()]) {
      const got = vwap(s);
      const want = vwapRef(s).value;
      for (let i = 0; i < s.length; i++) {
        const ok = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Math.abs(got[i] - want[i]) <= 2.3e-16 * Math.abs(want[i]);
        if (!ok) throw new Error(`${s.name} bar ${i}: ${got[i]} vs ${want[i]}`);
      }
    }
  });

  it('streams: NaN until volume arrives, replace recomputes the forming bar', () => {
    const s = new VWAP();
    expect(Number.isNaN(s.add({ high: 10, low: 10, close: 10, volume: 0 }))).toBe(true);
    expect(s.isStable).toBe(false);
    expect(s.add({ high: 20, low: 20, close: 20, volume: 1 })).toBe(20);
    expect(s.replace({ high: 40, low: 40, close: 40, volume: 3 })).toBe(40);
    expect(s.add({ high: 10, low: 10, close: 10, volume: 1 })).toBe(32.5); // (120 + 10)/4
    expect(s.isStable).toBe(true);
    s.dispose();
  });

  it('needs high, low, close and volume', () => {
    expect(() => vwap({ high: f([1]), low: f([1]), close: f([1]) })).toThrow("VWAP: parameter 'bars' needs a 'volume' column");
  });
});
