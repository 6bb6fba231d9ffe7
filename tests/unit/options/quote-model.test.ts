// The shared option quote model (shared/options/quote-model.ts) and volatility model
// (shared/options/volatility.ts), checked by hand.
import { describe, expect, it } from 'vitest';
import { CENT_TICKS, OPTION_TICKS, SPX_OPTION_TICKS, optionTickLadder } from '../../../shared/broker/ibkr-rules.ts';
import {
  DEFAULT_VOL,
  KNOWN_UNDERLYINGS,
  atmVol,
  bsGreeks,
  newModelQuote,
  optionQuote,
  optionTick,
  quoteAround,
  realisedVolBefore,
  riskFreeRate,
  surfaceVol,
  underlyingParams,
  vixLevel,
  yearsToExpiry,
} from '../../../shared/options/index.ts';

const SPY_VOL = { longRunVol: 0.18, skew: 0.1 };

describe('bid/ask around the model price', () => {
  const q = newModelQuote();

  it('ticks: $0.01 for penny classes or a premium below $3, else $0.05', () => {
    expect(optionTick(2.99, OPTION_TICKS)).toBe(0.01);
    expect(optionTick(3, OPTION_TICKS)).toBe(0.05);
    expect(optionTick(30, CENT_TICKS)).toBe(0.01);
  });

  it('ticks of a class with its own rule: SPX / SPXW trade $0.05 below $3 and $0.10 from $3, penny program or not', () => {
    expect(optionTickLadder('SPX', false)).toBe(SPX_OPTION_TICKS);
    expect(optionTickLadder('SPX', true)).toBe(SPX_OPTION_TICKS);
    expect(optionTickLadder('SPY', true)).toBe(CENT_TICKS);
    expect(optionTickLadder('GOOG', false)).toBe(OPTION_TICKS);
    expect(optionTick(2.95, SPX_OPTION_TICKS)).toBe(0.05);
    expect(optionTick(3, SPX_OPTION_TICKS)).toBe(0.1);
    quoteAround(12.34, 0, SPX_OPTION_TICKS, q);
    expect([q.bid, q.ask, q.tick]).toEqual([12.2, 12.5, 0.1]); // 0.26 wide around 12.34 on dimes
    quoteAround(1.02, 0, SPX_OPTION_TICKS, q);
    expect([q.bid, q.ask, q.tick]).toEqual([0.95, 1.05, 0.05]); // one nickel each side
  });

  it('width max(tick, 1 ¢ + 2 % of premium): $5.00 → 0.11 wide, on $0.05 ticks 4.90 / 5.10, on pennies 4.94 / 5.06', () => {
    quoteAround(5, 0, OPTION_TICKS, q);
    expect([q.bid, q.ask, q.mid, q.tick]).toEqual([4.9, 5.1, 5, 0.05]); // floor(4.945 / .05) = 98, ceil(5.055 / .05) = 102
    quoteAround(5, 0, CENT_TICKS, q);
    expect([q.bid, q.ask, q.tick]).toEqual([4.94, 5.06, 0.01]);
  });

  it('below $3 on pennies even in a nickel class: $2.00 → 0.05 wide → 1.97 / 2.03', () => {
    quoteAround(2, 0, OPTION_TICKS, q);
    expect([q.bid, q.ask, q.tick]).toEqual([1.97, 2.03, 0.01]);
  });

  it('widens with |z|: × (1 + ½|z|), |z| capped at 6', () => {
    quoteAround(10, 2, OPTION_TICKS, q); // 0.21 × 2 = 0.42 → 9.79 / 10.21 → 9.75 / 10.25
    expect([q.bid, q.ask]).toEqual([9.75, 10.25]);
    quoteAround(10, -2, OPTION_TICKS, q);
    expect([q.bid, q.ask]).toEqual([9.75, 10.25]);
    quoteAround(10, 10, OPTION_TICKS, q); // 0.21 × 4 = 0.84 → 9.58 / 10.42 → 9.55 / 10.45
    expect([q.bid, q.ask]).toEqual([9.55, 10.45]);
    quoteAround(10, 6, OPTION_TICKS, q);
    expect([q.bid, q.ask]).toEqual([9.55, 10.45]);
  });

  it('a worthless option bids 0 and offers one tick; the ask is always above the bid', () => {
    quoteAround(0.001, 0, CENT_TICKS, q);
    expect([q.bid, q.ask, q.mid]).toEqual([0, 0.01, 0.005]);
    quoteAround(0, 0, OPTION_TICKS, q);
    expect([q.bid, q.ask]).toEqual([0, 0.01]);
    quoteAround(0.0149, 0, CENT_TICKS, q); // width 0.0103: 0.00975 → 0, 0.02005 → 0.03
    expect([q.bid, q.ask]).toEqual([0, 0.03]);
  });
});

