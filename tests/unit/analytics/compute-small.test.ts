// computeStats / computeMetrics on a 6-bar case small enough to compute by hand.
import { describe, expect, it } from 'vitest';
import { METRICS_KEYS, STATS_KEYS, computeMetrics, computeStats, type Trade } from '../../../shared/analytics/index.ts';
import { utc } from '../../support/goog-canonical.ts';

// Thu 2024-01-04, Fri 05, Mon 08, Tue 09, Wed 10, Thu 11
const times = Float64Array.from(['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11'].map(utc));
//   E     = 100 100 110 88 110 121    r = 0 .1 −.2 .25 .1 (n = 5), Π(1 + r) = 1.21
//   dd    =   0   0   0 .2   0   0    one drawdown period (2, 4): Mon → Wed = 2 days, peak .2
const equity = Float64Array.from([100, 100, 110, 88, 110, 121]);
const close = Float64Array.from([10, 10, 11, 9, 10, 12]);
const trade = (entryBar: number, exitBar: number, pnl: number, returnPct: number): Trade => ({
  entryBar, exitBar, entryTime: '', exitTime: '', size: 10, entryPrice: 10, exitPrice: 10, pnl, commission: 0, returnPct,
});
// The trades are given, not derived from the curve: durations Fri→Mon 3, Mon→Wed 2, Wed→Thu 1 days.
const trades = [trade(1, 2, 10, 0.1), trade(2, 4, 20, 1 / 11), trade(4, 5, -5, -0.05)];
// P = 5 = n, so the annualised figures equal the total ones.
const input = { times, equity, close, warmup: 1, trades, periodsPerYear: 5 };

describe('computeStats on a hand-computed case', () => {
  const s = computeStats(input);

  it('lists the 32 keys in the §5 order', () => {
    expect(Object.keys(s)).toEqual([...STATS_KEYS]);
  });

  it('dates, duration, exposure, equity, returns', () => {
    expect([s.start, s.end, s.durationDays]).toEqual(['2024-01-04', '2024-01-11', 7]);
    expect(s.exposureTimePct).toBeCloseTo((5 / 6) * 100, 12); // bars 1..5 of 6
    expect([s.equityFinal, s.equityPeak, s.commissions]).toEqual([121, 121, 0]);
    expect(s.returnPct).toBeCloseTo(21, 12);
    expect(s.buyHoldReturnPct).toBeCloseTo(20, 12); // from C[W = 1] = 10 to 12
  });

  it('geometric annualisation: g = 1.21^(1/5) − 1, annRet = 1.21 − 1 = 21 %', () => {
    // var(r): mean .05, deviations −.05 .05 −.25 .2 .05 → Σ² = .11 → var = .0275
    // vol = sqrt((.0275 + 1.21^0.4)^5 − 1.21²) = 0.44304188
    expect(s.returnAnnPct).toBeCloseTo(21, 10);
    expect(s.volatilityAnnPct).toBeCloseTo(44.30418753637925, 9);
    expect(s.sharpeRatio).toBeCloseTo(21 / 44.30418753637925, 10);
    // CAGR over 7 calendar days: 1.21^(365.25/7) − 1
    expect(s.cagrPct).toBeCloseTo((1.21 ** (365.25 / 7) - 1) * 100, 4);
  });

  it('Sortino 1.05, Calmar 1.05, max drawdown −20 %, one period of 2 days', () => {
    // Sortino: mean(min(r,0)²) = .04/5 = .008 → sqrt(.008)·√5 = .2 → .21/.2
    expect(s.sortinoRatio).toBeCloseTo(1.05, 12);
    expect(s.calmarRatio).toBeCloseTo(1.05, 12);
    expect(s.maxDrawdownPct).toBeCloseTo(-20, 12);
    expect(s.avgDrawdownPct).toBeCloseTo(-20, 12);
    expect([s.maxDrawdownDurationDays, s.avgDrawdownDurationDays]).toEqual([2, 2]);
  });

  it('beta on log returns and Jensen alpha', () => {
    // le = 0, ln 1.1, ln .8, ln 1.25, ln 1.1 ; lm = 0, ln 1.1, ln 9/11, ln 10/9, ln 1.2 → beta 1.0086467
    expect(s.beta).toBeCloseTo(1.0086467003222839, 12);
    expect(s.alphaPct).toBeCloseTo(21 - 1.0086467003222839 * 20, 10);
  });

  it('trade stats', () => {
    expect(s.numTrades).toBe(3);
    expect(s.winRatePct).toBeCloseTo(200 / 3, 12);
    expect(s.bestTradePct).toBeCloseTo(10, 12);
    expect(s.worstTradePct).toBeCloseTo(-5, 12);
    // geometric: (1.1 · 12/11 · .95)^(1/3) − 1 = 1.14^(1/3) − 1
    expect(s.avgTradePct).toBeCloseTo((1.14 ** (1 / 3) - 1) * 100, 12);
    expect([s.maxTradeDurationDays, s.avgTradeDurationDays]).toEqual([3, 2]); // max 3, mean (3+2+1)/3 = 2
    expect(s.profitFactor).toBeCloseTo((0.1 + 1 / 11) / 0.05, 12); // on returns: 3.8181…
    expect(s.expectancyPct).toBeCloseTo(((0.1 + 1 / 11 - 0.05) / 3) * 100, 12);
    // SQN: pnl 10 20 −5, mean 25/3, var = (1.667² + 11.667² + 13.333²)/2 = 158.333 → √3·8.333/12.583
    expect(s.sqn).toBeCloseTo(1.1470786693528088, 12);
    // Kelly: w = 2/3, avgWin 15, avgLoss −5 → b = 3 → 2/3 − (1/3)/3 = 5/9
    expect(s.kellyCriterion).toBeCloseTo(5 / 9, 14);
  });

  it('defaults P from the dates (weekdays → 252)', () => {
    const d = computeStats({ ...input, periodsPerYear: undefined });
    expect(d.returnAnnPct).toBeCloseTo((1.21 ** (252 / 5) - 1) * 100, 4);
  });
});

