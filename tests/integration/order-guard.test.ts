// The fail-closed order guard (docs/trading-model.md §11.5, §11.6) around the backtest's real
// SimVenue, with the bridge's books in a LedgerAccount fed by the venue's fills and a clock the test
// moves: one test per denial code (the inner broker is never reached on a denial), HALT refuses a new
// order and lets a cancel (and a close) through, REDUCING lets a reducing order through, an expired
// lease and a fencing token from before another device took the lease are refused, risk-increasing
// modifications are checked like new orders, and every denial carries its code, sentence and event.
import { describe, expect, it } from 'vitest';
import { ZERO_COSTS } from '../../shared/broker/costs.ts';
import { SimVenue, type BarFeed, type VenueBar } from '../../shared/broker/sim-venue.ts';
import { stock } from '../../shared/domain/instrument.ts';
import type { Order, OrderTicket } from '../../shared/domain/order.ts';
import { RISK_REASONS, type RiskReason } from '../../shared/risk/denial-reason.ts';
import { RunnerLeases } from '../../shared/risk/leases.ts';
import type { OrderLimits } from '../../shared/risk/order-limits.ts';
import { Ledger } from '../../shared/portfolio/ledger.ts';
import { SimClock } from '../../shared/time/clock.ts';
import { GuardedBroker, type GuardDenial, type IntentStamp, type OrderGuardOptions } from '../../bridge/guard/order-guard.ts';
import { LedgerAccount } from '../../bridge/guard/ledger-account.ts';

const AAA = stock('AAA');
const BBB = stock('BBB');
const T0 = Date.UTC(2026, 11, 7, 14, 30);
const LEASE_MS = 30_000;

/** One bar per symbol at a fixed price: market orders sent in the open phase fill at once at it. */
class FixedFeed implements BarFeed {
  readonly prices = new Map<string, number>([
    ['AAA', 100],
    ['BBB', 50],
  ]);
  time = T0;
  bar(key: string): VenueBar | undefined {
    const p = this.prices.get(key);
    return p === undefined ? undefined : { open: p, high: p, low: p, close: p, halfSpread: 0, time: this.time };
  }
}

function setup(limits: OrderLimits = {}, opts: { reconciling?: boolean; cash?: number; leaseMs?: number } = {}) {
  const clock = new SimClock(T0);
  const feed = new FixedFeed();
  const venue = new SimVenue(ZERO_COSTS, feed);
  venue.open();
  const statuses: Order[] = [];
  venue.listen({ onFill: () => undefined, onOrderStatus: (o) => statuses.push({ ...o }) });
  const account = new LedgerAccount(Ledger.withCash(opts.cash ?? 100_000));
  account.setMark('AAA', 100);
  account.setMark('BBB', 50);
  venue.listen(account);
  const connection = { ready: true, isReady: () => connection.ready };
  const leases = new RunnerLeases(opts.leaseMs ?? LEASE_MS);
  const reconciliation = { on: opts.reconciling ?? false, isReconciling: () => reconciliation.on };
  const options: OrderGuardOptions = { inner: venue, clock, connection, reconciliation, leases, account, limits, intentMaxAgeMs: 5000 };
  const guard = new GuardedBroker(options);
  /** Another guard over the same venue, account and clock, with some options changed. */
  const guardWith = (over: Partial<OrderGuardOptions>) => new GuardedBroker({ ...options, ...over });
  const denials: GuardDenial[] = [];
  guard.on('denial', (d) => denials.push(d));
  const lease = leases.acquire('s1', 'desk', T0);
  if (!lease.ok) throw new Error('no lease');
  const stamp = (over: Partial<IntentStamp> = {}): IntentStamp => ({ strategy: 's1', device: 'desk', token: lease.lease.token, createdAt: clock.now(), ...over });
  /** Orders the venue received (every status event names one). */
  const reached = () => new Set(statuses.map((s) => s.id)).size;
  return { clock, feed, venue, account, connection, reconciliation, leases, guard, guardWith, denials, stamp, reached };
}