describe('the option quote', () => {
  it('at expiry: intrinsic value, z = 0, delta 1 in the money', () => {
    const q = optionQuote('C', 100, 0, 105, 0.05, 0.01, 0.2, SPY_VOL, OPTION_TICKS);
    expect([q.price, q.z, q.delta, q.bid, q.ask, q.tick]).toEqual([5, 0, 1, 4.9, 5.1, 0.05]);
    const p = optionQuote('P', 100, 0, 105, 0.05, 0.01, 0.2, SPY_VOL, OPTION_TICKS);
    expect([p.price, p.bid, p.ask]).toEqual([0, 0, 0.01]);
  });

  it('before expiry: BSM at the surface volatility, z = ln(K/F)/(σ_atm·√T), bid/ask around the price', () => {
    const [spot, strike, years, rate, div, rv] = [480, 500, 0.25, 0.05, 0.018, 0.15];
    const q = optionQuote('C', strike, years, spot, rate, div, rv, SPY_VOL, CENT_TICKS);
    const forward = spot * Math.exp((rate - div) * years);
    const atm = atmVol(rv, years, SPY_VOL);
    const vol = surfaceVol(rv, forward, strike, years, SPY_VOL);
    expect(q.forward).toBe(forward);
    expect(q.vol).toBe(vol);
    expect(q.z).toBe(Math.log(strike / forward) / (atm * Math.sqrt(years)));
    expect(q.z).toBeGreaterThan(0);
    const g = bsGreeks('C', spot, strike, years, rate, div, vol);
    expect(q.price).toBe(g.price);
    expect(q.delta).toBe(g.delta);
    expect(q.greeks).toEqual(g);
    const expected = newModelQuote();
    quoteAround(g.price, q.z, CENT_TICKS, expected);
    expect([q.bid, q.ask, q.mid, q.tick]).toEqual([expected.bid, expected.ask, expected.mid, expected.tick]);
    expect(q.bid).toBeLessThanOrEqual(q.price);
    expect(q.ask).toBeGreaterThanOrEqual(q.price);
    // The put is priced on the same surface: put-call parity at the model price.
    const p = optionQuote('P', strike, years, spot, rate, div, rv, SPY_VOL, CENT_TICKS);
    expect(q.price - p.price).toBeCloseTo(spot * Math.exp(-div * years) - strike * Math.exp(-rate * years), 10);
  });

  it('fills the result it is given (no allocation)', () => {
    const out = newModelQuote();
    expect(optionQuote('P', 95, 0.1, 100, 0.03, 0, 0.25, SPY_VOL, OPTION_TICKS, out)).toBe(out);
  });

  it('years to expiry are 365-day years, never negative', () => {
    expect(yearsToExpiry(0, 365 * 86_400_000)).toBe(1);
    expect(yearsToExpiry(10, 5)).toBe(0);
  });
});

describe('volatility model', () => {
  it('ATM term structure: 1.1 × realised + 1 point at the short end, half-way to the long-run level beyond', () => {
    // short = 0.23, long = 0.5·0.23 + 0.5·0.18 = 0.205: 0.205 + 0.025·e^(−1) at 3 months
    expect(atmVol(0.2, 0.25, SPY_VOL)).toBeCloseTo(0.205 + 0.025 * Math.exp(-1), 15);
    expect(atmVol(0.2, 0, SPY_VOL)).toBeCloseTo(0.23, 15);
    expect(atmVol(0.2, 50, SPY_VOL)).toBeCloseTo(0.205, 12);
  });

  it('skew: σ(z) = σ_atm·max(0.3, 1 − skew·z + 0.025·z²), z clamped to ±3.5', () => {
    const atm = atmVol(0.2, 0.5, SPY_VOL);
    expect(surfaceVol(0.2, 100, 100, 0.5, SPY_VOL)).toBe(atm);
    const k = 100 * Math.exp(-1 * atm * Math.sqrt(0.5)); // z = −1
    expect(surfaceVol(0.2, 100, k, 0.5, SPY_VOL)).toBeCloseTo(atm * (1 + 0.1 + 0.025), 12);
    const far = 100 * Math.exp(-10 * atm * Math.sqrt(0.5)); // z = −10 → −3.5
    expect(surfaceVol(0.2, 100, far, 0.5, SPY_VOL)).toBeCloseTo(atm * (1 + 0.35 + 0.025 * 12.25), 12);
    expect(surfaceVol(0.2, 100, 100 * Math.exp(3 * atm * Math.sqrt(0.5)), 0.5, { longRunVol: 0.18, skew: 0.5 })).toBeCloseTo(atm * 0.3, 12);
  });

  it('VIX: 30-day ATM vol × 1.08, elasticity −5 to SPY, at least 8', () => {
    const base = 100 * atmVol(0.15, 30 / 365, SPY_VOL) * 1.08;
    expect(vixLevel(0.15, SPY_VOL, 100, 100)).toBe(Math.round(base * 100) / 100);
    expect(vixLevel(0.15, SPY_VOL, 100, 100)).toBe(18.98);
    expect(vixLevel(0.15, SPY_VOL, 99, 100)).toBe(Math.round(base * (100 / 99) ** 5 * 100) / 100);
    expect(vixLevel(0.01, SPY_VOL, 120, 100)).toBe(8);
  });

  it('risk-free rate: the year’s T-bill yield, continuously compounded, the nearest year outside the table', () => {
    expect(riskFreeRate(20240102)).toBeCloseTo(Math.log(1.052), 15);
    expect(riskFreeRate(20140617)).toBeCloseTo(Math.log(1.0003), 15);
    expect(riskFreeRate(19800101)).toBeCloseTo(Math.log(1.03), 15);
    expect(riskFreeRate(20300101)).toBeCloseTo(Math.log(1.043), 15);
  });
});

