// The replay clock: the simulated "now" that every quote, bar and current-time answer derives from.
//
// - mode 'step': time moves only when advance()/advanceTo() is called (deterministic tests);
// - mode 'realtime': a timer advances it by speed × the real time elapsed (speed 1 = real time,
//   60 = one simulated minute per second); advance() still works for jumps.
// - skipClosed (default): time runs through trading sessions only; reaching a session's close
//   jumps to the next session's open (no idle nights or weekends). Otherwise time runs linearly and
//   quotes freeze outside sessions.
// The clock stops at the last session's close of the data.
//
// Hooks: onAdvance(now, prev) after every move; onDateChange(date, prevDate) for every session
// boundary crossed, in order, before onAdvance — the place for expiry processing (phase 2).

import type { ReplaySessions } from './replay-sessions.ts';

export type ClockMode = 'realtime' | 'step';

export interface ReplayClockOptions {
  readonly start: number;
  readonly mode: ClockMode;
  readonly speed: number;
  /** Realtime mode: how often (real ms) the clock moves and the feed publishes. */
  readonly tickIntervalMs: number;
  readonly skipClosed: boolean;
}

type AdvanceListener = (now: number, prev: number) => void;
type DateListener = (date: number, prevDate: number) => void;

export class ReplayClock {
  private current: number;
  private session: number;
  private speedFactor: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastReal = 0;
  private pausedFlag = false;
  private readonly advanceListeners = new Set<AdvanceListener>();
  private readonly dateListeners = new Set<DateListener>();
  /** Re-entrancy guard: a listener may not move the clock while it is being notified. */
  private notifying = false;

  constructor(
    private readonly calendar: ReplaySessions,
    private readonly options: ReplayClockOptions,
  ) {
    if (!(options.speed > 0)) throw new RangeError(`replay clock: speed must be > 0 (got ${options.speed})`);
    this.speedFactor = options.speed;
    this.current = this.normalise(options.start);
    this.session = calendar.sessionAtOrBefore(this.current);
  }

  get mode(): ClockMode {
    return this.options.mode;
  }

  get speed(): number {
    return this.speedFactor;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** True once the clock reached the close of the last session in the data. */
  get ended(): boolean {
    return this.current >= this.calendar.closeMs[this.calendar.length - 1];
  }

  /** The replay instant, epoch ms. */
  now(): number {
    return this.current;
  }

  /** The session date (yyyymmdd) the clock is in (the last one opened). */
  sessionDate(): number {
    return this.session < 0 ? this.calendar.first : this.calendar.dates[this.session];
  }

  onAdvance(fn: AdvanceListener): () => void {
    this.advanceListeners.add(fn);
    return () => this.advanceListeners.delete(fn);
  }

  onDateChange(fn: DateListener): () => void {
    this.dateListeners.add(fn);
    return () => this.dateListeners.delete(fn);
  }

  /** Moves the clock forward by `ms` of replay time (trading time when skipClosed). Returns the new now. */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`replay clock: advance(${ms}): expected a duration >= 0 ms`);
    return this.move(this.afterTradingTime(this.current, ms));
  }

  /** Moves the clock to instant t (never backwards; a closed period snaps to the next open when skipClosed). */
  advanceTo(t: number): number {
    if (!Number.isFinite(t)) throw new RangeError(`replay clock: advanceTo(${t}): expected an epoch-ms instant`);
    return this.move(Math.max(this.current, this.normalise(t)));
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError(`replay clock: speed must be > 0 (got ${speed})`);
    this.speedFactor = speed;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.lastReal = performance.now();
  }

  /** Starts the realtime timer (no-op in step mode). */
  start(): void {
    if (this.options.mode !== 'realtime' || this.timer) return;
    this.lastReal = performance.now();
    this.timer = setInterval(() => {
      const real = performance.now();
      const elapsed = real - this.lastReal;
      this.lastReal = real;
      if (!this.pausedFlag && !this.ended) this.advance(elapsed * this.speedFactor);
    }, this.options.tickIntervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** An instant inside the data (and inside a session when skipClosed). */
  private normalise(t: number): number {
    const cal = this.calendar;
    const lastClose = cal.closeMs[cal.length - 1];
    if (t >= lastClose) return lastClose;
    if (t < cal.openMs[0]) return cal.openMs[0];
    if (!this.options.skipClosed) return t;
    const i = cal.sessionAtOrBefore(t);
    return t < cal.closeMs[i] ? t : cal.openMs[i + 1];
  }

  /** t advanced by ms of trading time (skipClosed) or of plain time. */
  private afterTradingTime(t: number, ms: number): number {
    const cal = this.calendar;
    const lastClose = cal.closeMs[cal.length - 1];
    if (!this.options.skipClosed) return Math.min(lastClose, t + ms);
    let i = cal.sessionAtOrBefore(t);
    let left = ms;
    while (i < cal.length) {
      const room = cal.closeMs[i] - t;
      if (left < room) return t + left;
      if (i === cal.length - 1) return lastClose;
      left -= room;
      i++;
      t = cal.openMs[i];
    }
    return lastClose;
  }

  private move(next: number): number {
    if (this.notifying) throw new Error('replay clock: advance() called from a clock listener');
    const prev = this.current;
    if (next === prev) return prev;
    this.current = next;
    const prevSession = this.session;
    this.session = this.calendar.sessionAtOrBefore(next);
    this.notifying = true;
    try {
      for (let s = Math.max(prevSession, 0); s < this.session; s++) {
        const prevDate = this.calendar.dates[s];
        const date = this.calendar.dates[s + 1];
        for (const fn of this.dateListeners) fn(date, prevDate);
      }
      for (const fn of this.advanceListeners) fn(next, prev);
    } finally {
      this.notifying = false;
    }
    return next;
  }
}
