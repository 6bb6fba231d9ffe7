// Options in a backtest (docs/trading-model.md §6, §8): synthetic chains from SPY's real daily bars
// (the simulator's option model), fills at the synthetic touch, and expiry by the shared OCC rule —
// a short put in the money is assigned (100 shares at the strike, IBKR's average cost), a covered
// call out of the money expires worthless, a long call in the money is exercised. Margin follows
// the shared rules: a cash-secured put reserves its strike, a covered call needs nothing more.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../shared/indicators/index.ts';
import type { OptionInstrument } from '../../../shared/domain/instrument.ts';
import type { OrderIntent } from '../../../shared/domain/intent.ts';
import { runPortfolioBacktest } from '../../../shared/engine/backtest.ts';
import { MarketData } from '../../../shared/engine/market-data.ts';
import { SyntheticOptionQuotes } from '../../../shared/options/synthetic-chain.ts';
import { accountValues } from '../../../shared/portfolio/account-values.ts';
import { REG_T } from '../../../shared/portfolio/margin.ts';
import type { BarContext } from '../../../shared/strategies/strategy.ts';
import { settings } from './support.ts';
import { Scripted, daily, sleeve } from './portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

const EXPIRY = 20120120; // January 2012's monthly (third Friday)
const bars = daily('SPY', '2012-01-03', '2012-02-29');
const expiryStep = Array.from(bars.time).findIndex((t) => t === Date.parse('2012-01-20T00:00:00Z'));
const closeAtExpiry = bars.close[expiryStep];

/** The listed option of the January monthly nearest to `target` strike. */
function pick(ctx: BarContext, right: 'C' | 'P', target: number): OptionInstrument {
  const listed = ctx.chain('SPY', EXPIRY).filter((q) => q.option.right === right);
  expect(listed.length).toBeGreaterThan(10);
  return listed.reduce((best, q) => (Math.abs(q.option.strike - target) < Math.abs(best.option.strike - target) ? q : best)).option;
}

function run(script: (bar: number, ctx: BarContext) => readonly OrderIntent[] | undefined, series = bars) {
  const make = (symbols: readonly string[]) => new Scripted(symbols, script);
  const r = runPortfolioBacktest({
    market: new MarketData([series]),
    sleeves: [sleeve('wheel', make, { symbols: ['SPY'] })],
    settings: settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
    options: new SyntheticOptionQuotes([series]),
  });
  return { r, ledger: r.engine.sleeves[0].ledger };
}

