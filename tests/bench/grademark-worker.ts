// grademark 0.3.0 on the canonical case (SmaCross 10/30 long only on GOOG) in a worker thread of the
// benchmark: its own heap, so its garbage never lands on the engine's measurements and the engine's
// never on its. The parent asks for blocks of runs in turn with the engine's (measure.ts).
// Its rows are built as plain object literals of one shape: rows built with a spread
// (`{ ...bar, fast, slow }`) make grademark about 2–3× slower, same trades — an unfair handicap the
// benchmark used before 2026-12 (it printed 22× where a fair run gives a few ×).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { serveBlocks } from './block-worker.ts';

const require = createRequire(join(workerData.root as string, 'package.json'));

const bars = readBarsCsv(readFileSync(join(workerData.root as string, 'data/samples/GOOG_1d.csv'), 'utf8'), 'GOOG_1d.csv', { symbol: 'GOOG' });
const smaOf = (p: number): number[] => {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < bars.length; i++) {
    s += bars.close[i];
    if (i >= p) s -= bars.close[i - p];
    out.push(i >= p - 1 ? s / p : NaN);
  }
  return out;
};
const fast = smaOf(10);
const slow = smaOf(30);
const { DataFrame } = require('data-forge');
const { backtest } = require('grademark');
// Its input, built once: a data-forge DataFrame with the SMAs (and their previous values) as columns.
const frame = new DataFrame(
  Array.from({ length: bars.length }, (_, i) => ({ date: new Date(bars.time[i]), open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i], fast: fast[i], slow: slow[i], pf: fast[i - 1], ps: slow[i - 1] })),
).bake();
type Bar = { bar: { fast: number; slow: number; pf: number; ps: number } };
const strategy = {
  lookbackPeriod: 1,
  entryRule: (enter: () => void, a: Bar) => {
    if (a.bar.pf < a.bar.ps && a.bar.fast > a.bar.slow) enter();
  },
  exitRule: (exit: () => void, a: Bar) => {
    if (a.bar.ps < a.bar.pf && a.bar.slow > a.bar.fast) exit();
  },
};
const run = () => backtest(strategy, frame) as unknown[];

serveBlocks({ grademark: run });
parentPort!.postMessage({ ready: true, trades: run().length });
