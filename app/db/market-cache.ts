// Bar series cached in IndexedDB: read from the cache, else load once and store it; the cache keeps
// to its size budget (cache-budget.ts). putBars alone stores the user's own data, which is not cache.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { seriesBytes, touchCached } from './cache-budget.ts';
import { barsKey, type MoneyTrailzDb, type StoredBars } from './schema.ts';

export interface CachedSeries {
  readonly series: BarSeries;
  /** 'cache' when it came from IndexedDB, 'loaded' when it was just loaded and stored. */
  readonly origin: 'cache' | 'loaded';
}

/** A stored row as a series. */
export function toSeries(row: StoredBars): BarSeries {
  const { key: _k, source: _s, storedAt: _t, ...cols } = row;
  return { ...cols, length: row.time.length };
}

/** Returns the cached series, or runs `load`, stores its result in one transaction and returns it. */
export async function cachedBars(
  db: MoneyTrailzDb,
  symbol: string,
  timeframe: BarSeries['timeframe'],
  source: string,
  load: () => Promise<BarSeries>,
  now: () => number = Date.now,
): Promise<CachedSeries> {
  const key = barsKey(symbol, timeframe);
  const hit = await db.bars.get(key);
  if (hit && hit.source === source) {
    const series = toSeries(hit);
    await touchCached(db, key, seriesBytes(series), now());
    return { series, origin: 'cache' };
  }
  const series = await load();
  await putBars(db, { ...series, symbol, timeframe }, source, now);
  await touchCached(db, key, seriesBytes(series), now());
  return { series, origin: 'loaded' };
}

/** Stores `series` under `${symbol}:${timeframe}` (replacing what was there); returns its key. */
export async function putBars(db: MoneyTrailzDb, series: BarSeries, source: string, now: () => number = Date.now): Promise<string> {
  const { length: _n, ...cols } = series;
  const key = barsKey(series.symbol, series.timeframe);
  await db.bars.put({ ...cols, key, source, storedAt: now() });
  return key;
}
