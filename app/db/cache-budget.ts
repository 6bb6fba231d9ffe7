// The market-data cache's size budget (issue 13, item 7). Series the app can load again (the bundled
// samples, and any feed it caches) are cache: each one's size and last use are kept in the settings
// table ('cache.entries'), and when their sum passes the budget ('cache.budget', default 256 MB) the
// least recently used are deleted. The user's own data (an imported CSV) is never cache: it is neither
// counted nor evicted. Nothing is read to be measured: sizes are recorded when a series is stored.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { MoneyTrailzDb } from './schema.ts';

export const CACHE_ENTRIES_KEY = 'cache.entries';
export const CACHE_BUDGET_KEY = 'cache.budget';
export const DEFAULT_CACHE_BUDGET = 256_000_000;
/** The budgets Settings offers. */
export const CACHE_BUDGETS: readonly number[] = [64, 256, 1000, 4000].map((mb) => mb * 1_000_000);

/** A cached series: its bytes in IndexedDB (its columns) and when it was last stored or read (epoch ms). */
export interface CacheEntry {
  readonly bytes: number;
  readonly usedAt: number;
}
export type CacheEntries = Readonly<Record<string, CacheEntry>>;

/** The bytes of a series' columns. */
export function seriesBytes(series: BarSeries): number {
  let n = 0;
  for (const v of Object.values(series)) if (ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
}

function isEntries(v: unknown): v is CacheEntries {
  return typeof v === 'object' && v !== null && Object.values(v).every((e) => typeof e?.bytes === 'number' && typeof e?.usedAt === 'number');
}

/** The cache's entries (an unreadable record counts as empty: the series are then re-measured as they are used). */
export async function cacheEntries(db: MoneyTrailzDb): Promise<CacheEntries> {
  const v = (await db.settings.get(CACHE_ENTRIES_KEY))?.value;
  return isEntries(v) ? v : {};
}

/** The budget in bytes. */
export async function cacheBudget(db: MoneyTrailzDb): Promise<number> {
  const v = (await db.settings.get(CACHE_BUDGET_KEY))?.value;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_CACHE_BUDGET;
}

/** The keys to delete so that the entries fit `budget`, least recently used first; `keep` is never one. */
export function overBudget(entries: CacheEntries, budget: number, keep?: string): string[] {
  let total = Object.values(entries).reduce((s, e) => s + e.bytes, 0);
  const out: string[] = [];
  for (const [key, e] of Object.entries(entries).sort((a, b) => a[1].usedAt - b[1].usedAt)) {
    if (total <= budget) break;
    if (key === keep) continue;
    out.push(key);
    total -= e.bytes;
  }
  return out;
}

/**
 * Records that `key` (of `bytes`) was stored or read at `now` and evicts what no longer fits the
 * budget, in one transaction with the bars table (the record and the rows never disagree).
 */
export async function touchCached(db: MoneyTrailzDb, key: string, bytes: number | undefined, now: number): Promise<void> {
  await db.transaction('rw', db.bars, db.settings, async () => {
    const entries = { ...(await cacheEntries(db)) };
    const known = entries[key];
    if (bytes === undefined && !known) return;
    entries[key] = { bytes: bytes ?? known!.bytes, usedAt: now };
    for (const k of overBudget(entries, await cacheBudget(db), key)) {
      await db.bars.delete(k);
      delete entries[k];
    }
    await db.settings.put({ key: CACHE_ENTRIES_KEY, value: entries });
  });
}

/** Sets the budget and evicts what no longer fits. */
export async function setCacheBudget(db: MoneyTrailzDb, budget: number): Promise<void> {
  await db.transaction('rw', db.bars, db.settings, async () => {
    await db.settings.put({ key: CACHE_BUDGET_KEY, value: budget });
    const entries = { ...(await cacheEntries(db)) };
    for (const k of overBudget(entries, budget)) {
      await db.bars.delete(k);
      delete entries[k];
    }
    await db.settings.put({ key: CACHE_ENTRIES_KEY, value: entries });
  });
}

/** Deletes every cached series (the user's own data stays). */
export async function clearCache(db: MoneyTrailzDb): Promise<void> {
  await db.transaction('rw', db.bars, db.settings, async () => {
    await db.bars.bulkDelete(Object.keys(await cacheEntries(db)));
    await db.settings.put({ key: CACHE_ENTRIES_KEY, value: {} });
  });
}

/** Bytes the cache holds now. */
export async function cacheUsage(db: MoneyTrailzDb): Promise<number> {
  return Object.values(await cacheEntries(db)).reduce((s, e) => s + e.bytes, 0);
}
