// A live strategy run's history request and its listeners: historyDuration asks TWS for at least the
// warm-up plus the margin (checked against the exchange calendar: the sessions in that many calendar
// days), in the units TWS takes; run-broker's end() detaches every listener the run attached, so runs
// that come and go leave the order path's broker with as many listeners as before.
import { describe, expect, it } from 'vitest';
import { HISTORY_MARGIN_SESSIONS, historyDuration } from '../../../bridge/paper/tws-bars.ts';
import { runBroker } from '../../../bridge/strategies/run-broker.ts';
import type { Broker, BrokerListener } from '../../../shared/broker/broker.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { daysFromYyyymmdd, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';

/** Calendar days a duration covers ('3 M' ≈ 92, 'N D', 'N Y'). */
const daysOf = (d: string): number => {
  const [n, unit] = d.split(' ');
  return unit === 'D' ? Number(n) : unit === 'M' ? Math.floor(Number(n) * 30.4375) : Math.floor(Number(n) * 365.25);
};

describe('historyDuration: the history a warm-up asks TWS for', () => {
  it('is 3 months for short warm-ups (option quotes read that much), calendar days up to a year, whole years beyond', () => {
    expect(historyDuration(1)).toBe('3 M');
    expect(historyDuration(15)).toBe('3 M');
    expect(historyDuration(50)).toBe('95 D'); // (50 + 10) × 1.46 + 7
    expect(historyDuration(100)).toBe(`${Math.ceil((100 + HISTORY_MARGIN_SESSIONS) * 1.46) + 7} D`);
    expect(historyDuration(200)).toBe('314 D');
    expect(historyDuration(250)).toBe('2 Y');
    expect(historyDuration(1000)).toBe('5 Y');
  });

  it('covers the warm-up and the margin in sessions, wherever the run starts', () => {
    const cal = exchangeCalendar('XNYS');
    for (const sessions of [1, 20, 50, 60, 100, 101, 200, 252, 400, 1000]) {
      const d = historyDuration(sessions);
      expect(d).toMatch(/^\d+ [DMY]$/);
      if (d.endsWith(' D')) expect(Number(d.split(' ')[0])).toBeLessThanOrEqual(365);
      for (const first of [20120103, 20120604, 20121126, 20130102]) {
        const from = yyyymmddFromDays(daysFromYyyymmdd(first) - daysOf(d));
        const before = cal.sessions(from, yyyymmddFromDays(daysFromYyyymmdd(first) - 1)).length;
        expect(before, `${sessions} sessions before ${first} in ${d}`).toBeGreaterThanOrEqual(sessions + HISTORY_MARGIN_SESSIONS);
      }
    }
  });
});

/** A broker that only counts its listeners. */
function countingBroker(): Broker & { listeners: Set<BrokerListener> } {
  const listeners = new Set<BrokerListener>();
  return {
    listeners,
    submit: () => ({ ok: false, reason: 'not in this test' }),
    modify: () => false,
    cancel: () => false,
    openOrders: () => [],
    listen: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

describe('run-broker: a finished run leaves no listener behind', () => {
  it('end() detaches what the run attached; N runs leave the count where it was', () => {
    const inner = countingBroker();
    inner.listen({ onFill: () => {}, onOrderStatus: () => {} }); // the order path's own (the account)
    for (let n = 1; n <= 5; n++) {
      const run = runBroker(inner, n);
      run.listen({ onFill: () => {}, onOrderStatus: () => {} }); // the engine
      const detachOwn = run.listen({ onFill: () => {}, onOrderStatus: () => {} }); // the driver
      expect(inner.listeners.size).toBe(3);
      detachOwn(); // a listener the run detaches itself is gone at once, and end() does not mind
      expect(inner.listeners.size).toBe(2);
      run.end();
      expect(inner.listeners.size).toBe(1);
      // After the end, listening attaches nothing.
      run.listen({ onFill: () => {}, onOrderStatus: () => {} });
      expect(inner.listeners.size).toBe(1);
    }
  });

  it('a detached listener gets no more events', () => {
    const inner = countingBroker();
    const run = runBroker(inner, 7);
    const got: string[] = [];
    run.listen({ onFill: () => {}, onOrderStatus: (o) => got.push(o.ref) });
    const order = { ref: 'x#1@7' } as Parameters<BrokerListener['onOrderStatus']>[0];
    for (const l of inner.listeners) l.onOrderStatus(order);
    run.end();
    for (const l of inner.listeners) l.onOrderStatus(order);
    expect(got).toEqual(['x#1']);
  });
});
