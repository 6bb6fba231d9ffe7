// The wheel in a backtest (docs/wheel-rules.md §6.2): the same pass as the dry run, fed each day by the
// engine with SPY's real 2012 daily bars and the synthetic option chains; the shared expiry rule
// assigns and calls away. One year shows the whole wheel: puts written, assigned at the strike,
// covered calls written on the shares, the shares called away — every order tagged with its stage
// and every day's decisions kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../../shared/indicators/index.ts';
import { runPortfolioBacktest } from '../../../../shared/engine/backtest.ts';
import { MarketData } from '../../../../shared/engine/market-data.ts';
import { SyntheticOptionQuotes } from '../../../../shared/options/synthetic-chain.ts';
import { wheelDefaults } from '../../../../shared/strategies/wheel/config.ts';
import { WheelStrategy } from '../../../../shared/strategies/wheel/wheel-strategy.ts';
import { settings } from '../../engine/support.ts';
import { daily, sleeve } from '../../engine/portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

function run() {
  const bars = daily('SPY', '2012-01-03', '2012-12-31');
  const base = wheelDefaults({ marginUsage: 1, targetDte: 30, rollDte: 7, symbols: new Map([['SPY', { weight: 1 }]]) });
  const config = { ...base, rollWhen: { ...base.rollWhen, pnl: 0.9 } };
  let strategy: WheelStrategy | undefined;
  const r = runPortfolioBacktest({
    market: new MarketData([bars]),
    sleeves: [sleeve('wheel', (symbols) => (strategy = new WheelStrategy(config, symbols)), { symbols: ['SPY'] })],
    settings: settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
    options: new SyntheticOptionQuotes([bars]),
  });
  return { r, bars, trace: strategy!.trace, ledger: r.engine.sleeves[0].ledger };
}

describe('the wheel in a backtest (SPY 2012, synthetic chains)', () => {
  const { r, bars, trace } = run();
  const tagged = (prefix: string) => r.orders.filter((o) => (o.tag ?? '').startsWith(prefix));
  const assignments = r.orders.filter((o) => o.reason === 'assignment' && o.instrument === 'SPY');

  it('writes cash-secured puts, at most the new-contract cap a day, only on red days', () => {
    const puts = tagged('write_puts SPY');
    expect(puts.length).toBeGreaterThan(5);
    for (const o of puts) {
      expect(o.instrument).toMatch(/^SPY\d{6}P\d{8}$/);
      expect(o.qty).toBe(-1); // max(1, 0.05 × $100k / $130 / 100) = 1 per pass
    }
    const written = new Set(trace.filter((d) => d.verdict === 'write' && d.stage === 'write_puts').map((d) => d.date));
    for (const d of trace.filter((x) => x.stage === 'write_puts' && x.code === 'GREEN_DAY')) expect(written.has(d.date)).toBe(false);
  });

  it('puts are assigned at their strike, covered calls follow on the shares, and the shares are called away', () => {
    const bought = assignments.filter((o) => o.qty > 0);
    const called = assignments.filter((o) => o.qty < 0);
    expect(bought.length).toBeGreaterThan(0);
    expect(called.length).toBeGreaterThan(0);
    const firstAssigned = bought[0].time;
    const calls = tagged('write_calls SPY');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((o) => o.time > firstAssigned && /C\d{8}$/.test(o.instrument) && o.qty < 0)).toBe(true);
    // A covered call is never struck below the market or the shares' cost at the time it is written.
    for (const o of calls) {
      const strike = Number(o.instrument.slice(-8)) / 1000;
      const day = bars.time.findLastIndex((t) => t < o.time);
      expect(strike).toBeGreaterThanOrEqual(Math.floor(bars.close[day]));
    }
    expect(called[0].time).toBeGreaterThan(firstAssigned);
  });

  it('rolls go out as their two legs, tagged as a roll; nothing is traded without a stage', () => {
    const legs = tagged('roll SPY');
    expect(legs.length).toBeGreaterThan(0);
    expect(legs.every((o) => (o.tag ?? '').endsWith('(roll leg)'))).toBe(true);
    for (const o of r.orders) expect(o.tag === undefined ? o.reason : o.tag).toBeTruthy();
  });

  it('keeps every day’s decisions: a write_puts decision on every bar it decides on, each with a code and a sentence', () => {
    const days = new Set(trace.filter((d) => d.stage === 'write_puts' && d.symbol === 'SPY').map((d) => d.date));
    expect(days.size).toBe(bars.length - 1); // every bar after the first (a strategy decides from bar W + 1, backtest-model §3.1)
    for (const d of trace) {
      expect(d.code).toMatch(/^[A-Z_]+$/);
      expect(d.message.length).toBeGreaterThan(10);
    }
  });

  it('is deterministic: the same data gives the same orders', () => {
    expect(run().r.orders).toEqual(r.orders);
  });
});
