// The persisted order-id counter (bridge/journal/order-id-store.ts, docs/journal.md §4): only
// increasing, durable before an id is handed out, never rolled back by a lower nextValidId, and a
// damaged file is an error rather than a fresh start.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalError } from '../../../bridge/journal/journal-error.ts';
import { MAX_ORDER_ID, ORDER_ID_FILE, OrderIdStore } from '../../../bridge/journal/order-id-store.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mt-order-ids-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, ORDER_ID_FILE), 'utf8')).nextId as number;

describe('OrderIdStore', () => {
  it('starts at 1 in an empty folder and hands out increasing ids, each durable before it is returned', async () => {
    const dir = tempDir();
    const store = await OrderIdStore.open(join(dir, 'state'));
    expect(store.peek()).toBe(1);
    expect(await store.reserve()).toBe(1);
    expect(onDisk(join(dir, 'state'))).toBe(2);
    expect(await store.reserve()).toBe(2);
    expect(onDisk(join(dir, 'state'))).toBe(3);
    expect(store.peek()).toBe(3);
    expect(readdirSync(join(dir, 'state'))).toEqual([ORDER_ID_FILE]);
  });

  it('takes max(persisted + 1, nextValidId) and never moves down when TWS rolls nextValidId back', async () => {
    const dir = tempDir();
    const store = await OrderIdStore.open(dir);
    await store.observeNextValidId(100); // first connect
    const used = [await store.reserve(), await store.reserve(), await store.reserve()];
    expect(used).toEqual([100, 101, 102]);
    // Gateway's nightly restart: it announces 98, below ids already written to the dead socket.
    await store.observeNextValidId(98);
    expect(store.peek()).toBe(103);
    expect(await store.reserve()).toBe(103);
    // The bridge restarts too: the persisted value wins over the rolled-back nextValidId.
    const reopened = await OrderIdStore.open(dir);
    expect(reopened.peek()).toBe(104);
    await reopened.observeNextValidId(99);
    expect(await reopened.reserve()).toBe(104);
    // A higher nextValidId (another client used ids) moves the counter up, durably.
    await reopened.observeNextValidId(500);
    expect(onDisk(dir)).toBe(500);
    expect(await reopened.reserve()).toBe(500);
  });

  it('gives concurrent callers distinct ids, all durable', async () => {
    const dir = tempDir();
    const store = await OrderIdStore.open(dir);
    const ids = await Promise.all(Array.from({ length: 50 }, () => store.reserve()));
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(onDisk(dir)).toBe(51);
    expect((await OrderIdStore.open(dir)).peek()).toBe(51);
  });

  it('refuses an untrusted nextValidId outside the TWS id range without changing the counter', async () => {
    const store = await OrderIdStore.open(tempDir());
    for (const bad of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_ORDER_ID + 2]) {
      await expect(store.observeNextValidId(bad)).rejects.toThrow(/nextValidId must be an integer/);
    }
    expect(store.peek()).toBe(1);
  });

  it('refuses to hand out an id past the 32-bit range', async () => {
    const store = await OrderIdStore.open(tempDir());
    await store.observeNextValidId(MAX_ORDER_ID);
    expect(await store.reserve()).toBe(MAX_ORDER_ID);
    await expect(store.reserve()).rejects.toThrow(/exhausted/);
  });

  it('refuses a damaged file, naming it, instead of starting over at 1', async () => {
    for (const text of ['{"format":"moneytrailz-order-ids","version":1,"nextId":4', '{"nextId":4}', '{"format":"moneytrailz-order-ids","version":1,"nextId":-1}', '']) {
      const dir = tempDir();
      writeFileSync(join(dir, ORDER_ID_FILE), text);
      const err = await OrderIdStore.open(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JournalError);
      expect((err as JournalError).message).toContain(join(dir, ORDER_ID_FILE));
    }
  });
});
