// The rebalance strategy on small hand-made daily bars: first allocation, the schedule, the band,
// buy_only / sell_only (and per-symbol overrides), sells before buys, cash left by weights < 1,
// funding and capping of buys, the tags, and its parameters through the registry.
import { describe, expect, it } from 'vitest';
import { ZERO_COSTS } from '../../../shared/broker/costs.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { formatIsoDate, isoWeekday, MS_PER_DAY } from '../../../shared/data/iso-time.ts';
import type { OrderIntent, TargetIntent } from '../../../shared/domain/intent.ts';
import { runPortfolioBacktest, type PortfolioRun } from '../../../shared/engine/backtest.ts';
import type { EngineSettings } from '../../../shared/engine/engine.ts';
import { MarketData } from '../../../shared/engine/market-data.ts';
import { BUY_CUSHION, periodKey, Rebalance, type RebalanceParams } from '../../../shared/strategies/rebalance.ts';
import { createStrategy } from '../../../shared/strategies/registry.ts';
import type { BarContext } from '../../../shared/strategies/strategy.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Weekdays from `from` to `to` inclusive, as epoch ms (UTC midnight). */
function weekdays(from: string, to: string): number[] {
  const out: number[] = [];
  for (let t = day(from); t <= day(to); t += MS_PER_DAY) if (isoWeekday(t / MS_PER_DAY) <= 5) out.push(t);
  return out;
}

/** Daily bars of `symbol` at `times` whose open and close are both `price(date)` (flat days). */
function bars(symbol: string, times: readonly number[], price: (date: string, i: number) => number): BarSeries {
  const n = times.length;
  const p = Float64Array.from(times, (t, i) => price(formatIsoDate(t), i));
  return {
    symbol,
    timeframe: '1d',
    length: n,
    time: Float64Array.from(times),
    end: Float64Array.from(times, (t) => t + MS_PER_DAY),
    open: p,
    high: p.slice(),
    low: p.slice(),
    close: p.slice(),
    volume: new Float64Array(n).fill(1e6),
  };
}

const SETTINGS: EngineSettings = { initialCash: 10_000, sizeFraction: 1 - 2 ** -52, fill: 'next_open', finalizeTrades: false, allowShort: false, risk: {}, costs: ZERO_COSTS };

interface Decision {
  readonly date: string;
  readonly intents: readonly TargetIntent[];
}

function run(series: readonly BarSeries[], params: Partial<RebalanceParams>, settings: EngineSettings = SETTINGS): { run: PortfolioRun; decisions: Decision[]; trades: Decision[]; qty: (symbol: string, date: string) => number; cash: (date: string) => number } {
  const symbols = series.map((s) => s.symbol);
  const strategy = new Rebalance({ mode: 'band', band: 0.05, frequency: 'monthly', ...params }, symbols);
  const decisions: Decision[] = [];
  const decide = strategy.onBar.bind(strategy);
  strategy.onBar = (ctx: BarContext): readonly OrderIntent[] => {
    const intents = decide(ctx);
    decisions.push({ date: formatIsoDate(ctx.time), intents: intents as readonly TargetIntent[] });
    return intents;
  };
  const market = new MarketData(series);
  const r = runPortfolioBacktest({
    market,
    sleeves: [{ id: 'rb', strategy: 'rebalance', symbols, timeframes: ['1d'], allocation: 1, priority: 0, minConfidence: 0, allowShort: false, create: () => strategy }],
    settings,
  });
  const step = (date: string) => market.timeline.indexOf(day(date));
  const qty = (symbol: string, date: string) => r.orders.filter((o) => o.instrument === symbol && o.bar <= step(date)).reduce((s, o) => s + o.qty, 0);
  const cash = (date: string) => r.orders.filter((o) => o.bar <= step(date)).reduce((c, o) => c - o.qty * o.price - o.commission, settings.initialCash);
  return { run: r, decisions, trades: decisions.filter((d) => d.intents.length > 0), qty, cash };
}

const fills = (r: PortfolioRun) => r.orders.map((o) => [formatIsoDate(o.time), o.instrument, o.qty, o.price]);

