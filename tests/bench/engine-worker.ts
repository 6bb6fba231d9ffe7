// The engine's side of the backtest benchmark in a worker thread (block-worker.ts): the canonical run
// (SmaCross 10/30 on GOOG) in its variants and the vectorised floor, each in a fresh isolate like
// grademark's (grademark-worker.ts), so neither pays for the other's heap.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { ready } from '../../shared/indicators/index.ts';
import { runBacktest } from '../../shared/engine/backtest.ts';
import { backtestResult } from '../../shared/engine/backtest-result.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import { SmaCross } from '../../shared/strategies/sma-cross.ts';
import { ZERO_COSTS } from '../../shared/broker/costs.ts';
import { serveBlocks } from './block-worker.ts';

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

await ready();
const bars = readBarsCsv(readFileSync(join(workerData.root as string, 'data/samples/GOOG_1d.csv'), 'utf8'), 'GOOG_1d.csv', { symbol: 'GOOG' });
const settings = { initialCash: 10_000, sizeFraction: 1 - 2 ** -52, fill: 'next_open' as const, finalizeTrades: true, costs: ZERO_COSTS, risk: {}, allowShort: true };
const strategy = (direction: 'long_short' | 'long_only') => new SmaCross({ fast: 10, slow: 30, direction }, ['GOOG']);
const market = new MarketData([bars]);
serveBlocks({
  full: () => runBacktest({ bars, strategy: strategy('long_short'), settings }),
  longOnly: () => runBacktest({ bars, strategy: strategy('long_only'), settings }),
  cached: () => runBacktest({ bars, strategy: strategy('long_short'), settings, market }),
  withStats: () => backtestResult(bars, runBacktest({ bars, strategy: strategy('long_short'), settings })),
  floor: () => vectorisedSmaCross(bars.open, bars.close, 10, 30),
});
parentPort!.postMessage({ ready: true });
