// All user data as one file (issue 13, item 7) on Chromium's real IndexedDB: an export holds every
// table but the credentials, typed arrays byte for byte; importing it into an empty database gives the
// same rows; a damaged file names its first problem by path and writes nothing.
import { describe, expect, it } from 'vitest';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { exportUserData, ImportError, importUserData } from '../../app/db/user-data.ts';

const fresh = () => new MoneyTrailzDb(`mt-export-${Math.random().toString(36).slice(2)}`);

async function seeded(): Promise<MoneyTrailzDb> {
  const db = fresh();
  const col = (f: (i: number) => number) => Float64Array.from({ length: 4 }, (_, i) => f(i));
  await db.bars.put({
    key: 'XYZ:1d', symbol: 'XYZ', timeframe: '1d', source: 'XYZ.csv', storedAt: 1,
    time: col((i) => Date.UTC(2024, 0, 2 + i)), end: col((i) => Date.UTC(2024, 0, 3 + i)),
    open: col((i) => 10 + i / 3), high: col((i) => 11 + i), low: col((i) => 9 - i), close: col((i) => 10.5 + Math.PI * i), volume: col((i) => 1000 * i),
    session: Int32Array.from([20240102, 20240103, 20240104, 20240105]),
  });
  await db.settings.bulkPut([{ key: 'workbench.series', value: 'XYZ:1d' }, { key: 'workbench.indicators', value: [{ uid: 'a', name: 'SMA', params: { timeperiod: 20 }, colors: ['#fff'] }] }]);
  await db.credentials.put({ key: 'bridge-token', value: 'secret-token-never-exported', storedAt: 1 });
  return db;
}

describe('export and import of all user data', () => {
  it('round-trips every table but the credentials, typed arrays exactly', async () => {
    const a = await seeded();
    const text = await exportUserData(a, Date.UTC(2026, 11, 7));
    expect(text).not.toContain('secret-token-never-exported');
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'moneytrailz-user-data', version: 1, exportedAt: '2026-12-07T00:00:00.000Z' });
    expect(Object.keys(doc.tables).sort()).toEqual(a.tables.map((t) => t.name).filter((n) => n !== 'credentials').sort());
    const b = fresh();
    const summary = await importUserData(b, text);
    expect(summary).toMatchObject({ bars: 1, settings: 2 });
    const [x, y] = [await a.bars.get('XYZ:1d'), await b.bars.get('XYZ:1d')];
    expect(y!.close).toBeInstanceOf(Float64Array);
    expect(Array.from(y!.close)).toEqual(Array.from(x!.close));
    expect(y!.session).toBeInstanceOf(Int32Array);
    expect(Array.from(y!.session!)).toEqual(Array.from(x!.session!));
    expect(await b.settings.toArray()).toEqual(await a.settings.toArray());
    expect(await b.credentials.count()).toBe(0);
    await a.delete();
    await b.delete();
  });

  it('a damaged file names the first problem by path and leaves the database as it was', async () => {
    const a = await seeded();
    const good = JSON.parse(await exportUserData(a));
    const target = await seeded();
    await target.settings.put({ key: 'keep', value: 1 });
    const before = await target.settings.toArray();
    const cases: [unknown, string][] = [
      ['not json{', '$'],
      [{ ...good, format: 'something-else' }, 'format'],
      [{ ...good, version: 99 }, 'version'],
      [{ ...good, tables: { ...good.tables, nosuch: [] } }, 'tables.nosuch'],
      [{ ...good, tables: { ...good.tables, credentials: [] } }, 'tables.credentials'],
      [{ ...good, tables: { ...good.tables, settings: [{ value: 1 }] } }, 'tables.settings[0].key'],
      [{ ...good, tables: { ...good.tables, bars: [{ ...good.tables.bars[0], close: { $typed: 'f64', base64: 'AAAA' } }] } }, 'tables.bars[0].close.base64'],
    ];
    for (const [doc, path] of cases) {
      const err = await importUserData(target, typeof doc === 'string' ? doc : JSON.stringify(doc)).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(ImportError);
      expect((err as ImportError).path).toBe(path);
    }
    expect(await target.settings.toArray()).toEqual(before);
    expect(await target.bars.count()).toBe(1);
    await a.delete();
    await target.delete();
  });
});
