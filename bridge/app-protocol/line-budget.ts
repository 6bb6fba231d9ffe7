// Market data lines (ib-protocol.md §7 P8): TWS allows 100 simultaneous lines per user by default
// (watchlists in TWS count too) and answers 101 past them. The bridge counts its own: streaming
// quotes take one line per instrument (shared by every app client); option-chain snapshots take a
// separate, small budget while they are in flight, so a chain scan never starves the quotes.
export class LineBudget {
  private used = 0;
  private peak = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly total: number) {
    if (!Number.isInteger(total) || total < 0) throw new Error(`line budget: expected a whole number ≥ 0, got ${total}`);
  }

  /** Lines taken now. */
  inUse(): number {
    return this.used;
  }

  /** The most lines ever taken at once. */
  peakUse(): number {
    return this.peak;
  }

  available(): number {
    return this.total - this.used;
  }

  /** Takes `n` lines if there are that many free. */
  tryTake(n = 1): boolean {
    if (this.used + n > this.total) return false;
    this.used += n;
    this.peak = Math.max(this.peak, this.used);
    return true;
  }

  give(n = 1): void {
    this.used = Math.max(0, this.used - n);
    for (const w of this.waiters.splice(0)) w();
  }

  /** Takes as many free lines as there are, up to `max`; waits for a release when none is free. */
  async takeUpTo(max: number): Promise<number> {
    for (;;) {
      const n = Math.min(max, this.available());
      if (n > 0 && this.tryTake(n)) return n;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
