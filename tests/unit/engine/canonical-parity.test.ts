// backtesting.py parity through the full engine (backtest-model §8): SmaCross(10, 30) long/short on
// GOOG, 10,000 cash, no costs — every stat to 1e-6, every trade and the whole equity curve — plus the
// switches, checked against the independent vectorised reference in tests/reference/backtest.
import { beforeAll, describe, expect, it } from 'vitest';
import { parityMismatches } from '../../../shared/analytics/index.ts';
import { ready } from '../../../shared/indicators/index.ts';
import { SmaCross } from '../../../shared/strategies/sma-cross.ts';
import { backtestJson } from '../../../shared/engine/backtest-result.ts';
import { smaCrossVectorized } from '../../reference/backtest/sma-cross-vectorized.ts';
import { EXPECTED_STATS, googBars } from '../../support/goog-canonical.ts';
import { run, settings } from './support.ts';

beforeAll(async () => {
  await ready();
});

const smaCross = (direction: 'long_short' | 'long_only' = 'long_short', fast = 10, slow = 30) => new SmaCross({ fast, slow, direction }, ['GOOG']);

function assertSameRun(engine: ReturnType<typeof run>, reference: ReturnType<typeof smaCrossVectorized>): void {
  const ref = { trades: reference.trades, equity: Array.from(reference.equity) };
  expect(parityMismatches({ trades: engine.trades, equity: Array.from(engine.equity) } as never, ref as never)).toEqual([]);
}

describe('backtesting.py parity: SmaCross(10, 30) on GOOG', () => {
  it('matches every upstream stat of backtest-model §8 to 1e-6 relative', () => {
    const r = run(googBars(), smaCross());
    expect(parityMismatches({ stats: r.stats } as never, { stats: EXPECTED_STATS } as never)).toEqual([]);
    expect(r.warmup).toBe(29);
  });

  it('reproduces the trades of §8 (first short 55 @180.36→186.31, last long 64 @695→797.80 at the last open)', () => {
    const { trades } = run(googBars(), smaCross());
    expect(trades).toHaveLength(66);
    expect(trades[0]).toMatchObject({ entryTime: '2004-11-29', exitTime: '2004-12-21', entryBar: 70, exitBar: 86, size: -55, entryPrice: 180.36, exitPrice: 186.31 });
    expect(trades[0].pnl).toBeCloseTo(-327.25, 9);
    expect(trades[1]).toMatchObject({ size: 51, entryPrice: 186.31, entryBar: 86 });
    expect(trades[65]).toMatchObject({ entryTime: '2012-12-04', exitTime: '2013-03-01', entryBar: 2088, exitBar: 2147, size: 64, entryPrice: 695, exitPrice: 797.8 });
    expect(trades[65].pnl).toBeCloseTo(6579.2, 9);
  });

  it('equals the hand-written vectorised reference trade for trade and bar for bar', () => {
    assertSameRun(run(googBars(), smaCross()), smaCrossVectorized(googBars()));
  });

  it('the switches: finalize_trades = false → 65 trades, 51959.95; fill = "close" → 64392.08', () => {
    const open = run(googBars(), smaCross(), settings({ finalizeTrades: false }));
    expect(open.trades).toHaveLength(65);
    expect(open.stats.equityFinal).toBeCloseTo(51959.95, 6);
    assertSameRun(open, smaCrossVectorized(googBars(), { finalize: false }));
    const close = run(googBars(), smaCross(), settings({ fill: 'close' }));
    expect(close.stats.equityFinal).toBeCloseTo(64392.08, 6);
    assertSameRun(close, smaCrossVectorized(googBars(), { fill: 'close' }));
  });

  it('long_only equals the reference (33 long trades, as grademark finds)', () => {
    const r = run(googBars(), smaCross('long_only'));
    expect(r.trades).toHaveLength(33);
    expect(r.trades.every((t) => t.size > 0)).toBe(true);
    assertSameRun(r, smaCrossVectorized(googBars(), { longOnly: true }));
  });

  it('with commission per side and a spread on entries, equals the reference too', () => {
    const costs = { commissionRate: 0.002, spread: 0.001 };
    const r = run(googBars(), smaCross(), settings({ costs }));
    assertSameRun(r, smaCrossVectorized(googBars(), { commission: 0.002, spread: 0.001 }));
    expect(r.stats.commissions).toBeGreaterThan(0);
  });

  it('other parameter pairs equal the reference as well', () => {
    for (const [fast, slow] of [[5, 20], [20, 50], [3, 200]]) {
      assertSameRun(run(googBars(), smaCross('long_short', fast, slow)), smaCrossVectorized(googBars(), { fast, slow }));
    }
  });

  it('writes the §7 JSON shape: 10 trade fields, 32 stats, 24 metrics, one equity value per bar', () => {
    const json = backtestJson(run(googBars(), smaCross())) as unknown as Record<string, any>;
    expect(Object.keys(json)).toEqual(['trades', 'stats', 'metrics', 'equity']);
    expect(Object.keys(json.trades[0]).sort()).toEqual(['commission', 'entryBar', 'entryPrice', 'entryTime', 'exitBar', 'exitPrice', 'exitTime', 'pnl', 'returnPct', 'size'].sort());
    expect(Object.keys(json.stats)).toHaveLength(32);
    expect(Object.keys(json.metrics)).toHaveLength(24);
    expect(json.equity).toHaveLength(2148);
    expect(json.metrics.sharpe).toBeCloseTo(0.798, 3);
  });
});
