// The pure parts of reconciliation (docs/reconciliation.md §3, §5): TWS messages as journal records
// (untrusted input answered with a reason, never a throw), the reqExecutions filter time, and the
// positions comparison with TWS's 4-decimal average-cost rounding.
import { describe, expect, it } from 'vitest';
import { SecType, type Contract, type Execution } from '@stoqey/ib';
import { executionFilterTime, executionsSince } from '../../../bridge/ib/reconcile.ts';
import { AVG_COST_TOLERANCE, comparePositions, twsHoldings } from '../../../bridge/ib/reconcile-positions.ts';
import { commissionRecord, executionRecord, executionTime, orderStatusOf, orderStatusRecord } from '../../../bridge/ib/tws-records.ts';

const SPY: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD', conId: 756733 };
const fill: Execution = { execId: '0000e001.000f4241.01.01', orderId: 7, permId: 1000001, orderRef: 'i-1', side: 'BOT', shares: 10, price: 127.5, time: '20120103 10:05:00 US/Eastern' };

describe('TWS messages as journal records', () => {
  it('turns an execDetails into an execution entry', () => {
    expect(executionRecord(SPY, fill)).toMatchObject({ kind: 'execution', execId: fill.execId, orderId: 7, permId: 1000001, orderRef: 'i-1', side: 'BUY', qty: 10, price: 127.5, execTime: Date.UTC(2012, 0, 3, 15, 5), instrument: { secType: 'STK', symbol: 'SPY', conId: 756733 } });
    expect(executionRecord(SPY, { ...fill, side: 'SLD' })).toMatchObject({ side: 'SELL' });
  });

  it('answers a bad execution with a reason naming it', () => {
    expect(executionRecord(SPY, { ...fill, execId: undefined })).toBe('an execution without execId');
    expect(executionRecord(SPY, { ...fill, side: 'XX' })).toMatch(/^execution 0000e001\.000f4241\.01\.01: side "XX"/);
    expect(executionRecord(SPY, { ...fill, time: 'yesterday' })).toMatch(/time "yesterday" is not a TWS date-time/);
    expect(executionRecord(SPY, { ...fill, shares: 0 })).toMatch(/qty must be > 0/);
    expect(executionRecord(SPY, { ...fill, price: Number.NaN })).toMatch(/price must be a number/);
    expect(executionRecord(undefined, fill)).toMatch(/no contract/);
    expect(executionRecord({ ...SPY, secType: 'CASH' as SecType }, fill)).toMatch(/^execution .*CASH/);
    expect(executionRecord({ symbol: 'SPY', secType: SecType.BAG, currency: 'USD', exchange: 'SMART' }, fill)).toMatch(/combo|BAG/);
  });

  it('reads execution times with a zone, in UTC, and with the two spaces older TWS writes', () => {
    expect(executionTime('20120103 10:05:00 US/Eastern')).toBe(Date.UTC(2012, 0, 3, 15, 5));
    expect(executionTime('20120103  10:05:00')).toBe(Date.UTC(2012, 0, 3, 15, 5));
    expect(executionTime('20120103-15:05:00')).toBe(Date.UTC(2012, 0, 3, 15, 5));
    expect(executionTime('')).toBeUndefined();
    expect(executionTime(42)).toBeUndefined();
  });

  it('takes commission reports with a value and refuses TWS’s unset marker', () => {
    expect(commissionRecord({ execId: 'x.01', commission: 1.25, currency: 'USD' })).toEqual({ kind: 'commission', execId: 'x.01', commission: 1.25, currency: 'USD' });
    expect(commissionRecord({ execId: 'x.01', commission: Number.MAX_VALUE })).toMatch(/no commission value/);
    expect(commissionRecord({ commission: 1 })).toBe('a commission report without execId');
    expect(commissionRecord({ execId: 'x.01', commission: -1 })).toMatch(/commission must be >= 0/);
  });

  it('maps TWS order statuses (ApiPending, ApiCancelled) and merges openOrder with orderStatus', () => {
    expect(orderStatusOf('ApiCancelled')).toBe('Cancelled');
    expect(orderStatusOf('ApiPending')).toBe('PendingSubmit');
    expect(orderStatusOf('Bogus')).toBeUndefined();
    expect(orderStatusOf('constructor')).toBeUndefined();
    const base = { orderId: 3, permId: 99, clientId: 5, orderRef: 'x' };
    expect(orderStatusRecord({ ...base, order: { totalQuantity: 10, filledQuantity: 4 } as never, orderState: { status: 'Submitted' } as never }, true)).toEqual({
      kind: 'order-status',
      orderId: 3,
      permId: 99,
      status: 'Submitted',
      filled: 4,
      remaining: 6,
      avgFillPrice: 0,
      orderRef: 'x',
      external: true,
    });
    expect(orderStatusRecord({ ...base, orderRef: '', status: { status: 'Filled', filled: 10, remaining: 0, avgFillPrice: 1.5 } }, false)).toEqual({ kind: 'order-status', orderId: 3, permId: 99, status: 'Filled', filled: 10, remaining: 0, avgFillPrice: 1.5 });
    expect(orderStatusRecord({ ...base, status: { status: 'Weird', filled: 0, remaining: 0, avgFillPrice: 0 } }, false)).toMatch(/unknown status "Weird"/);
  });
});

