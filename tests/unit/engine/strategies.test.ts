// The built-in strategies on real data: each engine run equals an independent replay of the
// strategy's rule over the indicator arrays (decide at bar i's close, fill at bar i+1's open).
import { beforeAll, describe, expect, it } from 'vitest';
import { bbands, ready, rsi } from '../../../shared/indicators/index.ts';
import { RsiReversion } from '../../../shared/strategies/rsi-reversion.ts';
import { BollingerReversion } from '../../../shared/strategies/bollinger-reversion.ts';
import { BuyAndHold } from '../../../shared/strategies/buy-and-hold.ts';
import { createStrategy, RUNNABLE_STRATEGIES } from '../../../shared/strategies/registry.ts';
import { sampleSeries } from '../../support/indicator-data.ts';
import { googBars } from '../../support/goog-canonical.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { readFileSync } from 'node:fs';
import { run } from './support.ts';

beforeAll(async () => {
  await ready();
});

const spy = (): BarSeries => readBarsCsv(readFileSync(new URL('../../../data/samples/SPY_1d.csv', import.meta.url), 'utf8'), 'SPY_1d.csv');

/** Entry/exit bars of a long-only rule replayed independently: flat & enter(i) → buy at i+1; long & exit(i) → sell at i+1. */
function replay(n: number, warmup: number, enter: (i: number) => boolean, exit: (i: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let entry = -1;
  let pendingEntry = false;
  let pendingExit = false;
  for (let i = 0; i < n; i++) {
    if (pendingExit) {
      out.push([entry, i]);
      entry = -1;
      pendingExit = false;
    }
    if (pendingEntry) {
      entry = i;
      pendingEntry = false;
    }
    if (i <= warmup) continue;
    if (entry < 0 && !pendingEntry && enter(i)) pendingEntry = true;
    else if (entry >= 0 && exit(i)) pendingExit = true;
  }
  if (entry >= 0) out.push([entry, n - 1]); // finalize_trades
  return out;
}

describe('rsi_reversion (long only)', () => {
  it('buys when flat and RSI < buy_below, closes when long and RSI > sell_above — on SPY daily', () => {
    const bars = spy();
    const r = rsi(bars, { period: 14 });
    const result = run(bars, new RsiReversion({ period: 14, buy_below: 30, sell_above: 70 }, ['SPY']));
    const want = replay(bars.length, 14, (i) => r[i] < 30, (i) => r[i] > 70);
    expect(result.trades.map((t) => [t.entryBar, t.exitBar])).toEqual(want);
    expect(want.length).toBeGreaterThan(10);
    expect(result.trades.every((t) => t.size > 0)).toBe(true);
    expect(result.trades[0].entryPrice).toBe(bars.open[result.trades[0].entryBar]);
  });
});

describe('bollinger_reversion (long only)', () => {
  it('buys below the lower band (population stdev), exits above the middle band — on GOOG', () => {
    const bars = googBars();
    const bb = bbands(bars, { period: 20, devUp: 2, devDown: 2 });
    const result = run(bars, new BollingerReversion({ period: 20, k: 2 }, ['GOOG']));
    const want = replay(bars.length, 19, (i) => bars.close[i] < bb.lower[i], (i) => bars.close[i] > bb.middle[i]);
    expect(result.trades.map((t) => [t.entryBar, t.exitBar])).toEqual(want);
    expect(want.length).toBeGreaterThan(5);
  });
});

describe('buy_and_hold', () => {
  it('buys at the open of bar 2 (first decision at bar 1) and holds to the end', () => {
    for (const s of sampleSeries().filter((x) => x.name.endsWith('_1d.csv'))) {
      const bars = readBarsCsv(readFileSync(new URL(`../../../data/samples/${s.name}`, import.meta.url), 'utf8'), s.name);
      const result = run(bars, new BuyAndHold([s.name.split('_')[0]]));
      expect(result.trades).toHaveLength(1);
      expect(result.trades[0].entryBar).toBe(2);
      expect(result.trades[0].exitBar).toBe(bars.length - 1);
      expect(result.trades[0].size).toBe(Math.floor((10_000 * (1 - 2 ** -52)) / bars.open[2]));
    }
  });
});

describe('strategy registry', () => {
  it('creates the runnable strategies by name', () => {
    expect(RUNNABLE_STRATEGIES).toEqual(expect.arrayContaining(['sma_cross', 'rsi_reversion', 'bollinger_reversion', 'buy_and_hold']));
    expect(createStrategy('sma_cross', { fast: 5, slow: 20 }, ['X']).name).toBe('sma_cross');
  });
  it('names a typo in a strategy name, a known-but-not-runnable one, and an unknown parameter', () => {
    expect(() => createStrategy('sma_crosss', {}, ['X'])).toThrow("strategies: parameter 'sma_crosss' is not a known strategy (known: ");
    expect(() => createStrategy('wheel', {}, ['X'])).toThrow("'wheel' is configured but cannot run in the engine yet");
    expect(() => createStrategy('sma_cross', { fsat: 3 }, ['X'])).toThrow("sma_cross: parameter 'fsat' is unknown");
  });
});
