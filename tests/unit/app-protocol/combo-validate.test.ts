// Combo intents' validation (docs/app-protocol.md §4, §5): `combo` carries the order's side, quantity,
// type, net limit and tif; 2–4 legs of one underlying carry only an instrument, a side and a ratio.
// Every refusal names its path; without `combo` an intent is checked exactly as before.
import { describe, expect, it } from 'vitest';
import { decodeClientMessage, MessageError, type ComboIntentMessage } from '../../../shared/protocol/index.ts';

const OLD = 'SPY120121P00125000';
const NEW = 'SPY120218P00125000';
const roll = {
  type: 'intent',
  intentId: 'roll-1',
  createdAt: 1,
  combo: { side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: -0.4, tif: 'DAY' },
  legs: [
    { instrument: OLD, side: 'BUY', quantity: 1 },
    { instrument: NEW, side: 'SELL', quantity: 1 },
  ],
};

function problem(msg: unknown): { path: string; message: string; id?: string } {
  try {
    decodeClientMessage(JSON.stringify(msg));
  } catch (err) {
    expect(err).toBeInstanceOf(MessageError);
    const e = err as MessageError;
    return { path: e.path, message: e.message, id: e.id };
  }
  throw new Error(`accepted: ${JSON.stringify(msg)}`);
}

