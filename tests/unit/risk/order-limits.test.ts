// The live order limits (docs/trading-model.md §11.5), pure: each limit denies with its code and a
// detail, reducing orders skip the value limits, working orders on the same side count, combos are
// judged by their legs, the rate window slides, and the kill switch on orders.
import { describe, expect, it } from 'vitest';
import { combo, instrumentKey, option, stock } from '../../../shared/domain/instrument.ts';
import type { OrderTicket } from '../../../shared/domain/order.ts';
import { RISK_REASONS } from '../../../shared/risk/denial-reason.ts';
import { checkOrder, orderStateDenial, ordersInWindow, reduces, symbolsOf, type AccountSnapshot, type WorkingOrder } from '../../../shared/risk/order-limits.ts';

const AAA = stock('AAA');
const BBB = stock('BBB');
const t = (over: Partial<OrderTicket> = {}): OrderTicket => ({ instrument: AAA, side: 'BUY', quantity: 10, type: 'MKT', tif: 'DAY', ref: 'r', ...over });

function account(over: Partial<AccountSnapshot> & { pos?: Record<string, number>; px?: Record<string, number> } = {}): AccountSnapshot {
  return {
    netLiquidation: 100_000,
    dayPnl: 0,
    positions: new Map(Object.entries(over.pos ?? {})),
    marks: new Map(Object.entries(over.px ?? { AAA: 100, BBB: 50 })),
    openOrders: [],
    ...over,
  };
}

const working = (id: number, over: Partial<WorkingOrder> = {}): WorkingOrder => ({ id, instrument: AAA, side: 'BUY', quantity: 10, filled: 0, ...over });
const NOW = 1_800_000_000_000;

