import { describe, expect, it } from 'vitest';
import { bsPrice, impliedVol, type OptionRight } from '../../../shared/options/index.ts';

describe('implied volatility', () => {
  it('recovers σ from prices across moneyness, expiries, rates and rights', () => {
    let worst = 0;
    let n = 0;
    for (const right of ['C', 'P'] as OptionRight[]) {
      for (const k of [40, 70, 90, 99, 100, 101, 110, 140, 250]) {
        for (const t of [1 / 365, 7 / 365, 0.1, 0.5, 2, 5]) {
          for (const v of [0.03, 0.1, 0.25, 0.6, 1.5, 4]) {
            const price = bsPrice(right, 100, k, t, 0.04, 0.015, v);
            // σ lives in the time value, i.e. in the out-of-the-money twin's price; below ~1e-10 of the
            // spot that no longer pins σ down in double precision (deep ITM = intrinsic + noise).
            if (Math.min(bsPrice('C', 100, k, t, 0.04, 0.015, v), bsPrice('P', 100, k, t, 0.04, 0.015, v)) < 1e-10) continue;
            const iv = impliedVol(right, price, 100, k, t, 0.04, 0.015);
            expect(Number.isNaN(iv), `${right} K=${k} T=${t} σ=${v} price=${price}`).toBe(false);
            // compare in price space (σ is ill-conditioned where vega vanishes)
            const back = bsPrice(right, 100, k, t, 0.04, 0.015, iv);
            worst = Math.max(worst, Math.abs(back - price) / Math.max(price, 1e-8));
            if (price > 1e-3) expect(iv).toBeCloseTo(v, 6);
            n++;
          }
        }
      }
    }
    expect(n).toBeGreaterThan(400);
    expect(worst).toBeLessThan(1e-8);
  });

  it('Hull Example 15.6 in reverse: the call at 4.7594 implies 20 %', () => {
    expect(impliedVol('C', 4.7594, 42, 40, 0.5, 0.1, 0)).toBeCloseTo(0.2, 4);
  });

  it('returns NaN outside the arbitrage bounds or for bad inputs', () => {
    const intrinsic = 100 * Math.exp(-0.01) - 80 * Math.exp(-0.05); // call, T=1, q=1 %, r=5 %
    expect(Number.isNaN(impliedVol('C', intrinsic - 0.01, 100, 80, 1, 0.05, 0.01))).toBe(true); // below the lower bound
    expect(Number.isNaN(impliedVol('C', 100, 100, 80, 1, 0.05, 0.01))).toBe(true); // at the spot: no σ
    expect(Number.isNaN(impliedVol('P', 90, 100, 80, 1, 0.05, 0.01))).toBe(true); // above the discounted strike
    expect(Number.isNaN(impliedVol('C', 0, 100, 120, 1, 0.05, 0))).toBe(true);
    expect(Number.isNaN(impliedVol('C', 5, 100, 100, 0, 0.05, 0))).toBe(true); // expired
    expect(Number.isNaN(impliedVol('C', 5, -1, 100, 1, 0.05, 0))).toBe(true);
    expect(Number.isNaN(impliedVol('C', NaN, 100, 100, 1, 0.05, 0))).toBe(true);
  });

  it('converges fast for typical quotes (bounded iterations)', () => {
    const price = bsPrice('P', 127.6, 120, 30 / 365, 0.001, 0.018, 0.24);
    expect(impliedVol('P', price, 127.6, 120, 30 / 365, 0.001, 0.018, { maxIterations: 12 })).toBeCloseTo(0.24, 8);
  });
});