describe('options in a backtest', () => {
  it('a short put in the money at expiry is assigned: +100 shares at the strike, cash down strike × 100', () => {
    let put: OptionInstrument | undefined;
    const { r, ledger } = run((bar, ctx) => {
      if (bar !== 1) return undefined;
      put = pick(ctx, 'P', ctx.close.at(0) + 8); // deep in the money: SPY closed 2012-01-20 near 131
      return [{ action: 'sell', instrument: put, size: 1 }];
    });
    expect(put!.strike).toBeGreaterThan(closeAtExpiry + 1);
    const sale = r.orders[0];
    expect(sale).toMatchObject({ bar: 2, qty: -1 });
    expect(sale.commission).toBe(1); // IBKR tiered: 0.65/contract, minimum 1.00
    const premium = sale.price;
    // Sold at the synthetic bid: near its intrinsic value (a deep European-model put may bid a little under it).
    expect(premium).toBeGreaterThan(0.95 * (put!.strike - bars.open[2]));
    const assigned = r.orders.filter((o) => o.reason === 'assignment');
    expect(assigned.map((o) => [o.bar, o.instrument, o.qty, o.price])).toEqual([
      [expiryStep, sale.instrument, 1, 0],
      [expiryStep, 'SPY', 100, put!.strike],
    ]);
    expect(ledger.position('SPY')).toMatchObject({ qty: 100, avgCost: put!.strike });
    expect(ledger.quantity(sale.instrument)).toBe(0);
    expect(ledger.cash).toBeCloseTo(100_000 + premium * 100 - 1 - put!.strike * 100, 6);
    // The round trip of the put: sold at the premium, bought back at 0 by the assignment.
    const trip = r.sleeves[0].trades.find((t) => t.instrument === sale.instrument)!;
    expect(trip).toMatchObject({ size: -1, entryPrice: premium, exitPrice: 0, exitReason: 'assignment' });
    expect(trip.pnl).toBeCloseTo(premium * 100 - 1, 9);
  });

  it('a covered call out of the money expires worthless: the shares stay, the premium is kept', () => {
    const { r, ledger } = run((bar, ctx) => {
      if (bar !== 1) return undefined;
      // Out of the money at expiry (SPY closed near 132), yet bid when sold: a market sell needs a bid.
      return [{ action: 'buy', size: 100 }, { action: 'sell', instrument: pick(ctx, 'C', ctx.close.at(0) + 6), size: 1 }];
    });
    const [stockBuy, callSale] = r.orders;
    expect([stockBuy.qty, callSale.qty, stockBuy.bar, callSale.bar]).toEqual([100, -1, 2, 2]);
    expect(callSale.price).toBeGreaterThan(0);
    const expired = r.orders.filter((o) => o.reason === 'expiry');
    expect(expired.map((o) => [o.bar, o.instrument, o.qty, o.price])).toEqual([[expiryStep, callSale.instrument, 1, 0]]);
    expect(ledger.quantity('SPY')).toBe(100);
    expect(ledger.cash).toBeCloseTo(100_000 - 100 * stockBuy.price - stockBuy.commission + 100 * callSale.price - callSale.commission, 6);
  });

  it('a long call in the money at expiry is exercised: +100 shares at the strike', () => {
    let call: OptionInstrument | undefined;
    const { r, ledger } = run((bar, ctx) => {
      if (bar !== 1) return undefined;
      call = pick(ctx, 'C', ctx.close.at(0) - 8);
      return [{ action: 'buy', instrument: call, size: 1 }];
    });
    expect(call!.strike).toBeLessThan(closeAtExpiry - 1);
    const exercised = r.orders.filter((o) => o.reason === 'exercise');
    expect(exercised.map((o) => [o.instrument, o.qty, o.price])).toEqual([
      [r.orders[0].instrument, -1, 0],
      ['SPY', 100, call!.strike],
    ]);
    expect(ledger.position('SPY')).toMatchObject({ qty: 100, avgCost: call!.strike });
  });

  it('margin by the shared rules: the short put reserves its strike, the covered call adds nothing, a naked call would', () => {
    let put: OptionInstrument | undefined;
    let call: OptionInstrument | undefined;
    const early = daily('SPY', '2012-01-03', '2012-01-13'); // ends before the options expire
    const { r } = run((bar, ctx) => {
      if (bar !== 1) return undefined;
      put = pick(ctx, 'P', ctx.close.at(0) - 5);
      call = pick(ctx, 'C', ctx.close.at(0) + 5);
      return [{ action: 'sell', instrument: put, size: 1 }, { action: 'buy', size: 100 }, { action: 'sell', instrument: call, size: 1 }];
    }, early);
    const engine = r.engine;
    const v = accountValues(engine.sleeves[0].ledger, engine, REG_T);
    // Stock: 50 % of its value at the last price; the put: strike × 100; the covered call: 0.
    const spyValue = 100 * early.close[early.length - 1];
    expect(v.initMargin).toBeCloseTo(0.5 * spyValue + put!.strike * 100, 6);
    expect(v.availableFunds).toBeCloseTo(v.equityWithLoan - v.initMargin, 9);
    expect(v.buyingPower).toBeCloseTo(2 * v.availableFunds, 6);
    expect(r.orders.slice(0, 3).map((o) => o.qty)).toEqual([-1, 100, -1]);
    expect(call!.strike).toBeGreaterThan(put!.strike);
    // Without the shares the call is naked: its value plus max(20 % of spot − OTM amount, 10 % of spot), × 100.
    const naked = engine.sleeves[0].ledger.clone();
    const spot = early.close[early.length - 1];
    naked.trade(engine.market.symbol('SPY').instrument, -100, spot, 0);
    const nv = accountValues(naked, engine, REG_T);
    const callValue = engine.price(call!, '');
    expect(nv.initMargin - put!.strike * 100).toBeCloseTo((callValue + Math.max(0.2 * spot - Math.max(0, call!.strike - spot), 0.1 * spot)) * 100, 6);
  });
});

