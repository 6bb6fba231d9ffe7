// The shared books and margin rules (shared/portfolio) that the backtest, the TWS simulator and the
// bridge all use: average cost with commissions (IBKR convention), realised P&L on closes and flips,
// shorts, daily P&L baselines; Reg-T and cash-account stock margin, cash-secured puts, put spreads,
// covered and naked calls; account values and the what-if check.
import { describe, expect, it } from 'vitest';
import { option, stock, type HoldableInstrument } from '../../../shared/domain/instrument.ts';
import type { Position } from '../../../shared/domain/position.ts';
import { Ledger } from '../../../shared/portfolio/ledger.ts';
import { accountValues, type Marks } from '../../../shared/portfolio/account-values.ts';
import { CASH_ACCOUNT, REG_T, marginRequirement, nakedCall, sharesCoveringCalls } from '../../../shared/portfolio/margin.ts';
import { whatIf } from '../../../shared/portfolio/what-if.ts';

const XYZ = stock('XYZ');
const opt = (right: 'C' | 'P', strike: number, expiry = 20120120) => option(XYZ, right, strike, expiry);
const C100 = opt('C', 100);

describe('ledger (IBKR average cost)', () => {
  it('average cost includes commissions; a partial close realises against it; cash follows every trade', () => {
    const l = Ledger.withCash(10_000);
    l.trade(XYZ, 100, 50, 1);
    expect(l.position('XYZ')).toMatchObject({ qty: 100, avgCost: 50.01 });
    expect(l.cash).toBe(10_000 - 5001);
    l.trade(XYZ, 100, 52, 1);
    expect(l.position('XYZ')!.avgCost).toBeCloseTo(51.01, 12);
    const { realized } = l.trade(XYZ, -50, 55, 1);
    expect(realized).toBeCloseTo(50 * (55 - 51.01) - 1, 9);
    expect(l.position('XYZ')).toMatchObject({ qty: 150 });
    expect(l.position('XYZ')!.avgCost).toBeCloseTo(51.01, 12); // a close does not move the average
    expect(l.realizedToday).toBeCloseTo(realized!, 12);
    expect(l.position('XYZ')!.realized).toBeCloseTo(realized!, 12);
    expect(l.cash).toBeCloseTo(10_000 - 5001 - 5201 + 2749, 9);
  });

  it('a trade through zero closes the old side and opens the new one at the trade price (commission split)', () => {
    const l = Ledger.withCash(0);
    l.trade(XYZ, 100, 10, 2);
    const { realized } = l.trade(XYZ, -300, 12, 3); // closes 100, opens −200
    expect(realized).toBeCloseTo(100 * (12 - 10.02) - 1, 9);
    const p = l.position('XYZ')!;
    expect(p.qty).toBe(-200);
    expect(p.avgCost).toBeCloseTo((200 * 12 - 2) / 200, 12); // a short's average: net proceeds per share
    const cover = l.trade(XYZ, 200, 11, 1);
    expect(cover.realized).toBeCloseTo(200 * (11.99 - 11) - 1, 9);
    expect(p.qty).toBe(0);
  });

  it('options carry the multiplier in their average cost (per contract), keyed by their OSI symbol', () => {
    const l = Ledger.withCash(0);
    l.trade(C100, 2, 1.5, 1.3);
    expect(l.position('XYZ120120C00100000')!.avgCost).toBeCloseTo(150.65, 12);
    expect(l.cash).toBeCloseTo(-301.3, 12);
  });

  it('a new day resets realised P&L and cash flows, takes the close as the daily baseline and drops closed positions', () => {
    const l = Ledger.withCash(0);
    l.trade(XYZ, 100, 10, 0);
    l.trade(C100, 1, 1, 0);
    l.trade(C100, -1, 2, 0);
    l.newDay((p) => p.qty * 11 * p.instrument.multiplier);
    expect([...l.positions.keys()]).toEqual(['XYZ']);
    expect(l.position('XYZ')).toMatchObject({ dayStartValue: 1100, dayCashFlow: 0, realizedToday: 0 });
    expect(l.realizedToday).toBe(0);
    const copy = l.clone();
    copy.trade(XYZ, 100, 1, 0);
    expect(l.position('XYZ')!.qty).toBe(100); // clones are independent
  });

  it('fills book the same as trades, and the JSON round-trips', () => {
    const a = Ledger.withCash(1000);
    a.apply({ orderId: 1, instrument: XYZ, qty: 10, price: 20, commission: 1, time: 0, ref: 'x' });
    const b = new Ledger(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.cash).toBe(799);
    expect(b.position('XYZ')).toMatchObject({ qty: 10, avgCost: 20.1 });
  });
});