describe('rebalance: first allocation', () => {
  it('buys every symbol to its target at the open after the first decision (bar 1)', () => {
    const t = weekdays('2024-01-02', '2024-01-31');
    const r = run([bars('AAA', t, () => 100), bars('BBB', t, () => 50)], { weights: { AAA: 0.6, BBB: 0.4 } });
    expect(r.trades.map((d) => d.date)).toEqual(['2024-01-03']);
    expect(r.trades[0].intents).toEqual([
      { action: 'target', instrument: 'AAA', weight: 0.6, tag: 'AAA 0.0 % → 60 % target (first allocation)' },
      { action: 'target', instrument: 'BBB', weight: 0.4, tag: 'BBB 0.0 % → 40 % target (first allocation)' },
    ]);
    expect(fills(r.run)).toEqual([
      ['2024-01-04', 'AAA', 60, 100],
      ['2024-01-04', 'BBB', 80, 50],
    ]);
    expect(r.cash('2024-01-31')).toBe(0);
    expect(r.run.riskEvents).toEqual([]);
  });

  it('equal weights when none are given; the first allocation happens in every mode', () => {
    const t = weekdays('2024-01-02', '2024-01-10');
    for (const mode of ['band', 'buy_only', 'sell_only'] as const) {
      const r = run([bars('AAA', t, () => 100), bars('BBB', t, () => 50), bars('CCC', t, () => 25)], { mode });
      expect(fills(r.run), mode).toEqual([
        ['2024-01-04', 'AAA', 33, 100],
        ['2024-01-04', 'BBB', 66, 50],
        ['2024-01-04', 'CCC', 133, 25],
      ]);
    }
  });
});

describe('rebalance: the schedule', () => {
  // AAA gains 1 % a day against a flat BBB, so it keeps drifting out of its band. Markets closed on
  // 2024-01-15 and 2024-02-19 (Mondays): those weeks start on the Tuesday.
  const t = weekdays('2024-01-02', '2024-03-29').filter((x) => !['2024-01-15', '2024-02-19'].includes(formatIsoDate(x)));
  const series = () => [bars('AAA', t, (_d, i) => 100 * 1.01 ** i), bars('BBB', t, () => 50)];

  it('monthly (default): decides every bar, trades only on the first trading day of each month', () => {
    const r = run(series(), { weights: { AAA: 0.5, BBB: 0.5 } });
    expect(r.decisions).toHaveLength(t.length - 1);
    expect(r.trades.map((d) => d.date)).toEqual(['2024-01-03', '2024-02-01', '2024-03-01']);
    // Filled at the next open; nothing mid-month.
    expect([...new Set(r.run.orders.map((o) => formatIsoDate(o.time)))]).toEqual(['2024-01-04', '2024-02-02', '2024-03-04']);
    // 49 AAA at 102.01 and 100 BBB at 50; on 2024-02-01 AAA is at 100 × 1.01^21 = 123.24 (20 trading days later).
    expect(r.trades[1].intents.map((i) => i.tag)).toEqual(['AAA 54.7 % → 50 % target (band 5 %)', 'BBB 45.3 % → 50 % target (band 5 %)']);
  });

  it('weekly (ISO weeks, first bar of each week), quarterly and daily', () => {
    // A 1 % band: a week's drift (AAA ≈ 50 % → 51.2 %) is outside it.
    const weekly = run(series(), { weights: { AAA: 0.5, BBB: 0.5 }, frequency: 'weekly', band: 0.01 });
    const firstOfWeek = t.filter((x, i) => i > 1 && (isoWeekday(x / MS_PER_DAY) === 1 || ['2024-01-16', '2024-02-20'].includes(formatIsoDate(x)))).map(formatIsoDate);
    expect(firstOfWeek).toHaveLength(12);
    // 2024-01-08, two days after the allocation filled, AAA is at 50.48 %: still inside 50 % ± 0.5 %.
    expect(weekly.trades.map((d) => d.date)).toEqual(['2024-01-03', ...firstOfWeek.slice(1)]);
    // With the default 5 % band (50 % ± 2.5 %) only every third week is far enough off (≈ +1.2 % a week).
    const weeklyBand = run(series(), { weights: { AAA: 0.5, BBB: 0.5 }, frequency: 'weekly' });
    expect(weeklyBand.trades.map((d) => d.date)).toEqual(['2024-01-03', '2024-01-22', '2024-02-12', '2024-03-04', '2024-03-25']);
    const quarterly = run(series(), { weights: { AAA: 0.5, BBB: 0.5 }, frequency: 'quarterly' });
    expect(quarterly.trades.map((d) => d.date)).toEqual(['2024-01-03']);
    // Daily with a 1 % band: AAA's weight gains ≈ 0.25 % a day, outside 50 % ± 0.5 % every other day.
    const daily = run(series(), { weights: { AAA: 0.5, BBB: 0.5 }, frequency: 'daily', band: 0.01 });
    expect(daily.trades.length).toBeGreaterThan(t.length / 3);
    expect(daily.trades.some((d) => isoWeekday(day(d.date) / MS_PER_DAY) === 3 && d.date.slice(8) !== '01')).toBe(true);
  });

  it('period keys: a holiday-shifted first trading day still starts its period', () => {
    expect(periodKey(day('2024-01-31'), 'monthly')).not.toBe(periodKey(day('2024-02-01'), 'monthly'));
    expect(periodKey(day('2024-02-01'), 'monthly')).toBe(periodKey(day('2024-02-29'), 'monthly'));
    expect(periodKey(day('2024-03-29'), 'quarterly')).not.toBe(periodKey(day('2024-04-01'), 'quarterly'));
    expect(periodKey(day('2024-04-01'), 'quarterly')).toBe(periodKey(day('2024-06-28'), 'quarterly'));
    // ISO weeks run Monday to Sunday: 2024-12-30 (Mon) .. 2025-01-05 (Sun) are one week.
    expect(periodKey(day('2024-12-30'), 'weekly')).toBe(periodKey(day('2025-01-05'), 'weekly'));
    expect(periodKey(day('2025-01-05'), 'weekly')).not.toBe(periodKey(day('2025-01-06'), 'weekly'));
    expect(periodKey(day('2024-12-31'), 'daily')).not.toBe(periodKey(day('2025-01-01'), 'daily'));
  });
});

