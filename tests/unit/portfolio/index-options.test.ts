// Index options (SPX: European, cash-settled) in the shared trading rules: expiry settles them in
// cash at intrinsic × multiplier with nothing delivered (or lets them expire worthless), and short
// ones carry Reg-T's broad-based index margin (15 % of the index − OTM, at least 10 % of the strike
// for puts / of the index for calls) instead of the equity rules (cash-secured puts, 20 % calls).
import { describe, expect, it } from 'vitest';
import { indexOf, option, type HoldableInstrument } from '../../../shared/domain/instrument.ts';
import type { Position } from '../../../shared/domain/position.ts';
import { listedChain, strikeSteps } from '../../../shared/options/chain.ts';
import { underlyingParams } from '../../../shared/options/underlying-params.ts';
import { Ledger } from '../../../shared/portfolio/ledger.ts';
import { expiringPositions, settleExpiry } from '../../../shared/portfolio/expiry.ts';
import { REG_T, marginRequirement, nakedCall, nakedIndexPut } from '../../../shared/portfolio/margin.ts';

const SPX = indexOf('SPX', { conId: 416904 });
const spxOpt = (right: 'C' | 'P', strike: number, expiry = 20240315) => option(SPX, right, strike, expiry);

describe('index option defaults', () => {
  it('an option on an index is European and cash-settled, 100 × the index', () => {
    expect(spxOpt('P', 5000)).toMatchObject({ style: 'european', settlement: 'cash', multiplier: 100, underlying: { secType: 'IND', symbol: 'SPX' } });
  });
});

describe('cash settlement at expiry', () => {
  it('a short put in the money is closed at its intrinsic value: cash down by intrinsic × 100, no shares delivered', () => {
    const l = Ledger.withCash(100_000);
    const put = spxOpt('P', 5000);
    l.trade(put, -1, 20, 1.5); // premium 2,000 less commission
    const cash = l.cash;
    const [p] = expiringPositions(l, 20240315);
    const s = settleExpiry(l, p, 4962.3, 0);
    expect(s.outcome).toBe('cash-settled');
    expect(s.fills).toHaveLength(1);
    expect(s.fills[0]).toMatchObject({ qty: 1, reason: 'cash-settlement', commission: 0 });
    expect(s.fills[0].price).toBeCloseTo(37.7, 9);
    expect(l.cash).toBeCloseTo(cash - 3770, 6);
    expect(l.open()).toEqual([]); // no SPX, no stock
    expect(l.position('IND:SPX')).toBeUndefined();
  });

  it('a long call in the money receives intrinsic × 100; out of the money options expire worthless', () => {
    const l = Ledger.withCash(100_000);
    l.trade(spxOpt('C', 5000), 2, 10, 0);
    l.trade(spxOpt('P', 4900), -3, 4, 0);
    const cash = l.cash;
    for (const p of expiringPositions(l, 20240315)) settleExpiry(l, p, 5012.5, 0);
    expect(l.cash).toBeCloseTo(cash + 2 * 12.5 * 100, 6);
    expect(l.open()).toEqual([]);
  });

  it('options expiring later are left alone', () => {
    const l = Ledger.withCash(0);
    l.trade(spxOpt('P', 5000, 20240322), -1, 20, 0);
    expect(expiringPositions(l, 20240315)).toEqual([]);
  });
});

describe('broad-based index margin (Reg-T)', () => {
  const pos = (instrument: HoldableInstrument, qty: number): Position => ({ key: `${instrument.symbol}${instrument.secType === 'OPT' ? instrument.strike + instrument.right + instrument.expiry : ''}`, instrument, qty, avgCost: 0, realized: 0, realizedToday: 0, dayStartValue: 0, dayCashFlow: 0 });
  const req = (positions: Position[], spot: number, mark = 0) => marginRequirement(positions, () => mark, () => spot, REG_T).initial;

  it('a naked short put: value + max(15 % × index − OTM, 10 % × strike), × 100 — not cash-secured', () => {
    expect(nakedIndexPut(5000, 4800)).toBeCloseTo(550, 9); // max(750 − 200, 480)
    expect(nakedIndexPut(5000, 4200)).toBeCloseTo(420, 9); // max(750 − 800, 420): the 10 % floor
    expect(nakedIndexPut(5000, 5100)).toBeCloseTo(750, 9); // in the money: no OTM deduction
    expect(req([pos(spxOpt('P', 4800), -2)], 5000, 3.5)).toBeCloseTo(2 * (3.5 + 550) * 100, 6);
    expect(req([pos(spxOpt('P', 4800), -1)], 5000)).toBeLessThan(4800 * 100);
  });

  it('a naked short call: value + max(15 % × index − OTM, 10 % × index), × 100', () => {
    expect(nakedCall(5000, 5200, 0.15)).toBeCloseTo(550, 9);
    expect(nakedCall(5000, 5600, 0.15)).toBeCloseTo(500, 9);
    expect(req([pos(spxOpt('C', 5200), -1)], 5000, 2)).toBeCloseTo((2 + 550) * 100, 6);
  });

  it('a put spread needs its maximum loss, as for equity options; without an index level the strike is charged', () => {
    expect(req([pos(spxOpt('P', 4800), -1), pos(spxOpt('P', 4750), 1)], 5000)).toBeCloseTo(5000, 6);
    expect(req([pos(spxOpt('P', 4800), -1)], NaN)).toBeCloseTo(480_000, 6);
  });
});

describe('SPX listing rules', () => {
  it('lists $5 strikes near the money and $25 further out, with daily expiries from 2022-11-14', () => {
    const params = underlyingParams('SPX');
    expect(params).toMatchObject({ strikeStyle: 'index', pennyOptions: false });
    expect(strikeSteps(params, 5000)).toEqual([5, 25]);
    const chain = listedChain(params, 20240304, 5128.4, (d) => ![20240309, 20240310].includes(d) && new Date(Date.UTC(Math.floor(d / 1e4), (Math.floor(d / 100) % 100) - 1, d % 100)).getUTCDay() % 6 !== 0);
    expect(chain.slice(0, 5).map((e) => [e.date, e.kind])).toEqual([
      [20240304, 'daily'],
      [20240305, 'daily'],
      [20240306, 'daily'],
      [20240307, 'daily'],
      [20240308, 'weekly'],
    ]);
    const monthly = chain.find((e) => e.kind === 'monthly')!.strikes;
    expect(monthly.every((k) => k % 5 === 0)).toBe(true);
    expect(monthly).toContain(5125);
    expect(monthly).toContain(4000);
    expect(monthly).not.toContain(4005);
  });
});