const buy = (over: Partial<OrderTicket> = {}): OrderTicket => ({ instrument: AAA, side: 'BUY', quantity: 10, type: 'MKT', tif: 'DAY', ref: 'intent-1', ...over });
const sell = (over: Partial<OrderTicket> = {}): OrderTicket => buy({ side: 'SELL', ...over });
/** A resting buy limit far below the market. */
const resting = (over: Partial<OrderTicket> = {}): OrderTicket => buy({ type: 'LMT', limitPrice: 50, tif: 'GTC', ...over });

/** Asserts a refusal with `code`: the reason starts with the code and its sentence, and one event says the same. */
function expectDenied(result: { ok: boolean; reason?: string; code?: RiskReason }, code: RiskReason, denials: GuardDenial[]): void {
  expect(result.ok).toBe(false);
  expect(result.code).toBe(code);
  expect(result.reason!.startsWith(`${code}: ${RISK_REASONS[code]}`)).toBe(true);
  const last = denials.at(-1)!;
  expect(last.code).toBe(code);
  expect(last.message.startsWith(RISK_REASONS[code])).toBe(true);
}

describe('the order guard passes an order only when every check holds', () => {
  it('a clean order reaches the venue and fills; the books see it', () => {
    const { guard, stamp, account, reached } = setup();
    const r = guard.submit(buy(), [], stamp());
    expect(r.ok && r.order.status).toBe('Filled');
    expect(reached()).toBe(1);
    expect(account.snapshot().positions.get('AAA')).toBe(10);
  });
});