describe('margin', () => {
  const pos = (instrument: HoldableInstrument, qty: number): Position => ({ key: instrument.secType === 'OPT' ? `${instrument.strike}${instrument.right}${instrument.expiry}` : instrument.symbol, instrument, qty, avgCost: 0, realized: 0, realizedToday: 0, dayStartValue: 0, dayCashFlow: 0 });
  // Options are marked at 0 here (the naked-call rule adds the call's own value on top).
  const req = (positions: Position[], spot = 50, policy = REG_T) => marginRequirement(positions, (p) => (p.instrument.secType === 'STK' ? spot : 0), () => spot, policy);

  it('stocks: Reg-T 50 % initial, 25 % maintenance, long or short; a cash account needs the full value', () => {
    expect(req([pos(XYZ, 100)])).toEqual({ initial: 2500, maintenance: 1250 });
    expect(req([pos(XYZ, -100)])).toEqual({ initial: 2500, maintenance: 1250 });
    expect(req([pos(XYZ, 100)], 50, CASH_ACCOUNT)).toEqual({ initial: 5000, maintenance: 5000 });
  });

  it('long options need nothing; a short put is cash-secured; a long put below it caps it at the spread', () => {
    expect(req([pos(opt('P', 45), 3)]).initial).toBe(0);
    expect(req([pos(opt('P', 45), -2)]).initial).toBe(9000);
    expect(req([pos(opt('P', 45), -2), pos(opt('P', 40), 2)]).initial).toBe(1000);
    // A long put expiring earlier does not cover.
    expect(req([pos(opt('P', 45), -1), pos(opt('P', 40, 20120106), 1)]).initial).toBe(4500);
  });

  it('short calls: covered by stock, by a lower long call (spread), else naked: max(20 % − OTM, 10 %) of the underlying', () => {
    expect(req([pos(XYZ, 100), pos(opt('C', 55), -1)]).initial).toBe(2500); // the stock's own Reg-T only
    expect(req([pos(opt('C', 55), -1), pos(opt('C', 50), 1)]).initial).toBe(0);
    expect(req([pos(opt('C', 50), -1), pos(opt('C', 55), 1)]).initial).toBe(500);
    expect(nakedCall(50, 55)).toBeCloseTo(5, 12); // max(10 − 5, 5)
    expect(nakedCall(50, 45)).toBeCloseTo(10, 12);
    expect(req([pos(opt('C', 55), -2)]).initial).toBeCloseTo(1000, 9);
    // With the call marked at 1.20: its value is added, 2 × (1.20 + 5) × 100.
    expect(marginRequirement([pos(opt('C', 55), -2)], (p) => (p.instrument.secType === 'OPT' ? 1.2 : 50), () => 50, REG_T).initial).toBeCloseTo(1240, 9);
    expect(sharesCoveringCalls([pos(opt('C', 55), -2), pos(opt('P', 45), -1)], 'XYZ')).toBe(200);
  });
});

describe('account values and what-if', () => {
  const marks: Marks = { price: (i) => (i.secType === 'STK' ? 50 : i.secType === 'OPT' ? 2 : NaN) };

  it('net liquidation, equity with loan (long options excluded), available funds and buying power', () => {
    const l = Ledger.withCash(10_000);
    l.trade(XYZ, 100, 40, 0); // cash 6000, stock worth 5000
    l.trade(opt('C', 55), 2, 1, 0); // cash 5800, calls worth 400
    const v = accountValues(l, marks, REG_T);
    expect(v.netLiquidation).toBe(11_200);
    expect(v.equityWithLoan).toBe(10_800);
    expect(v.initMargin).toBe(2500);
    expect(v.availableFunds).toBe(8300);
    expect(v.buyingPower).toBe(16_600);
    expect(v.unrealizedPnL).toBeCloseTo(1000 + 200, 9);
    expect(accountValues(l, marks, CASH_ACCOUNT).buyingPower).toBe(10_800 - 5000);
  });

  it('what-if: a cash-secured put that the account cannot carry is refused; a closing trade always passes', () => {
    const l = Ledger.withCash(4000);
    const put = opt('P', 45);
    const refused = whatIf(l, [{ instrument: put, qty: -1, price: 2, commission: 1 }], marks, REG_T);
    expect(refused.accepted).toBe(false);
    expect(refused.initMarginChange).toBe(4500);
    expect(refused.after.availableFunds).toBeCloseTo(4000 + 199 - 200 - 4500, 9);
    l.trade(XYZ, -100, 50, 0); // short stock: needs 2500
    expect(whatIf(l, [{ instrument: XYZ, qty: 100, price: 50, commission: 1 }], marks, REG_T).accepted).toBe(true);
  });
});