describe('rebalance: the band (relative to the target)', () => {
  // After the allocation (50 AAA at 100, 100 BBB at 50), AAA jumps on 2024-01-22.
  const t = weekdays('2024-01-02', '2024-02-09');
  const series = (jump: number) => [bars('AAA', t, (d) => (d >= '2024-01-22' ? jump : 100)), bars('BBB', t, () => 50)];

  it('inside the band: no trade (AAA 51.9 % against 50 % ± 2.5 %)', () => {
    const r = run(series(108), { weights: { AAA: 0.5, BBB: 0.5 } });
    expect(r.trades.map((d) => d.date)).toEqual(['2024-01-03']);
    expect(r.run.orders).toHaveLength(2);
  });

  it('outside the band: both back to target (AAA 53.1 %, BBB 46.9 %)', () => {
    const r = run(series(113), { weights: { AAA: 0.5, BBB: 0.5 } });
    expect(r.trades.map((d) => d.date)).toEqual(['2024-01-03', '2024-02-01']);
    expect(r.trades[1].intents.map((i) => i.tag)).toEqual(['AAA 53.1 % → 50 % target (band 5 %)', 'BBB 46.9 % → 50 % target (band 5 %)']);
    // Equity 10,650: AAA trunc(5325 / 113) = 47, BBB trunc(5325 / 50) = 106.
    expect(fills(r.run).slice(2)).toEqual([
      ['2024-02-02', 'AAA', -3, 113],
      ['2024-02-02', 'BBB', 6, 50],
    ]);
  });

  it('a wider band leaves the same drift alone', () => {
    const r = run(series(113), { weights: { AAA: 0.5, BBB: 0.5 }, band: 0.1 });
    expect(r.run.orders).toHaveLength(2);
  });
});

