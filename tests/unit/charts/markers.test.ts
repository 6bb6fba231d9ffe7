// Chart markers without a canvas: placing them on their bars (app/charts/marker-plot.ts), the
// bridge's fills and signals as markers (app/state/chart-markers.ts) and a lab run's trades
// (app/lab/run-bars.ts).
import { describe, expect, it } from 'vitest';
import { barAt, labelsOnBar, markersIn, placeMarkers, type ChartMarker } from '../../../app/charts/marker-plot.ts';
import { fillMarkers, signalKind, signalMarkers } from '../../../app/state/chart-markers.ts';
import { tradeMarkers } from '../../../app/lab/run-bars.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import type { PortfolioJsonTrade } from '../../../shared/engine/backtest-result.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const time = Float64Array.from({ length: 5 }, (_, i) => T0 + i * DAY);
const m = (t: number, kind: ChartMarker['kind'], label: string, price = 10): ChartMarker => ({ time: t, price, kind, label });

describe('placeMarkers', () => {
  it('puts each marker on the bar it falls in, sorted by bar, and leaves out those outside the bars', () => {
    const p = placeMarkers(
      [m(T0 + 3 * DAY + 5, 'sell', 'c'), m(T0 + 1 * DAY, 'buy', 'a'), m(T0 - 1, 'buy', 'before'), m(T0 + 3 * DAY, 'signal-flat', 'd'), m(T0 + 5 * DAY, 'buy', 'after'), m(T0 + 2 * DAY, 'buy', 'nan', NaN)],
      time,
      false,
    );
    expect(p.count).toBe(3);
    expect(p.outside).toBe(3);
    expect(p.label).toEqual(['a', 'c', 'd']);
    expect(Array.from(p.bar)).toEqual([1, 3, 3]);
    expect(Array.from(p.x)).toEqual([(T0 + DAY) / 1000, (T0 + 3 * DAY) / 1000, (T0 + 3 * DAY) / 1000]);
    expect(Array.from(placeMarkers([m(T0 + 2 * DAY, 'buy', 'x')], time, true).x)).toEqual([2]);
    expect(labelsOnBar(p, 3)).toEqual(['c', 'd']);
    expect(labelsOnBar(p, 2)).toEqual([]);
    expect(markersIn(p, (T0 + 2 * DAY) / 1000, (T0 + 4 * DAY) / 1000)).toEqual({ from: 1, to: 3 });
    expect(markersIn(p, (T0 + DAY) / 1000, (T0 + DAY) / 1000)).toEqual({ from: 0, to: 1 });
    expect(barAt(time, T0 - 1)).toBe(-1);
    expect(barAt(time, T0 + 10 * DAY)).toBe(4);
  });
});

describe('fills and signals from the bridge', () => {
  const bars = { time, close: Float64Array.from([1, 2, 3, 4, 5]) } as unknown as BarSeries;

  it('draws the shown symbol’s fills as buys and sells and skips malformed rows and other instruments', () => {
    const ex = {
      a: { time: T0 + DAY, instrument: 'SPY', secType: 'STK', side: 'BUY', quantity: 100, price: 412.5, orderId: 1 },
      b: { time: T0 + 2 * DAY, instrument: 'SPY', secType: 'STK', side: 'SELL', quantity: 50, price: 413, orderId: 2 },
      c: { time: T0 + DAY, instrument: 'SPY   260116C00500000', secType: 'OPT', side: 'BUY', quantity: 1, price: 2, orderId: 3 },
      d: { time: 'soon', instrument: 'SPY', side: 'BUY', quantity: 1, price: 1 },
    };
    expect(fillMarkers(ex, 'SPY').map((x) => [x.kind, x.label]).sort()).toEqual([
      ['buy', 'Buy 100 @ 412.50'],
      ['sell', 'Sell 50 @ 413.00'],
    ]);
    expect(fillMarkers(undefined, 'SPY')).toEqual([]);
  });

  it('reads a decision’s side as long, short or flat, never guessing', () => {
    expect(['BUY', 'sell', 'HOLD', 'close', 'target 40 %', 'target -10%', 'target 0 %', 'maybe'].map(signalKind)).toEqual([
      'signal-long',
      'signal-short',
      'signal-flat',
      'signal-flat',
      'signal-long',
      'signal-short',
      'signal-flat',
      undefined,
    ]);
  });

  it('draws the strategies’ signals on the shown symbol at their bar’s close; a malformed row adds nothing', () => {
    const row = { id: 'x', strategy: 'sma_cross', symbols: ['SPY'], timeframes: ['1d'], allocation: 1, priority: 0, state: 'running', armed: true, capital: 1, openOrders: 0, trace: [] };
    const data = {
      'instance:x': { ...row, signals: [{ time: T0 + 2 * DAY + 60_000, symbol: 'SPY', side: 'BUY', confidence: 0.8, reason: 'cross' }, { time: T0, symbol: 'QQQ', side: 'SELL', reason: 'r' }] },
      'instance:y': { ...row, id: 'y', allocation: 7, signals: [{ time: T0, symbol: 'SPY', side: 'SELL', reason: 'r' }] },
    };
    expect(signalMarkers(data, 'SPY', bars)).toEqual([{ time: T0 + 2 * DAY + 60_000, price: 3, kind: 'signal-long', label: 'x: BUY 0.80 (cross)' }]);
  });
});

describe('a lab run’s trades', () => {
  it('marks each entry and exit at its bar and price: long entries buy, short entries sell', () => {
    const trade = (size: number, entryBar: number, exitBar: number, pnl: number | null): PortfolioJsonTrade => ({
      strategy: 's', symbol: 'SPY', entryBar, exitBar, entryTime: `e${entryBar}`, exitTime: `x${exitBar}`, size, entryPrice: 10, exitPrice: 12, pnl, commission: 0, returnPct: 0,
    });
    const got = tradeMarkers([trade(3, 0, 2, 6), trade(-1, 3, 4, null), { ...trade(2, 1, 2, 1), symbol: 'QQQ' }], 'SPY', time);
    expect(got).toEqual([
      { time: T0, price: 10, kind: 'buy', label: 'Entry e0: buy 3 shares @ 10.00' },
      { time: T0 + 2 * DAY, price: 12, kind: 'sell', label: 'Exit x2: sell 3 shares @ 12.00, P&L +6.00' },
      { time: T0 + 3 * DAY, price: 10, kind: 'sell', label: 'Entry e3: sell short 1 share @ 10.00' },
      { time: T0 + 4 * DAY, price: 12, kind: 'buy', label: 'Exit x4: buy to cover 1 share @ 12.00' },
    ]);
  });
});
