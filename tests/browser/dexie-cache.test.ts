// The bar cache on Chromium's real IndexedDB: typed arrays survive, a second read hits the cache.
import { describe, expect, it } from 'vitest';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { cachedBars } from '../../app/db/market-cache.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';

function tinySeries(): BarSeries {
  const n = 3;
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    symbol: 'T',
    timeframe: '1d',
    length: n,
    time: col((i) => Date.UTC(2024, 0, 2 + i)),
    end: col((i) => Date.UTC(2024, 0, 3 + i)),
    open: col((i) => 10 + i),
    high: col((i) => 11 + i),
    low: col((i) => 9 + i),
    close: col((i) => 10.5 + i),
    volume: col((i) => 1000 * (i + 1)),
  };
}

describe('IndexedDB bar cache (Dexie, real Chromium IndexedDB)', () => {
  it('stores a series once and serves it from the cache afterwards, across reopen', async () => {
    const name = `mt-test-${Math.random().toString(36).slice(2)}`;
    let loads = 0;
    const load = async () => {
      loads++;
      return tinySeries();
    };
    const db1 = new MoneyTrailzDb(name);
    const first = await cachedBars(db1, 'T', '1d', 't.csv', load, () => 1);
    expect(first.origin).toBe('loaded');
    db1.close();

    const db2 = new MoneyTrailzDb(name);
    const second = await cachedBars(db2, 'T', '1d', 't.csv', load, () => 2);
    expect(second.origin).toBe('cache');
    expect(loads).toBe(1);
    expect(second.series.close).toBeInstanceOf(Float64Array);
    expect(Array.from(second.series.close)).toEqual([10.5, 11.5, 12.5]);
    expect(second.series.length).toBe(3);
    await db2.delete();
  });

  it('reloads when the source changed', async () => {
    const db = new MoneyTrailzDb(`mt-test-${Math.random().toString(36).slice(2)}`);
    await cachedBars(db, 'T', '1d', 'a.csv', async () => tinySeries());
    const again = await cachedBars(db, 'T', '1d', 'b.csv', async () => tinySeries());
    expect(again.origin).toBe('loaded');
    await db.delete();
  });
});
