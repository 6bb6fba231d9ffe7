// The clock is a parameter, never a global: strategies and the engine read time only from here.

export interface Clock {
  /** Epoch ms. */
  now(): number;
}

/** Advanced by the replay (backtests, the simulator): time is the current event's time. */
export class SimClock implements Clock {
  private t: number;
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  /** Moves the clock forward; going back is an invariant violation. */
  advance(to: number): void {
    if (to < this.t) throw new Error(`SimClock: time went backwards (${to} < ${this.t})`);
    this.t = to;
  }
}
