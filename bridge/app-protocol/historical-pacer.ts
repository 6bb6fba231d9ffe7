// A scheduler for historical data requests that keeps within IBKR's pacing rules (ib-protocol.md
// §7 P7) instead of provoking 162 "pacing violation": no identical request within 15 s, at most 5
// requests for one contract, exchange and data type within 2 s, at most 60 requests in any 10
// minutes, at most 50 open at once. A request that would break a rule waits in the queue (it is
// never refused); requests that may go are sent in arrival order, and one that must wait does not
// hold up a later one for another contract. A small margin covers the time a request spends in
// transit (TWS counts on arrival).
import { IBKR_HISTORICAL_PACING, pacingWait, type PacedRecord, type PacedRequest, type PacingRules } from '../../shared/broker/historical-pacing.ts';

export interface PacedJob extends PacedRequest {
  /** Sends the request; resolves when TWS has answered (the request is open until then). */
  run(): Promise<void>;
}

export interface PacerClock {
  now(): number;
  /** Calls fn after ms; returns the way to cancel. */
  after(ms: number, fn: () => void): () => void;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

/** IBKR's rules plus the margin this sender allows for transit. */
export interface PacerRules extends PacingRules {
  readonly marginMs: number;
}

/** IBKR's published limits, with 100 ms of margin. */
export const IBKR_PACING: PacerRules = { ...IBKR_HISTORICAL_PACING, marginMs: 100 };

interface Waiting {
  readonly job: PacedJob;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class HistoricalPacer {
  private readonly sent: PacedRecord[] = [];
  private readonly queue: Waiting[] = [];
  private open = 0;
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;
  /** Every dispatch, for diagnostics and tests: identity and time. */
  readonly dispatched: { identity: string; at: number }[] = [];

  constructor(
    private readonly rules: PacerRules = IBKR_PACING,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** Requests waiting for their turn. */
  waiting(): number {
    return this.queue.length;
  }

  /** Runs the job when the rules allow; settles as the job does. */
  enqueue(job: PacedJob): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Drops every waiting job (their promises reject with `err`). */
  clear(err: unknown): void {
    for (const w of this.queue.splice(0)) w.reject(err);
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
  }

  /** The earliest time `job` may be sent given what was sent (≤ t: now). */
  earliest(job: PacedJob, t: number): number {
    const w = pacingWait(this.sent, job, t, this.rules, this.rules.marginMs);
    return Math.max(w.identical, w.group, w.budget);
  }

  private pump(): void {
    const t = this.clock.now();
    const horizon = Math.max(this.rules.identicalMs, this.rules.windowMs) + this.rules.marginMs;
    while (this.sent.length > 0 && t - this.sent[0].at >= horizon) this.sent.shift();
    let next = Infinity;
    for (let i = 0; i < this.queue.length && this.open < this.rules.maxOpen; ) {
      const w = this.queue[i];
      const at = this.earliest(w.job, t);
      if (at > t) {
        next = Math.min(next, at);
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.dispatch(w, t);
    }
    if (next < Infinity && next < this.timerAt) {
      this.cancelTimer?.();
      this.timerAt = next;
      this.cancelTimer = this.clock.after(Math.max(0, next - t), () => {
        this.cancelTimer = undefined;
        this.timerAt = Infinity;
        this.pump();
      });
    }
  }

  private dispatch(w: Waiting, t: number): void {
    this.sent.push({ at: t, identity: w.job.identity, group: w.job.group, weight: w.job.weight ?? 1 });
    this.dispatched.push({ identity: w.job.identity, at: t });
    this.open++;
    let running: Promise<void>;
    try {
      running = w.job.run();
    } catch (err) {
      running = Promise.reject(err);
    }
    running.then(w.resolve, w.reject).finally(() => {
      this.open--;
      this.pump();
    });
  }
}