describe('one denial per code (the venue never sees the order)', () => {
  it('NOT_CONNECTED: nothing is sent or queued while disconnected, cancels included', () => {
    const s = setup();
    const r0 = s.guard.submit(resting(), [], s.stamp());
    expect(r0.ok).toBe(true);
    s.connection.ready = false;
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'NOT_CONNECTED', s.denials);
    expectDenied(s.guard.tryCancel(r0.ok ? r0.order.id : -1), 'NOT_CONNECTED', s.denials);
    expectDenied(s.guard.tryModify(r0.ok ? r0.order.id : -1, { quantity: 5 }, s.stamp()), 'NOT_CONNECTED', s.denials);
    expect(s.reached()).toBe(1);
    expect(s.venue.openOrders().map((o) => [o.id, o.quantity, o.status])).toEqual([[1, 10, 'Submitted']]);
    s.connection.ready = true; // connected again: nothing that was refused goes out by itself
    expect(s.reached()).toBe(1);
  });

  it('RECONCILING: no order while reconciliation runs; orders pass once it is done', () => {
    const s = setup({}, { reconciling: true });
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'RECONCILING', s.denials);
    s.reconciliation.on = false;
    expect(s.guard.submit(buy(), [], s.stamp()).ok).toBe(true);
    s.reconciliation.on = true;
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'RECONCILING', s.denials);
    expect(s.reached()).toBe(1);
  });

  it('STALE_INTENT: older than intent_max_age_seconds on the bridge clock (or stamped ahead of it)', () => {
    const s = setup();
    s.clock.advance(T0 + 10_000);
    expectDenied(s.guard.submit(buy(), [], s.stamp({ createdAt: T0 + 10_000 - 5001 })), 'STALE_INTENT', s.denials);
    expect(s.denials.at(-1)!.message).toContain('made 5001 ms before the bridge clock, at most 5000 ms');
    expectDenied(s.guard.submit(buy(), [], s.stamp({ createdAt: T0 + 20_000 })), 'STALE_INTENT', s.denials);
    expectDenied(s.guard.submit(buy(), [], s.stamp({ createdAt: Number.NaN })), 'STALE_INTENT', s.denials);
    expect(s.guard.submit(buy(), [], s.stamp({ createdAt: T0 + 10_000 - 5000 })).ok).toBe(true);
    expect(s.reached()).toBe(1);
  });

  it('NO_LEASE: no stamp (the plain Broker seam), another strategy, another device', () => {
    const s = setup();
    expectDenied(s.guard.submit(buy()), 'NO_LEASE', s.denials);
    expectDenied(s.guard.submit(buy(), [], s.stamp({ strategy: 's2' })), 'NO_LEASE', s.denials);
    expectDenied(s.guard.submit(buy(), [], s.stamp({ device: 'phone' })), 'NO_LEASE', s.denials);
    expect(s.denials.at(-1)).toMatchObject({ action: 'submit', strategy: 's1', device: 'phone', ref: 'intent-1', time: T0 });
    expect(s.reached()).toBe(0);
  });

  it('LEASE_EXPIRED: a lease not renewed lapses on the bridge clock', () => {
    const s = setup();
    s.clock.advance(T0 + LEASE_MS);
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'LEASE_EXPIRED', s.denials);
    expect(s.reached()).toBe(0);
  });

  it('STALE_FENCING_TOKEN: a second device took the lease; the first device’s orders are refused, the second’s pass', () => {
    const s = setup();
    s.clock.advance(T0 + LEASE_MS + 1);
    const phone = s.leases.acquire('s1', 'phone', s.clock.now());
    expect(phone.ok).toBe(true);
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'STALE_FENCING_TOKEN', s.denials);
    expect(s.guard.submit(buy(), [], s.stamp({ device: 'phone', token: phone.ok ? phone.lease.token : 0 })).ok).toBe(true);
    // A takeover of a live lease fences the holder at once.
    const desk = s.leases.acquire('s1', 'desk', s.clock.now(), true);
    expectDenied(s.guard.submit(buy(), [], s.stamp({ device: 'phone', token: phone.ok ? phone.lease.token : 0 })), 'STALE_FENCING_TOKEN', s.denials);
    expect(s.guard.submit(buy(), [], s.stamp({ token: desk.ok ? desk.lease.token : 0 })).ok).toBe(true);
    expect(s.reached()).toBe(2);
  });

  it('TRADING_HALTED: HALT refuses a new order and lets a cancel and a close through', () => {
    const s = setup();
    s.guard.submit(buy({ quantity: 20 }), [], s.stamp());
    const r = s.guard.submit(resting(), [], s.stamp());
    expect(r.ok).toBe(true);
    s.guard.setTradingState('HALTED');
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'TRADING_HALTED', s.denials);
    expectDenied(s.guard.submit(sell({ quantity: 21 }), [], s.stamp()), 'TRADING_HALTED', s.denials); // would reverse
    expect(s.guard.tryCancel(r.ok ? r.order.id : -1)).toEqual({ ok: true });
    expect(s.venue.openOrders()).toEqual([]);
    const close = s.guard.submit(sell({ quantity: 20 }), [], s.stamp());
    expect(close.ok && close.order.status).toBe('Filled');
    expect(s.account.snapshot().positions.get('AAA')).toBeUndefined();
  });

  it('a cancel passes while reconciling and without any lease, but not for an unknown order (UNKNOWN_ORDER)', () => {
    const s = setup();
    const r = s.guard.submit(resting(), [], s.stamp());
    s.reconciliation.on = true;
    s.guard.setTradingState('HALTED');
    s.clock.advance(T0 + LEASE_MS * 10);
    expect(s.guard.cancel(r.ok ? r.order.id : -1)).toBe(true);
    expectDenied(s.guard.tryCancel(999), 'UNKNOWN_ORDER', s.denials);
  });

  it('TRADING_REDUCING: only an order that reduces passes', () => {
    const s = setup();
    s.guard.submit(buy({ quantity: 30 }), [], s.stamp());
    s.guard.setTradingState('REDUCING');
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'TRADING_REDUCING', s.denials);
    expectDenied(s.guard.submit(sell({ instrument: BBB }), [], s.stamp()), 'TRADING_REDUCING', s.denials); // opens a short
    const r = s.guard.submit(sell({ quantity: 10 }), [], s.stamp());
    expect(r.ok && r.order.status).toBe('Filled');
    expect(s.account.snapshot().positions.get('AAA')).toBe(20);
  });

  it('MAX_ORDER_VALUE', () => {
    const s = setup({ maxOrderValue: 5000 });
    expectDenied(s.guard.submit(buy({ quantity: 51 }), [], s.stamp()), 'MAX_ORDER_VALUE', s.denials);
    expect(s.denials.at(-1)!.message).toBe(`${RISK_REASONS.MAX_ORDER_VALUE} (5100 > 5000)`);
    expect(s.guard.submit(buy({ quantity: 50 }), [], s.stamp()).ok).toBe(true);
    expect(s.reached()).toBe(1);
  });

  it('MAX_POSITION_SHARE: the position after the order against net liquidation', () => {
    const s = setup({ maxPositionShare: 0.25 });
    expect(s.guard.submit(buy({ quantity: 200 }), [], s.stamp()).ok).toBe(true); // 20 000 of 100 000
    expectDenied(s.guard.submit(buy({ quantity: 60 }), [], s.stamp()), 'MAX_POSITION_SHARE', s.denials); // 26 000
    expect(s.guard.submit(buy({ quantity: 50 }), [], s.stamp()).ok).toBe(true);
  });

  it("DAILY_LOSS_LIMIT: realised + unrealised since the session start; reductions still pass", () => {
    const s = setup({ dailyLossLimit: 500 });
    s.account.newDay();
    expect(s.guard.submit(buy({ quantity: 100 }), [], s.stamp()).ok).toBe(true);
    s.feed.prices.set('AAA', 95);
    s.account.setMark('AAA', 95); // −500 unrealised
    expect(s.account.snapshot().dayPnl).toBe(-500);
    expectDenied(s.guard.submit(buy({ instrument: BBB }), [], s.stamp()), 'DAILY_LOSS_LIMIT', s.denials);
    expect(s.guard.submit(sell({ quantity: 50 }), [], s.stamp()).ok).toBe(true);
    s.account.newDay(); // a new session: the limit counts from here
    expect(s.guard.submit(buy({ instrument: BBB }), [], s.stamp()).ok).toBe(true);
  });

  it('MAX_OPEN_ORDERS: working orders (bracket exits included) against the cap', () => {
    const s = setup({ maxOpenOrders: 3 });
    expect(s.guard.submit(resting(), [], s.stamp()).ok).toBe(true);
    expect(s.guard.submit(resting({ limitPrice: 49 }), [], s.stamp()).ok).toBe(true);
    const exits = [sell({ type: 'STP', stopPrice: 40, tif: 'GTC', reduceOnly: true }), sell({ type: 'LMT', limitPrice: 60, tif: 'GTC', reduceOnly: true })];
    expectDenied(s.guard.submit(resting({ limitPrice: 48 }), exits, s.stamp()), 'MAX_OPEN_ORDERS', s.denials);
    expect(s.guard.submit(resting({ limitPrice: 48 }), [], s.stamp()).ok).toBe(true);
    expectDenied(s.guard.submit(resting({ limitPrice: 47 }), [], s.stamp()), 'MAX_OPEN_ORDERS', s.denials);
    expect(s.guard.cancel(1)).toBe(true);
    expect(s.guard.submit(resting({ limitPrice: 47 }), [], s.stamp()).ok).toBe(true);
  });

  it('ORDER_RATE: at most max_orders_per_minute within any 60 s of the bridge clock', () => {
    const s = setup({ maxOrdersPerMinute: 3 }, { leaseMs: 3_600_000 });
    const at = (t: number) => s.clock.advance(t);
    for (let i = 0; i < 3; i++) {
      at(T0 + i * 10_000);
      expect(s.guard.submit(buy(), [], s.stamp()).ok).toBe(true);
    }
    at(T0 + 59_999);
    expectDenied(s.guard.submit(buy(), [], s.stamp()), 'ORDER_RATE', s.denials);
    expect(s.denials.at(-1)!.message).toContain('3 sent in the last 60 s, this adds 1; max_orders_per_minute = 3');
    at(T0 + 60_000); // the first one left the window
    expect(s.guard.submit(buy(), [], s.stamp()).ok).toBe(true);
    expect(s.reached()).toBe(4);
  });

  it('SYMBOL_NOT_ALLOWED', () => {
    const s = setup({ allowedSymbols: ['AAA'] });
    expectDenied(s.guard.submit(buy({ instrument: BBB }), [], s.stamp()), 'SYMBOL_NOT_ALLOWED', s.denials);
    expect(s.guard.submit(buy(), [], s.stamp()).ok).toBe(true);
  });

  it('ORDER_TYPE_NOT_ALLOWED, for a bracket exit too', () => {
    const s = setup({ allowedOrderTypes: ['MKT', 'LMT'] });
    expectDenied(s.guard.submit(buy({ type: 'STP', stopPrice: 110, tif: 'GTC' }), [], s.stamp()), 'ORDER_TYPE_NOT_ALLOWED', s.denials);
    expectDenied(s.guard.submit(buy(), [sell({ type: 'STP', stopPrice: 90, tif: 'GTC', reduceOnly: true })], s.stamp()), 'ORDER_TYPE_NOT_ALLOWED', s.denials);
    expect(s.denials.at(-1)!.message).toContain('STP (a bracket exit)');
    expect(s.reached()).toBe(0);
  });

  it('NO_PRICE_FOR_LIMIT: a market order the limits cannot value is refused', () => {
    const s = setup({ maxOrderValue: 1e6 });
    expectDenied(s.guard.submit(buy({ instrument: stock('CCC') }), [], s.stamp()), 'NO_PRICE_FOR_LIMIT', s.denials);
    expect(s.reached()).toBe(0);
  });

  it('ORDER_REFUSED: a ticket IBKR would refuse, and the inner broker’s own refusal, carry the code', () => {
    const s = setup();
    expectDenied(s.guard.submit(buy({ quantity: 0 }), [], s.stamp()), 'ORDER_REFUSED', s.denials);
    expect(s.denials.at(-1)!.message).toContain('quantity 0 must be a positive whole number');
    const offTick = s.guard.submit(buy({ type: 'LMT', limitPrice: 99.999 }), [], s.stamp());
    expectDenied(offTick, 'ORDER_REFUSED', s.denials);
    expect(offTick.ok ? '' : offTick.reason).toContain('not a multiple of the minimum tick 0.01 (TWS error 110)');
  });
});

