// PIVOTS (conventions §5): hand-checked classic floor pivots from the previous bar, bar 0 NaN,
// streaming with replace.
import { beforeAll, describe, expect, it } from 'vitest';
import { PIVOTS, PIVOTS_SPEC, pivots, ready } from '../../../shared/indicators/index.ts';

beforeAll(async () => {
  await ready();
});

const f = (a: number[]) => Float64Array.from(a);

describe('PIVOTS', () => {
  it('uses the previous bar: P = (H+L+C)/3, R1 = 2P−L, S1 = 2P−H, R2/S2 = P ± (H−L), R3 = H+2(P−L), S3 = L−2(H−P)', () => {
    // bar 0: H 110 L 90 C 100 → at bar 1: P 100, R1 110, S1 90, R2 120, S2 80, R3 110+2·10 = 130, S3 90−2·10 = 70
    // bar 1: H 12 L 9 C 9     → at bar 2: P 10,  R1 11,  S1 8,  R2 13,  S2 7,  R3 12+2·1 = 14,   S3 9−2·2 = 5
    const out = pivots({ high: f([110, 12, 1]), low: f([90, 9, 1]), close: f([100, 9, 1]) });
    expect(Object.keys(out)).toEqual(['p', 'r1', 'r2', 'r3', 's1', 's2', 's3']);
    const at = (i: number) => Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v[i]]));
    expect(Object.values(at(0)).every(Number.isNaN)).toBe(true);
    expect(at(1)).toEqual({ p: 100, r1: 110, r2: 120, r3: 130, s1: 90, s2: 80, s3: 70 });
    expect(at(2)).toEqual({ p: 10, r1: 11, r2: 13, r3: 14, s1: 8, s2: 7, s3: 5 });
    expect(PIVOTS_SPEC.lookback({})).toBe(1);
  });

  it('a flat previous bar puts every level on its price', () => {
    const out = pivots({ high: f([50, 60]), low: f([50, 40]), close: f([50, 55]) });
    for (const col of Object.values(out)) expect(col[1]).toBe(50);
  });

  it('streams: value is the level object; replace of the forming bar does not change its own levels', () => {
    const s = new PIVOTS();
    expect(Number.isNaN(s.add({ high: 110, low: 90, close: 100 }).p)).toBe(true);
    expect(s.isStable).toBe(false);
    expect(s.add({ high: 12, low: 9, close: 9 })).toEqual({ p: 100, r1: 110, r2: 120, r3: 130, s1: 90, s2: 80, s3: 70 });
    expect(s.replace({ high: 1000, low: 1, close: 3 }).p).toBe(100); // levels come from the bar before
    expect(s.add({ high: 1, low: 1, close: 1 }).p).toBe((1000 + 1 + 3) / 3);
    expect(s.isStable).toBe(true);
    s.dispose();
  });

  it('needs high, low and close', () => {
    expect(() => pivots({ close: f([1]) })).toThrow("PIVOTS: parameter 'bars' needs a 'high' column");
  });
});
