// The bridge's journal: an append-only JSON-lines log of every order event and execution
// (docs/journal.md §2–§3). One entry per line, `{"seq":…,"time":…,"kind":…,…,"crc":"xxxxxxxx"}`,
// the CRC-32 taken over the line without its crc field. `append` resolves only once the line is
// fsync'd (fdatasync), so an entry is durable before anyone is told about it; appends that arrive
// while a write is in flight are written and synced together (group commit). Opening the journal
// reads it back: a torn or corrupt LAST line (a crash mid-write: it was never acknowledged) is cut
// off with a warning naming the file and line; a bad line before the last is an error naming the
// file and line — money history is never skipped. A failed write poisons the journal: every later
// append is refused (fail closed), because after a failed fsync nobody knows what is on disk.
import { crc32 } from 'node:zlib';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../shared/time/clock.ts';
import { syncDirectory } from './durable-file.ts';
import { checkRecord, type CommissionEntry, type ExecutionEntry, type JournalEntry, type JournalRecord, type OrderStatusEntry } from './journal-entry.ts';
import { JournalError } from './journal-error.ts';

const NEWLINE = 0x0a;
const CRC_SUFFIX = /,"crc":"([0-9a-f]{8})"\}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

export interface JournalOptions {
  /** Stamps each entry's `time` (default: the system clock). */
  readonly clock?: Clock;
  /** Where the warning about a discarded last line goes (default: console.warn). */
  readonly warn?: (message: string) => void;
}

/** Counters for the append rate and group commit. */
export interface JournalStats {
  /** Entries appended since open. */
  entries: number;
  /** write + fdatasync rounds (one per batch). */
  syncs: number;
}

/** The good part of a journal file. */
export interface ParsedJournal {
  readonly entries: JournalEntry[];
  /** Bytes of the file that hold good, complete lines. */
  readonly goodLength: number;
  /** The discarded last line, when there was one. */
  readonly discarded?: { readonly line: number; readonly problem: string };
}

interface Pending {
  readonly entry: JournalEntry;
  readonly line: string;
  readonly resolve: (e: JournalEntry) => void;
  readonly reject: (err: unknown) => void;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/** The line written for an entry (with its checksum and newline). */
export function encodeLine(entry: JournalEntry): string {
  const body = JSON.stringify(entry);
  return `${body.slice(0, -1)},"crc":"${crcHex(body)}"}\n`;
}

function crcHex(body: string): string {
  return crc32(body).toString(16).padStart(8, '0');
}

/** Why one line (without its newline) is not a good entry following `prevSeq`, or its entry. */
function decodeLine(text: string, prevSeq: number): JournalEntry | string {
  if (text.length === 0) return 'empty line';
  const m = CRC_SUFFIX.exec(text);
  if (!m) return 'no checksum at the end of the line';
  const body = `${text.slice(0, m.index)}}`;
  const computed = crcHex(body);
  if (computed !== m[1]) return `checksum mismatch (stored ${m[1]}, computed ${computed})`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  const e = value as { seq?: unknown; time?: unknown };
  if (typeof e !== 'object' || e === null) return 'not an object';
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return `seq must be a positive integer, got ${JSON.stringify(e.seq)}`;
  if (prevSeq > 0 && e.seq !== prevSeq + 1) return `seq ${String(e.seq)} does not follow ${prevSeq}`;
  if (typeof e.time !== 'string' || !ISO_TIME.test(e.time)) return `time must be an ISO UTC time, got ${JSON.stringify(e.time)}`;
  const problem = checkRecord(value);
  return problem ?? (value as JournalEntry);
}

/**
 * Reads a journal file's bytes. A bad last line (or a fragment after the last newline) is reported
 * in `discarded`; a bad line before it throws a JournalError naming the file and line.
 */
export function parseJournal(path: string, bytes: Uint8Array): ParsedJournal {
  const entries: JournalEntry[] = [];
  let start = 0;
  let line = 0;
  let prevSeq = 0;
  while (start < bytes.length) {
    line++;
    const nl = bytes.indexOf(NEWLINE, start);
    const end = nl < 0 ? bytes.length : nl;
    const isLast = nl < 0 || nl + 1 === bytes.length;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
    const decoded = nl < 0 ? 'torn line (no newline at the end of the file)' : decodeLine(text, prevSeq);
    if (typeof decoded === 'string') {
      if (isLast) return { entries, goodLength: start, discarded: { line, problem: decoded } };
      throw new JournalError(path, line, `${decoded}; a damaged line before the last one is never skipped — the journal is refused (restore the file or move it aside deliberately)`);
    }
    entries.push(decoded);
    prevSeq = decoded.seq;
    start = end + 1;
  }
  return { entries, goodLength: start };
}

export class Journal {
  readonly stats: JournalStats = { entries: 0, syncs: 0 };
  private readonly all: JournalEntry[];
  private seq: number;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failed: JournalError | undefined;
  private closed = false;
  /** execId → its entry, or the promise of the append in flight. */
  private readonly executions = new Map<string, JournalEntry | Promise<JournalEntry>>();
  /** execId → its commission entry, or the promise of the append in flight. */
  private readonly commissions = new Map<string, JournalEntry | Promise<JournalEntry>>();
  /** Order key (permId, or orderId before TWS assigned one) → the last status appended. */
  private readonly statuses = new Map<string, OrderStatusEntry>();
  private readonly pendingStatus = new Map<string, Promise<JournalEntry>>();
  private readonly listeners = new Set<(e: JournalEntry) => void>();

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    entries: JournalEntry[],
    private readonly clock: Clock,
  ) {
    this.all = entries;
    this.seq = entries.length > 0 ? entries[entries.length - 1].seq : 0;
    for (const e of entries) {
      if (e.kind === 'execution') this.executions.set(e.execId, e);
      else if (e.kind === 'commission') this.commissions.set(e.execId, e);
      else if (e.kind === 'order-status') this.statuses.set(statusKey(e.permId, e.orderId), e);
    }
  }

