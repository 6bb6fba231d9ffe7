import { describe, expect, it } from 'vitest';
import { exposedBarCount, exposureTimePct } from '../../../shared/analytics/index.ts';

describe('exposure time (§5)', () => {
  it('counts entry and exit bars inclusively, a shared reversal bar once, over all N bars', () => {
    // N = 10; trades 2→4 and 4→6 cover bars 2 3 4 5 6 = 5 bars → 50 %
    const trades = [{ entryBar: 2, exitBar: 4 }, { entryBar: 4, exitBar: 6 }];
    expect(exposedBarCount(trades, 10)).toBe(5);
    expect(exposureTimePct(trades, 10)).toBe(50);
  });

  it('a one-bar trade (entry = exit) covers one bar; no trades, 0 %', () => {
    expect(exposedBarCount([{ entryBar: 3, exitBar: 3 }], 4)).toBe(1);
    expect(exposureTimePct([], 8)).toBe(0);
  });
});
