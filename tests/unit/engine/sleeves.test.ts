// Many strategies on one account (docs/trading-model.md §12) on real SPY/QQQ/TLT bars: independent
// sleeves equal separate runs; the coordinator nets orders on one instrument, crosses them
// internally, resolves opposite targets by priority and then by the confidence-weighted vote, keeps
// short calls covered, and writes each resolution into the decision trace; the kill switch.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../shared/indicators/index.ts';
import { runBacktest, runPortfolioBacktest } from '../../../shared/engine/backtest.ts';
import { MarketData } from '../../../shared/engine/market-data.ts';
import type { SleeveSpec } from '../../../shared/engine/sleeve.ts';
import { SmaCross } from '../../../shared/strategies/sma-cross.ts';
import { RsiReversion } from '../../../shared/strategies/rsi-reversion.ts';
import { BollingerReversion } from '../../../shared/strategies/bollinger-reversion.ts';
import { REG_T } from '../../../shared/portfolio/margin.ts';
import { settings } from './support.ts';
import { Scripted, daily, sleeve } from './portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

const FROM = '2003-01-02';
const TO = '2014-12-31';
const tiered = settings({ initialCash: 100_000, costs: { commission: { kind: 'ibkr_tiered' }, slippage: 0.0002 } });

const instances: [string, string, number, (symbols: readonly string[]) => SmaCross | RsiReversion | BollingerReversion][] = [
  ['trend', 'SPY', 0.5, (s) => new SmaCross({ fast: 20, slow: 50, direction: 'long_short' }, s)],
  ['dip', 'QQQ', 0.3, (s) => new RsiReversion({ period: 14, buy_below: 30, sell_above: 70 }, s)],
  ['bands', 'TLT', 0.2, (s) => new BollingerReversion({ period: 20, k: 2 }, s)],
];

describe('sleeve equivalence', () => {
  it('independent instances on different symbols equal separate runs with their share of the capital, bar by bar and trade by trade', () => {
    const market = new MarketData(instances.map(([, sym]) => daily(sym, FROM, TO)));
    const specs: SleeveSpec[] = instances.map(([id, sym, a, make]) => sleeve(id, make, { symbols: [sym], allocation: a }));
    const together = runPortfolioBacktest({ market, sleeves: specs, settings: tiered });
    expect(together.timeline.length).toBe(daily('SPY', FROM, TO).length); // the three calendars coincide here
    const alone = instances.map(([, sym, a, make]) => runBacktest({ bars: daily(sym, FROM, TO), strategy: make([sym]), settings: { ...tiered, initialCash: a * tiered.initialCash } }));
    for (let k = 0; k < together.equity.length; k++) {
      const sum = alone.reduce((s, r) => s + r.equity[k], 0);
      expect(Math.abs(together.equity[k] - sum)).toBeLessThanOrEqual(1e-9 * sum);
    }
    alone.forEach((r, i) => {
      const s = together.sleeves[i];
      expect(r.trades.length).toBeGreaterThan(3);
      expect(s.trades.map((t) => [t.entryBar, t.exitBar, t.size, t.entryPrice, t.exitPrice, t.commission])).toEqual(r.trades.map((t) => [t.entryBar, t.exitBar, t.size, t.entryPrice, t.exitPrice, t.commission]));
      expect(Array.from(s.equity)).toEqual(Array.from(r.equity));
    });
    expect(together.orders.some((o) => o.commission > 0)).toBe(true);
    expect(together.trace).toEqual([]); // nothing to net or resolve between different symbols
  });

  it('one instance with allocation 1 is exactly the single run', () => {
    const bars = daily('SPY', FROM, TO);
    const single = runBacktest({ bars, strategy: instances[0][3](['SPY']), settings: tiered });
    const one = runPortfolioBacktest({ market: new MarketData([bars]), sleeves: [sleeve('sma_cross', instances[0][3], { symbols: ['SPY'] })], settings: tiered });
    expect(Array.from(one.equity)).toEqual(Array.from(single.equity));
    expect(one.sleeves[0].trades).toEqual(single.trades);
  });

  it('capital not allocated stays cash in the total', () => {
    const market = new MarketData([daily('SPY', FROM, TO)]);
    const r = runPortfolioBacktest({ market, sleeves: [sleeve('trend', instances[0][3], { symbols: ['SPY'], allocation: 0.25 })], settings: tiered });
    for (let k = 0; k < r.equity.length; k += 97) expect(r.equity[k]).toBeCloseTo(75_000 + r.sleeves[0].equity[k], 6);
  });
});

