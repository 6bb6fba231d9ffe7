// The wheel in a backtest (docs/wheel-rules.md §6.2): the same pass as the dry run, fed each day by the
// engine with SPY's real 2012 daily bars and the synthetic option chains; the shared expiry rule
// assigns. One year shows the wheel: puts written, assigned at the strike, covered calls written on
// the shares, rolls sent as one combo (buy the old contract, sell the new one) whose legs fill
// together — every order tagged with its stage and every day's decisions kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../../shared/indicators/index.ts';
import { runPortfolioBacktest } from '../../../../shared/engine/backtest.ts';
import { MarketData } from '../../../../shared/engine/market-data.ts';
import { SyntheticOptionQuotes } from '../../../../shared/options/synthetic-chain.ts';
import { wheelDefaults, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { WheelStrategy } from '../../../../shared/strategies/wheel/wheel-strategy.ts';
import { settings } from '../../engine/support.ts';
import { daily, sleeve } from '../../engine/portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

function run(execution?: WheelConfig['execution']) {
  const bars = daily('SPY', '2012-01-03', '2012-12-31');
  const base = wheelDefaults({ marginUsage: 1, targetDte: 30, rollDte: 7, symbols: new Map([['SPY', { weight: 1 }]]) });
  const config: WheelConfig = { ...base, rollWhen: { ...base.rollWhen, pnl: 0.9 }, ...(execution && { execution }) };
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

  it('puts are assigned at their strike and covered calls follow on the shares, never more calls than 100-share lots', () => {
    const bought = assignments.filter((o) => o.qty > 0);
    expect(bought.length).toBeGreaterThan(0);
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
    // Covered: after every booked order, short calls × 100 ≤ shares held.
    const held = new Map<string, number>();
    for (const o of r.orders) {
      held.set(o.instrument, (held.get(o.instrument) ?? 0) + o.qty);
      let shortCalls = 0;
      for (const [k, q] of held) if (/C\d{8}$/.test(k) && q < 0) shortCalls -= q;
      expect(shortCalls * 100).toBeLessThanOrEqual(Math.max(0, held.get('SPY') ?? 0));
    }
  });

  it('a roll goes out as one combo: both legs fill at the same instant and size, the old contract bought, a later one sold; nothing is traded without a stage', () => {
    const legs = r.orders.filter((o) => o.tag === 'roll SPY (combo)');
    const byFill = new Map<string, typeof legs>();
    for (const o of legs) byFill.set(`${o.ref} ${o.time}`, [...(byFill.get(`${o.ref} ${o.time}`) ?? []), o]);
    expect(byFill.size).toBeGreaterThan(5);
    for (const [, pair] of byFill) {
      expect(pair.length).toBe(2);
      const [bought, sold] = pair[0].qty > 0 ? pair : [pair[1], pair[0]];
      expect(bought.qty).toBe(-sold.qty);
      expect(bought.instrument.slice(9, 10)).toBe(sold.instrument.slice(9, 10)); // the same right
      expect(Number(sold.instrument.slice(3, 9))).toBeGreaterThan(Number(bought.instrument.slice(3, 9))); // rolled out in time
    }
    // The pass decided each of them: at least as many roll decisions as combos filled.
    expect(trace.filter((d) => d.stage === 'roll' && d.verdict === 'roll').length).toBeGreaterThanOrEqual(byFill.size);
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

  it('sell_price = 0.5 sets each write halfway from the midpoint to the bid, and the venue fills it there or better', () => {
    const half = run({ defaults: { sellPrice: 0.5 }, symbols: new Map() });
    const writes = half.r.orders.filter((o) => o.tag === 'write_puts SPY');
    expect(writes.length).toBeGreaterThan(5);
    for (const o of writes) {
      // The pass decided at the close of the session before the fill; its decision names the limit.
      const session = half.r.timeline[o.bar - 1];
      const date = Number(new Date(session).toISOString().slice(0, 10).replaceAll('-', ''));
      const said = half.trace.filter((d) => d.date === date && d.stage === 'write_puts' && d.verdict === 'write');
      expect(said.length).toBe(1);
      expect(said[0].message).toMatch(/SELL limit [\d.]+: 50 % of the way from the midpoint [\d.]+ to the bid [\d.]+ \(sell_price = 0\.5\)/);
      const limit = Number(/SELL limit ([\d.]+)/.exec(said[0].message)![1]);
      expect(o.price).toBeGreaterThanOrEqual(limit - 1e-9);
    }
  });

  it('is deterministic: the same data gives the same orders', () => {
    expect(run().r.orders).toEqual(r.orders);
  });
});