describe('modifications', () => {
  it('one that increases risk is checked like a new order; lowering the quantity passes like a cancel', () => {
    const s = setup({ maxOrderValue: 2000 });
    const r = s.guard.submit(resting({ quantity: 30 }), [], s.stamp()); // valued at max(limit 50, mark 100): 3000
    expectDenied(r, 'MAX_ORDER_VALUE', s.denials);
    const ok = s.guard.submit(resting({ quantity: 15 }), [], s.stamp());
    const id = ok.ok ? ok.order.id : -1;
    expectDenied(s.guard.tryModify(id, { quantity: 30 }, s.stamp()), 'MAX_ORDER_VALUE', s.denials);
    expectDenied(s.guard.tryModify(id, { limitPrice: 60 }), 'NO_LEASE', s.denials); // a price change needs the lease
    expect(s.guard.tryModify(id, { limitPrice: 60 }, s.stamp())).toEqual({ ok: true });
    s.guard.setTradingState('HALTED');
    expectDenied(s.guard.tryModify(id, { limitPrice: 61 }, s.stamp()), 'TRADING_HALTED', s.denials);
    expect(s.guard.modify(id, { quantity: 5 })).toBe(true); // lower only: no lease needed, HALT lets it through
    expect(s.venue.openOrders().map((o) => [o.quantity, o.limitPrice])).toEqual([[5, 60]]);
    expectDenied(s.guard.tryModify(999, { quantity: 1 }), 'UNKNOWN_ORDER', s.denials);
    s.guard.setTradingState('ACTIVE');
    expectDenied(s.guard.tryModify(id, { side: 'SELL' } as never, s.stamp()), 'ORDER_REFUSED', s.denials);
    expect(s.denials.at(-1)!.message).toContain('not side');
  });

  it('malformed input refuses, never throws', () => {
    const s = setup();
    expectDenied(s.guard.submit({ ref: 'x', quantity: 1 } as never, [], s.stamp()), 'ORDER_REFUSED', s.denials); // no instrument
    expect(s.denials.at(-1)!.message).toContain('could not be checked');
    expectDenied(s.guard.submit(null as never, [], s.stamp()), 'ORDER_REFUSED', s.denials);
    expect(s.reached()).toBe(0);
  });

  it('an order of another strategy cannot be modified under this lease', () => {
    const s = setup();
    const guard = s.guardWith({ strategyOf: (o) => o.ref.split(':')[0] });
    const r = guard.submit(resting({ ref: 's2:1700000000000:0' }), [], s.stamp());
    const denied = guard.tryModify(r.ok ? r.order.id : -1, { limitPrice: 55 }, s.stamp());
    expect(denied).toMatchObject({ ok: false, code: 'NO_LEASE' });
    expect(denied.ok ? '' : denied.reason).toContain('belongs to strategy s2, the lease is for s1');
  });
});