describe('the reqExecutions filter', () => {
  it('asks from 14 h before TWS’s UTC day start, in yyyyMMdd-HH:mm:ss', () => {
    const now = Date.UTC(2012, 0, 3, 15, 5, 7);
    expect(executionsSince(now)).toBe(Date.UTC(2012, 0, 2, 10));
    expect(executionFilterTime(executionsSince(now))).toBe('20120102-10:00:00');
  });
});

describe('the positions check', () => {
  const tws = (list: [Contract, number, number][]) => twsHoldings(list.map(([contract, pos, avgCost]) => ({ contract, pos, avgCost })));

  it('agrees within TWS’s 4-decimal average cost and ignores closed positions', () => {
    const j = [{ key: 'SPY', qty: 10, avgCost: 127.512345 }, { key: 'QQQ', qty: 0, avgCost: 0 }];
    expect(comparePositions(j, tws([[SPY, 10, 127.5123], [{ ...SPY, symbol: 'QQQ', conId: 1 }, 0, 0]]))).toEqual([]);
    expect(AVG_COST_TOLERANCE).toBeLessThan(0.00011);
  });

  it('reports a quantity or average-cost difference and what only one side holds', () => {
    const out = comparePositions([{ key: 'SPY', qty: 10, avgCost: 127.5 }, { key: 'AAPL', qty: -3, avgCost: 400 }], tws([[SPY, 12, 127.5], [{ ...SPY, symbol: 'QQQ', conId: 1 }, 4, 60]]));
    expect(out.map((m) => m.message).sort()).toEqual(['AAPL: the journal holds -3, TWS reports 0', 'QQQ: the journal holds 0, TWS reports 4', 'SPY: the journal holds 10, TWS reports 12']);
    const cost = comparePositions([{ key: 'SPY', qty: 10, avgCost: 127.5 }], tws([[SPY, 10, 127.5003]]));
    expect(cost).toHaveLength(1);
    expect(cost[0]).toMatchObject({ key: 'SPY', journal: { qty: 10, avgCost: 127.5 }, tws: { qty: 10, avgCost: 127.5003 } });
  });

  it('sums accounts and reports holdings the journal cannot represent', () => {
    const h = tws([[SPY, 10, 100], [SPY, 30, 120], [{ symbol: 'EUR', secType: 'CASH' as SecType, currency: 'USD', conId: 12087792 }, 1000, 1.3]]);
    expect(h.byKey.get('SPY')).toEqual({ qty: 40, avgCost: 115 });
    const out = comparePositions([{ key: 'SPY', qty: 40, avgCost: 115 }], h);
    expect(out).toHaveLength(1);
    expect(out[0].message).toMatch(/^TWS reports 1000 of CASH EUR \(conId 12087792\).*the journal cannot hold it$/);
  });
});