const withLeg = (i: number, leg: Record<string, unknown>) => ({ ...roll, legs: roll.legs.map((l, j) => (j === i ? { ...l, ...leg } : l)) });
const withCombo = (c: Record<string, unknown>) => ({ ...roll, combo: { ...roll.combo, ...c } });
const without = <T extends Record<string, unknown>>(o: T, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('combo intents', () => {
  it('a valid roll decodes as it was sent: a net credit limit, legs by OSI symbol; a MKT combo, a stock leg, a conId leg and padded OSI decode too', () => {
    expect(decodeClientMessage(JSON.stringify(roll))).toEqual(roll);
    const decoded = decodeClientMessage(JSON.stringify(roll)) as ComboIntentMessage;
    expect(decoded.combo.limitPrice).toBe(-0.4);
    const ok = [
      { ...roll, combo: { side: 'SELL', quantity: 3, orderType: 'MKT' } },
      { ...roll, combo: { side: 'BUY', quantity: 2, orderType: 'LMT', limitPrice: 0, tif: 'GTC' } },
      { ...roll, legs: [{ instrument: 'SPY', side: 'BUY', quantity: 100 }, { instrument: 'SPY   120121C00130000', side: 'SELL', quantity: 1 }] },
      { ...roll, legs: [...roll.legs, { instrument: '12345', side: 'SELL', quantity: 2 }, { instrument: 'SPY120121P00120000', side: 'BUY', quantity: 1 }] },
    ];
    for (const m of ok) expect(decodeClientMessage(JSON.stringify(m)), JSON.stringify(m)).toEqual(m);
  });

  it('order fields on a leg are refused by path: the combo carries them', () => {
    expect(problem(withLeg(1, { limitPrice: 1.2 }))).toEqual({
      path: 'legs[1].limitPrice',
      message: "legs[1].limitPrice: not allowed on a combo leg (the combo's limitPrice is the net price)",
      id: 'roll-1',
    });
    expect(problem(withLeg(0, { orderType: 'LMT' }))).toMatchObject({ path: 'legs[0].orderType', message: /not allowed on a combo leg/ });
    expect(problem(withLeg(1, { stopPrice: 1 }))).toMatchObject({ path: 'legs[1].stopPrice', message: /not allowed on a combo leg/ });
    expect(problem(withLeg(0, { tif: 'GTC' }))).toMatchObject({ path: 'legs[0].tif', message: /not allowed on a combo leg/ });
  });

  it("the combo's own fields: a LMT needs its net limit, a MKT must not have one; side, quantity, type and tif are checked", () => {
    const noLimit = { ...roll, combo: without(roll.combo, 'limitPrice') };
    expect(problem(noLimit)).toMatchObject({ path: 'combo.limitPrice', message: 'combo.limitPrice: expected a number, got nothing' });
    expect(problem(withCombo({ orderType: 'MKT' }))).toMatchObject({ path: 'combo.limitPrice', message: 'combo.limitPrice: not allowed for a MKT combo' });
    expect(problem(withCombo({ limitPrice: '-0.4' })).path).toBe('combo.limitPrice');
    expect(problem(withCombo({ orderType: 'STP' }))).toMatchObject({ path: 'combo.orderType', message: /one of "LMT", "MKT"/ });
    expect(problem(withCombo({ side: 'HOLD' })).path).toBe('combo.side');
    expect(problem(withCombo({ quantity: 1.5 }))).toMatchObject({ path: 'combo.quantity', message: /integer/ });
    expect(problem(withCombo({ quantity: 0 }))).toMatchObject({ path: 'combo.quantity', message: /> 0/ });
    expect(problem(withCombo({ tif: 'IOC' })).path).toBe('combo.tif');
    expect(problem({ ...roll, combo: 'BUY' })).toMatchObject({ path: 'combo', message: /expected an object/ });
    expect(problem({ ...roll, combo: null })).toMatchObject({ path: 'combo', message: /expected an object/ });
  });

  it('2–4 legs, each a stock or an option on one underlying, with a whole ratio > 0 and a side', () => {
    expect(problem({ ...roll, legs: [roll.legs[0]] })).toMatchObject({ path: 'legs', message: 'legs: a combo needs 2–4 legs, got 1' });
    expect(problem({ ...roll, legs: [] })).toMatchObject({ path: 'legs', message: /at least 2 items/ });
    expect(problem({ ...roll, legs: [...roll.legs, ...roll.legs, roll.legs[0]] })).toMatchObject({ path: 'legs', message: /at most 4 items, got 5/ });
    expect(problem(without(roll, 'legs'))).toMatchObject({ path: 'legs', message: /expected a list/ });
    expect(problem(withLeg(1, { instrument: 'QQQ120218P00060000' }))).toEqual({
      path: 'legs[1].instrument',
      message: "legs[1].instrument: is on QQQ, legs[0].instrument on SPY: a combo's legs are on one underlying symbol",
      id: 'roll-1',
    });
    expect(problem(withLeg(1, { instrument: 'QQQ' })).path).toBe('legs[1].instrument');
    expect(problem(withLeg(0, { instrument: 'spy' })).path).toBe('legs[0].instrument');
    expect(problem(withLeg(1, { instrument: 'SPY120230P00125000' }))).toMatchObject({ path: 'legs[1].instrument', message: /not a date/ });
    expect(problem(withLeg(1, { quantity: 0 }))).toMatchObject({ path: 'legs[1].quantity', message: /> 0/ });
    expect(problem(withLeg(0, { quantity: 2.5 }))).toMatchObject({ path: 'legs[0].quantity', message: /integer/ });
    expect(problem(withLeg(1, { side: 'SHORT' })).path).toBe('legs[1].side');
    expect(problem({ ...roll, legs: [roll.legs[0], 'SPY'] })).toMatchObject({ path: 'legs[1]', message: /expected an object/ });
  });

  it('without combo an intent is checked as before: one leg needs its orderType and prices by its type', () => {
    const single = { type: 'intent', intentId: 's', createdAt: 1, legs: [{ instrument: OLD, side: 'SELL', quantity: 1 }] };
    expect(problem(single)).toMatchObject({ path: 'legs[0].orderType', message: /expected one of "MKT", "LMT", "STP", "STP LMT", got nothing/ });
    expect(problem({ ...single, legs: [{ ...single.legs[0], orderType: 'LMT' }] }).path).toBe('legs[0].limitPrice');
    const credit = { ...single, legs: [{ ...single.legs[0], orderType: 'LMT', limitPrice: -1 }] };
    expect(problem(credit)).toMatchObject({ path: 'legs[0].limitPrice', message: /> 0/ });
    // Several legs without combo still decode (the bridge answers NOT_AVAILABLE, pointing to combo), each leg fully checked.
    const two = { ...single, legs: [{ ...single.legs[0], orderType: 'MKT' }, { instrument: NEW, side: 'BUY', quantity: 1 }] };
    expect(problem(two).path).toBe('legs[1].orderType');
    const twoOk = { ...two, legs: [two.legs[0], { ...two.legs[1], orderType: 'MKT' }] };
    expect(decodeClientMessage(JSON.stringify(twoOk))).toEqual(twoOk);
  });
});
