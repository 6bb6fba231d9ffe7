// The heap a portfolio run adds, for `npm run bench` (portfolio.ts): needs global.gc, so the bench
// runs it as `node --expose-gc --import tsx tests/bench/portfolio-heap.ts <instances>`, which prints
// one JSON line (HeapReport). The bars are built first and GC forced for the baseline; the run (its
// MarketData, indicators and result included) is sampled every 50 steps for the peak; after it, GC is
// forced again with the result still referenced for what it retains.
import { pathToFileURL } from 'node:url';
import { runPortfolioBacktest, type PortfolioRun } from '../../shared/engine/backtest.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import { ready } from '../../shared/indicators/index.ts';
import { PORTFOLIO_SETTINGS, portfolioSeries, portfolioSleeves, type HeapReport } from './portfolio.ts';

/** Keeps the run reachable through the last GC. */
let kept: PortfolioRun | undefined;

export async function measureHeap(instances: number): Promise<HeapReport> {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') throw new Error('measureHeap needs node --expose-gc');
  await ready();
  const series = portfolioSeries(instances);
  const sleeves = portfolioSleeves(series.map((s) => s.symbol));
  gc();
  gc();
  const base = process.memoryUsage();
  let peakHeap = 0;
  let peakTotal = 0;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    samples++;
    peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
    peakTotal = Math.max(peakTotal, m.heapUsed + m.external - base.heapUsed - base.external);
  };
  const market = new MarketData(series);
  kept = runPortfolioBacktest({ market, sleeves, settings: PORTFOLIO_SETTINGS, onProgress: sample, progressEvery: 50 });
  sample();
  gc();
  gc();
  const after = process.memoryUsage();
  return {
    instances,
    steps: kept.timeline.length,
    fills: kept.orders.length,
    peakHeap,
    retainedHeap: after.heapUsed - base.heapUsed,
    peakTotal,
    retainedTotal: after.heapUsed + after.external - base.heapUsed - base.external,
    samples,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  measureHeap(Number(process.argv[2] ?? 50)).then(
    (r) => console.log(JSON.stringify(r)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
