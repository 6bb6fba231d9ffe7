// OBV (conventions §3): hand-checked values, OBV[0] = volume[0], equal closes, zero volume, the
// compensated sum, streaming replace, and TA-Lib on the adversarial series.
import { beforeAll, describe, expect, it } from 'vitest';
import { OBV, OBV_SPEC, obv, ready } from '../../../shared/indicators/index.ts';
import { degenerateSeries, zeroVolumeStartSeries } from '../../support/indicator-data.ts';
import { firstMismatch } from '../../support/compare.ts';
import { talibOutputs } from '../../support/talib.ts';

beforeAll(async () => {
  await ready();
});

const f = (a: number[]) => Float64Array.from(a);

describe('OBV', () => {
  it('starts at volume[0] and adds/subtracts volume on up/down closes, unchanged on equal closes', () => {
    // close 10 → 11 up (+200) → 11 equal (+0) → 10 down (−400) → 12 up (+500)
    // OBV:  100,  300,        300,            −100,           400
    const out = obv({ close: f([10, 11, 11, 10, 12]), volume: f([100, 200, 300, 400, 500]) });
    expect(Array.from(out)).toEqual([100, 300, 300, -100, 400]);
  });

  it('OBV[0] is volume[0] (not 0), also when the series is one bar long; zero volume changes nothing', () => {
    expect(Array.from(obv({ close: f([5]), volume: f([42]) }))).toEqual([42]);
    // up on zero volume: +0; down on 7: −7
    expect(Array.from(obv({ close: f([5, 6, 4]), volume: f([0, 0, 7]) }))).toEqual([0, 0, -7]);
    expect(OBV_SPEC.lookback({})).toBe(0);
  });

  it('keeps every unit of volume where a plain running sum would round it away (compensated sum)', () => {
    // 1e16 + 1 rounds to 1e16 in a double; the compensated total reaches 1e16 + 2 after two +1 bars.
    const out = obv({ close: f([1, 2, 3]), volume: f([1e16, 1, 1]) });
    expect(out[2]).toBe(1e16 + 2);
    let plain = 1e16;
    plain += 1;
    plain += 1;
    expect(plain).toBe(1e16); // what TA-Lib's plain sum gives
  });

  it('streams: add and replace of the forming bar give the batch values', () => {
    const s = new OBV();
    expect(Number.isNaN(s.value)).toBe(true);
    expect(s.add({ close: 10, volume: 100 })).toBe(100);
    expect(s.add({ close: 12, volume: 50 })).toBe(150);
    expect(s.replace({ close: 9, volume: 60 })).toBe(40); // the forming bar turned down
    expect(s.add({ close: 9, volume: 999 })).toBe(40); // equal close
    expect(s.isStable).toBe(true);
    expect(s.lookback).toBe(0);
    s.dispose();
  });

  it('needs close and volume', () => {
    expect(() => obv({ close: f([1, 2]) })).toThrow("OBV: parameter 'bars' needs a 'volume' column");
    expect(() => new OBV().add(10)).toThrow("OBV: parameter 'bar' needs 'volume'");
  });

  it('equals TA-Lib on the degenerate and zero-volume-start series', () => {
    for (const s of [degenerateSeries(), zeroVolumeStartSeries()]) {
      const m = firstMismatch(obv(s), talibOutputs('obv', s, {})!.value);
      expect(m?.message ?? null, s.name).toBeNull();
    }
  });
});
