// The backtest venue along an intraday quote path (docs/trading-model.md §8): an option on daily bars
// trades minute by minute by the simulator's quote rules — a limit arriving marketable fills at the
// touch, a resting one at its own price once the touch crosses it; a fill takes at most the size
// shown (shared by the orders of an instant, in the order they were sent) and the rest works on;
// the order's commission minimum is charged once; a market sell finds no buyer without a bid; a limit
// the path's bounds rule out is never looked at. Scripted quotes, so every number is known.
import { describe, expect, it } from 'vitest';
import { SimVenue, type BarFeed, type QuotePath, type VenueBar } from '../../../shared/broker/sim-venue.ts';
import { DAY, minuteOf, Script } from './scripted-quote-path.ts';
import { ZERO_COSTS } from '../../../shared/broker/costs.ts';
import type { Fill } from '../../../shared/domain/fill.ts';
import { option, stock } from '../../../shared/domain/instrument.ts';
import type { OrderTicket } from '../../../shared/domain/order.ts';

const PUT = option(stock('XYZ'), 'P', 100, 20240119, { pennyTicks: true });

class Feed implements BarFeed {
  quotes: Script | undefined;
  day = DAY;
  bar(): VenueBar {
    // The bar matching would use (the path replaces it for this option).
    return { open: 1, high: 9, low: 0.01, close: 1, halfSpread: 0.05, time: this.day };
  }
  path(): QuotePath | undefined {
    return this.quotes;
  }
}

function setup(commission = false) {
  const feed = new Feed();
  const venue = new SimVenue(commission ? { ...ZERO_COSTS, commission: { kind: 'ibkr_tiered' } } : ZERO_COSTS, feed);
  const fills: Fill[] = [];
  venue.listen({ onFill: (f) => fills.push(f), onOrderStatus: () => undefined });
  let sessions = 0;
  /** One session (a daily step) along `quotes`: orders sent in `send` arrive at its open. */
  const session = (quotes: Script, send: () => void = () => undefined) => {
    feed.quotes = quotes;
    feed.day = DAY + sessions++ * 86_400_000;
    venue.open();
    send();
    venue.range();
    venue.end();
    venue.endSession();
  };
  return { venue, fills, session };
}

const t = (over: Partial<OrderTicket>): OrderTicket => ({ instrument: PUT, side: 'SELL', quantity: 1, type: 'LMT', tif: 'DAY', ref: 'r', ...over });

describe('the backtest venue along a quote path', () => {
  it('a resting sell limit fills at its own price at the first minute the bid reaches it; arriving marketable, at the touch', () => {
    const { venue, fills, session } = setup();
    const quotes = new Script([[1.0, 1.1, 10, 10], [1.05, 1.15, 10, 10], [1.2, 1.3, 10, 10], [1.4, 1.5, 10, 10]]);
    session(quotes, () => {
      venue.submit(t({ limitPrice: 1.15, ref: 'rest' }));
      venue.submit(t({ limitPrice: 0.95, ref: 'marketable' }));
    });
    // The marketable one at minute 0's bid; the other when the bid first reaches 1.15 (minute 2), at 1.15 though the bid is 1.20.
    expect(fills.map((f) => [f.ref, minuteOf(f), f.qty, f.price])).toEqual([
      ['marketable', 0, -1, 1.0],
      ['rest', 2, -1, 1.15],
    ]);
  });

  it('a fill takes at most the size shown; the rest fills later, the order paying its commission minimum once', () => {
    const { venue, fills, session } = setup(true);
    const quotes = new Script([[0.5, 0.6, 10, 1], [0.5, 0.6, 10, 3], [0.5, 0.6, 10, 5]]);
    session(quotes, () => venue.submit(t({ side: 'BUY', quantity: 4, limitPrice: 0.6 })));
    expect(fills.map((f) => [minuteOf(f), f.qty, f.price])).toEqual([
      [0, 1, 0.6],
      [1, 3, 0.6],
    ]);
    // IBKR tiered options: 0.65 per contract (premium ≥ 0.10), at least 1.00 per order: 1.00, then 1.60.
    expect(fills.map((f) => f.commission)).toEqual([1, 1.6]);
    expect(venue.openOrders()).toEqual([]);
  });

  it('orders of one instant share its shown size, in the order they were sent; what is left expires with the DAY', () => {
    const { venue, fills, session } = setup();
    const quotes = new Script([[0.3, 0.4, 0, 0], [0.5, 0.6, 3, 9]]);
    let second = 0;
    session(quotes, () => {
      venue.submit(t({ quantity: 2, limitPrice: 0.5, ref: 'first' }));
      second = venue.submit(t({ quantity: 2, limitPrice: 0.5, ref: 'second' })).ok ? 2 : 0;
    });
    expect(second).toBe(2);
    expect(fills.map((f) => [f.ref, minuteOf(f), f.qty])).toEqual([
      ['first', 1, -2],
      ['second', 1, -1],
    ]);
    expect(venue.openOrders()).toEqual([]); // the second's last contract expired at the session's end
  });

  it('a market sell fills when sent, at the bid and no more than its size; without a bid it finds no buyer', () => {
    const { venue, fills, session } = setup();
    session(new Script([[0.2, 0.25, 1, 5], [0.15, 0.2, 5, 5]]), () => {
      venue.submit(t({ type: 'MKT', quantity: 2, limitPrice: undefined }));
      expect(fills.map((f) => [minuteOf(f), f.qty, f.price])).toEqual([[0, -1, 0.2]]); // at once, as sent
    });
    expect(fills.map((f) => [minuteOf(f), f.qty, f.price])).toEqual([
      [0, -1, 0.2],
      [1, -1, 0.15],
    ]);
    const none = setup();
    none.session(new Script([[0, 0.05, 0, 5], [0, 0.05, 0, 5]]), () => none.venue.submit(t({ type: 'MKT', limitPrice: undefined })));
    expect(none.fills).toEqual([]);
  });

  it('a limit the path cannot reach is never walked; one it can is', () => {
    const { venue, fills, session } = setup();
    const out = new Script([[1, 1.1, 10, 10], [1, 1.1, 10, 10]], { bidHigh: 1.2, askLow: 0.9 });
    session(out, () => venue.submit(t({ limitPrice: 1.25 })));
    expect(out.reads).toBe(0);
    expect(fills).toEqual([]);
    const within = new Script([[1, 1.1, 10, 10], [1.15, 1.2, 10, 10]], { bidHigh: 1.2, askLow: 0.9 });
    session(within, () => venue.submit(t({ limitPrice: 1.15 })));
    expect(within.reads).toBeGreaterThan(0);
    expect(fills.map((f) => [minuteOf(f), f.price])).toEqual([[1, 1.15]]);
  });

  it('a limit left working from an earlier session is resting at the open: it fills at its own price there', () => {
    const { venue, fills, session } = setup();
    session(new Script([[0.8, 0.9, 5, 5]]), () => venue.submit(t({ tif: 'GTC', limitPrice: 1.0 })));
    expect(fills).toEqual([]);
    session(new Script([[1.3, 1.4, 5, 5]]));
    expect(fills.map((f) => [minuteOf(f), f.price])).toEqual([[0, 1.0]]);
  });
});
