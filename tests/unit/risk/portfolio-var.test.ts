// One-day historical VaR at 95 % of a portfolio from its positions' dollar deltas and the underlyings'
// real daily closes (SPY and QQQ samples): a stock position's VaR is the 5th-percentile loss of
// shares × last close × the daily returns; a short put adds its model delta's exposure; underlyings are
// aligned by date; a position without closes is named as missing, not guessed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { formatIsoDate } from '../../../shared/data/iso-time.ts';
import { dailyCloses, portfolioVar, positionDelta, type DailyCloses } from '../../../shared/risk/portfolio-var.ts';
import { ROOT } from '../../support/source-rules.ts';

function closesOf(file: string, symbol: string, to: string): DailyCloses {
  const b = readBarsCsv(readFileSync(join(ROOT, 'data/samples', file), 'utf8'), file, { symbol });
  const dates: number[] = [];
  const closes: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const iso = formatIsoDate(b.time[i]);
    if (iso > to) break;
    dates.push(Number(iso.replaceAll('-', '')));
    closes.push(b.close[i]);
  }
  return { dates, closes };
}

/** numpy's linear percentile, written out (independent of the shared analytics). */
function pctl(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = ((s.length - 1) * q) / 100;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

const SPY = closesOf('SPY_1d.csv', 'SPY', '2012-02-17');
const QQQ = closesOf('QQQ_1d.csv', 'QQQ', '2012-02-17');

describe('portfolio VaR', () => {
  it('100 SPY: the 5th-percentile loss of 100 × last close × each of the last 250 daily returns', () => {
    const v = portfolioVar([{ symbol: 'SPY', secType: 'STK', quantity: 100 }], new Map([['SPY', SPY]]));
    const n = SPY.closes.length;
    const last = SPY.closes[n - 1];
    const pnl: number[] = [];
    for (let i = n - 250; i < n; i++) pnl.push(100 * last * (SPY.closes[i] / SPY.closes[i - 1] - 1));
    expect(v.days).toBe(250);
    expect(v.var95).toBeCloseTo(-pctl(pnl, 5), 9);
    expect(v.var95).toBeGreaterThan(0.005 * 100 * last); // a real loss, not zero
    expect(v.missing).toEqual([]);
  });

  it('a short put near the money adds about half the shares’ exposure, in the same direction', () => {
    const n = SPY.closes.length;
    const spot = SPY.closes[n - 1];
    const put = { symbol: 'SPY', secType: 'OPT', quantity: -1, multiplier: 100, right: 'P' as const, strike: Math.round(spot), expiry: '20120316' };
    const d = positionDelta(put, SPY);
    expect(d.delta).toBeLessThan(-0.3);
    expect(d.delta).toBeGreaterThan(-0.7);
    expect(d.dollarDelta).toBeCloseTo(-1 * 100 * d.delta * spot, 9);
    const stock = portfolioVar([{ symbol: 'SPY', secType: 'STK', quantity: 100 }], new Map([['SPY', SPY]]));
    const both = portfolioVar([{ symbol: 'SPY', secType: 'STK', quantity: 100 }, put], new Map([['SPY', SPY]]));
    // Linear in the exposure: VaR scales with the summed dollar delta.
    expect(both.var95 / stock.var95).toBeCloseTo((100 * spot + d.dollarDelta) / (100 * spot), 9);
  });

  it('two underlyings are aligned by date; a position without closes is named and left out', () => {
    const v = portfolioVar(
      [
        { symbol: 'SPY', secType: 'STK', quantity: 50 },
        { symbol: 'QQQ', secType: 'STK', quantity: -80 },
        { symbol: 'ZZZ', secType: 'STK', quantity: 10 },
      ],
      new Map([
        ['SPY', SPY],
        ['QQQ', { dates: Array.from(QQQ.dates).filter((_, i) => i % 10 !== 3), closes: Array.from(QQQ.closes).filter((_, i) => i % 10 !== 3) }],
      ]),
      100,
    );
    expect(v.missing).toEqual(['ZZZ: no daily closes']);
    expect(v.days).toBe(100);
    expect(v.var95).toBeGreaterThan(0);
  });

  it('reads the app protocol’s bars: YYYYMMDD daily stamps and epoch-second intraday ones', () => {
    expect(dailyCloses([{ time: '20120216', close: 134.1 }, { time: '1329490800', close: 135 }, { time: 'x', close: 1 }, { time: '20120221', close: 0 }])).toEqual({ dates: [20120216, 20120217], closes: [134.1, 135] });
  });
});