describe('realised volatility before a day', () => {
  // Weekday bars from day 20000 (a Wednesday) on; closes alternate ±1 % log moves.
  const days: number[] = [];
  for (let d = 20_000; days.length < 60; d++) if ((d + 3) % 7 < 5) days.push(d);
  const closes = days.map((_, i) => 100 * Math.exp(i % 2 === 0 ? 0 : 0.01));

  const sampleVol = (rs: number[]) => {
    const n = rs.length;
    const mean = rs.reduce((a, b) => a + b, 0) / n;
    return Math.sqrt((rs.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) * 252);
  };

  it('the sample standard deviation of the last 20 close-to-close log returns, × √252', () => {
    const end = 40;
    const rs = Array.from({ length: 20 }, (_, k) => Math.log(closes[end - 1 - k] / closes[end - 2 - k]));
    expect(realisedVolBefore(days, closes, end, days[end])).toBeCloseTo(sampleVol(rs), 12);
    expect(realisedVolBefore(days, closes, end, days[end])).toBeCloseTo(0.01 * Math.sqrt(252) * Math.sqrt(20 / 19), 10);
  });

  it('reads only bars before `end`', () => {
    const end = 30;
    const poisoned = closes.map((c, i) => (i >= end ? c * 50 : c));
    expect(realisedVolBefore(days, poisoned, end, days[end])).toBe(realisedVolBefore(days, closes, end, days[end]));
  });

  it('fewer than 5 returns: NaN (the caller falls back)', () => {
    expect(realisedVolBefore(days, closes, 5, days[5])).toBeNaN(); // 4 returns
    expect(realisedVolBefore(days, closes, 6, days[6])).toBeGreaterThan(0); // 5 returns
    expect(realisedVolBefore(days, closes, 0, days[0])).toBeNaN();
  });

  it('stale data: nothing more than 45 days old, no return across a gap of more than 7 days', () => {
    expect(realisedVolBefore(days, closes, 40, days[39] + 46)).toBeNaN();
    const gapped = days.map((d, i) => (i >= 35 ? d + 8 : d)); // bars 34 → 35 span 9+ days
    expect(realisedVolBefore(gapped, closes, 38, gapped[38])).toBeNaN(); // 2 returns after the gap
    const rs = Array.from({ length: 5 }, (_, k) => Math.log(closes[40 - k] / closes[39 - k]));
    expect(realisedVolBefore(gapped, closes, 41, gapped[41])).toBeCloseTo(sampleVol(rs), 12); // the 5 after the gap
  });

  it('clamped to [4 %, 200 %]', () => {
    const flat = days.map(() => 100);
    expect(realisedVolBefore(days, flat, 30, days[30])).toBe(0.04);
    const wild = days.map((_, i) => (i % 2 === 0 ? 100 : 300));
    expect(realisedVolBefore(days, wild, 30, days[30])).toBe(2);
    expect(DEFAULT_VOL).toBe(0.16);
  });
});

describe('underlying parameters', () => {
  it('known symbols keep today’s values; others get the generic ones', () => {
    expect(KNOWN_UNDERLYINGS.map((k) => k.symbol)).toEqual(['SPY', 'QQQ', 'TLT', 'AAPL', 'GOOG']);
    expect(underlyingParams('SPY')).toEqual({ symbol: 'SPY', dividendYield: 0.018, vol: { longRunVol: 0.18, skew: 0.1 }, strikeStyle: 'index-etf', pennyOptions: true });
    expect(underlyingParams('GOOG').pennyOptions).toBe(false);
    expect(underlyingParams('TLT').strikeStyle).toBe('equity');
    expect(underlyingParams('XYZ')).toEqual({ symbol: 'XYZ', dividendYield: 0.01, vol: { longRunVol: 0.3, skew: 0.06 }, strikeStyle: 'equity', pennyOptions: false });
  });
});
