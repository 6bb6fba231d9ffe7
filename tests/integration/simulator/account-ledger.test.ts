// The paper account's bookkeeping and margin rules without a socket (bridge/simulator/account/):
// average cost with commissions, realised P&L on closes and flips, shorts, daily P&L baselines; Reg-T
// stock margin, cash-secured puts, put spreads, covered and naked calls.
import { describe, expect, it } from 'vitest';
import { Ledger, type InstrumentFacts, type PositionRecord } from '../../../bridge/simulator/account/ledger.ts';
import { marginRequirement, nakedCall } from '../../../bridge/simulator/account/margin.ts';

const contract = { conId: 1, symbol: 'XYZ', secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '' as const, multiplier: '', exchange: 'SMART', primaryExch: 'NASDAQ', currency: 'USD', localSymbol: 'XYZ', tradingClass: 'NMS' };
const STOCK: InstrumentFacts = { conId: 1, contract, kind: 'STK', multiplier: 1, underConId: 0, strike: 0, right: '', expiry: 0 };
const option = (conId: number, right: 'C' | 'P', strike: number, expiry = 20120120): InstrumentFacts => ({
  conId, contract: { ...contract, conId, secType: 'OPT', strike, right, multiplier: '100' }, kind: 'OPT', multiplier: 100, underConId: 1, strike, right, expiry,
});

describe('ledger', () => {
  it('average cost includes commissions; a partial close realises against it; cash follows every trade', () => {
    const l = Ledger.empty('DU1', 10_000);
    l.trade(STOCK, 100, 50, 1);
    expect(l.positions.get(1)).toMatchObject({ qty: 100, avgCost: 50.01 });
    expect(l.cash).toBe(10_000 - 5001);
    l.trade(STOCK, 100, 52, 1);
    expect(l.positions.get(1)!.avgCost).toBeCloseTo(51.01, 12);
    const { realized } = l.trade(STOCK, -50, 55, 1);
    expect(realized).toBeCloseTo(50 * (55 - 51.01) - 1, 9);
    expect(l.positions.get(1)).toMatchObject({ qty: 150 });
    expect(l.positions.get(1)!.avgCost).toBeCloseTo(51.01, 12); // a close does not move the average
    expect(l.realizedToday).toBeCloseTo(realized!, 12);
    expect(l.cash).toBeCloseTo(10_000 - 5001 - 5201 + 2749, 9);
  });

  it('a trade through zero closes the old side and opens the new one at the trade price (commission split)', () => {
    const l = Ledger.empty('DU1', 0);
    l.trade(STOCK, 100, 10, 2);
    const { realized } = l.trade(STOCK, -300, 12, 3); // closes 100, opens −200
    expect(realized).toBeCloseTo(100 * (12 - 10.02) - 1, 9);
    const p = l.positions.get(1)!;
    expect(p.qty).toBe(-200);
    expect(p.avgCost).toBeCloseTo((200 * 12 - 2) / 200, 12); // a short's average: net proceeds per share
    const cover = l.trade(STOCK, 200, 11, 1);
    expect(cover.realized).toBeCloseTo(200 * (11.99 - 11) - 1, 9);
    expect(p.qty).toBe(0);
  });

  it('options carry the multiplier in their average cost (per contract)', () => {
    const l = Ledger.empty('DU1', 0);
    l.trade(option(9, 'C', 100), 2, 1.5, 1.3);
    expect(l.positions.get(9)!.avgCost).toBeCloseTo(150.65, 12);
    expect(l.cash).toBeCloseTo(-301.3, 12);
  });

  it('a new day resets realised P&L and cash flows, takes the close as the daily baseline and drops closed positions', () => {
    const l = Ledger.empty('DU1', 0);
    l.trade(STOCK, 100, 10, 0);
    l.trade(option(9, 'C', 100), 1, 1, 0);
    l.trade(option(9, 'C', 100), -1, 2, 0);
    l.newDay((p) => p.qty * 11 * p.multiplier);
    expect([...l.positions.keys()]).toEqual([1]);
    expect(l.positions.get(1)).toMatchObject({ dayStartValue: 1100, dayCashFlow: 0, realizedToday: 0 });
    expect(l.realizedToday).toBe(0);
    const copy = l.clone();
    copy.trade(STOCK, 100, 1, 0);
    expect(l.positions.get(1)!.qty).toBe(100); // clones are independent
  });
});

describe('margin', () => {
  const pos = (facts: InstrumentFacts, qty: number): PositionRecord => ({ ...facts, qty, avgCost: 0, realizedToday: 0, dayStartValue: 0, dayCashFlow: 0 });
  const marks = (prices: Record<number, number>) => (conId: number) => prices[conId] ?? NaN;

  it('stocks: Reg-T 50 % initial, 25 % maintenance, long or short', () => {
    expect(marginRequirement([pos(STOCK, 100)], marks({ 1: 50 }))).toEqual({ initial: 2500, maintenance: 1250 });
    expect(marginRequirement([pos(STOCK, -100)], marks({ 1: 50 }))).toEqual({ initial: 2500, maintenance: 1250 });
  });

  it('long options need nothing; a short put is cash-secured; a long put below it caps it at the spread', () => {
    expect(marginRequirement([pos(option(2, 'P', 45), 3)], marks({ 1: 50 })).initial).toBe(0);
    expect(marginRequirement([pos(option(2, 'P', 45), -2)], marks({ 1: 50 })).initial).toBe(9000);
    expect(marginRequirement([pos(option(2, 'P', 45), -2), pos(option(3, 'P', 40), 2)], marks({ 1: 50 })).initial).toBe(1000);
    // A long put expiring earlier does not cover.
    expect(marginRequirement([pos(option(2, 'P', 45), -1), pos(option(3, 'P', 40, 20120106), 1)], marks({ 1: 50 })).initial).toBe(4500);
  });

  it('short calls: covered by stock, by a lower long call (spread), else naked: max(20 % − OTM, 10 %) of the underlying', () => {
    expect(marginRequirement([pos(STOCK, 100), pos(option(4, 'C', 55), -1)], marks({ 1: 50 })).initial).toBe(2500); // the stock's own Reg-T only
    expect(marginRequirement([pos(option(4, 'C', 55), -1), pos(option(5, 'C', 50), 1)], marks({ 1: 50 })).initial).toBe(0);
    expect(marginRequirement([pos(option(4, 'C', 50), -1), pos(option(5, 'C', 55), 1)], marks({ 1: 50 })).initial).toBe(500);
    expect(nakedCall(50, 55)).toBeCloseTo(5, 12); // max(10 − 5, 5)
    expect(nakedCall(50, 45)).toBeCloseTo(10, 12);
    expect(marginRequirement([pos(option(4, 'C', 55), -2)], marks({ 1: 50 })).initial).toBeCloseTo(1000, 9);
  });
});