describe('a sleeve’s books', () => {
  it("each session starts a new day: today's realised P&L is that session's alone, and a closed position leaves the books", () => {
    const bars = daily('SPY', '2012-01-03', '2012-03-30');
    const script = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 5 ? [{ action: 'buy', size: 10 }] : bar === 10 ? [{ action: 'close' }] : bar === 20 ? [{ action: 'buy', size: 5 }] : undefined));
    const seen: { k: number; realizedToday: number; held: string[] }[] = [];
    const r = runPortfolioBacktest({
      market: new MarketData([bars]),
      sleeves: [sleeve('s', script, { symbols: ['SPY'] })],
      settings: settings({ initialCash: 10_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_fixed' } } }),
      beforeStep: (engine, k) => {
        const ledger = engine.sleeves[0].ledger;
        seen.push({ k, realizedToday: ledger.realizedToday, held: ledger.list.map((p) => `${p.key} ${p.qty}`) });
      },
    });
    // Bought at the open of step 6, sold at the open of step 11 (next-open fills).
    const [buy, sell] = r.orders;
    expect([buy.bar, buy.qty, sell.bar, sell.qty]).toEqual([6, 10, 11, -10]);
    const realized = 10 * (sell.price - buy.price) - buy.commission - sell.commission;
    expect(realized).not.toBe(0);
    // Before step 11 nothing was realised; the sale's P&L belongs to session 11 and is gone at the start of 12.
    expect(seen[11].realizedToday).toBe(0);
    expect(seen[12].realizedToday).toBe(0);
    expect(seen[7].held).toEqual(['SPY 10']);
    expect(seen[12].held).toEqual([]); // the closed position was dropped at the end of session 11
    expect(seen[22].held).toEqual(['SPY 5']);
    // The sleeve's total realised P&L is kept in its cash: equity after the sale = cash.
    expect(r.sleeves[0].equity[11]).toBeCloseTo(10_000 + realized, 9);
  });

  it('a strategy sees its sleeve’s cash, equity, available funds and buying power (Reg-T: twice the available funds)', () => {
    const bars = daily('SPY', '2012-01-03', '2012-03-30');
    const seen = new Map<number, { cash: number; equity: number; availableFunds: number; buyingPower: number }>();
    const script = (symbols: readonly string[]) =>
      new Scripted(symbols, (bar, ctx) => {
        seen.set(bar, { cash: ctx.cash, equity: ctx.equity, availableFunds: ctx.availableFunds, buyingPower: ctx.buyingPower });
        return bar === 5 ? [{ action: 'buy', size: 30 }] : undefined;
      });
    const run = (margin?: typeof REG_T) =>
      runPortfolioBacktest({ market: new MarketData([bars]), sleeves: [sleeve('s', script, { symbols: ['SPY'], allocation: 0.5 })], settings: settings({ initialCash: 20_000, finalizeTrades: false, margin }) });
    run(REG_T);
    const at = seen.get(10)!;
    const value = 30 * bars.close[10];
    expect(at.cash).toBeCloseTo(10_000 - 30 * bars.open[6], 9);
    expect(at.equity).toBeCloseTo(at.cash + value, 9);
    expect(at.availableFunds).toBeCloseTo(at.equity - 0.5 * value, 9);
    expect(at.buyingPower).toBeCloseTo(2 * at.availableFunds, 9);
    seen.clear();
    run(); // a cash account: buying power is the available funds
    const cash = seen.get(10)!;
    expect(cash.availableFunds).toBeCloseTo(cash.equity - value, 9);
    expect(cash.buyingPower).toBeCloseTo(cash.availableFunds, 9);
  });
});

