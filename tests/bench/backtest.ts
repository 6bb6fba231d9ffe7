// The canonical backtest (SmaCross 10/30 on GOOG, 2,148 bars) through the full engine, against
// grademark 0.3.0 (same strategy, same data, this process) and a minimal vectorised loop as the
// floor; then a 1,000-combination sweep's wall time with 1 and 2 worker threads.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { ready } from '../../shared/indicators/index.ts';
import { runBacktest } from '../../shared/engine/backtest.ts';
import { backtestResult } from '../../shared/engine/backtest-result.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import { SmaCross } from '../../shared/strategies/sma-cross.ts';
import { ZERO_COSTS } from '../../shared/broker/costs.ts';
import { gridCombinations, parseGridAxis } from '../../shared/engine/sweep.ts';
import { runSweepPool } from '../../bridge/backtest/sweep-pool.ts';
import { ROOT } from '../support/source-rules.ts';
import { fmt, measure, table } from './measure.ts';

const require = createRequire(import.meta.url);

/** The engine run vs grademark on the same strategy and data. */
const GOAL_VS_GRADEMARK = 20;

/** The floor: SMAs by running sums and the long/short reversal in one pass over plain arrays. */
function vectorisedSmaCross(open: Float64Array, close: Float64Array, fast: number, slow: number): { equity: Float64Array; trades: number } {
  const n = close.length;
  const sma = (p: number) => {
    const out = new Float64Array(n).fill(NaN);
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += close[i];
      if (i >= p) s -= close[i - p];
      if (i >= p - 1) out[i] = s / p;
    }
    return out;
  };
  const f = sma(fast);
  const sl = sma(slow);
  const equity = new Float64Array(n).fill(10_000);
  let cash = 10_000;
  let size = 0;
  let entry = 0;
  let pending = 0;
  let trades = 0;
  for (let i = slow; i < n; i++) {
    if (pending !== 0) {
      if (size !== 0) {
        cash += size * (open[i] - entry);
        trades++;
      }
      entry = open[i];
      size = pending * Math.floor((cash * (1 - 2 ** -52)) / entry);
      pending = 0;
    }
    equity[i] = cash + size * (close[i] - entry);
    if (f[i - 1] < sl[i - 1] && f[i] > sl[i]) pending = 1;
    else if (sl[i - 1] < f[i - 1] && sl[i] > f[i]) pending = -1;
  }
  return { equity, trades };
}

/** grademark's input: a data-forge DataFrame with the SMAs (and their previous values) as columns, built once. */
function grademarkFrame(rows: { date: Date; open: number; high: number; low: number; close: number; volume: number }[], smaFast: number[], smaSlow: number[]): unknown {
  const { DataFrame } = require('data-forge');
  return new DataFrame(rows.map((r, i) => ({ ...r, fast: smaFast[i], slow: smaSlow[i], pf: smaFast[i - 1], ps: smaSlow[i - 1] }))).bake();
}

function grademarkRun(df: unknown) {
  const { backtest } = require('grademark');
  const strategy = {
    lookbackPeriod: 1,
    entryRule: (enter: () => void, a: { bar: { fast: number; slow: number; pf: number; ps: number } }) => {
      if (a.bar.pf < a.bar.ps && a.bar.fast > a.bar.slow) enter();
    },
    exitRule: (exit: () => void, a: { bar: { fast: number; slow: number; pf: number; ps: number } }) => {
      if (a.bar.ps < a.bar.pf && a.bar.slow > a.bar.fast) exit();
    },
  };
  return backtest(strategy, df) as unknown[];
}

