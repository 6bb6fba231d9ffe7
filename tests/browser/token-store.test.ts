// The bridge's access token in Chromium's real IndexedDB: schema v2 adds the credentials table and
// keeps a v1 database's data; the token store saves, loads and forgets, and ignores a malformed value.
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { BRIDGE_TOKEN_KEY, dexieTokenStore } from '../../app/bridge-client/token-store.ts';

describe('access token store (Dexie, schema v2)', () => {
  it('upgrades a v1 database without losing its settings, then keeps and forgets the token', async () => {
    const name = `mt-token-${Math.random().toString(36).slice(2)}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ bars: 'key, symbol', settings: 'key' });
    await v1.table('settings').put({ key: 'workbench.series', value: 'SPY:1d' });
    v1.close();

    const db = new MoneyTrailzDb(name);
    expect(await db.settings.get('workbench.series')).toEqual({ key: 'workbench.series', value: 'SPY:1d' });
    const store = dexieTokenStore(db);
    expect(await store.load()).toBeNull();
    const token = 'ab'.repeat(32);
    await store.save(token);
    db.close();

    const reopened = new MoneyTrailzDb(name);
    const again = dexieTokenStore(reopened);
    expect(await again.load()).toBe(token);
    await again.forget();
    expect(await again.load()).toBeNull();
    await reopened.credentials.put({ key: BRIDGE_TOKEN_KEY, value: 'not a token', storedAt: 0 });
    expect(await again.load()).toBeNull();
    reopened.close();
  });
});
