// The simulated broker on small scripted bars: order kinds, contingent SL/TP, margin, FIFO.
import { describe, expect, it } from 'vitest';
import { SimBroker, type BarPrices } from '../../../shared/broker/sim-broker.ts';
import { ZERO_COSTS, type CostModel } from '../../../shared/broker/costs.ts';
import { Ledger } from '../../../shared/engine/ledger.ts';

const bar = (open: number, high: number, low: number, close: number): BarPrices => ({ open, high, low, close });

function setup(cash = 10_000, costs: CostModel = ZERO_COSTS) {
  const ledger = new Ledger(cash);
  return { ledger, broker: new SimBroker(ledger, costs) };
}

describe('SimBroker', () => {
  it('fills a market order at the next open, whole shares from a fraction of cash', () => {
    const { ledger, broker } = setup();
    broker.submit({ symbol: 0, size: 0.5, kind: 'market', tag: 't', placedBar: 0 });
    broker.matchOrders(0, 1, bar(101, 103, 100, 102), 'open');
    expect(ledger.open).toHaveLength(1);
    expect(ledger.open[0]).toMatchObject({ size: 49, entryPrice: 101, entryBar: 1 }); // floor(5000/101)
    expect(ledger.equityAt(102)).toBe(10_000 + 49);
  });

  it('a close order queued in front closes before the reversal opens with the freed cash', () => {
    const { ledger, broker } = setup();
    broker.submit({ symbol: 0, size: -55, kind: 'market', tag: 'short', placedBar: 0 });
    broker.matchOrders(0, 1, bar(180.36, 182, 179, 181.05), 'open');
    const short = ledger.open[0];
    broker.submit({ symbol: 0, size: 1 - 2 ** -52, kind: 'market', tag: 'long', placedBar: 16 });
    broker.submit({ symbol: 0, size: 55, kind: 'market', tradeId: short.id, tag: 'close', placedBar: 16 }, true);
    broker.matchOrders(0, 17, bar(186.31, 188, 185, 187), 'open');
    expect(ledger.closed[0].pnl).toBeCloseTo(-327.25, 9);
    expect(ledger.open[0].size).toBe(51); // floor(9672.75 / 186.31)
  });

  it('limit entries wait until touched; stop entries trigger on the range', () => {
    const { ledger, broker } = setup();
    broker.submit({ symbol: 0, size: 10, kind: 'limit', limit: 95, tag: 'lmt', placedBar: 0 });
    broker.submit({ symbol: 0, size: -5, kind: 'stop', stop: 90, tag: 'stp', placedBar: 0 });
    broker.matchOrders(0, 1, bar(100, 101, 96, 97), 'open');
    expect(ledger.open).toHaveLength(0);
    broker.matchOrders(0, 2, bar(97, 98, 94, 95), 'open');
    expect(ledger.open).toHaveLength(1);
    expect(ledger.open[0]).toMatchObject({ size: 10, entryPrice: 95 });
    broker.matchOrders(0, 3, bar(88, 89, 85, 86), 'open'); // gap below the sell stop: fills at the open, reducing the long
    expect(ledger.closed[0]).toMatchObject({ size: 5, exitPrice: 88 });
    expect(ledger.open[0].size).toBe(5);
  });

  it('stop-loss and take-profit: when both are inside one bar, the adverse one (stop-loss) fills first', () => {
    const { ledger, broker } = setup();
    broker.submit({ symbol: 0, size: 10, kind: 'market', sl: 95, tp: 110, tag: 'e', placedBar: 0 });
    broker.matchOrders(0, 1, bar(100, 101, 99, 100), 'open');
    expect(broker.pending.map((o) => o.contingent)).toEqual(['sl', 'tp']);
    broker.matchOrders(0, 2, bar(100, 112, 94, 105), 'open');
    expect(ledger.closed).toHaveLength(1);
    expect(ledger.closed[0]).toMatchObject({ exitPrice: 95, exitBar: 2 });
    expect(broker.pending).toHaveLength(0); // the take-profit went with the trade
  });

  it('a take-profit alone fills at its limit; a stop-loss can fill in the entry bar', () => {
    const a = setup();
    a.broker.submit({ symbol: 0, size: 10, kind: 'market', tp: 104, tag: 'e', placedBar: 0 });
    a.broker.matchOrders(0, 1, bar(100, 101, 99, 100), 'open');
    a.broker.matchOrders(0, 2, bar(101, 105, 100, 104.5), 'open');
    expect(a.ledger.closed[0]).toMatchObject({ exitPrice: 104, pnl: 40 });
    const b = setup();
    b.broker.submit({ symbol: 0, size: 10, kind: 'market', sl: 98, tag: 'e', placedBar: 0 });
    b.broker.matchOrders(0, 1, bar(100, 101, 97, 99), 'open'); // entered at the open, the low then hit the stop
    expect(b.ledger.closed[0]).toMatchObject({ entryBar: 1, exitBar: 1, exitPrice: 98 });
  });

  it('cancels an entry it cannot afford; charges commission on both sides', () => {
    const { ledger, broker } = setup(1000, { ...ZERO_COSTS, commissionRate: 0.01 });
    broker.submit({ symbol: 0, size: 20, kind: 'market', tag: 'too big', placedBar: 0 });
    broker.matchOrders(0, 1, bar(100, 100, 100, 100), 'open');
    expect(ledger.open).toHaveLength(0);
    expect(broker.pending).toHaveLength(0);
    broker.submit({ symbol: 0, size: 5, kind: 'market', tag: 'ok', placedBar: 1 });
    broker.matchOrders(0, 2, bar(100, 100, 100, 100), 'open');
    expect(ledger.cash).toBeCloseTo(1000 - 5, 9); // entry commission 0.01·5·100
    broker.submit({ symbol: 0, size: -5, kind: 'market', tradeId: ledger.open[0].id, tag: 'x', placedBar: 2 }, true);
    broker.matchOrders(0, 3, bar(110, 110, 110, 110), 'open');
    expect(ledger.closed[0].commission).toBeCloseTo(5 + 5.5, 9);
    expect(ledger.closed[0].pnl).toBeCloseTo(50 - 10.5, 9);
    expect(ledger.cash).toBeCloseTo(1000 + 50 - 10.5, 9);
  });

  it('closeAll (finalize) closes every open trade at the given price and drops waiting orders', () => {
    const { ledger, broker } = setup();
    broker.submit({ symbol: 0, size: 10, kind: 'market', sl: 50, tag: 'e', placedBar: 0 });
    broker.matchOrders(0, 1, bar(100, 100, 100, 100), 'open');
    broker.submit({ symbol: 0, size: 5, kind: 'limit', limit: 80, tag: 'w', placedBar: 1 });
    broker.closeAll(0, 120, 9);
    expect(ledger.open).toHaveLength(0);
    expect(broker.pending).toHaveLength(0);
    expect(ledger.closed[0]).toMatchObject({ exitPrice: 120, exitBar: 9, pnl: 200 });
  });
});
