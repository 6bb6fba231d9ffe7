// The backtest's simulated venue on scripted bars (docs/trading-model.md §8): market orders at the
// open, limits and stops within the range (gaps fill at the open), brackets whose stop-loss comes
// before the take-profit when both are in one bar, IOC, DAY expiry, ticks, and costs.
import { describe, expect, it } from 'vitest';
import { SimVenue, type BarFeed, type VenueBar } from '../../../shared/broker/sim-venue.ts';
import { ZERO_COSTS, type CostModel } from '../../../shared/broker/costs.ts';
import type { Fill } from '../../../shared/domain/fill.ts';
import { stock } from '../../../shared/domain/instrument.ts';
import type { OrderTicket } from '../../../shared/domain/order.ts';

const XYZ = stock('XYZ');

class Feed implements BarFeed {
  current: VenueBar | undefined;
  bar(): VenueBar | undefined {
    return this.current;
  }
}

function setup(costs: CostModel = ZERO_COSTS) {
  const feed = new Feed();
  const venue = new SimVenue(costs, feed);
  const fills: Fill[] = [];
  venue.listen({ onFill: (f) => fills.push(f), onOrderStatus: () => undefined });
  /** One bar: its open (market orders sent in `atOpen` fill there), then its range, then its end. */
  const bar = (open: number, high: number, low: number, close: number, atOpen: () => void = () => undefined, time = 0) => {
    feed.current = { open, high, low, close, halfSpread: 0, time };
    venue.open();
    atOpen();
    venue.range();
    venue.end();
  };
  return { venue, fills, bar };
}

const t = (over: Partial<OrderTicket>): OrderTicket => ({ instrument: XYZ, side: 'BUY', quantity: 10, type: 'MKT', tif: 'GTC', ref: 'r', ...over });

describe('SimVenue', () => {
  it('a market order sent at the open fills at the open; sent between bars it waits for the next open', () => {
    const { venue, fills, bar } = setup();
    bar(101, 103, 100, 102, () => venue.submit(t({})));
    expect(fills.map((f) => [f.qty, f.price])).toEqual([[10, 101]]);
    venue.submit(t({ side: 'SELL' }));
    expect(fills).toHaveLength(1);
    bar(99, 100, 98, 99.5);
    expect(fills.map((f) => [f.qty, f.price])).toEqual([[10, 101], [-10, 99]]);
  });

  it('limits wait until touched and fill at the limit, or at a better open after a gap; stops the same way', () => {
    const { venue, fills, bar } = setup();
    venue.submit(t({ type: 'LMT', limitPrice: 95 }));
    venue.submit(t({ side: 'SELL', quantity: 5, type: 'STP', stopPrice: 90 }));
    bar(100, 101, 96, 97);
    expect(fills).toEqual([]);
    bar(97, 98, 94, 95);
    expect(fills.map((f) => [f.qty, f.price])).toEqual([[10, 95]]);
    bar(88, 89, 85, 86); // gapped through the sell stop: fills at the open
    expect(fills.map((f) => [f.qty, f.price])).toEqual([[10, 95], [-5, 88]]);
  });

  it('a bracket: the exits wait for the entry; when the stop-loss and the take-profit are both in one bar, the stop-loss fills and cancels the other', () => {
    const { venue, fills, bar } = setup();
    bar(100, 101, 99, 100, () => {
      const r = venue.submit(t({}), [t({ side: 'SELL', type: 'STP', stopPrice: 95, openClose: 'C', ref: 'r:sl' }), t({ side: 'SELL', type: 'LMT', limitPrice: 110, openClose: 'C', ref: 'r:tp' })]);
      expect(r.ok).toBe(true);
    });
    expect(venue.openOrders().map((o) => [o.type, o.status, o.reduceOnly])).toEqual([['STP', 'Submitted', true], ['LMT', 'Submitted', true]]);
    bar(100, 112, 94, 105);
    expect(fills.map((f) => [f.qty, f.price, f.ref])).toEqual([[10, 100, 'r'], [-10, 95, 'r:sl']]);
    expect(venue.openOrders()).toEqual([]);
  });

  it('a stop-loss can fill in its entry bar (the entry at the open, the low after it)', () => {
    const { venue, fills, bar } = setup();
    bar(100, 101, 97, 99, () => void venue.submit(t({}), [t({ side: 'SELL', type: 'STP', stopPrice: 98, openClose: 'C', ref: 'r:sl' })]));
    expect(fills.map((f) => f.price)).toEqual([100, 98]);
  });

  it('IOC: what the open allows fills at once, the rest is cancelled; DAY orders expire at the session end', () => {
    const { venue, fills, bar } = setup();
    bar(100, 101, 99, 100, () => {
      venue.submit(t({ type: 'LMT', limitPrice: 99.5, tif: 'IOC', ref: 'ioc' }));
      venue.submit(t({ type: 'LMT', limitPrice: 99, tif: 'DAY', ref: 'day' }));
    });
    // The IOC limit 99.5 was not marketable at the open 100: cancelled at once, although the low reached 99.
    expect(fills.map((f) => f.ref)).toEqual(['day']);
    venue.submit(t({ type: 'LMT', limitPrice: 90, tif: 'DAY', ref: 'late' }));
    venue.endSession();
    expect(venue.openOrders()).toEqual([]);
  });

  it('refuses what IBKR refuses: off-tick prices (110), order types a contract does not take, fractional quantities', () => {
    const { venue } = setup();
    expect(venue.submit(t({ type: 'LMT', limitPrice: 100.005 }))).toEqual({ ok: false, reason: 'a price of the order is not a multiple of the minimum tick 0.01 (TWS error 110)' });
    expect(venue.submit(t({ type: 'LMT', limitPrice: 0.5001 })).ok).toBe(true); // below $1 the tick is $0.0001
    expect(venue.submit(t({ quantity: 1.5 }))).toMatchObject({ ok: false, reason: 'quantity 1.5 must be a positive whole number' });
    expect(venue.submit(t({ type: 'MOC', tif: 'GTC' }))).toMatchObject({ ok: false, reason: 'MOC orders must be DAY orders' });
  });

  it('costs: slippage on every fill, the spread on opening orders only, commission by the policy', () => {
    const { venue, fills, bar } = setup({ commission: { kind: 'per_trade', rate: 0.001, perUnit: 0, fixed: 0, min: 1 }, spread: 0.01, slippage: 0.001, marketImpact: 0 });
    bar(100, 100, 100, 100, () => {
      venue.submit(t({ openClose: 'O' }));
      venue.submit(t({ side: 'SELL', openClose: 'C' }));
    });
    expect(fills[0].price).toBeCloseTo(100 * 1.001 * 1.01, 12);
    expect(fills[1].price).toBeCloseTo(100 * 0.999, 12);
    expect(fills[0].commission).toBe(Math.max(1, 0.001 * 10 * fills[0].price));
  });
});