export async function benchBacktest(): Promise<string> {
  await ready();
  const bars = readBarsCsv(readFileSync(join(ROOT, 'data/samples/GOOG_1d.csv'), 'utf8'), 'GOOG_1d.csv', { symbol: 'GOOG' });
  const settings = { initialCash: 10_000, sizeFraction: 1 - 2 ** -52, fill: 'next_open' as const, finalizeTrades: true, costs: ZERO_COSTS, risk: {}, allowShort: true };
  const strategy = (direction: 'long_short' | 'long_only') => new SmaCross({ fast: 10, slow: 30, direction }, ['GOOG']);

  const full = measure(() => runBacktest({ bars, strategy: strategy('long_short'), settings }), { minRuns: 200, minMs: 1500, warmup: 200 });
  const longOnly = measure(() => runBacktest({ bars, strategy: strategy('long_only'), settings }), { minRuns: 200, minMs: 1000, warmup: 100 });
  const withStats = measure(() => backtestResult(bars, runBacktest({ bars, strategy: strategy('long_short'), settings })), { minRuns: 100, minMs: 1000, warmup: 50 });
  const market = new MarketData([bars]);
  const cached = measure(() => runBacktest({ bars, strategy: strategy('long_short'), settings, market }), { minRuns: 200, minMs: 1000, warmup: 100 });
  const floor = measure(() => vectorisedSmaCross(bars.open, bars.close, 10, 30), { minRuns: 500, minMs: 1000, warmup: 200 });

  const rows = Array.from({ length: bars.length }, (_, i) => ({ date: new Date(bars.time[i]), open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i] }));
  const smaOf = (p: number) => {
    const out: number[] = [];
    let s = 0;
    for (let i = 0; i < bars.length; i++) {
      s += bars.close[i];
      if (i >= p) s -= bars.close[i - p];
      out.push(i >= p - 1 ? s / p : NaN);
    }
    return out;
  };
  const sf = smaOf(10);
  const ss = smaOf(30);
  const frame = grademarkFrame(rows, sf, ss);
  const gmTrades = grademarkRun(frame).length;
  const grademark = measure(() => grademarkRun(frame), { minRuns: 20, minMs: 1500, warmup: 5 });

  const us = (ms: number) => `${fmt(ms * 1000)} µs`;
  const faster = (ms: number) => `${fmt(grademark.medianMs / ms)}× faster`;
  const goal = (ms: number) => `≥ ${GOAL_VS_GRADEMARK}× faster ${grademark.medianMs / ms >= GOAL_VS_GRADEMARK ? '✓' : '✗'}`;
  const engineTable = table(
    ['run (GOOG, 2,148 bars)', 'median per run', 'vs grademark', 'goal', 'vs vectorised floor'],
    [
      ['MoneyTrailz engine, long/short (indicators computed each run)', us(full.medianMs), faster(full.medianMs), goal(full.medianMs), `${fmt(full.medianMs / floor.medianMs)}× slower`],
      ['MoneyTrailz engine, long only (same rules as grademark)', us(longOnly.medianMs), faster(longOnly.medianMs), goal(longOnly.medianMs), `${fmt(longOnly.medianMs / floor.medianMs)}× slower`],
      ['MoneyTrailz engine, indicators cached (as in a sweep)', us(cached.medianMs), faster(cached.medianMs), goal(cached.medianMs), `${fmt(cached.medianMs / floor.medianMs)}× slower`],
      ['MoneyTrailz engine + all 32 stats and 24 metrics', us(withStats.medianMs), faster(withStats.medianMs), '–', '–'],
      [`grademark 0.3.0, long only (${gmTrades} trades; its DataFrame and SMAs built beforehand)`, us(grademark.medianMs), '1×', '–', '–'],
      ['minimal vectorised loop (plain arrays, one pass)', us(floor.medianMs), '–', '–', '1×'],
    ],
  );

  const config = join(ROOT, 'tests/fixtures/backtest/goog-sma-cross.toml');
  const combos = gridCombinations([parseGridAxis('fast=1:50:1'), parseGridAxis('slow=51:70:1')]);
  const items = combos.map((p, i) => [i, p] as [number, Record<string, number>]);
  const sweeps: (string | number)[][] = [];
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    const rowsOut = await runSweepPool({ configPath: config, strategy: 'sma_cross', items, workers });
    const secs = (performance.now() - t0) / 1000;
    sweeps.push([`${rowsOut.length.toLocaleString('en-US')} combinations (fast 1–50 × slow 51–70)`, workers, `${secs.toFixed(2)} s`, `${fmt(rowsOut.length / secs)} runs/s`]);
  }
  return [
    `Median wall time per run in this process (JIT warm). Goals: ≥ ${GOAL_VS_GRADEMARK}× faster than grademark (the engine runs; the goal column), within 5× of the vectorised floor.`,
    '',
    engineTable,
    '',
    'Parameter sweep, wall time including starting the worker threads (goal: 1,000 combinations < 2 s with 2 workers):',
    '',
    table(['sweep', 'workers', 'wall time', 'throughput'], sweeps),
  ].join('\n');
}
