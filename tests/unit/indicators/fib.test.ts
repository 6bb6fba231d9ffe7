// FIB (indicator-conventions §5): hand-checked rolling levels, custom ratios and output names, the
// duplicate-name and range checks, streaming.
import { beforeAll, describe, expect, it } from 'vitest';
import { fib, FIB, INDICATOR_CATALOG, ready } from '../../../shared/indicators/index.ts';
import { fibLevelName } from '../../../shared/indicators/fib.ts';
import { sampleSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

const bars = (high: number[], low: number[]) => ({ high: Float64Array.from(high), low: Float64Array.from(low) });

// bar:    0   1   2   3   4   5
const H = [10, 11, 12, 11, 10, 13];
const L = [8, 9, 10, 9, 7, 9];

describe('FIB', () => {
  it('matches hand-computed levels: level(r) = HH − r·(HH − LL) over the last period bars', () => {
    const f = fib(bars(H, L), { period: 3 });
    expect(Object.keys(f)).toEqual(['high', 'low', 'r236', 'r382', 'r500', 'r618', 'r786']);
    // i=4: HH 12, LL 7, range 5 → 12 − 1.18 = 10.82, 12 − 1.91 = 10.09, 9.5, 12 − 3.09 = 8.91, 12 − 3.93 = 8.07
    expect(f.high[4]).toBe(12);
    expect(f.low[4]).toBe(7);
    expect(f.r236[4]).toBeCloseTo(10.82, 12);
    expect(f.r382[4]).toBeCloseTo(10.09, 12);
    expect(f.r500[4]).toBe(9.5);
    expect(f.r618[4]).toBeCloseTo(8.91, 12);
    expect(f.r786[4]).toBeCloseTo(8.07, 12);
    // i=5: HH 13 (the current bar), LL 7, range 6 → r500 = 10
    expect(f.r500[5]).toBe(10);
    for (const name of Object.keys(f)) expect(Number.isNaN(f[name][1]) && !Number.isNaN(f[name][2])).toBe(true);
  });

  it('custom ratios keep their order and names; extensions up to 1.618 go below the low', () => {
    const f = fib(bars(H, L), { period: 3, ratios: [1.618, 0, 1, 0.05] });
    expect(Object.keys(f)).toEqual(['high', 'low', 'r1618', 'r000', 'r1000', 'r050']);
    // i=2: HH 12, LL 8, range 4 → r1618 = 12 − 6.472 = 5.528, r000 = 12, r1000 = 8, r050 = 11.8
    expect(f.r1618[2]).toBeCloseTo(5.528, 12);
    expect(f.r000[2]).toBe(12);
    expect(f.r1000[2]).toBe(8);
    expect(f.r050[2]).toBeCloseTo(11.8, 12);
  });

  it('a flat window puts every level on the price', () => {
    const f = fib(bars([5, 5, 5, 5], [5, 5, 5, 5]), { period: 2 });
    for (const name of ['high', 'low', 'r236', 'r500', 'r786']) expect(f[name][3]).toBe(5);
  });

  it('output names: r + round(1000·ratio), 3 digits at least', () => {
    expect([0.236, 0.5, 0, 0.05, 1, 1.618].map(fibLevelName)).toEqual(['r236', 'r500', 'r000', 'r050', 'r1000', 'r1618']);
    expect(INDICATOR_CATALOG.find((i) => i.id === 'fib')!.outputs).toEqual(['high', 'low', 'r236', 'r382', 'r500', 'r618', 'r786']);
  });

  it('rejects duplicate names, ratios outside [0, 1.618] and more than 10 ratios, naming `ratios`', () => {
    const b = bars(H, L);
    expect(() => fib(b, { ratios: [0.5, 0.5004] })).toThrow("FIB: parameter 'ratios' must give distinct output names");
    expect(() => fib(b, { ratios: [1.7] })).toThrow("FIB: parameter 'ratios' must be a list of 1 to 10 numbers in [0, 1.618]");
    expect(() => fib(b, { ratios: [] })).toThrow("parameter 'ratios'");
    expect(() => fib(b, { ratios: Array.from({ length: 11 }, (_, i) => i / 20) })).toThrow("parameter 'ratios'");
    expect(() => new FIB({ ratios: [0.3, 0.3] })).toThrow("parameter 'ratios'");
  });

  it('streams with custom ratios (10 outputs) bit for bit; default first value at 49', () => {
    const s = sampleSeries().find((x) => x.name === 'SPY_1m.csv')!;
    const ratios = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.618];
    const batch = fib(s, { period: 30, ratios });
    const st = new FIB({ period: 30, ratios });
    for (let i = 0; i < 300; i++) {
      const v = st.add({ high: s.high[i], low: s.low[i] });
      for (const name of Object.keys(batch)) if (!Object.is(v[name], batch[name][i])) throw new Error(`bar ${i} ${name}`);
    }
    st.dispose();
    const d = fib(s);
    expect(Number.isNaN(d.high[48])).toBe(true);
    expect(d.high[49]).toBe(Math.max(...s.high.subarray(0, 50)));
    expect(new FIB().lookback).toBe(49);
  });
});
