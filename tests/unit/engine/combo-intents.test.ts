// Combo intents in the engine (docs/trading-model.md §7.3, §8.3): a strategy rolls a short put by one
// BAG intent (buy the old contract, sell a later one) on SPY's real 2012 bars with synthetic chains.
// The combo is sized in whole units, checked against the margin its legs add, sent as one order whose
// legs fill together and are booked to the sleeve that sent it (never netted with another sleeve's
// orders); a fraction, a close, an unaffordable roll and a HALT are refused with their reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../shared/indicators/index.ts';
import { combo, instrumentKey, type OptionInstrument } from '../../../shared/domain/instrument.ts';
import type { OrderIntent } from '../../../shared/domain/intent.ts';
import { runPortfolioBacktest } from '../../../shared/engine/backtest.ts';
import { MarketData } from '../../../shared/engine/market-data.ts';
import { orderCommission } from '../../../shared/portfolio/commissions.ts';
import { SyntheticOptionQuotes } from '../../../shared/options/synthetic-chain.ts';
import type { BarContext } from '../../../shared/strategies/strategy.ts';
import { settings } from './support.ts';
import { Scripted, daily, sleeve } from './portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

const bars = daily('SPY', '2012-01-03', '2012-02-29');
const FEB = 20120217;
const MAR = 20120316;

/** The listed put of `expiry` nearest to `target`. */
function put(ctx: BarContext, expiry: number, target: number): OptionInstrument {
  const listed = ctx.chain('SPY', expiry).filter((q) => q.option.right === 'P');
  expect(listed.length).toBeGreaterThan(10);
  return listed.reduce((best, q) => (Math.abs(q.option.strike - target) < Math.abs(best.option.strike - target) ? q : best)).option;
}

/** Sells `contracts` puts 5 % out of the money on bar 1; on bar 10 sends `rollOf(old, new)`. */
function rolling(contracts: number, rollOf: (old: OptionInstrument, next: OptionInstrument, ctx: BarContext) => OrderIntent) {
  let old: OptionInstrument | undefined;
  let next: OptionInstrument | undefined;
  const script = (bar: number, ctx: BarContext): readonly OrderIntent[] | undefined => {
    if (bar === 1) {
      old = put(ctx, FEB, ctx.close.at(0) * 0.95);
      return [{ action: 'sell', instrument: old, size: contracts, tag: 'write' }];
    }
    if (bar !== 10) return undefined;
    next = put(ctx, MAR, old!.strike);
    return [rollOf(old!, next, ctx)];
  };
  return { script, legs: () => ({ old: old!, next: next! }) };
}

const rollCombo = (old: OptionInstrument, next: OptionInstrument) =>
  combo([
    { instrument: old, ratio: 1, action: 'BUY' },
    { instrument: next, ratio: 1, action: 'SELL' },
  ]);

