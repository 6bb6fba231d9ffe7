// A costed run of the reference (commission 0.2 % per side, spread 0.1 % on entries): every trade
// field and the whole equity curve are recomputed here from backtest-model.md §3.2–§4.
import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../shared/analytics/index.ts';
import { smaCrossVectorized } from '../../reference/backtest/sma-cross-vectorized.ts';
import { googBars } from '../../support/goog-canonical.ts';

const C_RATE = 0.002;
const SPREAD = 0.001;
const CASH = 10_000;
const F = 1 - 2 ** -52;

describe('commission 0.002 and spread 0.001 on SmaCross(10, 30) / GOOG', () => {
  const bars = googBars();
  const ref = smaCrossVectorized(bars, { commission: C_RATE, spread: SPREAD });
  const N = bars.length;

  it('keeps the signals (same 66 trades, same bars) and costs money', () => {
    const free = smaCrossVectorized(bars);
    expect(ref.trades.map((t) => [t.entryBar, t.exitBar])).toEqual(free.trades.map((t) => [t.entryBar, t.exitBar]));
    expect(ref.equity[N - 1]).toBeLessThan(free.equity[N - 1]);
  });

  it('prices, sizes, commissions, pnl and returnPct of every trade follow §3.2–§4', () => {
    let cash = CASH; // flat at every entry: cash = initial cash + Σ pnl of the earlier trades
    for (const t of ref.trades) {
      const s = Math.sign(t.size);
      const open = bars.open[t.entryBar];
      // spread on the entry only; exits at the plain open (the last one at the last bar's open)
      expect(t.entryPrice).toBeCloseTo(open * (1 + s * SPREAD), 12);
      expect(t.exitPrice).toBe(bars.open[t.exitBar]);
      // whole shares of cash·f / (spread-adjusted price + commission per unit at the plain open)
      expect(Math.abs(t.size)).toBe(Math.floor((cash * F) / (open * (1 + s * SPREAD) + C_RATE * open)));
      const units = Math.abs(t.size);
      const commission = C_RATE * units * t.entryPrice + C_RATE * units * t.exitPrice;
      const pnl = t.size * (t.exitPrice - t.entryPrice) - commission;
      const returnPct = s * (t.exitPrice / t.entryPrice - 1) - commission / (units * t.entryPrice);
      expect(t.commission).toBeCloseTo(commission, 9);
      expect(t.pnl).toBeCloseTo(pnl, 8);
      expect(t.returnPct).toBeCloseTo(returnPct, 14);
      cash += pnl;
    }
    expect(ref.equity[N - 1]).toBeCloseTo(cash, 7);
  });

  it('the equity curve is cash (after the entry commission) plus the open trade marked at the close', () => {
    const expected = new Float64Array(N).fill(CASH);
    let realised = CASH;
    let k = 0; // first trade not yet exited
    for (let b = ref.warmup + 1; b < N; b++) {
      for (; k < ref.trades.length && ref.trades[k].exitBar <= b; k++) realised += ref.trades[k].pnl;
      const t = ref.trades[k];
      const open = t && t.entryBar <= b && b < t.exitBar ? t : undefined;
      expected[b] = open ? realised - C_RATE * Math.abs(open.size) * open.entryPrice + open.size * (bars.close[b] - open.entryPrice) : realised;
    }
    for (let b = 0; b < N; b++) expect(ref.equity[b]).toBeCloseTo(expected[b], 7);
  });

  it('stats.commissions is the sum of the trade commissions and the return follows the final equity', () => {
    const stats = computeStats({ times: bars.time, equity: ref.equity, close: bars.close, warmup: ref.warmup, trades: ref.trades });
    const total = ref.trades.reduce((a, t) => a + t.commission, 0);
    expect(stats.commissions).toBeCloseTo(total, 9);
    expect(stats.commissions).toBeGreaterThan(0);
    expect(stats.returnPct).toBeCloseTo(((ref.equity[N - 1] - CASH) / CASH) * 100, 10);
  });
});
