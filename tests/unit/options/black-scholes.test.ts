import { describe, expect, it } from 'vitest';
import { bsGreeks, bsPrice, newGreeks, type OptionRight } from '../../../shared/options/index.ts';

describe('Black–Scholes–Merton prices against textbook values', () => {
  it('Hull, Options, Futures and Other Derivatives, Example 15.6: S=42, K=40, r=10 %, σ=20 %, T=0.5 → c = 4.76, p = 0.81', () => {
    expect(bsPrice('C', 42, 40, 0.5, 0.1, 0, 0.2)).toBeCloseTo(4.7594, 4);
    expect(bsPrice('P', 42, 40, 0.5, 0.1, 0, 0.2)).toBeCloseTo(0.8086, 4);
  });

  it('Haug, The Complete Guide to Option Pricing Formulas, generalised BSM: S=100, K=95, T=0.5, r=10 %, q=5 %, σ=20 % → put 2.4648', () => {
    expect(bsPrice('P', 100, 95, 0.5, 0.1, 0.05, 0.2)).toBeCloseTo(2.4648, 4);
  });

  it('Hull’s Greek letters example (S=49, K=50, r=5 %, σ=20 %, T=20 weeks): delta 0.522, gamma 0.066, vega 12.1, theta −4.31/yr, rho 8.91', () => {
    const g = bsGreeks('C', 49, 50, 20 / 52, 0.05, 0, 0.2);
    expect(g.price).toBeCloseTo(2.4005, 4);
    expect(g.delta).toBeCloseTo(0.5216, 4);
    expect(g.gamma).toBeCloseTo(0.0655, 4);
    expect(g.vega * 100).toBeCloseTo(12.105, 3); // per 1.00 of σ; reported per vol point
    expect(g.theta * 365).toBeCloseTo(-4.3053, 3); // reported per calendar day
    expect(g.rho * 100).toBeCloseTo(8.9069, 3); // reported per 1 % of rate
  });
});

/** Deterministic pseudo-random inputs. */
function* cases(n: number): Generator<[OptionRight, number, number, number, number, number, number]> {
  let s = 12345;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < n; i++) {
    const spot = 5 + r() * 500;
    yield [r() < 0.5 ? 'C' : 'P', spot, spot * (0.5 + r()), 0.01 + r() * 3, r() * 0.08, r() * 0.05, 0.05 + r() * 1.2];
  }
}

describe('identities', () => {
  it('put–call parity: C − P = S·e^(−qT) − K·e^(−rT)', () => {
    for (const [, s, k, t, r, q, v] of cases(500)) {
      const lhs = bsPrice('C', s, k, t, r, q, v) - bsPrice('P', s, k, t, r, q, v);
      expect(lhs).toBeCloseTo(s * Math.exp(-q * t) - k * Math.exp(-r * t), 9);
    }
  });

  it('bsGreeks’ price equals bsPrice and writes into the given object', () => {
    const out = newGreeks();
    for (const c of cases(100)) {
      expect(bsGreeks(...c, out)).toBe(out);
      expect(out.price).toBeCloseTo(bsPrice(...c), 12);
    }
  });

  it('prices respect the arbitrage bounds', () => {
    for (const [right, s, k, t, r, q, v] of cases(500)) {
      const p = bsPrice(right, s, k, t, r, q, v);
      const fwdIntrinsic = right === 'C' ? s * Math.exp(-q * t) - k * Math.exp(-r * t) : k * Math.exp(-r * t) - s * Math.exp(-q * t);
      expect(p).toBeGreaterThanOrEqual(Math.max(0, fwdIntrinsic) - 1e-9);
      expect(p).toBeLessThanOrEqual((right === 'C' ? s * Math.exp(-q * t) : k * Math.exp(-r * t)) + 1e-9);
    }
  });
});

describe('greeks against finite differences', () => {
  it('delta, gamma, vega, theta and rho match central differences of the price', () => {
    for (const [right, s, k, t, r, q, v] of cases(300)) {
      const g = bsGreeks(right, s, k, t, r, q, v);
      const p = (S = s, T = t, R = r, V = v) => bsPrice(right, S, k, T, R, q, V);
      const hs = s * 1e-4;
      const delta = (p(s + hs) - p(s - hs)) / (2 * hs);
      const gamma = (p(s + hs) - 2 * p(s) + p(s - hs)) / (hs * hs);
      const vega = (p(s, t, r, v + 1e-5) - p(s, t, r, v - 1e-5)) / 2e-5 / 100;
      const dt = Math.min(1e-5, t / 10);
      const theta = -(p(s, t + dt) - p(s, t - dt)) / (2 * dt) / 365;
      const rho = (p(s, t, r + 1e-6) - p(s, t, r - 1e-6)) / 2e-6 / 100;
      const scale = Math.max(1, s / 100);
      expect(g.delta).toBeCloseTo(delta, 6);
      expect(Math.abs(g.gamma - gamma)).toBeLessThan(1e-4 * Math.max(1, g.gamma) * scale);
      expect(Math.abs(g.vega - vega)).toBeLessThan(1e-6 * scale);
      expect(Math.abs(g.theta - theta)).toBeLessThan(1e-6 * scale);
      expect(Math.abs(g.rho - rho)).toBeLessThan(1e-6 * scale);
    }
  });
});

describe('edge cases', () => {
  it('at expiry: intrinsic value, delta 0/±1 (½ at the money), no time greeks', () => {
    expect(bsPrice('C', 105, 100, 0, 0.05, 0, 0.2)).toBe(5);
    expect(bsPrice('P', 105, 100, 0, 0.05, 0, 0.2)).toBe(0);
    const g = bsGreeks('P', 95, 100, 0, 0.05, 0, 0.2);
    expect(g).toEqual({ price: 5, delta: -1, gamma: 0, vega: 0, theta: 0, rho: 0 });
    expect(bsGreeks('C', 100, 100, 0, 0.05, 0, 0.2).delta).toBe(0.5);
  });

  it('zero volatility: the discounted forward intrinsic value', () => {
    expect(bsPrice('C', 100, 90, 1, 0.05, 0.02, 0)).toBeCloseTo(100 * Math.exp(-0.02) - 90 * Math.exp(-0.05), 12);
    const g = bsGreeks('C', 100, 90, 1, 0.05, 0.02, 0);
    expect(g.delta).toBeCloseTo(Math.exp(-0.02), 12);
    expect(g.gamma).toBe(0);
    expect(bsPrice('P', 100, 90, 1, 0.05, 0.02, 0)).toBe(0);
  });

  it('deep in and far out of the money stay finite and bounded', () => {
    const far = bsGreeks('C', 100, 1000, 0.1, 0.05, 0, 0.2);
    expect(far.price).toBeGreaterThanOrEqual(0);
    expect(far.price).toBeLessThan(1e-20);
    const deep = bsGreeks('P', 100, 1000, 0.1, 0.05, 0, 0.2);
    expect(deep.delta).toBeCloseTo(-1, 12);
    expect(Number.isFinite(deep.theta)).toBe(true);
  });
});
