// MACD (indicator-conventions §3): hand-checked values (fast EMA seeded at slow−1 on the fast
// closes ending there), all three outputs NaN before slow+signal−2, the fast < slow rule.
import { beforeAll, describe, expect, it } from 'vitest';
import { macd, MACD, ready } from '../../../shared/indicators/index.ts';
import { ParameterError } from '../../../shared/errors.ts';
import { talibOutputs } from '../../support/talib.ts';
import { firstMismatch } from '../../support/compare.ts';
import { sampleSeries, type TestSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

function closes(c: number[]): TestSeries {
  const n = c.length;
  const f = Float64Array.from(c);
  return { name: 'hand', open: f, high: f, low: f, close: f, volume: new Float64Array(n).fill(1), session: new Int32Array(n), length: n };
}

describe('MACD', () => {
  it('matches hand-computed values (fast 2, slow 3, signal 2)', () => {
    // close 1 2 4 3 5; kFast = 2/3, kSlow = 1/2, kSignal = 2/3
    // [2] slow seed (1+2+4)/3 = 7/3, fast seed mean(2, 4) = 3 (NOT mean(1, 2) at bar 1) → line 2/3
    // [3] slow 7/3 + (3 − 7/3)/2 = 8/3, fast 3 + 0 = 3 → line 1/3;
    //     signal seed mean(2/3, 1/3) = 1/2 → hist −1/6 (first published bar: slow+signal−2 = 3)
    // [4] slow 8/3 + (5 − 8/3)/2 = 23/6, fast 3 + 2·2/3 = 13/3 → line 1/2; signal 1/2 + 0 → hist 0
    const s = closes([1, 2, 4, 3, 5]);
    const m = macd(s, { fast: 2, slow: 3, signal: 2 });
    for (const o of [m.macd, m.signal, m.hist]) for (let i = 0; i < 3; i++) expect(Number.isNaN(o[i])).toBe(true);
    expect(m.macd[3]).toBeCloseTo(1 / 3, 14);
    expect(m.signal[3]).toBeCloseTo(1 / 2, 14);
    expect(m.hist[3]).toBeCloseTo(-1 / 6, 14);
    expect(m.macd[4]).toBeCloseTo(1 / 2, 14);
    expect(m.signal[4]).toBeCloseTo(1 / 2, 14);
    expect(m.hist[4]).toBeCloseTo(0, 14);
    const t = talibOutputs('macd', s, { fast: 2, slow: 3, signal: 2 })!;
    for (const o of ['macd', 'signal', 'hist'] as const) expect(firstMismatch(m[o], t[o])).toBeNull();
  });

  it('publishes nothing before slow+signal−2 (33 by default), although the line exists from slow−1', () => {
    const s = sampleSeries()[0];
    const m = macd(s);
    for (const o of [m.macd, m.signal, m.hist]) {
      expect(Number.isNaN(o[32])).toBe(true);
      expect(Number.isNaN(o[33])).toBe(false);
    }
    for (let i = 33; i < s.length; i++) expect(m.hist[i]).toBe(m.macd[i] - m.signal[i]);
    expect(new MACD().lookback).toBe(33);
  });

  it('rejects fast >= slow, naming fast', () => {
    const s = closes([1, 2, 3]);
    expect(() => macd(s, { fast: 26, slow: 12 })).toThrow(ParameterError);
    expect(() => macd(s, { fast: 26, slow: 12 })).toThrow("MACD: parameter 'fast' must be less than slow (12), got 26");
    expect(() => new MACD({ fast: 9, slow: 9 })).toThrow("MACD: parameter 'fast' must be less than slow (9), got 9");
    expect(() => macd(s, { signal: 1 })).toThrow("MACD: parameter 'signal' must be an integer in [2, 100000]");
  });

  it('streams bar by bar to the batch values as { macd, signal, hist }', () => {
    const c = [5, 4, 6, 8, 7, 9, 12, 11, 10, 13, 15, 14, 13, 12];
    const batch = macd(closes(c), { fast: 3, slow: 5, signal: 3 });
    const s = new MACD({ fast: 3, slow: 5, signal: 3 });
    c.forEach((x, i) => {
      s.add(x + 1);
      const v = s.replace(x);
      expect([v.macd, v.signal, v.hist]).toEqual([batch.macd[i], batch.signal[i], batch.hist[i]]);
      expect(s.isStable).toBe(i >= 6);
    });
    s.dispose();
  });
});
