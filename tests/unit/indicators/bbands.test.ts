// BBANDS (indicator-conventions §3, §4): hand-checked bands, the 1e-14 variance guard, exact zero on
// flat windows after volatile ones at any price (no running-sum drift), the middle band == SMA, and
// where TA-Lib's own running sums miss the exact value.
import { beforeAll, describe, expect, it } from 'vitest';
import { bbands, BBANDS, ready, sma } from '../../../shared/indicators/index.ts';
import { talibOutputs } from '../../support/talib.ts';
import { sampleSeries, type TestSeries } from '../../support/indicator-data.ts';
import { firstMismatch } from '../../support/compare.ts';
import { bbandsRef } from '../../reference/bbands.ts';

beforeAll(async () => {
  await ready();
});

function closes(c: number[]): TestSeries {
  const n = c.length;
  const f = Float64Array.from(c);
  return { name: 'hand', open: f, high: f, low: f, close: f, volume: new Float64Array(n).fill(1), session: new Int32Array(n), length: n };
}

describe('BBANDS', () => {
  it('matches hand-computed bands (population sd) after period−1 NaN', () => {
    // period 3: [1,2,3] mean 2, var (1+0+1)/3 = 2/3 · [2,3,4] mean 3, same var ·
    //           [3,4,6] mean 13/3, deviations −4/3 −1/3 5/3 → var (16+1+25)/27 = 14/9
    const b = bbands(closes([1, 2, 3, 4, 6]), { period: 3, devUp: 2, devDown: 1 });
    expect(Number.isNaN(b.upper[1]) && Number.isNaN(b.middle[1]) && Number.isNaN(b.lower[1])).toBe(true);
    const sd1 = Math.sqrt(2 / 3);
    expect(b.middle[2]).toBe(2);
    expect(b.upper[2]).toBeCloseTo(2 + 2 * sd1, 13);
    expect(b.lower[2]).toBeCloseTo(2 - sd1, 13);
    expect(b.middle[3]).toBe(3);
    expect(b.upper[3]).toBeCloseTo(3 + 2 * sd1, 13);
    const sd2 = Math.sqrt(14) / 3;
    expect(b.middle[4]).toBeCloseTo(13 / 3, 13);
    expect(b.upper[4]).toBeCloseTo(13 / 3 + 2 * sd2, 13);
    expect(b.lower[4]).toBeCloseTo(13 / 3 - sd2, 13);
  });

  it('sd is 0 when the variance is below 1e-14, and not just above it', () => {
    // [5, 5+1e-8, 5]: var = (1e-8)²·2/9 ≈ 2.2e-17 < 1e-14 → sd 0, the bands collapse on the middle.
    const tiny = bbands(closes([5, 5 + 1e-8, 5]), { period: 3 });
    expect(tiny.upper[2]).toBe(tiny.middle[2]);
    expect(tiny.lower[2]).toBe(tiny.middle[2]);
    // [5, 5+1e-6, 5]: var = (1e-6)²·2/9 ≈ 2.2e-13 ≥ 1e-14 → sd ≈ 4.714e-7.
    const small = bbands(closes([5, 5 + 1e-6, 5]), { period: 3, devUp: 1, devDown: 1 });
    expect(small.upper[2] - small.middle[2]).toBeCloseTo(Math.sqrt(2 / 9) * 1e-6, 15);
  });

  it('gives exactly zero width on a flat window right after a volatile one, at any price', () => {
    for (const scale of [0.1, 50, 1e5]) {
      const c = [1, 2, 0.5, 1.7, 1, 1, 1, 1, 1, 1].map((x) => x * scale);
      const b = bbands(closes(c), { period: 3 });
      for (let i = 6; i < c.length; i++) {
        expect(b.upper[i]).toBe(b.middle[i]);
        expect(b.lower[i]).toBe(b.middle[i]);
        expect(b.middle[i]).toBeCloseTo(scale, 15); // the mean of three equal closes, to the last ulp
      }
      expect(b.upper[5]).toBeGreaterThan(b.middle[5]); // [1.7, 1, 1]·scale is not flat
    }
  });

  it('running sums never leave a residue: flat windows inside a re-anchor epoch have exactly zero width', () => {
    // 25 noisy bars (±15 %) then flat. The flat windows start mid-epoch (the kernel re-sums every
    // `period` bars), after (x − anchor)² terms of up to ~2e8 went through the running sums. Without the
    // kernel's early re-sum (when the variance is too small to trust the running sums) period 7 at
    // 98765.4321 leaves sd ≈ 6.5e-5 on two flat windows; the exact answer is 0.
    for (const level of [0.1234567, 3.3, 50, 98765.4321]) {
      for (const period of [7, 20]) {
        let seed = 7;
        const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
        const c = Array.from({ length: 100 }, (_, i) => (i < 25 ? level * (1 + 0.3 * (rnd() - 0.5)) : level));
        const b = bbands(closes(c), { period });
        for (let i = 24 + period; i < 100; i++) {
          if (b.upper[i] !== b.middle[i] || b.lower[i] !== b.middle[i]) throw new Error(`level ${level} period ${period} bar ${i}: width ${b.upper[i] - b.lower[i]}`);
        }
        expect(b.upper[23 + period]).toBeGreaterThan(b.middle[23 + period]);
      }
    }
  });

  it('flat start and flat middle: zero width, equal to the slow reference', () => {
    const c = [...Array(30).fill(42), ...Array.from({ length: 30 }, (_, i) => 42 + Math.sin(i)), ...Array(30).fill(40.5)];
    const b = bbands(closes(c), { period: 10 });
    expect(b.upper[9]).toBe(42);
    expect(b.upper[89]).toBe(40.5);
    expect(b.lower[89]).toBe(40.5);
    const r = bbandsRef(closes(c), { period: 10, devUp: 2, devDown: 2 });
    for (const o of ['upper', 'middle', 'lower'] as const) expect(firstMismatch(b[o], r[o])).toBeNull();
  });

  it('the middle band is bit-identical to SMA of the same period', () => {
    for (const s of sampleSeries()) {
      const b = bbands(s, { period: 20 });
      const m = sma(s, { period: 20 });
      for (let i = 0; i < s.length; i++) if (!Object.is(b.middle[i], m[i])) throw new Error(`${s.name} bar ${i}`);
    }
  });

  it('short periods equal the exact reference on every sample file, where TA-Lib drifts', () => {
    // AAPL_1d bars 1118 and 1119 close at 91.139 both: the exact sd of that 2-bar window is 0, so the
    // upper band is 91.139. TA-Lib's mean(x²) − mean² from running sums leaves ≈ 3.5e-11 → 91.1390059.
    const aapl = sampleSeries().find((s) => s.name === 'AAPL_1d.csv')!;
    expect(aapl.close[1118]).toBe(aapl.close[1119]);
    const p = { period: 2, devUp: 1, devDown: 1 };
    expect(bbands(aapl, p).upper[1119]).toBe(aapl.close[1119]);
    expect(talibOutputs('bbands', aapl, p)!.upper[1119]).not.toBe(aapl.close[1119]);
    for (const period of [2, 3, 4]) {
      for (const s of sampleSeries()) {
        const q = { period, devUp: 1.5, devDown: 2 };
        const got = bbands(s, q);
        const want = bbandsRef(s, q);
        for (const o of ['upper', 'middle', 'lower'] as const) {
          const m = firstMismatch(got[o], want[o]);
          if (m) throw new Error(`period ${period} ${s.name} ${o}: ${m.message}`);
        }
      }
    }
  });

  it('streams the default bands with the first value at bar 19', () => {
    const s = sampleSeries()[0];
    const batch = bbands(s);
    const st = new BBANDS();
    for (let i = 0; i < 100; i++) {
      const v = st.add(s.close[i]);
      expect(Object.is(v.upper, batch.upper[i]) && Object.is(v.middle, batch.middle[i]) && Object.is(v.lower, batch.lower[i])).toBe(true);
      expect(st.isStable).toBe(i >= 19);
    }
    expect(st.lookback).toBe(19);
    st.dispose();
  });

  it('names a bad parameter', () => {
    const s = closes([1, 2, 3]);
    expect(() => bbands(s, { period: 1 })).toThrow("BBANDS: parameter 'period' must be an integer in [2, 100000], got 1");
    expect(() => bbands(s, { devDown: -1 })).toThrow("BBANDS: parameter 'devDown' must be a number in [0, 1000], got -1");
  });
});
