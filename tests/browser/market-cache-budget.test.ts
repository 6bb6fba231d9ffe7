// The market-data cache keeps to its budget on Chromium's real IndexedDB (app/db/cache-budget.ts):
// the least recently used cached series go first, a read counts as a use, the user's own data is
// neither counted nor evicted, and clearing the cache keeps it.
import { describe, expect, it } from 'vitest';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { cachedBars, putBars } from '../../app/db/market-cache.ts';
import { cacheEntries, cacheUsage, clearCache, setCacheBudget, seriesBytes } from '../../app/db/cache-budget.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';

function series(symbol: string, n: number): BarSeries {
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    symbol,
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

const keys = async (db: MoneyTrailzDb) => (await db.bars.toCollection().primaryKeys()).sort();

describe('market-data cache budget (real IndexedDB)', () => {
  it('evicts the least recently used cached series beyond the budget, never the user data', async () => {
    const db = new MoneyTrailzDb(`mt-budget-${Math.random().toString(36).slice(2)}`);
    const one = seriesBytes(series('A', 100));
    expect(one).toBe(7 * 100 * 8);
    await setCacheBudget(db, 2 * one);
    let t = 0;
    const now = () => ++t;
    await putBars(db, series('MINE', 1000), 'mine.csv', now);
    await cachedBars(db, 'A', '1d', 'a.csv', async () => series('A', 100), now);
    await cachedBars(db, 'B', '1d', 'b.csv', async () => series('B', 100), now);
    expect(await cacheUsage(db)).toBe(2 * one);
    // A is read again: B is now the least recently used, and C pushes it out.
    expect((await cachedBars(db, 'A', '1d', 'a.csv', async () => series('A', 100), now)).origin).toBe('cache');
    await cachedBars(db, 'C', '1d', 'c.csv', async () => series('C', 100), now);
    expect(await keys(db)).toEqual(['A:1d', 'C:1d', 'MINE:1d']);
    expect(Object.keys(await cacheEntries(db)).sort()).toEqual(['A:1d', 'C:1d']);
    // A smaller budget evicts at once; clearing keeps the user's series.
    await setCacheBudget(db, one);
    expect(await keys(db)).toEqual(['C:1d', 'MINE:1d']);
    await clearCache(db);
    expect(await keys(db)).toEqual(['MINE:1d']);
    expect(await cacheUsage(db)).toBe(0);
    db.close();
  });

  it('a series bigger than the whole budget is still served and kept while it is the one in use', async () => {
    const db = new MoneyTrailzDb(`mt-budget-${Math.random().toString(36).slice(2)}`);
    await setCacheBudget(db, 100);
    const r = await cachedBars(db, 'BIG', '1d', 'big.csv', async () => series('BIG', 50));
    expect(r.series.length).toBe(50);
    expect(await keys(db)).toEqual(['BIG:1d']);
    await cachedBars(db, 'NEXT', '1d', 'next.csv', async () => series('NEXT', 50));
    expect(await keys(db)).toEqual(['NEXT:1d']);
    db.close();
  });
});