describe('coordinator', () => {
  const spy = () => new MarketData([daily('SPY', '2012-01-03', '2012-03-30')]);
  // No finalize_trades: the order lists below are exactly what the strategies asked for.
  const fixed = settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_fixed' } } });

  it('nets market orders of two sleeves on one instrument into one broker order, books each sleeve its own fill and splits the commission', () => {
    const buy = (n: number) => (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 5 ? [{ action: 'buy', size: n }] : undefined));
    const r = runPortfolioBacktest({ market: spy(), sleeves: [sleeve('a', buy(30), { symbols: ['SPY'], allocation: 0.5 }), sleeve('b', buy(50), { symbols: ['SPY'], allocation: 0.5 })], settings: fixed });
    const fills = r.orders.filter((o) => o.instrument === 'SPY');
    expect(fills.map((f) => [f.strategy, f.qty])).toEqual([['a', 30], ['b', 50]]);
    expect(fills[0].price).toBe(fills[1].price);
    // One order of 80 at IBKR fixed: max(0.005 × 80, 1) = 1.00, split 30:50 — two orders would pay 2.00.
    expect(fills[0].commission + fills[1].commission).toBeCloseTo(1, 12);
    expect(fills[0].commission).toBeCloseTo(30 / 80, 12);
    expect(r.engine.account.quantity('SPY')).toBe(80);
    expect(r.trace).toHaveLength(1);
    expect(r.trace[0]).toMatchObject({ kind: 'netting', instrument: 'SPY', step: 6 });
    expect(r.trace[0].text).toBe('SPY: 2 orders (a +30, b +50, 80 units) sent as one BUY 80 MKT');
  });

  it('orders that cancel out cross internally at the reference price: no broker order, no commission', () => {
    const a = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 2 ? [{ action: 'buy', size: 40 }] : bar === 6 ? [{ action: 'close' }] : undefined));
    const b = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 6 ? [{ action: 'buy', size: 40 }] : undefined));
    const market = spy();
    const r = runPortfolioBacktest({ market, sleeves: [sleeve('a', a, { symbols: ['SPY'], allocation: 0.5 }), sleeve('b', b, { symbols: ['SPY'], allocation: 0.5 })], settings: fixed });
    const cross = r.orders.filter((o) => o.bar === 7);
    expect(cross.map((o) => [o.strategy, o.qty, o.commission])).toEqual([['a', -40, 0], ['b', 40, 0]]);
    expect(cross[0].price).toBe(daily('SPY', '2012-01-03', '2012-03-30').open[7]);
    expect(r.trace.map((t) => t.kind)).toEqual(['internal_cross']);
    expect(r.engine.account.quantity('SPY')).toBe(40);
  });

  it('opposite targets: the higher priority wins; the loser may not open, and the trace says why', () => {
    const long = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 3 ? [{ action: 'buy', size: 10 }] : undefined));
    const short = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 3 ? [{ action: 'sell', size: 10 }] : undefined));
    const r = runPortfolioBacktest({ market: spy(), sleeves: [sleeve('bull', long, { symbols: ['SPY'], allocation: 0.5, priority: 1 }), sleeve('bear', short, { symbols: ['SPY'], allocation: 0.5, priority: 0 })], settings: fixed });
    expect(r.orders.map((o) => [o.strategy, o.qty])).toEqual([['bull', 10]]);
    expect(r.riskEvents).toEqual([expect.objectContaining({ type: 'IntentDenied', strategy: 'bear', instrument: 'SPY', reason: 'CONFLICT_OVERRULED', rule: 'coordinator' })]);
    expect(r.trace).toEqual([expect.objectContaining({ kind: 'conflict', rule: 'opposite_targets', resolution: 'priority', winners: ['bull'], losers: ['bear'] })]);
  });

  it('at equal priority the confidence-weighted vote decides (confidence × allocation); a tie opens neither side', () => {
    const want = (action: 'buy' | 'sell', confidence: number) => (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 3 ? [{ action, size: 10, confidence }] : undefined));
    const vote = runPortfolioBacktest({ market: spy(), sleeves: [sleeve('bull', want('buy', 0.9), { symbols: ['SPY'], allocation: 0.3 }), sleeve('bear', want('sell', 0.5), { symbols: ['SPY'], allocation: 0.7 })], settings: fixed });
    // 0.9 × 0.3 = 0.27 against 0.5 × 0.7 = 0.35: the bear wins.
    expect(vote.orders.map((o) => [o.strategy, o.qty])).toEqual([['bear', -10]]);
    expect(vote.trace[0]).toMatchObject({ resolution: 'vote', winners: ['bear'] });
    const tie = runPortfolioBacktest({ market: spy(), sleeves: [sleeve('bull', want('buy', 0.5), { symbols: ['SPY'], allocation: 0.5 }), sleeve('bear', want('sell', 0.5), { symbols: ['SPY'], allocation: 0.5 })], settings: fixed });
    expect(tie.orders).toEqual([]);
    expect(tie.riskEvents.map((e) => [e.strategy, e.reason])).toEqual([['bull', 'CONFLICT_TIE'], ['bear', 'CONFLICT_TIE']]);
    expect(tie.trace[0]).toMatchObject({ resolution: 'tie', winners: [] });
  });

  it('a standing position loses nothing: the winner opens against it, the loser can still close but not reopen', () => {
    const bull = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 2 ? [{ action: 'buy', size: 10 }] : bar === 6 ? [{ action: 'close' }] : bar === 8 ? [{ action: 'buy', size: 10 }] : undefined));
    const bear = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 4 ? [{ action: 'sell', size: 5 }] : undefined));
    const r = runPortfolioBacktest({ market: spy(), sleeves: [sleeve('bull', bull, { symbols: ['SPY'], allocation: 0.5, priority: 0 }), sleeve('bear', bear, { symbols: ['SPY'], allocation: 0.5, priority: 5 })], settings: fixed });
    expect(r.orders.filter((o) => o.bar < 20).map((o) => [o.bar, o.strategy, o.qty])).toEqual([
      [3, 'bull', 10],
      [5, 'bear', -5], // opposite to the bull's standing long: the bear's priority wins, the bull keeps its shares
      [7, 'bull', -10], // the loser closes: exits are never refused
    ]);
    expect(r.riskEvents.map((e) => [e.bar, e.strategy, e.reason])).toEqual([[9, 'bull', 'CONFLICT_OVERRULED']]);
    expect(r.trace.map((t) => [t.step, t.rule, t.winners])).toEqual([
      [5, 'opposite_targets', ['bear']],
      [9, 'opposite_targets', ['bear']],
    ]);
  });
});

