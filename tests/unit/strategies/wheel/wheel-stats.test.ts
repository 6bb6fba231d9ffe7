// The wheel's statistics (wheel-stats.ts, wheel-rules.md §6.2): on a real backtest (SPY 2008–2011 daily
// bars, synthetic chains: puts written through the crash, assigned, covered calls, rolls, expiries) each
// statistic is cross-checked against the engine's raw records, its round trips and its books; small
// constructed records pin each rule on its own.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../../shared/indicators/index.ts';
import { runPortfolioBacktest } from '../../../../shared/engine/backtest.ts';
import { MarketData } from '../../../../shared/engine/market-data.ts';
import type { OrderRecord } from '../../../../shared/engine/engine.ts';
import { SyntheticOptionQuotes } from '../../../../shared/options/synthetic-chain.ts';
import { wheelDefaults } from '../../../../shared/strategies/wheel/config.ts';
import { WheelStrategy } from '../../../../shared/strategies/wheel/wheel-strategy.ts';
import { wheelStats, type TracedDecision, type WheelFillRecord } from '../../../../shared/strategies/wheel/wheel-stats.ts';
import { settings } from '../../engine/support.ts';
import { daily, sleeve } from '../../engine/portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

function run() {
  const bars = daily('SPY', '2008-01-02', '2011-12-30');
  const base = wheelDefaults({ marginUsage: 1, targetDte: 30, rollDte: 7, symbols: new Map([['SPY', { weight: 1 }]]) });
  const config = { ...base, rollWhen: { ...base.rollWhen, pnl: 0.9 } };
  let strategy: WheelStrategy | undefined;
  // Shares held at the end of each session, read from the books before the next one starts.
  const held: number[] = [];
  const r = runPortfolioBacktest({
    market: new MarketData([bars]),
    sleeves: [sleeve('wheel', (symbols) => (strategy = new WheelStrategy(config, symbols)), { symbols: ['SPY'] })],
    settings: settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
    options: new SyntheticOptionQuotes([bars]),
    beforeStep: (engine, k) => {
      if (k > 0) held.push(engine.sleeves[0].ledger.quantity('SPY'));
    },
  });
  held.push(r.engine.sleeves[0].ledger.quantity('SPY'));
  const w = strategy!;
  const stats = wheelStats({ strategy: 'wheel', symbols: ['SPY'], orders: r.orders, trace: w.trace, contracts: w.contracts, sessions: r.timeline.length });
  return { r, w, stats, held, bars };
}

const isOption = (o: OrderRecord, right?: 'P' | 'C') => new RegExp(`\\d{6}${right ?? '[CP]'}\\d{8}$`).test(o.instrument);
const contracts = (records: readonly OrderRecord[]) => records.reduce((n, o) => n + Math.abs(o.qty), 0);

