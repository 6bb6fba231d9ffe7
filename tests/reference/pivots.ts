import type { TestSeries } from '../support/indicator-data.ts';

/** Classic floor pivots from H, L, C (conventions §5). */
export function floorPivots(h: number, l: number, c: number): Record<string, number> {
  const p = (h + l + c) / 3;
  return { p, r1: 2 * p - l, r2: p + (h - l), r3: h + 2 * (p - l), s1: 2 * p - h, s2: p - (h - l), s3: l - 2 * (h - p) };
}

const NAMES = ['p', 'r1', 'r2', 'r3', 's1', 's2', 's3'];

/** PIVOTS: at bar i the floor pivots of bar i−1's H, L, C; bar 0 NaN. */
export function pivotsRef(s: TestSeries): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const name of NAMES) out[name] = new Float64Array(s.length).fill(Number.NaN);
  for (let i = 1; i < s.length; i++) {
    const lv = floorPivots(s.high[i - 1], s.low[i - 1], s.close[i - 1]);
    for (const name of NAMES) out[name][i] = lv[name];
  }
  return out;
}

export const REFERENCE = { id: 'pivots', compute: pivotsRef };
