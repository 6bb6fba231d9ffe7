// The bridge's order ids: persisted and only increasing (docs/journal.md §4, ib-protocol.md §7 P4).
//
// Contract (what bridge/ib/ relies on):
// - `OrderIdStore.open(dir)` reads `<dir>/order-ids.json` (creates the folder; no file = next id 1).
//   A file that is not exactly what this class writes is an error naming the file: the store never
//   starts over silently, because starting over would reuse ids (fail closed).
// - `observeNextValidId(n)` — call it with every `nextValidId` TWS sends (at every connect) and with
//   `id + 1` for every order id seen in openOrder/orderStatus/execDetails: the next id becomes
//   max(current, n) and is durable when the promise resolves. It never moves down, so a Gateway that
//   rolls nextValidId back after its nightly restart never makes us reuse an id. Together with the
//   persisted value this is `max(persisted + 1, nextValidId)`.
// - `reserve()` hands out the next id and resolves only once the counter past it is on disk; only
//   then may the id be written to the socket. Concurrent calls get distinct ids and share one write.
// - `peek()` is the id the next `reserve()` will return (no side effect).
// - `reserveAhead(count)` moves the counter ON DISK to peek() + count (a high-water mark) without
//   handing ids out; `takeReserved()` then hands out ids below that mark synchronously (undefined
//   when none is left: call reserveAhead again). Every id it returns is already covered by the file,
//   so a restart starts above it: ids may be skipped, never reused. The IBKR broker's synchronous
//   submit uses this (docs/bridge.md §3).
// - Ids are TWS order ids: positive 32-bit integers; a value outside that range is refused with a
//   RangeError (an untrusted nextValidId cannot corrupt the counter).
// One process owns a state folder at a time (two bridges on one folder would hand out the same ids).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from './durable-file.ts';
import { JournalError } from './journal-error.ts';

export const ORDER_ID_FILE = 'order-ids.json';
const FORMAT = 'moneytrailz-order-ids';
/** TWS order ids are signed 32-bit integers. */
export const MAX_ORDER_ID = 2 ** 31 - 1;

export class OrderIdStore {
  /** The next id `reserve()` hands out. */
  private next: number;
  /** The value known to be on disk. */
  private durable: number;
  /** The write in progress (at most one). */
  private writing: Promise<void> | undefined;
  /** The high-water mark asked for by reserveAhead (the file never holds less once written). */
  private ahead = 0;

  private constructor(
    readonly path: string,
    next: number,
  ) {
    this.next = next;
    this.durable = next;
  }

  static async open(dir: string): Promise<OrderIdStore> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, ORDER_ID_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return new OrderIdStore(path, 1);
    }
    return new OrderIdStore(path, parseStoreFile(path, text));
  }

  /** The id the next `reserve()` returns. */
  peek(): number {
    return this.next;
  }

  /** The next order id, durable (the counter past it is on disk) before the promise resolves. */
  async reserve(): Promise<number> {
    const id = this.next;
    if (id > MAX_ORDER_ID) throw new RangeError(`${this.path}: order ids are exhausted (next ${id} > ${MAX_ORDER_ID})`);
    this.next = id + 1;
    await this.persist(id + 1);
    return id;
  }

  /** Makes ids [peek(), peek() + count) available to takeReserved(), durably before it resolves. */
  async reserveAhead(count: number): Promise<void> {
    if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`${this.path}: reserveAhead needs a positive whole count, got ${String(count)}`);
    const target = Math.min(this.next + count, MAX_ORDER_ID + 1);
    if (target > this.ahead) this.ahead = target;
    await this.persist(target);
  }

  /** How many ids takeReserved() can still hand out without a write. */
  reservedCount(): number {
    return Math.max(0, this.durable - this.next);
  }

  /** The next id if the counter past it is already on disk (synchronous), else undefined. */
  takeReserved(): number | undefined {
    const id = this.next;
    if (id >= this.durable || id > MAX_ORDER_ID) return undefined;
    this.next = id + 1;
    return id;
  }

  /** TWS's nextValidId (or an id seen + 1): the next id becomes max(current, n), durably. */
  async observeNextValidId(n: number): Promise<void> {
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ORDER_ID + 1) throw new RangeError(`${this.path}: nextValidId must be an integer in [1, ${MAX_ORDER_ID + 1}], got ${String(n)}`);
    if (n > this.next) this.next = n;
    await this.persist(this.next);
  }

  /** Resolves once a value ≥ `target` is on disk; concurrent callers share writes (group commit). */
  private async persist(target: number): Promise<void> {
    while (this.durable < target) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      const value = Math.max(this.next, this.ahead);
      this.writing = writeFileDurable(this.path, `${JSON.stringify({ format: FORMAT, version: 1, nextId: value })}\n`).then(
        () => {
          this.durable = Math.max(this.durable, value);
          this.writing = undefined;
        },
        (err: unknown) => {
          this.writing = undefined;
          throw err;
        },
      );
      await this.writing;
    }
  }
}

function parseStoreFile(path: string, text: string): number {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new JournalError(path, 0, `not valid JSON (${(err as Error).message}); refusing to guess the next order id`);
  }
  const d = data as { format?: unknown; version?: unknown; nextId?: unknown } | null;
  if (d === null || typeof d !== 'object' || d.format !== FORMAT || d.version !== 1) throw new JournalError(path, 0, `not an order-id file (expected {"format":"${FORMAT}","version":1,…})`);
  const n = d.nextId;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > MAX_ORDER_ID + 1) throw new JournalError(path, 0, `nextId must be an integer in [1, ${MAX_ORDER_ID + 1}], got ${JSON.stringify(n)}`);
  return n;
}
