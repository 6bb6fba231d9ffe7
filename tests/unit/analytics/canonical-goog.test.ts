// backtest-model.md §8: SmaCross(10, 30) on GOOG through the hand-written vectorised reference,
// scored by computeStats. Every stat must match upstream's values to the §7 parity rule.
import { describe, expect, it } from 'vitest';
import { computeStats, parityMismatches, toJsonResult, computeMetrics } from '../../../shared/analytics/index.ts';
import { smaCrossVectorized } from '../../reference/backtest/sma-cross-vectorized.ts';
import { EXPECTED_STATS, googBars } from '../../support/goog-canonical.ts';

function run(options: Parameters<typeof smaCrossVectorized>[1] = {}) {
  const bars = googBars();
  const ref = smaCrossVectorized(bars, options);
  const input = { times: bars.time, equity: ref.equity, close: bars.close, warmup: ref.warmup, trades: ref.trades };
  return { bars, ref, input, stats: computeStats(input) };
}

describe('canonical case: SmaCross(10, 30) on GOOG (§8)', () => {
  const { bars, ref, input, stats } = run();

  it('uses 2148 bars and warm-up W = 29', () => {
    expect(bars.length).toBe(2148);
    expect(ref.warmup).toBe(29);
    expect(ref.equity.length).toBe(2148);
    expect(Array.from(ref.equity.subarray(0, 31))).toEqual(new Array(31).fill(10_000));
  });

  it('reproduces every one of the 32 stats to the §7 parity rule', () => {
    expect(parityMismatches({ stats }, { stats: EXPECTED_STATS })).toEqual([]);
  });

  it('has 66 trades; the first is the §3.6 short, the last is closed at the last OPEN by finalize', () => {
    expect(ref.trades).toHaveLength(66);
    const first = { entryTime: '2004-11-29', exitTime: '2004-12-21', size: -55, entryPrice: 180.36, exitPrice: 186.31, pnl: -327.25, entryBar: 70, exitBar: 86, commission: 0, returnPct: -0.03298957640274991 };
    const last = { entryTime: '2012-12-04', exitTime: '2013-03-01', size: 64, entryPrice: 695.0, exitPrice: 797.8, pnl: 6579.2, entryBar: 2088, exitBar: 2147, commission: 0, returnPct: 797.8 / 695 - 1 };
    expect(parityMismatches({ trades: [ref.trades[0]] }, { trades: [first] })).toEqual([]);
    expect(parityMismatches({ trades: [ref.trades[65]] }, { trades: [last] })).toEqual([]);
    expect(bars.open[2147]).toBe(797.8); // the exit is the last bar's open, not its close 806.19
    expect(bars.close[2147]).toBe(806.19);
  });

  it('follows the §3.6 worked example: bar-70 equity 9962.05, then 51 long shares at 186.31', () => {
    expect(ref.equity[70]).toBeCloseTo(9962.05, 9);
    expect(ref.trades[1]).toMatchObject({ entryBar: 86, size: 51, entryPrice: 186.31 });
  });

  it('alternates short and long, each entry on the bar the previous trade exits', () => {
    for (let k = 1; k < ref.trades.length; k++) {
      expect(Math.sign(ref.trades[k].size)).toBe(-Math.sign(ref.trades[k - 1].size));
      expect(ref.trades[k].entryBar).toBe(ref.trades[k - 1].exitBar);
    }
  });

  it('survives the JSON round trip: toJsonResult → JSON text → parity with itself', () => {
    const json = JSON.parse(JSON.stringify(toJsonResult({ trades: ref.trades, stats, metrics: computeMetrics(input), equity: ref.equity })));
    expect(json.stats.equityFinal).toBeCloseTo(51422.99, 6);
    expect(parityMismatches(json, { trades: ref.trades, stats, metrics: computeMetrics(input), equity: ref.equity }, 0)).toEqual([]);
  });
});

describe('canonical variants (§3.5, §8 check values, §9 pitfalls 1–2)', () => {
  it('finalize_trades = false: 65 trades, Equity Final 51959.95 (the last trade stays open, marked at the last close)', () => {
    const { ref, stats } = run({ finalize: false });
    expect(ref.trades).toHaveLength(65);
    expect(stats.numTrades).toBe(65);
    expect(parityMismatches({ stats: { equityFinal: stats.equityFinal } }, { stats: { equityFinal: 51959.95 } })).toEqual([]);
    expect(ref.openTrade).toMatchObject({ size: 64, entryPrice: 695, entryBar: 2088 });
  });

  it('fill at the close (trade_on_close): Equity Final 64392.08', () => {
    const { ref, stats, bars } = run({ fill: 'close' });
    expect(parityMismatches({ stats: { equityFinal: stats.equityFinal } }, { stats: { equityFinal: 64392.08 } })).toEqual([]);
    // Entries are stamped on the signal bar, at its close.
    for (const t of ref.trades.slice(0, -1)) expect(t.entryPrice).toBe(bars.close[t.entryBar]);
  });

  it('long only: only long trades, each opened on an up-cross bar and closed on the next down-cross', () => {
    const { ref } = run({ longOnly: true });
    const reversal = run().ref.trades.filter((t) => t.size > 0);
    expect(ref.trades.length).toBe(reversal.length);
    ref.trades.forEach((t, k) => {
      expect(t.size).toBeGreaterThan(0);
      expect([t.entryBar, t.exitBar, t.entryPrice, t.exitPrice]).toEqual([reversal[k].entryBar, reversal[k].exitBar, reversal[k].entryPrice, reversal[k].exitPrice]);
    });
  });
});