describe('wheel statistics of a real backtest (SPY 2008–2011, synthetic chains)', () => {
  const { r, w, stats, held } = run();
  const options = r.orders.filter((o) => isOption(o));
  const sells = options.filter((o) => o.qty < 0);

  it('puts and calls written equal the SELL fills the write stages and the roll combos (their new leg) tagged, and every short opened was one of them', () => {
    const rolledInto = (o: OrderRecord) => o.tag === 'roll SPY (combo)';
    const puts = sells.filter((o) => isOption(o, 'P') && (o.tag === 'write_puts SPY' || rolledInto(o)));
    const calls = sells.filter((o) => isOption(o, 'C') && (o.tag === 'write_calls SPY' || rolledInto(o)));
    expect(sells.filter(rolledInto).length).toBeGreaterThan(5);
    expect(stats.putsWritten).toBe(contracts(puts));
    expect(stats.callsWritten).toBe(contracts(calls));
    expect(puts.length).toBeGreaterThan(10);
    expect(calls.length).toBeGreaterThan(3);
    expect(puts.length + calls.length).toBe(sells.length);
  });

  it('premium: gross is every sale × 100, net subtracts every buy-back (expiry and assignment leave at 0)', () => {
    const gross = sells.reduce((s, o) => s + -o.qty * o.price * 100, 0);
    const paid = options.filter((o) => o.qty > 0).reduce((s, o) => s + o.qty * o.price * 100, 0);
    expect(stats.premiumGross).toBeCloseTo(gross, 6);
    expect(stats.boughtBack).toBeCloseTo(paid, 6);
    expect(stats.premiumNet).toBeCloseTo(gross - paid, 6);
    expect(stats.premiumPerContract).toBeCloseTo(gross / (stats.putsWritten + stats.callsWritten), 6);
  });

  it('assignments, calls called away and expiries match the settlement records; the shares match the deliveries', () => {
    const settled = (reason: string, right: 'P' | 'C') => contracts(options.filter((o) => o.reason === reason && isOption(o, right)));
    expect(stats.putsAssigned).toBe(settled('assignment', 'P'));
    expect(stats.callsCalledAway).toBe(settled('assignment', 'C'));
    expect(stats.expiredWorthless).toBe(settled('expiry', 'P') + settled('expiry', 'C'));
    const delivered = r.orders.filter((o) => o.instrument === 'SPY' && o.reason === 'assignment');
    expect(stats.sharesAssigned).toBe(delivered.filter((o) => o.qty > 0).reduce((n, o) => n + o.qty, 0));
    expect(stats.sharesCalledAway).toBe(delivered.filter((o) => o.qty < 0).reduce((n, o) => n - o.qty, 0));
    expect(stats.sharesAssigned).toBe(100 * stats.putsAssigned);
    expect(stats.sharesCalledAway).toBe(100 * stats.callsCalledAway);
    expect(stats.putsAssigned).toBeGreaterThan(0);
    expect(stats.callsCalledAway).toBeGreaterThan(0);
    expect(stats.putAssignmentPct).toBeCloseTo((100 * stats.putsAssigned) / stats.putsWritten, 9);
  });

  it('rolls are the roll stage’s buy-backs; every contract written is rolled, closed, assigned, expired or still open', () => {
    const rollBuys = options.filter((o) => o.qty > 0 && o.tag === 'roll SPY (combo)');
    expect(stats.rolls).toBe(contracts(rollBuys));
    expect(stats.rolls).toBeGreaterThan(5);
    const open = r.engine.sleeves[0].ledger.open().filter((p) => p.instrument.secType === 'OPT' && p.qty < 0).reduce((n, p) => n - p.qty, 0);
    const ended = stats.rolls + stats.closes + stats.putsAssigned + stats.callsCalledAway + stats.expiredWorthless + stats.closedAtEnd;
    expect(stats.putsWritten + stats.callsWritten).toBe(ended + open);
    expect(stats.closedAtEnd).toBe(0); // finalize_trades off
  });

  it('average days held equals the short option round trips’ calendar days, weighted by contracts', () => {
    const trips = r.engine.sleeves[0].trips.closed.filter((t) => t.instrument !== 'SPY' && t.size < 0);
    const days = trips.reduce((s, t) => s + (-t.size * (r.timeline[t.exitBar] - r.timeline[t.entryBar])) / 86_400_000, 0);
    const n = trips.reduce((s, t) => s - t.size, 0);
    expect(stats.avgDaysHeld).toBeCloseTo(days / n, 9);
    expect(stats.avgDaysHeld).toBeGreaterThan(5);
  });

  it('time in stock counts the sessions that ended holding shares, read from the books; time in cash the rest', () => {
    expect(held.length).toBe(r.timeline.length);
    const inStock = held.filter((q) => q > 0).length;
    expect(stats.sessionsInStock).toBe(inStock);
    expect(stats.sessionsInCash).toBe(r.timeline.length - inStock);
    expect(stats.timeInStockPct + stats.timeInCashPct).toBeCloseTo(100, 9);
    expect(inStock).toBeGreaterThan(0);
    expect(inStock).toBeLessThan(r.timeline.length);
  });

  it('the trace counts: the days decided, writes and rolls decided, writes the funds could not secure', () => {
    expect(stats.daysDecided).toBe(new Set(w.trace.map((d) => d.date)).size);
    expect(stats.writesDecided).toBe(w.trace.filter((d) => d.verdict === 'write').length);
    expect(stats.rollsDecided).toBe(w.trace.filter((d) => d.verdict === 'roll').length);
    expect(stats.writesNotFunded).toBe(w.trace.filter((d) => d.code === 'NOT_FUNDED' || d.code === 'PARTLY_FUNDED').length);
    expect(sells.length).toBeLessThanOrEqual(stats.writesDecided); // each write order came from a decision to write
    expect(stats.writesNotFunded).toBeGreaterThan(0); // the 2008 fall (funded-writes.test.ts)
  });
});

// ---- constructed records ------------------------------------------------------------------------------

const DAY = 86_400_000;
const PUT = 'SPY240119P00100000';
const CALL = 'SPY240119C00110000';
const contractsOf = new Map([
  [PUT, { right: 'P' as const, multiplier: 100 }],
  [CALL, { right: 'C' as const, multiplier: 100 }],
  ['VIX240119C00020000', { right: 'C' as const, multiplier: 100 }],
]);
const fill = (bar: number, instrument: string, qty: number, price: number, tag?: string, reason?: string, strategy = 'w'): WheelFillRecord => ({
  bar,
  time: bar * DAY,
  strategy,
  instrument,
  qty,
  price,
  ...(tag !== undefined && { tag }),
  ...(reason !== undefined && { reason }),
});
const stats = (orders: readonly WheelFillRecord[], sessions = 10, trace: readonly TracedDecision[] = []) =>
  wheelStats({ strategy: 'w', symbols: ['SPY'], orders, trace, contracts: contractsOf, sessions });

