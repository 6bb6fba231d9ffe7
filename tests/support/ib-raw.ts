// A raw TWS-protocol socket for tests that must send what @stoqey/ib never would (version offers,
// malformed frames, garbage): builds V100 frames by hand and splits the server's replies into
// NUL-terminated fields. 127.0.0.1 only.

import { connect, type Socket } from 'node:net';

/** One V100 frame: 4-byte big-endian length, then the fields each ended by NUL. */
export function frame(fields: readonly (string | number)[]): Buffer {
  const body = Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

/** The client's opening: `API\0` + a framed version offer without NUL (ib-protocol.md §2). */
export function hello(offer = 'v100..193'): Buffer {
  const v = Buffer.from(offer, 'latin1');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(v.length);
  return Buffer.concat([Buffer.from('API\0', 'latin1'), head, v]);
}

export class RawTwsClient {
  /** Server messages received so far, as fields. */
  readonly messages: string[][] = [];
  readonly closed: Promise<void>;
  isClosed = false;
  private pending = Buffer.alloc(0);
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        this.notify();
        resolve();
      }),
    );
  }

  static connect(port: number): Promise<RawTwsClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new RawTwsClient(socket)));
      socket.once('error', reject);
    });
  }

  write(data: Buffer | string): void {
    if (!this.isClosed) this.socket.write(data);
  }

  /** Sends hello + START_API and waits for nextValidId. */
  async handshake(clientId: number, timeoutMs = 5000): Promise<void> {
    this.write(hello());
    this.write(frame([71, 2, clientId, '']));
    await this.waitFor((m) => m[0] === '9', timeoutMs);
  }

  /** The first server message (after `after` messages) matching `pred`. */
  waitFor(pred: (fields: string[]) => boolean, timeoutMs = 5000, after = 0): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.messages.slice(after).find(pred);
        if (hit) {
          cleanup();
          resolve(hit);
        } else if (this.isClosed) {
          cleanup();
          reject(new Error('connection closed before the expected message arrived'));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms; received ${JSON.stringify(this.messages.slice(after)).slice(0, 400)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves true if the server closes the connection within `timeoutMs`, else false. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    return Promise.race([this.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4) {
      const len = this.pending.readUInt32BE(0);
      if (this.pending.length < 4 + len) break;
      const fields = this.pending.subarray(4, 4 + len).toString('utf8').split('\0');
      fields.pop(); // every field ends with NUL
      this.messages.push(fields);
      this.pending = this.pending.subarray(4 + len);
    }
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
