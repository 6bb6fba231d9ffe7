// backtest-model.md §5.3: intraday bars are annualised by their calendar days (backtesting.py's
// `equity.resample('D').last()` rule), so a 1-minute backtest's annual return, volatility and CAGR tell
// one story; daily bars are untouched (each bar is its own day).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annualisedReturns, computeMetrics, computeStats, dayEndEquity, simpleReturns, type AnalyticsInput } from '../../../shared/analytics/index.ts';
import { runPortfolioBacktest } from '../../../shared/engine/backtest.ts';
import { backtestResult, barLabel, portfolioResult, type BacktestResult } from '../../../shared/engine/backtest-result.ts';
import { ready } from '../../../shared/indicators/index.ts';
import { loadBacktestJob } from '../../../bridge/backtest/job.ts';
import { googBars, utc } from '../../support/goog-canonical.ts';
import { smaCrossVectorized } from '../../reference/backtest/sma-cross-vectorized.ts';
import { ROOT } from '../../support/source-rules.ts';

/** The RSI-reversion example (data/examples/rsi-reversion-spy.toml) on the SPY 1-minute sample, as `npm run backtest` runs it. */
async function rsiOnOneMinute(): Promise<{ result: BacktestResult; labels: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mt-intraday-'));
  const file = join(dir, 'rsi-1m.toml');
  const example = await readFile(join(ROOT, 'data/examples/rsi-reversion-spy.toml'), 'utf8');
  await writeFile(file, example.replace('../samples/SPY_1d.csv', join(ROOT, 'data/samples/SPY_1m.csv')));
  const job = await loadBacktestJob(file);
  const run = runPortfolioBacktest({ market: job.market, sleeves: job.sleeves, settings: job.settings });
  const bars = job.market.symbols[0].bars;
  const sleeve = run.sleeves[0];
  const one = { equity: run.equity, trades: sleeve.trades, warmup: sleeve.warmup, orders: run.orders, riskEvents: run.riskEvents, openPosition: 0 };
  const labels = Array.from({ length: bars.length }, (_v, i) => barLabel(bars, i));
  return { result: backtestResult(bars, one), labels };
}

const sd = (x: ArrayLike<number>) => {
  const m = Array.from(x).reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(Array.from(x).reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
};

describe('intraday annualisation (§5.3)', () => {
  let r: BacktestResult;
  let labels: string[];
  beforeAll(async () => {
    await ready();
    ({ result: r, labels } = await rsiOnOneMinute());
  }, 60_000);

  it('annualises the 1-minute RSI run by its trading days: volatility and annual return agree with the CAGR', () => {
    const { stats, metrics } = r;
    expect(labels).toHaveLength(24_570);
    expect(stats.cagrPct).toBeCloseTo(-34.71, 2); // calendar years: unchanged
    // Before §5.3 the same run showed an annual return of −0.10 % and an annual volatility of 0.40 %.
    expect(metrics.annualReturn * 100).toBeCloseTo(-34.12, 2);
    expect(metrics.annualVolatility * 100).toBeCloseTo(8.52, 2);
    expect(Math.abs(metrics.annualReturn * 100 - stats.cagrPct)).toBeLessThan(2);
    expect(Math.abs(stats.returnAnnPct - stats.cagrPct)).toBeLessThan(2);
    expect(stats.volatilityAnnPct).toBeGreaterThan(5);
    expect(stats.sharpeRatio).toBeCloseTo(stats.returnAnnPct / stats.volatilityAnnPct, 12);
  });

  it('the day returns are the last equity of each exchange-local date (read from the bar labels), annualised with P = 252', () => {
    // An independent path: group by the local date printed in each bar's ISO label.
    const lastOfDay = new Map<string, number>();
    labels.forEach((l, i) => lastOfDay.set(l.slice(0, 10), r.equity[i]));
    const days = [...lastOfDay.values()];
    const dayR = days.slice(1).map((e, d) => e / days[d] - 1);
    expect(days.length).toBe(63); // the sessions 2024-02-20 … 2024-05-17
    expect(r.metrics.nReturns).toBe(dayR.length);
    expect(r.metrics.annualVolatility).toBeCloseTo(sd(dayR) * Math.sqrt(252), 12);
    const growth = dayR.reduce((a, x) => a * (1 + x), 1);
    expect(r.metrics.annualReturn).toBeCloseTo(growth ** (252 / dayR.length) - 1, 12);
    const g = Math.exp(dayR.reduce((a, x) => a + Math.log(1 + x), 0) / dayR.length) - 1;
    expect(r.stats.returnAnnPct).toBeCloseTo(((1 + g) ** 252 - 1) * 100, 9);
  });

  it('a portfolio on intraday bars is annualised by day too, the total and every sleeve', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-intraday-'));
    const file = join(dir, 'two-1m.toml');
    const sleeve = (id: string, strategy: string) => `[strategies.${id}]\nstrategy = "${strategy}"\nallocation = 0.5\n`;
    await writeFile(file, `[data]\ncsv = "${join(ROOT, 'data/samples/SPY_1m.csv')}"\nsymbol = "SPY"\n${sleeve('a', 'rsi_reversion')}${sleeve('b', 'sma_cross')}`);
    const job = await loadBacktestJob(file);
    const p = portfolioResult(runPortfolioBacktest({ market: job.market, sleeves: job.sleeves, settings: job.settings }), job.market, job.benchmark.bars);
    for (const x of [p, ...p.sleeves]) {
      expect(x.metrics.nReturns).toBe(62); // 63 trading days
      expect(Math.abs(x.metrics.annualReturn * 100 - x.stats.cagrPct)).toBeLessThan(3);
    }
  });

  it('a bar after midnight UTC belongs to its exchange-local date', () => {
    // 2024-03-04 19:59 ET = 00:59 UTC on the 5th; 2024-03-05 09:30 ET = 14:30 UTC.
    const times = [Date.parse('2024-03-04T14:30:00Z'), Date.parse('2024-03-05T00:59:00Z'), Date.parse('2024-03-05T14:30:00Z')];
    const equity = [100, 110, 121];
    expect(Array.from(dayEndEquity(times, equity, [-300, -300, -300]))).toEqual([110, 121]);
    expect(Array.from(dayEndEquity(times, equity))).toEqual([100, 121]); // UTC dates without offsets
  });

  it('daily bars are unchanged: the returns are the per-bar ones and the stats equal those without offsets', () => {
    const bars = googBars();
    const ref = smaCrossVectorized(bars, {});
    expect(Array.from(annualisedReturns(bars.time, ref.equity))).toEqual(Array.from(simpleReturns(ref.equity)));
    const input: AnalyticsInput = { times: bars.time, equity: ref.equity, close: bars.close, warmup: ref.warmup, trades: ref.trades };
    const shifted = { ...input, utcOffsetMin: new Float64Array(bars.length).fill(-300) };
    expect(computeStats(shifted)).toEqual(computeStats(input));
    expect(computeMetrics(shifted)).toEqual(computeMetrics(input));
    // Weekly bars, each its own day, keep their per-bar returns too.
    const weekly = ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22'].map(utc);
    expect(Array.from(annualisedReturns(weekly, [100, 101, 99, 102]))).toEqual(Array.from(simpleReturns([100, 101, 99, 102])));
  });
});