describe('wheel statistics of constructed records', () => {
  it('a put written and expired worthless: premium kept, held until expiry, never in stock', () => {
    const s = stats([fill(1, PUT, -2, 1.5, 'write_puts SPY'), fill(8, PUT, 2, 0, 'expired at 104.00', 'expiry')]);
    expect(s).toMatchObject({ premiumGross: 300, premiumNet: 300, boughtBack: 0, putsWritten: 2, expiredWorthless: 2, avgDaysHeld: 7 });
    expect(s).toMatchObject({ sessionsInStock: 0, sessionsInCash: 10, timeInCashPct: 100 });
  });

  it('a put assigned, a covered call written and called away: the shares held from assignment to call-away', () => {
    const s = stats([
      fill(1, PUT, -1, 2, 'write_puts SPY'),
      fill(3, PUT, 1, 0, 'assigned at 95.00', 'assignment'),
      fill(3, 'SPY', 100, 100, 'assigned at 95.00', 'assignment'),
      fill(4, CALL, -1, 1, 'write_calls SPY'),
      fill(7, CALL, 1, 0, 'assigned at 112.00', 'assignment'),
      fill(7, 'SPY', -100, 110, 'assigned at 112.00', 'assignment'),
    ]);
    expect(s).toMatchObject({ putsAssigned: 1, callsCalledAway: 1, sharesAssigned: 100, sharesCalledAway: 100, putAssignmentPct: 100 });
    expect(s).toMatchObject({ premiumGross: 300, sessionsInStock: 4 });
    expect(s.timeInStockPct).toBeCloseTo(40, 9);
    expect(s.avgDaysHeld).toBeCloseTo(2.5, 9); // (2 + 3) / 2
  });

  it('a roll combo’s buy leg counts as a roll; a close-stage buy-back and a roll stage that closes (unable to roll) count as closes', () => {
    const s = stats([
      fill(1, PUT, -3, 2, 'write_puts SPY'),
      fill(2, PUT, 1, 0.5, 'roll SPY (combo)'),
      fill(3, PUT, 1, 0.4, 'roll SPY'),
      fill(4, PUT, 1, 0.3, 'close SPY'),
    ]);
    expect(s).toMatchObject({ rolls: 1, closes: 2 });
    expect(s.boughtBack).toBeCloseTo(120, 9);
    expect(s.premiumNet).toBeCloseTo(480, 9);
  });

  it('the run’s final close is counted apart, not in the days held nor the time in stock', () => {
    const s = stats([
      fill(1, PUT, -1, 2, 'write_puts SPY'),
      fill(2, 'SPY', 100, 50, 'buy_rebalance SPY'),
      fill(9, PUT, 1, 1, 'finalize', 'finalize'),
      fill(9, 'SPY', -100, 60, 'finalize', 'finalize'),
    ]);
    expect(s).toMatchObject({ closedAtEnd: 1, boughtBack: 100, sessionsInStock: 8 });
    expect(s.avgDaysHeld).toBeNaN();
  });

  it('a long hedge bought and sold is no premium; other sleeves, other stocks (a cash fund) and zero fills are ignored', () => {
    const s = stats([
      fill(1, 'VIX240119C00020000', 2, 1, 'vix_hedge VIX'),
      fill(2, 'VIX240119C00020000', -2, 1.5, 'vix_hedge VIX'),
      fill(1, PUT, -1, 2, 'write_puts SPY', undefined, 'other'),
      fill(1, 'SGOV', 50, 100, 'cash_management SGOV'),
      fill(1, PUT, 0, 2, 'write_puts SPY'),
    ]);
    expect(s).toMatchObject({ premiumGross: 0, boughtBack: 0, putsWritten: 0, callsWritten: 0, sessionsInStock: 0 });
    expect(s.premiumPerContract).toBeNaN();
  });

  it('an option fill whose contract the wheel did not trade is an error naming it (no guessed multiplier)', () => {
    const unknown = () => stats([fill(1, 'QQQ240119P00300000', -1, 2, 'write_puts QQQ')]);
    expect(unknown).toThrow('QQQ240119P00300000 (a fill of w in session 1) is not among the contracts the wheel traded');
  });

  it('the trace: dates decided, writes, rolls and writes not funded', () => {
    const d = (date: number, verdict: string, code: string): TracedDecision => ({ date, stage: 'write_puts', symbol: 'SPY', verdict, code, message: 'm' });
    const trace = [d(20240102, 'write', 'PUTS_NEEDED'), d(20240102, 'skip', 'NOT_FUNDED'), d(20240103, 'roll', 'DTE_AND_PNL')];
    trace.push(d(20240103, 'write', 'PARTLY_FUNDED'));
    const s = stats([], 5, [...trace, d(20240104, 'skip', 'AT_TARGET')]);
    expect(s).toMatchObject({ daysDecided: 3, writesDecided: 2, rollsDecided: 1, writesNotFunded: 2 });
  });
});
