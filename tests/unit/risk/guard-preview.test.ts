// The order guard's preview (bridge/guard/order-guard.ts, docs/app-protocol.md §3): the verdict submit
// would give — the same checks in the same order — while nothing reaches the broker, no denial is
// emitted (nothing journaled) and nothing counts against the order rate.
import { describe, expect, it } from 'vitest';
import { ZERO_COSTS } from '../../../shared/broker/costs.ts';
import { SimVenue, type BarFeed, type VenueBar } from '../../../shared/broker/sim-venue.ts';
import { stock } from '../../../shared/domain/instrument.ts';
import type { OrderTicket } from '../../../shared/domain/order.ts';
import { RISK_REASONS } from '../../../shared/risk/denial-reason.ts';
import { RunnerLeases } from '../../../shared/risk/leases.ts';
import type { OrderLimits } from '../../../shared/risk/order-limits.ts';
import { Ledger } from '../../../shared/portfolio/ledger.ts';
import { SimClock } from '../../../shared/time/clock.ts';
import { GuardedBroker, type GuardDenial, type IntentStamp } from '../../../bridge/guard/order-guard.ts';
import { LedgerAccount } from '../../../bridge/guard/ledger-account.ts';

const T0 = Date.UTC(2026, 11, 7, 14, 30);
const feed: BarFeed = { bar: (key: string): VenueBar | undefined => (key === 'AAA' ? { open: 100, high: 100, low: 100, close: 100, halfSpread: 0, time: T0 } : undefined) };

function setup(limits: OrderLimits = {}) {
  const clock = new SimClock(T0);
  const venue = new SimVenue(ZERO_COSTS, feed);
  venue.open();
  let reached = 0;
  venue.listen({ onFill: () => undefined, onOrderStatus: () => void reached++ });
  const account = new LedgerAccount(Ledger.withCash(100_000));
  account.setMark('AAA', 100);
  const leases = new RunnerLeases(30_000);
  const guard = new GuardedBroker({ inner: venue, clock, connection: { isReady: () => true }, reconciliation: { isReconciling: () => false }, leases, account, limits, intentMaxAgeMs: 5000 });
  const denials: GuardDenial[] = [];
  guard.on('denial', (d) => denials.push(d));
  const l = leases.acquire('manual', 'phone', T0);
  if (!l.ok) throw new Error('no lease');
  const stamp: IntentStamp = { strategy: 'manual', device: 'phone', token: l.lease.token, createdAt: T0 };
  return { guard, denials, stamp, reached: () => reached, clock };
}

const buy = (over: Partial<OrderTicket> = {}): OrderTicket => ({ instrument: stock('AAA'), side: 'BUY', quantity: 10, type: 'MKT', tif: 'DAY', ref: 'preview:p1', ...over });

describe('GuardedBroker.preview', () => {
  it('says ok for an order submit would send, and sends, emits and counts nothing', () => {
    const s = setup({ maxOrdersPerMinute: 1 });
    expect(s.guard.preview(buy(), s.stamp)).toEqual({ ok: true });
    expect(s.guard.preview(buy(), s.stamp)).toEqual({ ok: true }); // a preview is not an order: the rate is untouched
    expect(s.reached()).toBe(0);
    expect(s.denials).toEqual([]);
    expect(s.guard.submit(buy({ ref: 'real-1' }), [], s.stamp).ok).toBe(true);
    expect(s.reached()).toBeGreaterThan(0);
    // Now the rate is used up: preview and submit agree.
    const p = s.guard.preview(buy(), s.stamp);
    expect(p).toMatchObject({ ok: false, code: 'ORDER_RATE' });
    expect(s.guard.submit(buy({ ref: 'real-2' }), [], s.stamp)).toMatchObject({ ok: false, code: 'ORDER_RATE' });
  });

  it('gives the code and sentence submit would, without the denial event: lease, symbol, halt, limits', () => {
    const s = setup({ allowedSymbols: ['AAA'], maxOrderValue: 5_000 });
    const noLease = s.guard.preview(buy());
    expect(noLease).toMatchObject({ ok: false, code: 'NO_LEASE' });
    expect((noLease as { reason: string }).reason.startsWith(`NO_LEASE: ${RISK_REASONS.NO_LEASE}`)).toBe(true);
    expect(s.guard.preview(buy({ instrument: stock('BBB') }), s.stamp)).toMatchObject({ ok: false, code: 'SYMBOL_NOT_ALLOWED' });
    expect(s.guard.preview(buy({ quantity: 100 }), s.stamp)).toMatchObject({ ok: false, code: 'MAX_ORDER_VALUE' });
    expect(s.guard.preview(buy({ type: 'LMT' }), s.stamp)).toMatchObject({ ok: false, code: 'ORDER_REFUSED' });
    s.guard.setTradingState('HALTED');
    expect(s.guard.preview(buy(), s.stamp)).toMatchObject({ ok: false, code: 'TRADING_HALTED' });
    s.clock.advance(T0 + 10_000);
    expect(s.guard.preview(buy(), s.stamp)).toMatchObject({ ok: false, code: 'STALE_INTENT' });
    expect(s.denials).toEqual([]);
    expect(s.reached()).toBe(0);
  });
});
