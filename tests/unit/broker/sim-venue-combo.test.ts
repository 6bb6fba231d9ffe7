// A combo (BAG) of options in the backtest venue (docs/trading-model.md §8.3, §8.5): it trades along its
// legs' quote paths as the TWS simulator trades a BAG — at the first instant where the legs' net touch
// (bought legs at their asks, sold legs at their bids) reaches the limit, all legs together at their
// touches, as many combo units as every leg's shown size allows (sizes shared with the instant's other
// orders), each leg a fill of its own with its own commission; a limit the legs cannot reach is never
// walked; a DAY combo expires with the session. Scripted quotes, so every number is known.
import { describe, expect, it } from 'vitest';
import { SimVenue, type BarFeed, type QuotePath, type VenueBar } from '../../../shared/broker/sim-venue.ts';
import { DAY, minuteOf, Script } from './scripted-quote-path.ts';
import { ZERO_COSTS } from '../../../shared/broker/costs.ts';
import type { Fill } from '../../../shared/domain/fill.ts';
import { combo, instrumentKey, option, stock, type HoldableInstrument } from '../../../shared/domain/instrument.ts';
import type { Order, OrderTicket } from '../../../shared/domain/order.ts';

const XYZ = stock('XYZ');
const OLD = option(XYZ, 'P', 100, 20240119, { pennyTicks: true });
const NEW = option(XYZ, 'P', 100, 20240216, { pennyTicks: true });
/** Roll the short put out a month: buy the old one, sell the new one. */
const ROLL = combo([
  { instrument: OLD, ratio: 1, action: 'BUY' },
  { instrument: NEW, ratio: 1, action: 'SELL' },
]);

/** Each option's own scripted path; an option without one has no path this session. */
class Feed implements BarFeed {
  readonly paths = new Map<string, Script>();
  bar(): VenueBar {
    return { open: 1, high: 9, low: 0.01, close: 1, halfSpread: 0.05, time: DAY };
  }
  path(key: string, _instrument: HoldableInstrument): QuotePath | undefined {
    return this.paths.get(key);
  }
}

function setup(commission = false) {
  const feed = new Feed();
  const venue = new SimVenue(commission ? { ...ZERO_COSTS, commission: { kind: 'ibkr_tiered' } } : ZERO_COSTS, feed);
  const fills: Fill[] = [];
  const statuses: string[] = [];
  venue.listen({ onFill: (f) => fills.push(f), onOrderStatus: (o: Order) => statuses.push(`${o.id} ${o.status}`) });
  const session = (paths: { old?: Script; new?: Script }, send: () => void = () => undefined) => {
    feed.paths.clear();
    if (paths.old) feed.paths.set(instrumentKey(OLD), paths.old);
    if (paths.new) feed.paths.set(instrumentKey(NEW), paths.new);
    venue.open();
    send();
    venue.range();
    venue.end();
    venue.endSession();
  };
  return { venue, fills, statuses, session };
}

const roll = (over: Partial<OrderTicket> = {}): OrderTicket => ({ instrument: ROLL, side: 'BUY', quantity: 1, type: 'LMT', limitPrice: -0.5, tif: 'DAY', ref: 'roll', ...over });
const line = (f: Fill) => `${minuteOf(f)} ${instrumentKey(f.instrument)} ${f.qty} @ ${f.price}`;