  /** Opens (creating) the journal at `path`, recovering from a torn last line. */
  static async open(path: string, options: JournalOptions = {}): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    let existed = true;
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      existed = false;
      bytes = Buffer.alloc(0);
    }
    const parsed = parseJournal(path, bytes);
    const fh = await open(path, 'a');
    try {
      if (!existed) {
        await fh.sync();
        await syncDirectory(dirname(path));
      }
      if (parsed.discarded) {
        await fh.truncate(parsed.goodLength);
        await fh.sync();
        (options.warn ?? console.warn)(
          `journal ${path}:${parsed.discarded.line}: discarded the last line (${parsed.discarded.problem}); it was cut off by a crash and never acknowledged`,
        );
      }
    } catch (err) {
      await fh.close();
      throw err;
    }
    return new Journal(path, fh, parsed.entries, options.clock ?? SYSTEM_CLOCK);
  }

  /** Every entry, oldest first (read at open, then appended and durable). */
  get entries(): readonly JournalEntry[] {
    return this.all;
  }

  /** The seq of the last durable entry (0 when empty). */
  get lastSeq(): number {
    return this.all.length > 0 ? this.all[this.all.length - 1].seq : 0;
  }

  /** Called with each entry once it is durable, in seq order. Returns the unsubscribe function. */
  onAppend(listener: (e: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends a record; resolves with its entry once it is fsync'd. */
  append(record: JournalRecord): Promise<JournalEntry> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new JournalError(this.path, 0, 'the journal is closed'));
    let entry: JournalEntry;
    let line: string;
    try {
      ({ entry, line } = this.encode(record));
    } catch (err) {
      return Promise.reject(err);
    }
    this.seq = entry.seq;
    return new Promise<JournalEntry>((resolve, reject) => {
      this.queue.push({ entry, line, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Whether an execution with this execId is journaled (or being journaled). */
  hasExecution(execId: string): boolean {
    return this.executions.has(execId);
  }

  /**
   * Appends an execution unless one with the same execId is already journaled: then resolves with
   * undefined (after that earlier append is durable, if it is still in flight).
   */
  async appendExecution(record: ExecutionEntry): Promise<JournalEntry | undefined> {
    this.refuseInvalid(record);
    const known = this.executions.get(record.execId);
    if (known !== undefined) {
      await known;
      return undefined;
    }
    const p = this.append(record);
    this.executions.set(record.execId, p);
    p.catch(() => {
      if (this.executions.get(record.execId) === p) this.executions.delete(record.execId);
    });
    return p;
  }

  /**
   * Appends a commission report unless one for the same execId is already journaled (the broker and
   * reconciliation may both meet it): then resolves with undefined once that one is durable.
   */
  async appendCommission(record: CommissionEntry): Promise<JournalEntry | undefined> {
    this.refuseInvalid(record);
    const known = this.commissions.get(record.execId);
    if (known !== undefined) {
      await known;
      return undefined;
    }
    const p = this.append(record);
    this.commissions.set(record.execId, p);
    p.catch(() => {
      if (this.commissions.get(record.execId) === p) this.commissions.delete(record.execId);
    });
    return p;
  }

  /** Whether a commission report for this execId is journaled (or being journaled). */
  hasCommission(execId: string): boolean {
    return this.commissions.has(execId);
  }

  /** The last journaled status of an order, by permId (or by orderId when TWS gave no permId). */
  lastStatus(permId: number, orderId?: number): OrderStatusEntry | undefined {
    return this.statuses.get(statusKey(permId, orderId ?? 0));
  }

  /**
   * Appends an order status unless it repeats the last one journaled for the same order (permId;
   * orderId while permId is 0): then resolves with undefined.
   */
  async appendOrderStatus(record: OrderStatusEntry): Promise<JournalEntry | undefined> {
    this.refuseInvalid(record);
    const key = statusKey(record.permId, record.orderId);
    const last = this.statuses.get(key);
    if (last && sameStatus(last, record)) {
      await this.pendingStatus.get(key);
      return undefined;
    }
    this.statuses.set(key, record);
    const p = this.append(record);
    this.pendingStatus.set(key, p);
    return p.finally(() => {
      if (this.pendingStatus.get(key) === p) this.pendingStatus.delete(key);
    });
  }

  /**
   * The entry and line for `record` as the next seq, read back through the reader's own check: a line
   * the journal would refuse at open (a clock gone wrong, a field JSON cannot carry) is never written.
   */
  private encode(record: JournalRecord): { entry: JournalEntry; line: string } {
    this.refuseInvalid(record);
    const { seq: _s, time: _t, crc: _c, ...fields } = record as JournalRecord & { seq?: unknown; time?: unknown; crc?: unknown };
    const now = this.clock.now();
    if (!Number.isFinite(now)) throw new JournalError(this.path, 0, `refusing to append: the clock gave ${now}`);
    const entry = { seq: this.seq + 1, time: new Date(now).toISOString(), ...fields } as JournalEntry;
    const line = encodeLine(entry);
    const back = decodeLine(line.slice(0, -1), this.seq);
    if (typeof back === 'string') throw new JournalError(this.path, 0, `refusing to append an entry that would not read back: ${back}`);
    return { entry, line };
  }

  private refuseInvalid(record: JournalRecord): void {
    const problem = checkRecord(record);
    if (problem) throw new JournalError(this.path, 0, `refusing to append an invalid entry: ${problem}`);
  }

  /** Waits for appends in flight, then closes the file. */
  /**
   * Resolves once nothing is queued or being written, also after the continuations of what was (an
   * execution's commission is appended once the execution is durable): checked again after a turn.
   */
  async idle(): Promise<void> {
    for (;;) {
      await this.flushing?.catch(() => undefined);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.flushing === undefined && this.queue.length === 0) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing?.catch(() => undefined);
    await this.fh.close();
  }

  /** Writes and syncs everything queued, in batches, until the queue is empty. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await writeAll(this.fh, Buffer.from(batch.map((p) => p.line).join(''), 'utf8'));
        await this.fh.datasync();
      } catch (err) {
        this.failed = new JournalError(this.path, 0, `write failed (${(err as Error).message}); the journal accepts no more entries until the bridge restarts`);
        for (const p of [...batch, ...this.queue]) p.reject(this.failed);
        this.queue = [];
        break;
      }
      this.stats.syncs++;
      for (const p of batch) {
        this.stats.entries++;
        this.all.push(p.entry);
        if (p.entry.kind === 'execution') this.executions.set(p.entry.execId, p.entry);
        else if (p.entry.kind === 'commission') this.commissions.set(p.entry.execId, p.entry);
        p.resolve(p.entry);
        for (const l of this.listeners) {
          try {
            l(p.entry);
          } catch {
            // A listener's failure must not stop the journal; the entry is durable either way.
          }
        }
      }
    }
    this.flushing = undefined;
  }
}

function statusKey(permId: number, orderId: number): string {
  return permId !== 0 ? `p${permId}` : `o${orderId}`;
}

function sameStatus(a: OrderStatusEntry, b: OrderStatusEntry): boolean {
  return a.status === b.status && a.filled === b.filled && a.remaining === b.remaining && a.avgFillPrice === b.avgFillPrice && a.orderId === b.orderId && a.errorCode === b.errorCode;
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    off += bytesWritten;
  }
}
