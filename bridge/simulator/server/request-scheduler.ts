// Fair service of expensive requests (ib-protocol.md §6 "Pacing and fairness"). Historical bars,
// historical ticks, histograms and scans can take tens to hundreds of ms each; served inline, one
// client that floods them (and never reads) would hold the event loop for minutes and starve every
// other connection's handshake, market data and orders, and SIGTERM. Instead each session gets a
// FIFO of jobs (once a heavy request is queued, its later requests queue behind it, so one client's
// requests keep their order), and the scheduler runs them round-robin across sessions, one job per
// session per round, yielding to I/O (setImmediate) once a turn has used its time budget. A session
// whose unsent output is over the soft limit gets no more jobs until the peer has read it.

import { IBKR_HISTORICAL_PACING } from '../../../shared/broker/historical-pacing.ts';
import { performance } from 'node:perf_hooks';
import { IN } from '../wire/message-ids.ts';

/** Requests served through the scheduler. */
export const HEAVY_REQUESTS: ReadonlySet<number> = new Set([IN.REQ_HISTORICAL_DATA, IN.REQ_HISTORICAL_TICKS, IN.REQ_HISTOGRAM_DATA, IN.REQ_SCANNER_SUBSCRIPTION]);

/** Requests that count toward TWS's 50 simultaneous historical requests per client. */
export const HISTORICAL_REQUESTS: ReadonlySet<number> = new Set([IN.REQ_HISTORICAL_DATA, IN.REQ_HISTORICAL_TICKS, IN.REQ_HISTOGRAM_DATA]);

/** TWS: "The maximum number of simultaneous open historical data requests from the API is 50" (keepUpToDate ones included). */
export const MAX_OPEN_HISTORICAL = IBKR_HISTORICAL_PACING.maxOpen;

/** Unsent bytes above which a session gets no more heavy work and its input is not read. */
export const SOFT_BACKLOG_BYTES = 1024 * 1024;

/** Unsent bytes above which a session is disconnected (a client that does not read). */
export const HARD_BACKLOG_BYTES = 32 * 1024 * 1024;

/** Jobs queued by one session above which its input is not read until the queue shrinks. */
export const MAX_QUEUED_JOBS = 256;

/** Real ms of jobs per event-loop turn before the scheduler yields to I/O. */
export const TURN_BUDGET_MS = 8;

/** What the scheduler needs of a connection (server/session.ts). */
export interface SchedulableSession {
  readonly closed: boolean;
  /** Bytes accepted but not yet sent to the peer. */
  readonly backlog: number;
  /** Sends what the jobs queued. */
  flush(): void;
  /** Pauses or resumes reading after the queue or the backlog changed. */
  updateFlow(): void;
}

interface Job {
  readonly run: () => void;
  readonly historical: boolean;
}

export class RequestScheduler {
  private readonly queues = new Map<SchedulableSession, Job[]>();
  private readonly historicalQueued = new Map<SchedulableSession, number>();
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly log: (line: string) => void = () => undefined) {}

  /** Jobs waiting for `session`. */
  queued(session: SchedulableSession): number {
    return this.queues.get(session)?.length ?? 0;
  }

  /** Historical requests of `session` waiting to be served. */
  historical(session: SchedulableSession): number {
    return this.historicalQueued.get(session) ?? 0;
  }

  /** Queues a job for `session` behind the ones already waiting. */
  enqueue(session: SchedulableSession, run: () => void, historical: boolean): void {
    if (this.stopped || session.closed) return;
    let q = this.queues.get(session);
    if (!q) this.queues.set(session, (q = []));
    q.push({ run, historical });
    if (historical) this.historicalQueued.set(session, this.historical(session) + 1);
    session.updateFlow();
    this.kick();
  }

  /** Forgets a closed session's jobs. */
  drop(session: SchedulableSession): void {
    this.queues.delete(session);
    this.historicalQueued.delete(session);
  }

  /** Runs waiting jobs soon (after a session drained its output, for example). */
  kick(): void {
    if (this.stopped || this.immediate || this.queues.size === 0) return;
    this.immediate = setImmediate(() => this.turn());
  }

  /** Drops every job and stops scheduling (the server is closing). */
  stop(): void {
    this.stopped = true;
    this.queues.clear();
    this.historicalQueued.clear();
    if (this.immediate) clearImmediate(this.immediate);
    clearTimeout(this.retry);
    this.immediate = undefined;
    this.retry = undefined;
  }

  /** One event-loop turn: rounds of one job per ready session until the budget is used. */
  private turn(): void {
    this.immediate = undefined;
    const deadline = performance.now() + TURN_BUDGET_MS;
    let blocked = false;
    for (;;) {
      let ran = false;
      blocked = false;
      for (const [session, q] of [...this.queues]) {
        if (session.closed || q.length === 0) {
          this.drop(session);
          continue;
        }
        if (session.backlog > SOFT_BACKLOG_BYTES) {
          blocked = true;
          continue;
        }
        const job = q.shift()!;
        if (job.historical) this.historicalQueued.set(session, this.historical(session) - 1);
        if (q.length === 0) this.drop(session);
        try {
          job.run(); // handlers answer their own errors; this guards the loop only
        } catch (err) {
          this.log(`request scheduler: a job failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
        session.flush();
        session.updateFlow();
        ran = true;
        if (performance.now() >= deadline) break;
      }
      if (!ran || performance.now() >= deadline) break;
    }
    if (this.stopped) return;
    const runnable = [...this.queues.keys()].some((s) => !s.closed && s.backlog <= SOFT_BACKLOG_BYTES);
    if (runnable) this.kick();
    else if (blocked && !this.retry) {
      // Waiting for peers to read: their socket 'drain' kicks us; this is the fallback.
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.kick();
      }, 100);
      this.retry.unref();
    }
  }
}