describe('two devices racing for one strategy', () => {
  it('exactly one device’s intent stream is accepted', () => {
    const s = setup();
    const leases = new RunnerLeases(LEASE_MS);
    const guard = s.guardWith({ leases });
    const tokens = new Map<string, number>();
    const accepted = new Map<string, number>([
      ['desk', 0],
      ['phone', 0],
    ]);
    for (let i = 0; i < 10; i++) {
      for (const device of ['phone', 'desk']) {
        if (!tokens.has(device)) {
          const r = leases.acquire('s9', device, s.clock.now());
          tokens.set(device, r.ok ? r.lease.token : -1);
        }
        const r = guard.submit(resting({ ref: `${device}-${i}` }), [], { strategy: 's9', device, token: tokens.get(device)!, createdAt: s.clock.now() });
        if (r.ok) accepted.set(device, accepted.get(device)! + 1);
      }
    }
    expect(Object.fromEntries(accepted)).toEqual({ phone: 10, desk: 0 });
  });
});

describe("the bridge's books (LedgerAccount)", () => {
  it('an execution reported twice is booked once; the day starts at newDay', () => {
    const account = new LedgerAccount(Ledger.withCash(10_000));
    const fill = { orderId: 1, instrument: AAA, qty: 10, price: 100, commission: 1, time: T0, ref: 'r', execId: 'e1' };
    account.onFill(fill);
    account.onFill(fill);
    expect(account.snapshot().positions.get('AAA')).toBe(10);
    expect(account.snapshot().dayPnl).toBe(-1); // the commission
    account.newDay();
    account.setMark('AAA', 102);
    expect(account.snapshot()).toMatchObject({ dayPnl: 20, netLiquidation: 10_000 - 1001 + 1020 });
  });
});

