// The wheel backtest of the benchmark in a worker thread of its own (block-worker.ts): a fresh
// isolate, so the run does not pay for the heap the other sections of `npm run bench` leave behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { runPortfolioBacktest, type PortfolioRun } from '../../shared/engine/backtest.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import { ZERO_COSTS } from '../../shared/broker/costs.ts';
import { ready } from '../../shared/indicators/index.ts';
import { SyntheticOptionQuotes } from '../../shared/options/synthetic-chain.ts';
import { WheelStrategy } from '../../shared/strategies/wheel/wheel-strategy.ts';
import { wheelDefaults, type WheelConfig } from '../../shared/strategies/wheel/config.ts';
import { serveBlocks } from './block-worker.ts';

await ready();
const bars = readBarsCsv(readFileSync(join(workerData.root as string, 'data/samples/SPY_1d.csv'), 'utf8'), 'SPY_1d.csv', { symbol: 'SPY' });
const base = wheelDefaults({ marginUsage: 1, targetDte: 30, rollDte: 7, symbols: new Map([['SPY', { weight: 1 }]]) });
const config: WheelConfig = { ...base, target: { ...base.target, maxDte: 180 }, rollWhen: { ...base.rollWhen, pnl: 0.9 } };
let last: PortfolioRun | undefined;
const once = () =>
  (last = runPortfolioBacktest({
    market: new MarketData([bars]),
    sleeves: [
      {
        id: 'wheel',
        strategy: 'wheel',
        symbols: ['SPY'],
        timeframes: ['1d'],
        allocation: 1,
        priority: 0,
        minConfidence: 0,
        allowShort: true,
        create: (symbols) => new WheelStrategy(config, symbols),
      },
    ],
    settings: { initialCash: 100_000, sizeFraction: 1, fill: 'next_open', finalizeTrades: false, costs: ZERO_COSTS, risk: {}, allowShort: true },
    options: new SyntheticOptionQuotes([bars]),
  }));
once();
const day = (i: number) => new Date(bars.time[i]).toISOString().slice(0, 10);
serveBlocks({ backtest: once });
parentPort!.postMessage({
  ready: true,
  bars: bars.length,
  from: day(0),
  to: day(bars.length - 1),
  fills: last!.orders.length,
  assignments: last!.orders.filter((o) => o.reason === 'assignment' && o.instrument === 'SPY').length,
});
