// The order-time formats the paper broker reads (bridge/simulator/orders/order-times.ts) and the
// left-to-right combination of order conditions (bridge/simulator/orders/conditions.ts).
import { describe, expect, it } from 'vitest';
import { combineLeftToRight } from '../../../bridge/simulator/orders/conditions.ts';
import { parseOrderTime } from '../../../bridge/simulator/orders/order-times.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';

const NOW = easternToUtc(20120103, 10 * 60); // 2012-01-03 10:00 ET = 15:00 UTC

describe('parseOrderTime', () => {
  it('reads the zoned, default-zone, UTC and time-only forms', () => {
    const t = easternToUtc(20120103, 10 * 60 + 30);
    expect(parseOrderTime('20120103 10:30:00 US/Eastern', NOW)).toBe(t);
    expect(parseOrderTime('20120103 10:30:00 America/New_York', NOW)).toBe(t);
    expect(parseOrderTime('20120103 10:30:00', NOW)).toBe(t);
    expect(parseOrderTime('20120103-15:30:00', NOW)).toBe(t);
    expect(parseOrderTime('20120103 15:30:00 UTC', NOW)).toBe(t);
    expect(parseOrderTime('10:30:00', NOW)).toBe(t);
    expect(parseOrderTime('15:30:00 GMT', NOW)).toBe(t);
  });

  it('refuses what TWS cannot read (a date alone too: only a GTD takes one, with the calendar)', () => {
    for (const bad of ['', 'x', '2012-01-03 10:30', '20120103 10:30', '20120103 24:00:00', '20121303 10:00:00', '20120103 10:30:00 Mars/Olympus', '10:30', '20120103']) {
      expect(parseOrderTime(bad, NOW), bad).toBeNull();
    }
  });
});

describe('combineLeftToRight', () => {
  const run = (values: boolean[], conj: string[]) => combineLeftToRight(conj.map((c) => ({ conjunction: c })).concat([{ conjunction: '' }]).slice(0, values.length), (i) => values[i]);
  it('has no precedence of AND over OR', () => {
    expect(run([true, false, false], ['o', 'a'])).toBe(false); // (T or F) and F; with precedence T or (F and F) = T
    expect(run([false, false, true], ['a', 'o'])).toBe(true); // (F and F) or T
    expect(run([true, false], ['a'])).toBe(false);
    expect(run([false, true], ['o'])).toBe(true);
    expect(run([true, true], [''])).toBe(true); // unset conjunction: AND
    expect(run([], [])).toBe(true);
  });
});