describe('rebalance: buy_only, sell_only and per-symbol overrides', () => {
  // Weights 0.4 / 0.4 leave 20 % cash: 40 AAA at 100, 80 BBB at 50, 2000 cash; then AAA rises to 120
  // (equity 10,800: AAA 44.4 %, BBB 37.0 %).
  const t = weekdays('2024-01-02', '2024-02-09');
  const series = () => [bars('AAA', t, (d) => (d >= '2024-01-22' ? 120 : 100)), bars('BBB', t, () => 50)];
  const weights = { AAA: 0.4, BBB: 0.4 };

  it('band: sells the overweight and buys the underweight', () => {
    const r = run(series(), { weights });
    expect(fills(r.run).slice(2)).toEqual([
      ['2024-02-02', 'AAA', -4, 120],
      ['2024-02-02', 'BBB', 6, 50],
    ]);
  });

  it('buy_only: buys the underweight, leaves the overweight alone', () => {
    const r = run(series(), { weights, mode: 'buy_only' });
    expect(r.trades[1].intents.map((i) => i.tag)).toEqual(['BBB 37.0 % → 40 % target (buy only)']);
    expect(fills(r.run).slice(2)).toEqual([['2024-02-02', 'BBB', 6, 50]]);
  });

  it('sell_only: sells the overweight, leaves the underweight alone', () => {
    const r = run(series(), { weights, mode: 'sell_only' });
    expect(r.trades[1].intents.map((i) => i.tag)).toEqual(['AAA 44.4 % → 40 % target (sell only)']);
    expect(fills(r.run).slice(2)).toEqual([['2024-02-02', 'AAA', -4, 120]]);
  });

  it('per-symbol overrides: AAA buy_only is never sold, BBB sell_only never bought', () => {
    const a = run(series(), { weights, symbolModes: { AAA: 'buy_only' } });
    expect(fills(a.run).slice(2)).toEqual([['2024-02-02', 'BBB', 6, 50]]);
    const b = run(series(), { weights, symbolModes: { BBB: 'sell_only' } });
    expect(fills(b.run).slice(2)).toEqual([['2024-02-02', 'AAA', -4, 120]]);
  });

  it('buy_only buys even a one-share shortfall (no band); sell_only likewise', () => {
    // AAA 101 on the rebalance day: equity 10,040, BBB target trunc(4016 / 50) = 80 = held; AAA 39.76 < 40 %.
    const small = [bars('AAA', t, (d) => (d >= '2024-01-22' ? 101 : 100)), bars('BBB', t, () => 50)];
    expect(fills(run(small, { weights, mode: 'buy_only' }).run).slice(2)).toEqual([]);
    const down = [bars('AAA', t, (d) => (d >= '2024-01-22' ? 97 : 100)), bars('BBB', t, () => 50)];
    // Equity 9880: AAA trunc(3952 / 97) = 40 held; BBB trunc(3952 / 50) = 79 < 80 held → sell_only sells 1.
    expect(fills(run(down, { weights, mode: 'sell_only' }).run).slice(2)).toEqual([['2024-02-02', 'BBB', -1, 50]]);
  });
});

describe('rebalance: sells before buys, cash, funding', () => {
  it('sells come first (whatever the symbol order), so they fund the buys', () => {
    // AAA falls: AAA is bought, BBB (listed second) is sold first.
    const t = weekdays('2024-01-02', '2024-02-09');
    const r = run([bars('AAA', t, (d) => (d >= '2024-01-22' ? 80 : 100)), bars('BBB', t, () => 50)], { weights: { AAA: 0.5, BBB: 0.5 } });
    expect(r.trades[1].intents.map((i) => i.instrument)).toEqual(['BBB', 'AAA']);
    // Equity 9000: BBB trunc(4500 / 50) = 90 (sell 10), AAA trunc(4500 / 80) = 56 (buy 6).
    expect(fills(r.run).slice(2)).toEqual([
      ['2024-02-02', 'BBB', -10, 50],
      ['2024-02-02', 'AAA', 6, 80],
    ]);
    expect(r.run.riskEvents).toEqual([]);
    expect(r.cash('2024-02-09')).toBe(20);
  });

  it('weights summing to less than 1 leave the rest in cash', () => {
    const t = weekdays('2024-01-02', '2024-03-29');
    const r = run([bars('AAA', t, (_d, i) => 100 + i), bars('BBB', t, () => 50)], { weights: { AAA: 0.3, BBB: 0.3 } });
    expect(fills(r.run).slice(0, 2)).toEqual([
      ['2024-01-04', 'AAA', 29, 102],
      ['2024-01-04', 'BBB', 60, 50],
    ]);
    for (const d of ['2024-01-31', '2024-02-29', '2024-03-29']) {
      const i = weekdays('2024-01-02', d).length - 1;
      const equity = r.run.equity[i];
      expect(r.cash(d) / equity, d).toBeGreaterThan(0.38);
    }
  });

  it('weights must not sum to more than 1, name known symbols, and cover every symbol', () => {
    expect(() => new Rebalance({ mode: 'band', band: 0.05, frequency: 'monthly', weights: { A: 0.7, B: 0.4 } }, ['A', 'B'])).toThrow("rebalance: parameter 'weights' sum to 1.1 (at most 1");
    expect(() => new Rebalance({ mode: 'band', band: 0.05, frequency: 'monthly', weights: { A: 0.5, C: 0.4 } }, ['A', 'B'])).toThrow("'weights' names C, which is not one of its symbols (A, B)");
    expect(() => new Rebalance({ mode: 'band', band: 0.05, frequency: 'monthly', weights: { A: 0.5 } }, ['A', 'B'])).toThrow("'weights' has none for B");
    expect(() => new Rebalance({ mode: 'band', band: 0.05, frequency: 'monthly', weights: { A: -0.1, B: 0.5 } }, ['A', 'B'])).toThrow('must be a number in [0, 1], got -0.1');
    expect(() => new Rebalance({ mode: 'band', band: 0.05, frequency: 'monthly', symbolModes: { C: 'buy_only' } }, ['A', 'B'])).toThrow("'symbolModes' names C");
  });

  it('fully invested (weights sum to 1): an in-band overweight is trimmed to pay for a buy, and says so', () => {
    // 50 AAA at 100, 30 BBB at 100, 20 CCC at 100, no cash; then AAA 101, BBB 94, CCC 104 (equity 9950):
    // BBB 28.34 % is outside 30 % ± 1.5 %; AAA 50.75 % and CCC 20.90 % are inside their bands but overweight.
    // Buying 1 BBB (94) needs cash: CCC (1 share over, 104) then AAA (1 over, 101) are trimmed.
    const t = weekdays('2024-01-02', '2024-02-09');
    const at = (before: number, after: number) => (d: string) => (d >= '2024-01-22' ? after : before);
    const r = run([bars('AAA', t, at(100, 101)), bars('BBB', t, at(100, 94)), bars('CCC', t, at(100, 104))], { weights: { AAA: 0.5, BBB: 0.3, CCC: 0.2 } });
    expect(r.trades[1].intents.map((i) => i.tag)).toEqual([
      'AAA 50.8 % → 50 % target (funds the buys)',
      'CCC 20.9 % → 20 % target (funds the buys)',
      'BBB 28.3 % → 30 % target (band 5 %)',
    ]);
    // AAA trunc(4975 / 101) = 49, CCC trunc(1990 / 104) = 19, BBB trunc(2985 / 94) = 31.
    expect(fills(r.run).slice(3)).toEqual([
      ['2024-02-02', 'AAA', -1, 101],
      ['2024-02-02', 'CCC', -1, 104],
      ['2024-02-02', 'BBB', 1, 94],
    ]);
    expect(r.run.riskEvents).toEqual([]);
  });

  it('buys that cash cannot cover (no sells allowed) are scaled down to it, with a cushion', () => {
    // Weights 0.5 / 0.4: 50 AAA at 100, 80 BBB at 50, 1000 cash; AAA halves: equity 7500, AAA wants
    // 75 shares (25 more, 1250) but buy_only has only the 1000 cash.
    const t = weekdays('2024-01-02', '2024-02-09');
    const r = run([bars('AAA', t, (d) => (d >= '2024-01-22' ? 50 : 100)), bars('BBB', t, () => 50)], { weights: { AAA: 0.5, BBB: 0.4 }, mode: 'buy_only' });
    const units = Math.floor((25 * (1000 / (1 + BUY_CUSHION))) / 1250);
    expect(units).toBe(19);
    expect(r.trades[1].intents.map((i) => i.tag)).toEqual(['AAA 33.3 % → 50 % target (buy only; capped by cash at 46 %)']);
    expect(fills(r.run).slice(2)).toEqual([['2024-02-02', 'AAA', units, 50]]);
    expect(r.cash('2024-02-09')).toBe(50);
    expect(r.run.riskEvents).toEqual([]);
  });
});

