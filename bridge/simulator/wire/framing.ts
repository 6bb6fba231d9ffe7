// Incoming byte stream → frames. V100+ framing (ib-protocol.md §0, §1.3 step 5, §2): after the
// client's unframed 4-byte `API\0` preamble, every message is a 4-byte big-endian length and that
// many bytes. TCP may split a frame across chunks or pack many frames in one chunk; both are handled
// here without copying a frame that already sits inside one chunk.

/**
 * Largest frame accepted: 16 MiB − 1, the Java client's MAX_MSG_LEN (@stoqey/ib also disconnects
 * past 0xffffff buffered bytes). A larger declared length closes the connection before anything is
 * allocated for it.
 */
export const MAX_FRAME_BYTES = 0xffffff;

/** The client's unframed preamble. */
export const API_PREAMBLE = Buffer.from('API\0', 'latin1');

/** A byte stream that cannot be framed: the connection must be closed. */
export class FramingError extends Error {
  override readonly name = 'FramingError';
}

export class FrameReader {
  /** Received bytes not yet consumed, oldest first. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  private preambleLeft: number;
  private stopped = false;

  constructor(
    private readonly maxFrameBytes = MAX_FRAME_BYTES,
    expectPreamble = true,
  ) {
    this.preambleLeft = expectPreamble ? API_PREAMBLE.length : 0;
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Stops delivering frames (the connection is closing). */
  stop(): void {
    this.stopped = true;
    this.chunks = [];
    this.buffered = 0;
  }

  /**
   * Adds received bytes and calls `onFrame` with each complete frame's payload, in order. The payload
   * may be a view into `chunk`: copy it if you keep it beyond the call. Throws a FramingError for a
   * wrong preamble or an oversized declared length.
   */
  push(chunk: Buffer, onFrame: (payload: Buffer) => void): void {
    if (this.stopped || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.preambleLeft > 0 && !this.consumePreamble()) return;
    while (!this.stopped && this.buffered >= 4) {
      const head = this.peekHeader();
      if (head > this.maxFrameBytes) {
        throw new FramingError(`frame declares ${head} bytes (at most ${this.maxFrameBytes} accepted)`);
      }
      if (this.buffered < 4 + head) return; // wait for the rest
      this.discard(4);
      onFrame(this.take(head));
    }
  }

  /** Checks and drops the preamble bytes; false while more bytes are needed. */
  private consumePreamble(): boolean {
    while (this.preambleLeft > 0 && this.buffered > 0) {
      const first = this.chunks[0];
      const at = API_PREAMBLE.length - this.preambleLeft;
      if (first[0] !== API_PREAMBLE[at]) {
        throw new FramingError(`connection does not start with the API\\0 preamble (byte ${at} is 0x${first[0].toString(16).padStart(2, '0')})`);
      }
      this.discard(1);
      this.preambleLeft--;
    }
    return this.preambleLeft === 0;
  }

  private peekHeader(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readUInt32BE(0);
    let v = 0;
    let n = 0;
    for (const c of this.chunks) {
      for (let i = 0; i < c.length && n < 4; i++, n++) v = v * 256 + c[i];
      if (n === 4) break;
    }
    return v;
  }

  private discard(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const first = this.chunks[0];
      if (first.length <= n) {
        n -= first.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = first.subarray(n);
        n = 0;
      }
    }
  }

  /** Removes and returns the next n buffered bytes (a view when they lie in one chunk). */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (n === 0) return Buffer.alloc(0);
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const use = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, use);
      filled += use;
      if (use === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(use);
    }
    return out;
  }
}