describe('idempotency', () => {
  it('a repeated intent id answers with the order it made, even when a new order would be refused now', () => {
    const s = setup();
    const guard = s.guardWith({ limits: { maxOpenOrders: 1 }, orderOfRef: (ref) => s.venue.openOrders().find((o) => o.ref === ref) });
    const first = guard.submit(resting({ ref: 'intent-7' }), [], s.stamp());
    expect(first.ok).toBe(true);
    s.connection.ready = false;
    const again = guard.submit(resting({ ref: 'intent-7' }), [], s.stamp());
    expect(again.ok && first.ok && again.order).toBe(first.ok && first.order);
    expect(s.venue.openOrders()).toHaveLength(1);
    s.connection.ready = true;
    expect(guard.submit(resting({ ref: 'intent-8' }), [], s.stamp())).toMatchObject({ ok: false, code: 'MAX_OPEN_ORDERS' });
  });
});

describe('a runner inside the bridge', () => {
  it('runner(lease) is a plain Broker whose orders carry the lease and the bridge time', () => {
    const s = setup();
    const broker = s.guard.runner({ strategy: 's1', device: 'desk', token: 1 });
    expect(broker.submit(buy()).ok).toBe(true);
    s.clock.advance(T0 + LEASE_MS);
    const r = broker.submit(buy());
    expect(r).toMatchObject({ ok: false, code: 'LEASE_EXPIRED' });
  });

  it('a denial listener that throws does not change the answer', () => {
    const s = setup();
    s.guard.on('denial', () => {
      throw new Error('listener bug');
    });
    expect(s.guard.submit(buy())).toMatchObject({ ok: false, code: 'NO_LEASE' });
  });
});