describe('checkOrder', () => {
  it('passes an order within every limit, and says whether it reduces', () => {
    const limits = { maxOrderValue: 5000, maxPositionShare: 0.2, dailyLossLimit: 1000, maxOpenOrders: 5, maxOrdersPerMinute: 10, allowedSymbols: ['AAA'], allowedOrderTypes: ['MKT' as const] };
    expect(checkOrder(t(), account(), limits, [], NOW)).toEqual({ ok: true, reducing: false });
    expect(checkOrder(t({ side: 'SELL' }), account({ pos: { AAA: 10 } }), limits, [], NOW)).toEqual({ ok: true, reducing: true });
  });

  it('MAX_ORDER_VALUE: units × price × multiplier; a limit above the mark is the price', () => {
    expect(checkOrder(t({ quantity: 50 }), account(), { maxOrderValue: 5000 }, [], NOW)).toEqual({ ok: true, reducing: false });
    expect(checkOrder(t({ quantity: 51 }), account(), { maxOrderValue: 5000 }, [], NOW)).toEqual({ ok: false, reason: 'MAX_ORDER_VALUE', detail: '5100 > 5000' });
    expect(checkOrder(t({ quantity: 50, type: 'LMT', limitPrice: 101 }), account(), { maxOrderValue: 5000 }, [], NOW)).toMatchObject({ ok: false, reason: 'MAX_ORDER_VALUE' });
    const call = option(AAA, 'C', 100, 20270115);
    const opt = account({ px: { [instrumentKey(call)]: 2.5 } });
    expect(checkOrder(t({ instrument: call, quantity: 21 }), opt, { maxOrderValue: 5000 }, [], NOW)).toEqual({ ok: false, reason: 'MAX_ORDER_VALUE', detail: '5250 > 5000' });
  });

  it('MAX_POSITION_SHARE: the position after the order, working orders on its side included', () => {
    const limits = { maxPositionShare: 0.1 };
    expect(checkOrder(t({ quantity: 100 }), account(), limits, [], NOW).ok).toBe(true); // 10 000 = 10 %
    const d = checkOrder(t({ quantity: 50 }), account({ pos: { AAA: 60 } }), limits, [], NOW);
    expect(d).toMatchObject({ ok: false, reason: 'MAX_POSITION_SHARE' });
    expect(!d.ok && d.detail).toContain('AAA would be 11000, 11 % of net liquidation 100000');
    const pending = account({ openOrders: [working(1, { quantity: 60 })] });
    expect(checkOrder(t({ quantity: 50 }), pending, limits, [], NOW)).toMatchObject({ ok: false, reason: 'MAX_POSITION_SHARE' });
    expect(checkOrder(t(), account({ netLiquidation: 0 }), limits, [], NOW)).toMatchObject({ ok: false, reason: 'MAX_POSITION_SHARE', detail: 'net liquidation is 0' });
  });

  it("DAILY_LOSS_LIMIT: the day's P&L at or below −limit stops entries, not reductions", () => {
    const limits = { dailyLossLimit: 500 };
    expect(checkOrder(t(), account({ dayPnl: -499 }), limits, [], NOW).ok).toBe(true);
    expect(checkOrder(t(), account({ dayPnl: -500 }), limits, [], NOW)).toEqual({ ok: false, reason: 'DAILY_LOSS_LIMIT', detail: "today's P&L -500; daily_loss_limit = 500" });
    expect(checkOrder(t({ side: 'SELL' }), account({ dayPnl: -900, pos: { AAA: 10 } }), limits, [], NOW)).toEqual({ ok: true, reducing: true });
  });

  it('MAX_OPEN_ORDERS counts bracket exits; a modification is not a new order', () => {
    const two = account({ openOrders: [working(1), working(2)] });
    expect(checkOrder(t(), two, { maxOpenOrders: 3 }, [], NOW).ok).toBe(true);
    expect(checkOrder(t(), two, { maxOpenOrders: 3 }, [], NOW, { extra: 2 })).toMatchObject({ ok: false, reason: 'MAX_OPEN_ORDERS', detail: '2 working, this adds 3; max_open_orders = 3' });
    expect(checkOrder(t(), two, { maxOpenOrders: 2 }, [], NOW, { replaces: 2 }).ok).toBe(true);
  });

  it('ORDER_RATE: a sliding 60 s window of the orders sent', () => {
    const sent = [NOW - 61_000, NOW - 59_000, NOW - 1000];
    expect(ordersInWindow(sent, NOW)).toBe(2);
    expect(checkOrder(t(), account(), { maxOrdersPerMinute: 3 }, sent, NOW).ok).toBe(true);
    expect(checkOrder(t(), account(), { maxOrdersPerMinute: 2 }, sent, NOW)).toMatchObject({ ok: false, reason: 'ORDER_RATE' });
    expect(checkOrder(t(), account(), { maxOrdersPerMinute: 2 }, sent, NOW + 1000).ok).toBe(true);
  });

  it('SYMBOL_NOT_ALLOWED and ORDER_TYPE_NOT_ALLOWED apply to every order, closes included', () => {
    expect(checkOrder(t({ instrument: BBB }), account(), { allowedSymbols: ['AAA'] }, [], NOW)).toEqual({ ok: false, reason: 'SYMBOL_NOT_ALLOWED', detail: 'BBB; allowed: AAA' });
    expect(checkOrder(t({ side: 'SELL' }), account({ pos: { AAA: 10 } }), { allowedSymbols: [] }, [], NOW)).toMatchObject({ ok: false, reason: 'SYMBOL_NOT_ALLOWED' });
    expect(checkOrder(t({ type: 'STP', stopPrice: 90 }), account(), { allowedOrderTypes: ['MKT', 'LMT'] }, [], NOW)).toEqual({ ok: false, reason: 'ORDER_TYPE_NOT_ALLOWED', detail: 'STP; allowed: MKT, LMT' });
  });

  it('NO_PRICE_FOR_LIMIT: a market order with value limits and no mark is refused (fail closed)', () => {
    expect(checkOrder(t(), account({ px: {} }), { maxOrderValue: 1e9 }, [], NOW)).toEqual({ ok: false, reason: 'NO_PRICE_FOR_LIMIT', detail: 'AAA' });
    expect(checkOrder(t(), account({ px: {} }), { maxOpenOrders: 10 }, [], NOW).ok).toBe(true); // no value limit: no price needed
    expect(checkOrder(t({ type: 'LMT', limitPrice: 100 }), account({ px: {} }), { maxOrderValue: 1e9 }, [], NOW).ok).toBe(true);
  });

  it('every code it returns has a sentence', () => {
    for (const code of ['MAX_ORDER_VALUE', 'MAX_POSITION_SHARE', 'DAILY_LOSS_LIMIT', 'MAX_OPEN_ORDERS', 'ORDER_RATE', 'SYMBOL_NOT_ALLOWED', 'ORDER_TYPE_NOT_ALLOWED', 'NO_PRICE_FOR_LIMIT'] as const) {
      expect(RISK_REASONS[code].length).toBeGreaterThan(10);
    }
  });
});