function run(sleeves: { id: string; script: (bar: number, ctx: BarContext) => readonly OrderIntent[] | undefined; allocation?: number }[], cash = 100_000) {
  return runPortfolioBacktest({
    market: new MarketData([bars]),
    sleeves: sleeves.map((s) => sleeve(s.id, (symbols) => new Scripted(symbols, s.script), { symbols: ['SPY'], allocation: s.allocation ?? 1 })),
    settings: settings({ initialCash: cash, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
    options: new SyntheticOptionQuotes([bars]),
  });
}

describe('combo intents in the engine', () => {
  it('a roll for a credit fills as one order: the old put bought and the new one sold at the same instant, in the sleeve’s books', () => {
    const w = rolling(2, (old, next) => ({ action: 'buy', instrument: rollCombo(old, next), size: 2, limit: -0.1, tif: 'DAY', tag: 'roll' }));
    const r = run([{ id: 'wheel', script: w.script }]);
    const { old, next } = w.legs();
    const rolled = r.orders.filter((o) => o.tag === 'roll');
    expect(rolled.map((o) => [o.instrument, o.qty])).toEqual([
      [instrumentKey(old), 2],
      [instrumentKey(next), -2],
    ]);
    expect(rolled[0].time).toBe(rolled[1].time);
    expect(rolled[0].bar).toBe(11); // decided at bar 10's close, working from the next session
    expect(rolled[0].price - rolled[1].price).toBeLessThanOrEqual(-0.1 + 1e-9); // the net paid is the limit or better
    // Each leg is charged as an order of its own: IBKR tiered by premium, at least $1.
    expect(rolled[0].commission).toBeCloseTo(orderCommission({ kind: 'ibkr_tiered' }, old, 2, rolled[0].price), 9);
    expect(rolled[1].commission).toBeCloseTo(orderCommission({ kind: 'ibkr_tiered' }, next, 2, rolled[1].price), 9);
    for (const o of rolled) expect(o.commission).toBeGreaterThanOrEqual(1);
    const ledger = r.engine.sleeves[0].ledger;
    expect(ledger.quantity(instrumentKey(old))).toBe(0);
    expect(ledger.quantity(instrumentKey(next))).toBe(-2);
    expect(r.riskEvents).toEqual([]);
  });

  it('a combo limit the legs never reach leaves both positions as they were (no leg alone)', () => {
    const w = rolling(1, (old, next) => ({ action: 'buy', instrument: rollCombo(old, next), size: 1, limit: -5, tif: 'DAY', tag: 'roll' }));
    const r = run([{ id: 'wheel', script: w.script }]);
    const { old, next } = w.legs();
    expect(r.orders.filter((o) => o.tag === 'roll')).toEqual([]);
    expect(r.engine.sleeves[0].ledger.quantity(instrumentKey(old))).toBe(0); // expired on 2012-02-17, out of the money
    expect(r.orders.some((o) => o.instrument === instrumentKey(next))).toBe(false);
  });

  it('is booked to the sleeve that sent it, never netted with another sleeve', () => {
    const a = rolling(1, (old, next) => ({ action: 'buy', instrument: rollCombo(old, next), size: 1, limit: -0.1, tif: 'DAY', tag: 'roll' }));
    const b = rolling(1, () => ({ action: 'buy', instrument: 'SPY', size: 10, tag: 'shares' }));
    const r = run([
      { id: 'a', script: a.script, allocation: 0.5 },
      { id: 'b', script: b.script, allocation: 0.5 },
    ]);
    const { old, next } = a.legs();
    const [sa, sb] = r.engine.sleeves;
    expect(sa.ledger.quantity(instrumentKey(old))).toBe(0);
    expect(sa.ledger.quantity(instrumentKey(next))).toBe(-1);
    expect(sb.ledger.quantity(instrumentKey(next))).toBe(0);
    expect(sb.ledger.quantity('SPY')).toBe(10);
    expect(r.orders.filter((o) => o.tag === 'roll').every((o) => o.strategy === 'a')).toBe(true);
  });

  it('refuses what it cannot size or pay for, with the reason in the risk events', () => {
    const cases: [string, (old: OptionInstrument, next: OptionInstrument) => OrderIntent, string, RegExp][] = [
      ['a fraction', (o, n) => ({ action: 'buy', instrument: rollCombo(o, n), size: 0.5, limit: -0.2 }), 'ORDER_REFUSED', /whole units \(size ≥ 1\), got 0\.5/],
      ['a close', (o, n) => ({ action: 'close', instrument: rollCombo(o, n) }), 'ORDER_REFUSED', /bought or sold, not closed/],
      ['a stop', (o, n) => ({ action: 'buy', instrument: rollCombo(o, n), size: 1, stop: 1 }), 'ORDER_REFUSED', /market or limit order, not STP/],
      // 1 put rolled into 300: the new shorts' cash-secured requirement is far beyond a $100k sleeve.
      ['too large', (o, n) => ({ action: 'buy', instrument: combo([{ instrument: o, ratio: 1, action: 'BUY' }, { instrument: n, ratio: 300, action: 'SELL' }]), size: 1, limit: -10 }), 'INSUFFICIENT_FUNDS', /adds [\d.]+ of initial margin/],
    ];
    for (const [name, intent, reason, detail] of cases) {
      const w = rolling(1, intent);
      const r = run([{ id: 'wheel', script: w.script }]);
      expect(r.riskEvents.map((e) => e.reason), name).toEqual([reason]);
      expect(r.riskEvents[0].message, name).toMatch(detail);
      expect(r.orders.filter((o) => o.bar === 11), name).toEqual([]);
    }
  });

  it('a HALT denies a roll: it would open a new short', () => {
    const w = rolling(1, (old, next) => ({ action: 'buy', instrument: rollCombo(old, next), size: 1, limit: -0.2 }));
    const r = runPortfolioBacktest({
      market: new MarketData([bars]),
      sleeves: [sleeve('wheel', (symbols) => new Scripted(symbols, w.script), { symbols: ['SPY'] })],
      settings: settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
      options: new SyntheticOptionQuotes([bars]),
      beforeStep: (engine, k) => {
        if (k === 10) engine.state = 'HALTED';
      },
    });
    expect(r.riskEvents.map((e) => e.reason)).toEqual(['TRADING_HALTED']);
    expect(r.orders.filter((o) => o.bar >= 10 && o.reason === undefined)).toEqual([]);
  });
});