describe('computeMetrics on the same case', () => {
  const m = computeMetrics(input);

  it('lists the 24 keys in the §6 order', () => {
    expect(Object.keys(m)).toEqual([...METRICS_KEYS]);
  });

  it('return and risk', () => {
    // sd = sqrt(.0275) = .1658312 ; mean .05
    const sd = Math.sqrt(0.0275);
    expect(m.nReturns).toBe(5);
    expect(m.totalReturn).toBeCloseTo(0.21, 14);
    expect(m.annualReturn).toBeCloseTo(0.21, 14);
    expect(m.annualVolatility).toBeCloseTo(sd * Math.sqrt(5), 14);
    expect(m.sharpe).toBeCloseTo((0.05 / sd) * Math.sqrt(5), 12);
    expect(m.downsideRisk).toBeCloseTo(0.2, 14); // sqrt(.008)·√5
    expect(m.sortino).toBeCloseTo((0.05 * 5) / 0.2, 12); // 1.25
    expect(m.maxDrawdown).toBeCloseTo(-0.2, 14);
    expect(m.calmar).toBeCloseTo(1.05, 12);
  });

  it('VaR, CVaR and the distribution ratios', () => {
    // sorted r: −.2 0 .1 .1 .25 ; pctl5: h = .2 → −.2 + .2·.2 = −.16 ; pctl95: h = 3.8 → .1 + .8·.15 = .22
    expect(m.var95Hist).toBeCloseTo(-0.16, 14);
    expect(m.cvar95Hist).toBeCloseTo(-0.2, 14); // k = floor(4·.05) = 0
    // parametric: .05 − 1.6448536·.1658312 = −.2227681 ; no return below it → CVaR = VaR
    expect(m.var95Gauss).toBeCloseTo(0.05 + Math.sqrt(0.0275) * -1.6448536269514729, 14);
    expect(m.cvar95Gauss).toBe(m.var95Gauss);
    expect(m.omega).toBeCloseTo(0.45 / 0.2, 12);
    expect(m.tailRatio).toBeCloseTo(0.22 / 0.16, 12);
    expect(m.dailyWinRate).toBe(0.75); // 3 of the 4 non-zero days
    expect(m.dailyProfitFactor).toBeCloseTo(2.25, 12);
  });

  it('per-trade figures in $', () => {
    expect(m.tradeWinRate).toBeCloseTo(2 / 3, 15);
    expect(m.tradeProfitFactor).toBe(6); // 30 / 5
    expect([m.avgWin, m.avgLoss, m.payoffRatio]).toEqual([15, -5, 3]);
    expect(m.expectancy).toBeCloseTo(25 / 3, 14);
    expect(m.tradeMeanReturn).toBeCloseTo((0.1 + 1 / 11 - 0.05) / 3, 15);
  });
});

describe('undefined values and bad input', () => {
  it('no trades and a flat curve: ratios NaN, counts 0, drawdown 0', () => {
    const flat = { times, equity: new Float64Array(6).fill(100), close, warmup: 0, trades: [] };
    const s = computeStats(flat);
    expect([s.numTrades, s.exposureTimePct, s.returnPct, s.maxDrawdownPct, s.commissions]).toEqual([0, 0, 0, -0, 0]);
    for (const k of ['sharpeRatio', 'sortinoRatio', 'calmarRatio', 'avgDrawdownPct', 'maxDrawdownDurationDays', 'avgDrawdownDurationDays',
      'winRatePct', 'bestTradePct', 'worstTradePct', 'avgTradePct', 'maxTradeDurationDays', 'avgTradeDurationDays', 'profitFactor',
      'expectancyPct', 'sqn', 'kellyCriterion'] as const) {
      expect(s[k], k).toBeNaN();
    }
    expect(s.volatilityAnnPct).toBe(0);
    expect(s.beta).toBe(0); // flat equity against a moving market
    const m = computeMetrics(flat);
    for (const k of ['sharpe', 'sortino', 'calmar', 'omega', 'tailRatio', 'dailyWinRate', 'dailyProfitFactor', 'tradeWinRate',
      'tradeProfitFactor', 'avgWin', 'avgLoss', 'payoffRatio', 'expectancy', 'tradeMeanReturn'] as const) {
      expect(m[k], k).toBeNaN();
    }
    expect([m.nReturns, m.totalReturn, m.maxDrawdown, m.annualVolatility]).toEqual([5, 0, 0, 0]);
  });

  it('rejects mismatched lengths and a warm-up outside the bars', () => {
    expect(() => computeStats({ ...input, close: close.subarray(1) })).toThrow(/lengths differ/);
    expect(() => computeMetrics({ ...input, warmup: 6 })).toThrow(/warmup 6/);
    expect(() => computeStats({ ...input, times: new Float64Array(0), equity: new Float64Array(0), close: new Float64Array(0) })).toThrow(/empty/);
  });
});
