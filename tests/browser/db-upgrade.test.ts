// Every released IndexedDB schema opens in today's app with its data intact (Chromium's real
// IndexedDB): a database is written as each earlier version shipped it (its stores as declared then,
// a row in each table), then opened by MoneyTrailzDb — it upgrades to the current version, every row
// is still there with its typed arrays, and the tables added since are empty and usable.
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { MoneyTrailzDb } from '../../app/db/schema.ts';

/** The stores of each released version, as app/db/schema.ts declared them (that history never changes). */
const RELEASED: readonly Readonly<Record<string, string>>[] = [
  { bars: 'key, symbol', settings: 'key' },
  { bars: 'key, symbol', settings: 'key', credentials: 'key' },
  { bars: 'key, symbol', settings: 'key', credentials: 'key', results: 'id, storedAt' },
];

const ROWS: Readonly<Record<string, Record<string, unknown>>> = {
  bars: { key: 'SPY:1d', symbol: 'SPY', timeframe: '1d', source: 'SPY_1d.csv', storedAt: 1, time: Float64Array.of(1, 2), close: Float64Array.of(10.5, 11) },
  settings: { key: 'workbench.series', value: 'SPY:1d' },
  credentials: { key: 'bridge.token', value: 'ab'.repeat(32), storedAt: 2 },
  results: { id: 'f'.repeat(64), title: 'sma_cross on GOOG daily', storedAt: 3, config: { data: { csv: 'GOOG_1d.csv' } }, equity: Float64Array.of(1e4, 1.01e4) },
};

describe('IndexedDB schema upgrades', () => {
  for (const [i, stores] of RELEASED.entries()) {
    it(`a version ${i + 1} database opens as the current version with every row kept`, async () => {
      const name = `mt-upgrade-${i + 1}-${Math.random().toString(36).slice(2)}`;
      const old = new Dexie(name);
      old.version(i + 1).stores(stores);
      for (const table of Object.keys(stores)) await old.table(table).put(ROWS[table]);
      old.close();

      const db = new MoneyTrailzDb(name);
      await db.open();
      expect(db.verno).toBeGreaterThan(i + 1);
      for (const table of Object.keys(stores)) {
        const key = (ROWS[table].key ?? ROWS[table].id) as string;
        expect(await db.table(table).get(key), `${table} after the upgrade from v${i + 1}`).toEqual(ROWS[table]);
      }
      // Tables added after that version: empty, and they take rows.
      for (const t of db.tables.filter((t) => !(t.name in stores))) expect(await t.count(), t.name).toBe(0);
      await db.sweeps.put({ id: 'e'.repeat(64), title: 't', storedAt: 4, seriesKey: 'GOOG:1d', strategy: 'sma_cross', config: {}, axes: [], total: 0, skippedBy: {}, cells: [] });
      expect(await db.sweeps.count()).toBe(1);
      db.close();
      await Dexie.delete(name);
    });
  }
});
