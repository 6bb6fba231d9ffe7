import { describe, expect, it } from 'vitest';
import { erfc, normCdf, normInv, normPdf } from '../../../shared/options/index.ts';

// Reference values of Φ(x), computed with mpmath at 40 digits (mpmath.ncdf), rounded to 17.
const PHI: [number, number][] = [
  [0, 0.5],
  [1, 0.84134474606854295],
  [-1, 0.15865525393145705],
  [1.96, 0.97500210485177956],
  [-1.96, 0.024997895148220436],
  [2, 0.97724986805182079],
  [-3, 0.0013498980316300945],
  [-5, 2.8665157187919391e-7],
  [-8, 6.2209605742717841e-16],
  [-10, 7.6198530241605261e-24],
  [-20, 2.7536241186062337e-89],
  [-37, 5.7255712225245768e-300],
];

describe('normal distribution', () => {
  it('Φ matches reference values to a few ulps near the centre and ~1e-13 relative at x = −37', () => {
    // In the far tail the rounding of x/√2 (relative 1e-16) becomes ~x²·1e-16 in exp(−x²/2).
    for (const [x, want] of PHI) expect(Math.abs(normCdf(x) / want - 1)).toBeLessThan(2e-16 * Math.max(20, x * x));
  });

  it('Φ(x) + Φ(-x) = 1 and Φ is monotone', () => {
    let prev = 0;
    for (let x = -9; x <= 9; x += 0.0137) {
      expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThan(2e-16);
      // strictly increasing until Φ rounds to the doubles just below 1
      if (x < 5) expect(normCdf(x)).toBeGreaterThan(prev);
      else expect(normCdf(x)).toBeGreaterThanOrEqual(prev);
      prev = normCdf(x);
    }
  });

  it('Φ is the integral of φ (Simpson on a fine grid)', () => {
    const h = 1e-3;
    let sum = 0;
    for (let i = 0; i < 2000; i++) {
      const a = -1 + i * h;
      sum += (h / 6) * (normPdf(a) + 4 * normPdf(a + h / 2) + normPdf(a + h));
    }
    expect(sum).toBeCloseTo(normCdf(1) - normCdf(-1), 13);
    expect(normPdf(0)).toBeCloseTo(0.3989422804014327, 16);
  });

  it('erfc at known points and its NaN and infinite inputs', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 15);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 15);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(Number.isNaN(normCdf(NaN))).toBe(true);
  });

  it('normInv inverts Φ to full precision, from 1e-300 to 1 - 1e-15', () => {
    for (const p of [1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.999, 1 - 1e-10, 1 - 1e-15]) {
      const x = normInv(p);
      const back = p < 0.5 ? normCdf(x) / p : (1 - normCdf(x)) / (1 - p);
      expect(Math.abs(back - 1)).toBeLessThan(p > 1 - 1e-12 ? 1e-3 : 1e-13);
    }
    expect(normInv(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normInv(0)).toBe(-Infinity);
    expect(normInv(1)).toBe(Infinity);
    expect(Number.isNaN(normInv(1.5))).toBe(true);
  });
});