describe('reduces', () => {
  it('only toward zero, never across it, with working orders on the same side counted and exits not', () => {
    expect(reduces(t({ side: 'SELL', quantity: 10 }), account({ pos: { AAA: 10 } }))).toBe(true);
    expect(reduces(t({ side: 'SELL', quantity: 11 }), account({ pos: { AAA: 10 } }))).toBe(false);
    expect(reduces(t({ side: 'BUY', quantity: 5 }), account({ pos: { AAA: 10 } }))).toBe(false);
    expect(reduces(t({ side: 'BUY', quantity: 5 }), account({ pos: { AAA: -10 } }))).toBe(true);
    expect(reduces(t({ side: 'SELL' }), account())).toBe(false);
    const sellWorking = account({ pos: { AAA: 10 }, openOrders: [working(1, { side: 'SELL', quantity: 8 })] });
    expect(reduces(t({ side: 'SELL', quantity: 5 }), sellWorking)).toBe(false);
    expect(reduces(t({ side: 'SELL', quantity: 5 }), sellWorking, 1)).toBe(true); // the working one is being replaced
    const exitWorking = account({ pos: { AAA: 10 }, openOrders: [working(1, { side: 'SELL', quantity: 10, reduceOnly: true })] });
    expect(reduces(t({ side: 'SELL', quantity: 10 }), exitWorking)).toBe(true);
  });

  it('a combo reduces only when every leg does; its symbols are its legs', () => {
    const p1 = option(AAA, 'P', 90, 20270115);
    const p2 = option(AAA, 'P', 100, 20270115);
    const spread = combo([{ instrument: p1, ratio: 1, action: 'BUY' }, { instrument: p2, ratio: 1, action: 'SELL' }]);
    expect(symbolsOf(spread)).toEqual(['AAA']);
    const held = account({ pos: { [instrumentKey(p1)]: -2, [instrumentKey(p2)]: 2 } });
    expect(reduces(t({ instrument: spread, quantity: 2, type: 'LMT', limitPrice: 1 }), held)).toBe(true);
    expect(reduces(t({ instrument: spread, quantity: 3, type: 'LMT', limitPrice: 1 }), held)).toBe(false);
    expect(reduces(t({ instrument: spread, side: 'SELL', quantity: 1, type: 'LMT', limitPrice: 1 }), held)).toBe(false);
  });
});

describe('orderStateDenial', () => {
  it('ACTIVE passes all; REDUCING and HALTED pass only reducing orders, with their codes', () => {
    expect(orderStateDenial('ACTIVE', false)).toBeUndefined();
    expect(orderStateDenial('REDUCING', true)).toBeUndefined();
    expect(orderStateDenial('HALTED', true)).toBeUndefined();
    expect(orderStateDenial('REDUCING', false)).toBe('TRADING_REDUCING');
    expect(orderStateDenial('HALTED', false)).toBe('TRADING_HALTED');
  });
});
