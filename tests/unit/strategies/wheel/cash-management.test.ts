// Cash management (wheel-rules §1.13, §2.9), pinned to thetagang's T21 and T22 (target cash 1000,
// thresholds 100/100), plus missing quotes and bad inputs.
import { describe, expect, it } from 'vitest';
import { cashManagement, type CashManagementConfig, type CashManagementInput } from '../../../../shared/strategies/wheel/cash-management.ts';
import { pendingCash } from '../../../../shared/strategies/wheel/pending-cash.ts';

const CONFIG: CashManagementConfig = { enabled: true, cashFund: 'SGOV', targetCashBalance: 1000, buyThreshold: 100, sellThreshold: 100 };

const input = (o: Partial<CashManagementInput>): CashManagementInput => ({ totalCashValue: 0, pendingCash: 0, fundBid: 99, fundAsk: 100, fundShares: 0, ...o });

describe('cash management', () => {
  it('T21: disabled → no order', () => {
    const r = cashManagement({ ...CONFIG, enabled: false }, input({ totalCashValue: 1_000_000 }));
    expect(r.order).toBeUndefined();
    expect(r.reason.code).toBe('DISABLED');
  });

  it('T22: cash 1050 → nothing (within target 1000 − 100 … + 100)', () => {
    const r = cashManagement(CONFIG, input({ totalCashValue: 1050 }));
    expect(r.order).toBeUndefined();
    expect(r.reason.code).toBe('WITHIN_BAND');
    expect(r.reason.message).toContain('$1100');
  });

  it('T22: cash 2000 → BUY the fund for $1000 at the ask 100 → 10 shares', () => {
    const r = cashManagement(CONFIG, input({ totalCashValue: 2000, fundAsk: 100, fundBid: 99 }));
    expect(r.order).toEqual({ symbol: 'SGOV', action: 'BUY', quantity: 10, limit: 100 });
    expect(r.reason.code).toBe('BUY_FUND');
  });

  it('T22: cash 8400 with a queued $4300 stock buy and $4100 reserved → no buy', () => {
    const queued = pendingCash([{ action: 'BUY', quantity: 43, price: 100, multiplier: 1 }]);
    const r = cashManagement(CONFIG, input({ totalCashValue: 8400, pendingCash: queued, reservedCash: 4100 }));
    expect(r).toMatchObject({ effectiveCash: 4100, sweepableCash: 0, reason: { code: 'WITHIN_BAND' } });
    expect(r.order).toBeUndefined();
  });

  it('T22: the same cash without the reservation buys the fund for $3100 → 31 shares', () => {
    const queued = pendingCash([{ action: 'BUY', quantity: 43, price: 100, multiplier: 1 }]);
    const r = cashManagement(CONFIG, input({ totalCashValue: 8400, pendingCash: queued }));
    expect(r.order).toMatchObject({ action: 'BUY', quantity: 31 });
  });

  it('T22: cash 0 with 10 fund shares → SELL (deficit $1000 / bid 100 + 1 = 11, capped at the 10 held)', () => {
    const r = cashManagement(CONFIG, input({ totalCashValue: 0, fundBid: 100, fundAsk: 100, fundShares: 10 }));
    expect(r.order).toEqual({ symbol: 'SGOV', action: 'SELL', quantity: 10, limit: 100 });
    expect(r.reason.code).toBe('SELL_FUND');
    expect(r.reason.message).toContain('capped at the 10 held');
  });

  it('T22: a $5000 reservation never blocks the sell', () => {
    const r = cashManagement(CONFIG, input({ totalCashValue: 0, fundBid: 100, fundAsk: 100, fundShares: 10, reservedCash: 5000 }));
    expect(r.order).toMatchObject({ action: 'SELL', quantity: 10 });
  });

  it('§2.9: the sell is the deficit over the bid plus one share: deficit $950 at bid 100 → 11 shares; $1000 → 11', () => {
    expect(cashManagement(CONFIG, input({ totalCashValue: 50, fundBid: 100, fundShares: 500 })).order).toMatchObject({ action: 'SELL', quantity: 11 });
    expect(cashManagement(CONFIG, input({ totalCashValue: 0, fundBid: 100, fundShares: 500 })).order).toMatchObject({ action: 'SELL', quantity: 11 });
  });

  it('§2.9: TotalCashValue is floored and queued sells add to the cash', () => {
    const r = cashManagement(CONFIG, input({ totalCashValue: 1099.99, pendingCash: 0.5 }));
    expect(r.effectiveCash).toBe(1099.5);
    expect(r.reason.code).toBe('WITHIN_BAND');
  });
});

describe('cash management without quotes or positions gives a reason, never a crash', () => {
  it('a buy without an ask (missing, 0, NaN) → NO_ASK', () => {
    for (const fundAsk of [undefined, 0, NaN]) {
      const r = cashManagement(CONFIG, input({ totalCashValue: 2000, fundAsk }));
      expect(r.order).toBeUndefined();
      expect(r.reason.code).toBe('NO_ASK');
    }
  });

  it('a sell without a bid (missing, 0, NaN) → NO_BID', () => {
    for (const fundBid of [undefined, 0, NaN]) {
      const r = cashManagement(CONFIG, input({ totalCashValue: 0, fundBid, fundShares: 10 }));
      expect(r.order).toBeUndefined();
      expect(r.reason.code).toBe('NO_BID');
    }
  });

  it('a deficit with no fund shares held → NO_FUND_SHARES', () => {
    const r = cashManagement(CONFIG, input({ totalCashValue: 0, fundShares: 0 }));
    expect(r.order).toBeUndefined();
    expect(r.reason.code).toBe('NO_FUND_SHARES');
  });

  it('excess cash that buys less than one share → BELOW_ONE_SHARE', () => {
    const r = cashManagement(CONFIG, input({ totalCashValue: 1150, fundAsk: 200 }));
    expect(r.order).toBeUndefined();
    expect(r.reason.code).toBe('BELOW_ONE_SHARE');
  });

  it('NaN cash or pending cash → BAD_INPUT', () => {
    expect(cashManagement(CONFIG, input({ totalCashValue: NaN })).reason.code).toBe('BAD_INPUT');
    expect(cashManagement(CONFIG, input({ totalCashValue: 2000, pendingCash: NaN })).reason.code).toBe('BAD_INPUT');
  });
});
