// Next valid order ids per client id (what NEXT_VALID_ID announces on connect and on reqIds).
// TWS keeps this counter between sessions; phase 2 records every id it accepts through noteUsed()
// and may persist the book. The nightly-restart fault rolls it back (ib-protocol.md §7 P4).

export class OrderIdBook {
  private readonly next = new Map<number, number>();

  constructor(private readonly initial: number) {}

  /** The id announced to `clientId` now. */
  peek(clientId: number): number {
    return this.next.get(clientId) ?? this.initial;
  }

  /** Records that `orderId` was used by `clientId`: later announcements are above it. */
  noteUsed(clientId: number, orderId: number): void {
    if (orderId >= this.peek(clientId)) this.next.set(clientId, orderId + 1);
  }

  /**
   * Rolls every known client's counter back (a Gateway restart that forgot recent ids): to `to`
   * when given, else by `by` (at least 1 stays). Returns the new values by client id.
   */
  rollBack(options: { to?: number; by?: number } = {}): Map<number, number> {
    const out = new Map<number, number>();
    for (const [clientId, id] of this.next) {
      const rolled = Math.max(1, options.to !== undefined ? Math.min(id - 1, options.to) : id - (options.by ?? 10));
      this.next.set(clientId, rolled);
      out.set(clientId, rolled);
    }
    return out;
  }

  /** Makes sure `clientId` has an entry (so a roll-back covers it even if it never placed an order). */
  touch(clientId: number): void {
    if (!this.next.has(clientId)) this.next.set(clientId, this.initial);
  }

  /** Snapshot for persistence (phase 2). */
  entries(): [clientId: number, next: number][] {
    return [...this.next];
  }
}