describe('a combo of options in the backtest venue', () => {
  it('a credit roll fills when the net touch reaches its limit: both legs at the same minute, each at its touch', () => {
    const { venue, fills, session } = setup();
    // Net to buy the roll = ask(old) − bid(new): −0.30, −0.40, −0.55, −0.70.
    const old = new Script([[0.1, 0.2, 10, 10], [0.1, 0.2, 10, 10], [0.05, 0.15, 10, 10], [0.05, 0.1, 10, 10]]);
    const fresh = new Script([[0.45, 0.55, 10, 10], [0.55, 0.65, 10, 10], [0.7, 0.8, 10, 10], [0.8, 0.9, 10, 10]]);
    let order: Order | undefined;
    session({ old, new: fresh }, () => {
      const r = venue.submit(roll({ quantity: 2 }));
      if (r.ok) order = r.order;
    });
    expect(fills.map(line)).toEqual([`2 ${instrumentKey(OLD)} 2 @ 0.15`, `2 ${instrumentKey(NEW)} -2 @ 0.7`]);
    expect(fills.every((f) => f.ref === 'roll' && f.orderId === order!.id)).toBe(true);
    expect(order!.status).toBe('Filled');
    expect(order!.avgFillPrice).toBeCloseTo(-0.55, 9); // the net per combo unit
  });

  it('fills no more combo units than every leg shows; the rest works on, each leg paying its commission minimum once', () => {
    const { venue, fills, session } = setup(true);
    const old = new Script([[0.1, 0.2, 10, 3], [0.1, 0.2, 10, 10]]);
    const fresh = new Script([[0.8, 0.9, 5, 10], [0.8, 0.9, 10, 10]]);
    session({ old, new: fresh }, () => venue.submit(roll({ quantity: 5 })));
    expect(fills.map(line)).toEqual([
      `0 ${instrumentKey(OLD)} 3 @ 0.2`,
      `0 ${instrumentKey(NEW)} -3 @ 0.8`,
      `1 ${instrumentKey(OLD)} 2 @ 0.2`,
      `1 ${instrumentKey(NEW)} -2 @ 0.8`,
    ]);
    // IBKR tiered options: $0.65 a contract, at least $1 an order — per leg: 3 → $1.95, then 5 → $3.25 (+$1.30).
    expect(fills.map((f) => f.commission)).toEqual([1.95, 1.95, 1.3, 1.3].map((c) => expect.closeTo(c, 9)));
  });

  it('shares a leg’s shown size with the orders sent before it at the same instant', () => {
    const { venue, fills, session } = setup();
    const old = new Script([[0.1, 0.2, 10, 4], [0.1, 0.2, 10, 4]]);
    const fresh = new Script([[0.8, 0.9, 10, 10], [0.8, 0.9, 10, 10]]);
    session({ old, new: fresh }, () => {
      venue.submit({ instrument: OLD, side: 'BUY', quantity: 3, type: 'LMT', limitPrice: 0.2, tif: 'DAY', ref: 'close' });
      venue.submit(roll({ quantity: 2 }));
    });
    expect(fills.map(line)).toEqual([
      `0 ${instrumentKey(OLD)} 3 @ 0.2`,
      `0 ${instrumentKey(OLD)} 1 @ 0.2`,
      `0 ${instrumentKey(NEW)} -1 @ 0.8`,
      `1 ${instrumentKey(OLD)} 1 @ 0.2`,
      `1 ${instrumentKey(NEW)} -1 @ 0.8`,
    ]);
  });

  it('a limit the legs cannot reach is never walked; a DAY combo that did not fill expires with the session', () => {
    const { venue, fills, statuses, session } = setup();
    // Best the legs could ever show: ask(old) ≥ 0.10, bid(new) ≤ 0.60 → a net of −0.50 at most; −0.80 is out of reach.
    const old = new Script([[0.1, 0.2, 10, 10]], { bidHigh: 0.15, askLow: 0.1 });
    const fresh = new Script([[0.5, 0.6, 10, 10]], { bidHigh: 0.6, askLow: 0.55 });
    session({ old, new: fresh }, () => venue.submit(roll({ limitPrice: -0.8 })));
    expect(fills).toEqual([]);
    expect(old.reads + fresh.reads).toBe(0);
    expect(statuses.at(-1)).toBe('1 Cancelled');
    expect(venue.openOrders()).toEqual([]);
  });

  it('a leg without quotes this session keeps the combo from trading: no leg fills alone', () => {
    const { venue, fills, session } = setup();
    const fresh = new Script([[0.8, 0.9, 10, 10]]);
    session({ new: fresh }, () => venue.submit(roll({ tif: 'GTC' })));
    expect(fills).toEqual([]);
    expect(venue.openOrders().length).toBe(1);
  });

  it('a market combo sent at the open fills at once at the open’s touches', () => {
    const { venue, fills, session } = setup();
    const old = new Script([[0.1, 0.25, 10, 10], [0.1, 0.2, 10, 10]]);
    const fresh = new Script([[0.7, 0.8, 10, 10], [0.9, 1, 10, 10]]);
    session({ old, new: fresh }, () => venue.submit(roll({ type: 'MKT', limitPrice: undefined })));
    expect(fills.map(line)).toEqual([`0 ${instrumentKey(OLD)} 1 @ 0.25`, `0 ${instrumentKey(NEW)} -1 @ 0.7`]);
  });

  it('refuses what it cannot trade: a combo with a stock leg, a combo with bracket exits', () => {
    const { venue } = setup();
    const covered = combo([
      { instrument: XYZ, ratio: 100, action: 'BUY' },
      { instrument: NEW, ratio: 1, action: 'SELL' },
    ]);
    expect(venue.submit(roll({ instrument: covered }))).toEqual({ ok: false, reason: 'the backtest venue trades combos of options only' });
    const exit: OrderTicket = roll({ side: 'SELL', limitPrice: 0.5, ref: 'roll:tp' });
    expect(venue.submit(roll(), [exit])).toEqual({ ok: false, reason: 'a combo order takes no bracket exits' });
  });
});