describe('coordinator: short calls keep their covering shares', () => {
  const early = daily('SPY', '2012-01-03', '2012-01-13');
  const both = (sellerPriority: number) => {
    const writer = (symbols: readonly string[]) =>
      new Scripted(symbols, (bar, ctx) => (bar === 1 ? [{ action: 'buy', size: 100 }, { action: 'sell', instrument: pick(ctx, 'C', ctx.close.at(0) + 5), size: 2 }] : undefined));
    const seller = (symbols: readonly string[]) => new Scripted(symbols, (bar) => (bar === 1 ? [{ action: 'buy', size: 100 }] : bar === 4 ? [{ action: 'close' }] : undefined));
    return runPortfolioBacktest({
      market: new MarketData([early]),
      sleeves: [sleeve('wheel', writer, { symbols: ['SPY'], allocation: 0.5, priority: 2 }), sleeve('swing', seller, { symbols: ['SPY'], allocation: 0.5, priority: sellerPriority })],
      settings: settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
      options: new SyntheticOptionQuotes([early]),
    });
  };

  it('a sale that would leave the account’s short calls naked is cut when the call writer has the higher priority', () => {
    const r = both(0);
    // Step 2: both buy SPY (netted into one order); the wheel writes 2 calls covered by the account's 200 shares.
    expect(r.trace[0]).toMatchObject({ kind: 'netting', step: 2, instrument: 'SPY' });
    expect(r.engine.account.quantity('SPY')).toBe(200);
    expect(r.orders.filter((o) => o.bar === 5)).toEqual([]);
    expect(r.riskEvents).toEqual([expect.objectContaining({ bar: 5, strategy: 'swing', reason: 'CONFLICT_KEEPS_CALLS_COVERED', type: 'IntentDenied' })]);
    expect(r.trace.at(-1)).toMatchObject({ kind: 'conflict', rule: 'uncovered_calls', resolution: 'priority', winners: ['wheel'], losers: ['swing'], step: 5 });
  });

  it('with the higher priority the seller sells; the calls become naked (and their margin says so)', () => {
    const r = both(5);
    expect(r.orders.filter((o) => o.bar === 5).map((o) => [o.strategy, o.qty])).toEqual([['swing', -100]]);
    expect(r.riskEvents).toEqual([]);
    expect(r.trace.at(-1)).toMatchObject({ rule: 'uncovered_calls', winners: ['swing'], losers: [] });
    const v = accountValues(r.engine.account, r.engine, REG_T);
    expect(v.initMargin).toBeGreaterThan(0.5 * 100 * early.close[early.length - 1] + 100); // the stock plus one naked call
  });
});

describe('option orders and margin', () => {
  it('writing puts the sleeve cannot secure is refused with INSUFFICIENT_FUNDS (the margin, not the premium, decides)', () => {
    const early = daily('SPY', '2012-01-03', '2012-01-13');
    const script = (symbols: readonly string[]) => new Scripted(symbols, (bar, ctx) => (bar === 1 ? [{ action: 'sell', instrument: pick(ctx, 'P', ctx.close.at(0) - 2), size: 43 }, { action: 'sell', instrument: pick(ctx, 'P', ctx.close.at(0) - 2), size: 1 }] : undefined));
    const r = runPortfolioBacktest({
      market: new MarketData([early]),
      sleeves: [sleeve('w', script, { symbols: ['SPY'] })],
      settings: settings({ initialCash: 20_000, finalizeTrades: false, margin: REG_T }),
      options: new SyntheticOptionQuotes([early]),
    });
    // 43 puts need ≈ 43 × 125 × 100 of cash security: refused; one put (≈ 12,500) fits in 20,000.
    expect(r.riskEvents).toEqual([expect.objectContaining({ type: 'IntentDenied', reason: 'INSUFFICIENT_FUNDS', rule: 'buying_power' })]);
    expect(r.riskEvents[0].message).toMatch(/adds [\d.]+ of initial margin; available funds would be -[\d.]+/);
    expect(r.orders.map((o) => o.qty)).toEqual([-1]);
  });

  it('a stop-loss attached to an entry filled at the close does not fill on that bar’s earlier prices', () => {
    const week = daily('SPY', '2012-01-03', '2012-01-31');
    // Enter at a close with a stop just above the bar's low: with fills at the close, that low was earlier.
    const script = (symbols: readonly string[]) => new Scripted(symbols, (bar, ctx) => (bar === 3 ? [{ action: 'buy', size: 10, sl: Math.ceil(ctx.low.at(0) * 100 + 1) / 100 }] : undefined));
    const r = runPortfolioBacktest({ market: new MarketData([week]), sleeves: [sleeve('s', script, { symbols: ['SPY'] })], settings: settings({ fill: 'close', finalizeTrades: false }) });
    expect(r.orders[0]).toMatchObject({ bar: 3, qty: 10 });
    expect(r.orders.filter((o) => o.bar === 3)).toHaveLength(1);
  });
});
