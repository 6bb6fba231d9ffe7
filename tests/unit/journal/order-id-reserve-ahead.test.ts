// The order-id store's high-water mark (bridge/journal/order-id-store.ts, docs/bridge.md §3): ids
// reserved ahead on disk are handed out synchronously, a restart starts above every one of them,
// a lower nextValidId never moves anything down, and reserve() keeps working alongside.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ORDER_ID_FILE, OrderIdStore } from '../../../bridge/journal/order-id-store.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mt-order-ids-ahead-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, ORDER_ID_FILE), 'utf8')).nextId as number;

describe('OrderIdStore.reserveAhead / takeReserved', () => {
  it('hands out nothing before a reservation, then ids below the mark on disk, synchronously', async () => {
    const dir = tempDir();
    const store = await OrderIdStore.open(dir);
    await store.observeNextValidId(100);
    expect(store.takeReserved()).toBeUndefined();
    expect(store.reservedCount()).toBe(0);
    await store.reserveAhead(3);
    expect(onDisk(dir)).toBe(103);
    expect(store.reservedCount()).toBe(3);
    expect([store.takeReserved(), store.takeReserved(), store.takeReserved()]).toEqual([100, 101, 102]);
    expect(store.takeReserved()).toBeUndefined();
    expect(store.peek()).toBe(103);
  });

  it('a restart starts above every id the mark covered, used or not', async () => {
    const dir = tempDir();
    const store = await OrderIdStore.open(dir);
    await store.reserveAhead(10);
    expect(store.takeReserved()).toBe(1);
    const again = await OrderIdStore.open(dir);
    expect(again.peek()).toBe(11);
    expect(again.takeReserved()).toBeUndefined();
  });

  it('a lower nextValidId moves nothing down; a higher one beyond the mark empties the reservation', async () => {
    const dir = tempDir();
    const store = await OrderIdStore.open(dir);
    await store.observeNextValidId(50);
    await store.reserveAhead(5);
    expect(store.takeReserved()).toBe(50);
    await store.observeNextValidId(10);
    expect(store.takeReserved()).toBe(51);
    expect(onDisk(dir)).toBe(55);
    await store.observeNextValidId(80);
    expect(store.takeReserved()).toBeUndefined();
    expect(onDisk(dir)).toBe(80);
    await store.reserveAhead(2);
    expect([store.takeReserved(), store.takeReserved(), store.takeReserved()]).toEqual([80, 81, undefined]);
  });

  it('reserve() and takeReserved() never hand out the same id, and the file never goes down', async () => {
    const dir = tempDir();
    const store = await OrderIdStore.open(dir);
    await store.reserveAhead(4);
    const ids = [store.takeReserved()!, await store.reserve(), store.takeReserved()!, await store.reserve(), await store.reserve()];
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(onDisk(dir)).toBe(6);
    await expect(store.reserveAhead(0)).rejects.toThrow(RangeError);
  });
});
