// The warm-up a live run asks history for (shared/engine/warm-up.ts): the same count the engine's own
// warm-up gives on real bars (a backtest's first deciding bar = W + 1), for strategies with one
// indicator, several, a multi-output one and none; a coarser frame's lookback counts in primary bars.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../shared/indicators/index.ts';
import { runBacktest } from '../../../shared/engine/backtest.ts';
import { warmUpBars } from '../../../shared/engine/warm-up.ts';
import { SmaCross } from '../../../shared/strategies/sma-cross.ts';
import { RsiReversion } from '../../../shared/strategies/rsi-reversion.ts';
import { BollingerReversion } from '../../../shared/strategies/bollinger-reversion.ts';
import { BuyAndHold } from '../../../shared/strategies/buy-and-hold.ts';
import { NO_INTENTS, type Strategy } from '../../../shared/strategies/strategy.ts';
import { settings } from './support.ts';
import { daily, sleeve } from './portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

const cases: [string, (symbols: readonly string[]) => Strategy, number][] = [
  ['sma_cross 20/50', (s) => new SmaCross({ fast: 20, slow: 50, direction: 'long_only' }, s), 50],
  ['sma_cross 20/100', (s) => new SmaCross({ fast: 20, slow: 100, direction: 'long_only' }, s), 100],
  ['rsi_reversion 14', (s) => new RsiReversion({ period: 14, buy_below: 30, sell_above: 70 }, s), 15],
  ['bollinger_reversion 20', (s) => new BollingerReversion({ period: 20, k: 2 }, s), 20],
  ['buy_and_hold', (s) => new BuyAndHold(s), 1],
];

describe('warmUpBars', () => {
  it.each(cases)('%s: the bars before its first decision, as the engine counts them on real bars', (_name, make, bars) => {
    expect(warmUpBars(sleeve('s', make, { symbols: ['SPY'] }))).toBe(bars);
    const run = runBacktest({ bars: daily('SPY', '2005-01-03', '2007-12-31'), strategy: make(['SPY']), settings: settings() });
    expect(run.warmup + 1).toBe(bars);
  });

  it('counts a weekly indicator of a daily strategy in sessions (5 a week)', () => {
    const weekly = (symbols: readonly string[]): Strategy => ({
      name: 'weekly',
      type: 'stocks',
      symbols,
      timeframes: ['1D'],
      schema: {} as Strategy['schema'],
      onBar: () => NO_INTENTS,
      init: (ctx) => {
        ctx.indicator('SMA', { period: 10 }, undefined, { timeframe: '1w' });
        ctx.indicator('SMA', { period: 30 });
      },
    });
    expect(warmUpBars(sleeve('w', weekly, { symbols: ['SPY'] }))).toBe(50);
  });
});
