// The canonical backtest (SmaCross 10/30 on GOOG, 2,148 bars) through the full engine
// (engine-worker.ts), against grademark 0.3.0 (same strategy, same data: grademark-worker.ts) and a
// minimal vectorised loop as the floor; then a 1,000-combination sweep's wall time with 1 and 2
// worker threads.
import { join } from 'node:path';
import { gridCombinations, parseGridAxis } from '../../shared/engine/sweep.ts';
import { runSweepPool } from '../../bridge/backtest/sweep-pool.ts';
import { bundledWorker } from '../../bridge/backtest/worker-bundle.ts';
import { ROOT } from '../support/source-rules.ts';
import { fmt, measureTogether, table } from './measure.ts';
import { startBlockWorker } from './block-worker.ts';

/** The engine run vs grademark on the same strategy and data. */
const GOAL_VS_GRADEMARK = 20;

export async function benchBacktest(): Promise<string> {
  // The engine and grademark each in a worker thread of their own (fresh isolates, separate heaps),
  // measured in alternating blocks: same conditions, same moments.
  const engine = await startBlockWorker(await bundledWorker('tests/bench/engine-worker.ts'), { root: ROOT });
  const gm = await startBlockWorker(await bundledWorker('tests/bench/grademark-worker.ts'), { root: ROOT });
  const gmTrades = gm.hello.trades as number;
  const [full, longOnly, cached, withStats, floor, grademark] = await measureTogether(
    [engine.runner('full'), engine.runner('longOnly'), engine.runner('cached'), engine.runner('withStats'), engine.runner('floor'), gm.runner('grademark')],
    { warmup: 100, rounds: 9, blockMs: 250 },
  );
  await engine.stop();
  await gm.stop();

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
    `Median wall time per run (JIT warm). The engine and grademark each run in a worker thread of their own (separate heaps), in alternating blocks of about 250 ms; the median of 9 blocks each. grademark gets its fastest input: rows as plain object literals of one shape (rows built with a spread run it 2–3× slower, same trades; tables before 2026-12 measured it that way, in the engine's heap, and printed 22×). Goals: ≥ ${GOAL_VS_GRADEMARK}× faster than grademark (the goal column: the issue's goal, set against that slower measurement), within 5× of the vectorised floor.`,
    '',
    engineTable,
    '',
    'Parameter sweep, wall time including starting the worker threads (goal: 1,000 combinations < 2 s with 2 workers):',
    '',
    table(['sweep', 'workers', 'wall time', 'throughput'], sweeps),
  ].join('\n');
}
