// Outgoing frames for one connection: each message body (fields ended by NUL, built by encoders.ts)
// is written once, UTF-8, behind its 4-byte big-endian length (ib-protocol.md §0 "Framing").
// Messages accumulate in one reusable buffer until the session flushes them in a single write.

const INITIAL_BYTES = 64 * 1024;

export class OutBuffer {
  private buf = Buffer.allocUnsafe(INITIAL_BYTES);
  private pos = 0;
  /** Messages appended since the last take(). */
  messages = 0;

  /** Bytes waiting. */
  get length(): number {
    return this.pos;
  }

  /** Appends one framed message. `body` must already end every field with NUL. */
  push(body: string): void {
    const worst = 4 + body.length * 3; // UTF-8 never needs more than 3 bytes per UTF-16 unit
    if (this.pos + worst > this.buf.length) this.grow(worst);
    const n = this.buf.write(body, this.pos + 4, 'utf8');
    this.buf.writeUInt32BE(n, this.pos);
    this.pos += 4 + n;
    this.messages++;
  }

  /** The waiting bytes as a new Buffer (the internal one is reused), or null when empty. */
  take(): Buffer | null {
    if (this.pos === 0) return null;
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.messages = 0;
    if (this.buf.length > 4 * 1024 * 1024) this.buf = Buffer.allocUnsafe(INITIAL_BYTES); // release a burst's memory
    return out;
  }

  private grow(extra: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