describe('kill switch', () => {
  it('HALTED refuses new entries with TRADING_HALTED; a close still passes; ACTIVE again trades', () => {
    const bars = daily('SPY', '2012-01-03', '2012-03-30');
    const script = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 2 ? [{ action: 'buy', size: 10 }] : bar === 6 ? [{ action: 'close' }, { action: 'buy', size: 5 }] : bar === 12 ? [{ action: 'buy', size: 7 }] : undefined));
    const r = runPortfolioBacktest({
      market: new MarketData([bars]),
      sleeves: [sleeve('s', script, { symbols: ['SPY'] })],
      settings: settings({ initialCash: 100_000 }),
      beforeStep: (engine, k) => {
        if (k === 5) engine.state = 'HALTED';
        if (k === 10) engine.state = 'ACTIVE';
      },
    });
    expect(r.orders.map((o) => [o.bar, o.qty])).toEqual([[3, 10], [7, -10], [13, 7], [bars.length - 1, -7]]);
    expect(r.riskEvents).toEqual([expect.objectContaining({ bar: 6, reason: 'TRADING_HALTED', rule: 'kill_switch', type: 'IntentDenied' })]);
  });
});

describe('kill switch: REDUCING', () => {
  it('lets reductions through, refuses additions, and cuts a reversal down to its closing part', () => {
    const bars = daily('SPY', '2012-01-03', '2012-03-30');
    const script = (symbols: readonly string[]) =>
      new Scripted(symbols, (bar) => (bar === 2 ? [{ action: 'buy', size: 10 }] : bar === 6 ? [{ action: 'buy', size: 5 }] : bar === 7 ? [{ action: 'sell', size: 4 }] : bar === 8 ? [{ action: 'sell', size: 20 }] : undefined));
    const r = runPortfolioBacktest({
      market: new MarketData([bars]),
      sleeves: [sleeve('s', script, { symbols: ['SPY'] })],
      settings: settings({ initialCash: 100_000, finalizeTrades: false }),
      beforeStep: (engine, k) => {
        if (k === 5) engine.state = 'REDUCING';
      },
    });
    // Bar 6: a buy would add: refused. Bar 7: selling 4 of 10 reduces: passes. Bar 8: selling 20 of 6
    // would reverse to short 14: only the closing 6 go.
    expect(r.orders.map((o) => [o.bar, o.qty])).toEqual([[3, 10], [8, -4], [9, -6]]);
    expect(r.riskEvents.map((e) => [e.bar, e.type, e.reason])).toEqual([
      [6, 'IntentDenied', 'TRADING_REDUCING'],
      [9, 'IntentResized', 'TRADING_REDUCING'],
    ]);
  });
});
