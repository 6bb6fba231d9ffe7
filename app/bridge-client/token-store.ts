// Where the app keeps the bridge's access token after pairing: the Dexie `credentials` table
// (schema v2). IndexedDB is per origin, and the bridge serves the app, so each bridge address has
// its own token. The token is never logged or shown.
import type { MoneyTrailzDb } from '../db/schema.ts';

export const BRIDGE_TOKEN_KEY = 'bridge.accessToken';
const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

export interface TokenStore {
  /** The stored token, or null (none, or unreadable). */
  load(): Promise<string | null>;
  save(token: string): Promise<void>;
  forget(): Promise<void>;
}

export function isAccessToken(x: unknown): x is string {
  return typeof x === 'string' && TOKEN_PATTERN.test(x);
}

export function dexieTokenStore(db: MoneyTrailzDb): TokenStore {
  return {
    async load() {
      const row = await db.credentials.get(BRIDGE_TOKEN_KEY);
      return isAccessToken(row?.value) ? row.value : null;
    },
    async save(token) {
      await db.credentials.put({ key: BRIDGE_TOKEN_KEY, value: token, storedAt: Date.now() });
    },
    async forget() {
      await db.credentials.delete(BRIDGE_TOKEN_KEY);
    },
  };
}