describe('rebalance: the registry and its parameters', () => {
  it('createStrategy builds it with the table defaults and the injected weights', () => {
    const s = createStrategy('rebalance', { weights: { SPY: 0.6, TLT: 0.4 }, symbolModes: { TLT: 'buy_only' } }, ['SPY', 'TLT']) as Rebalance;
    expect(s).toBeInstanceOf(Rebalance);
    expect(s.scope).toBe('portfolio');
    expect(s.params).toEqual({ mode: 'band', band: 0.05, frequency: 'monthly', weights: { SPY: 0.6, TLT: 0.4 }, symbolModes: { TLT: 'buy_only' } });
    expect(s.targets).toEqual([0.6, 0.4]);
    const eq = createStrategy('rebalance', { mode: 'sell_only', band: 0.1, frequency: 'quarterly', enabled: true }, ['A', 'B', 'C', 'D']) as Rebalance;
    expect(eq.params).toEqual({ mode: 'sell_only', band: 0.1, frequency: 'quarterly' });
    expect(eq.targets).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('rejects unknown keys and bad values, naming them', () => {
    expect(() => createStrategy('rebalance', { frequncy: 'monthly' }, ['A'])).toThrow("rebalance: parameter 'frequncy' is unknown (valid: mode, band, frequency)");
    expect(() => createStrategy('rebalance', { frequency: 'yearly' }, ['A'])).toThrow(`rebalance: parameter 'frequency' must be one of "daily", "weekly", "monthly", "quarterly", got the string "yearly"`);
    expect(() => createStrategy('rebalance', { band: 1 }, ['A'])).toThrow("rebalance: parameter 'band' must be a number in (0, 1), got 1");
  });
});
