// Executions and their commission reports joined by execId (docs/bridge.md §3.3): TWS sends
// execDetails and, separately, commissionReport; a fill is reported once both are journaled
// (fsync'd), exactly once per execId — also when reqExecutions replays it, or when reconciliation
// journaled it first. A commission report that comes before its execution waits for it; an execution
// whose report has not come after `waitMs` is reported with commission 0 (and the operator is told),
// and a report that comes later is still journaled for the books.
import type { ExecutionEntry } from '../journal/journal-entry.ts';
import type { Journal } from '../journal/journal.ts';

export interface ExecutionJoinOptions<T> {
  readonly journal: Journal;
  /** How long an execution waits for its commission report (ms). */
  readonly waitMs: number;
  /** Called once per execId, after the execution and its commission are durable. */
  readonly deliver: (entry: ExecutionEntry, commission: number, owner: T) => void;
  readonly problem: (message: string) => void;
}

interface Pending<T> {
  readonly entry: ExecutionEntry;
  readonly owner: T;
  journaled: boolean;
  commission?: number;
  /** The commission is journaled (or the wait ran out: reported with 0, nothing journaled). */
  commissionDurable: boolean;
  timer?: NodeJS.Timeout;
}

/** IBKR's "unset" double for a commission not known yet (Double.MAX_VALUE). */
const UNSET_DOUBLE = 1e300;
/** Commission reports kept while their execution has not come (bounded: a flood cannot grow it). */
const MAX_EARLY = 10_000;
/** How far back the journal is searched for a commission another writer journaled. */
const RECENT = 4096;

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class ExecutionJoin<T> {
  /** execIds taken in (or history from the journal): never reported again. */
  private readonly seen = new Set<string>();
  private readonly pending = new Map<string, Pending<T>>();
  /** execId → the append of its commission (history: resolved). */
  private readonly commissionWrites = new Map<string, Promise<unknown>>();
  private readonly early = new Map<string, { commission: number; currency: string }>();

  constructor(private readonly options: ExecutionJoinOptions<T>) {}

  /** Whether this execId was taken in (or is history). */
  has(execId: string): boolean {
    return this.seen.has(execId);
  }

  /** An execution already in the journal when the bridge started: history, never reported. */
  history(execId: string): void {
    this.seen.add(execId);
  }

  /** A commission already in the journal when the bridge started. */
  commissionHistory(execId: string): void {
    this.commissionWrites.set(execId, Promise.resolve());
  }

  /** Takes an execution in (ignored when its execId was seen): journaled, then reported with its commission. */
  execution(entry: ExecutionEntry, owner: T): void {
    const { execId } = entry;
    if (this.seen.has(execId)) return;
    this.seen.add(execId);
    const p: Pending<T> = { entry, owner, journaled: false, commissionDurable: false };
    this.pending.set(execId, p);
    p.timer = setTimeout(() => {
      if (p.commission !== undefined || !this.pending.has(execId)) return;
      this.options.problem(`execution ${execId}: no commission report within ${this.options.waitMs} ms; reported with commission 0`);
      p.commission = 0;
      p.commissionDurable = true;
      this.complete(p);
    }, this.options.waitMs);
    p.timer.unref?.();
    this.options.journal.appendExecution(entry).then(
      () => {
        p.journaled = true;
        this.complete(p);
      },
      (err: unknown) => {
        this.pending.delete(execId);
        this.seen.delete(execId);
        clearTimeout(p.timer);
        this.options.problem(`execution ${execId}: not journaled, not reported: ${describe(err)}`);
      },
    );
    const early = this.early.get(execId);
    if (early !== undefined) {
      this.early.delete(execId);
      this.commission(execId, early.commission, early.currency);
    }
  }

  /** A commission report (untrusted values are ignored). */
  commission(execId: string, commission: unknown, currency = 'USD'): void {
    if (execId === '' || typeof commission !== 'number' || !Number.isFinite(commission) || commission < 0 || commission > UNSET_DOUBLE) return;
    const p = this.pending.get(execId);
    if (!p) {
      if (!this.seen.has(execId)) {
        if (this.early.size < MAX_EARLY) this.early.set(execId, { commission, currency });
      } else if (!this.commissionWrites.has(execId) && !this.recentCommission(execId)) {
        // Late (its fill was reported with 0 after the wait): journaled for the books, not reported again.
        const write = this.options.journal.appendCommission({ kind: 'commission', execId, commission, currency });
        this.commissionWrites.set(execId, write);
        write.catch((err: unknown) => this.options.problem(`late commission of ${execId}: not journaled: ${describe(err)}`));
      }
      return;
    }
    if (p.commission !== undefined) return;
    p.commission = commission;
    let write = this.commissionWrites.get(execId);
    if (!write && this.recentCommission(execId)) write = Promise.resolve(); // reconciliation journaled it
    if (!write) {
      write = this.options.journal.appendCommission({ kind: 'commission', execId, commission, currency });
      this.commissionWrites.set(execId, write);
    }
    write.then(
      () => {
        p.commissionDurable = true;
        this.complete(p);
      },
      (err: unknown) => {
        this.commissionWrites.delete(execId);
        this.options.problem(`commission of ${execId}: not journaled, fill not reported: ${describe(err)}`);
      },
    );
  }

  /** Whether one of the last journal entries is this execution's commission (another writer's). */
  private recentCommission(execId: string): boolean {
    const all = this.options.journal.entries;
    for (let i = all.length - 1, n = 0; i >= 0 && n < RECENT; i--, n++) {
      const x = all[i];
      if (x.kind === 'commission' && x.execId === execId) return true;
    }
    return false;
  }

  private complete(p: Pending<T>): void {
    const execId = p.entry.execId;
    if (!p.journaled || p.commission === undefined || !p.commissionDurable || !this.pending.has(execId)) return;
    this.pending.delete(execId);
    clearTimeout(p.timer);
    this.options.deliver(p.entry, p.commission, p.owner);
  }
}
