// Raw TCP clients for the bridge's HTTP and WebSocket layers: a hand-made upgrade, then frames
// built byte by byte (RFC 6455 §5.2), so tests can send what no well-behaved client would.
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FrameSpec {
  readonly fin?: boolean;
  /** RSV1..3 as the 3 bits 0b100, 0b010, 0b001. */
  readonly rsv?: number;
  readonly opcode: number;
  readonly payload?: Buffer;
  /** Client frames must be masked; false sends an unmasked one. */
  readonly mask?: boolean;
  /** Declares this length instead of the payload's (a lie: oversized or truncated frames). */
  readonly declaredLength?: bigint;
}

/** One WebSocket frame as bytes. */
export function wsFrame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.declaredLength ?? BigInt(payload.length);
  const mask = spec.mask ?? true;
  const head: number[] = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push(m | Number(length));
  else if (length < 65536n) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] ^= key[i & 3];
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

/** A masked text frame. */
export const textFrame = (text: string | Buffer): Buffer => wsFrame({ opcode: 1, payload: Buffer.from(text) });

/** A close frame with `code` (and optional reason). */
export function closeFrame(code: number, reason = ''): Buffer {
  const p = Buffer.alloc(2 + Buffer.byteLength(reason));
  p.writeUInt16BE(code);
  p.write(reason, 2);
  return wsFrame({ opcode: 8, payload: p });
}

/** Frames the server sent, decoded from its (unmasked) byte stream. */
export interface ServerFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

export interface RawConnection {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): Buffer;
  /** Resolves true once the server closed (or reset) the connection, false after `ms`. */
  closedWithin(ms: number): Promise<boolean>;
  readonly closed: Promise<void>;
}

/** Opens a TCP connection, optionally writing `bytes` first. */
export function rawConnect(port: number, bytes?: Buffer | string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done!: () => void;
    const closed = new Promise<void>((r) => (done = r));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => done());
    socket.on('end', () => socket.end());
    socket.once('connect', () => {
      if (bytes !== undefined) socket.write(bytes);
      resolve({
        socket,
        received: () => Buffer.concat(chunks),
        closed,
        closedWithin: (ms) =>
          Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]),
      });
    });
    socket.once('error', reject);
  });
}

/** The HTTP upgrade request for /ws. */
export function upgradeRequest(port: number, headers: Record<string, string> = {}, path = '/ws'): string {
  const all: Record<string, string> = {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  return `GET ${path} HTTP/1.1\r\n${Object.entries(all)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

/** Upgrades a raw connection to a WebSocket; rejects unless the answer is 101. */
export async function rawWebSocket(port: number, headers: Record<string, string> = {}): Promise<RawConnection & { frames(): ServerFrame[] }> {
  const c = await rawConnect(port, upgradeRequest(port, headers));
  const deadline = Date.now() + 5000;
  while (!c.received().includes('\r\n\r\n')) {
    if (Date.now() > deadline || c.socket.destroyed) throw new Error(`no upgrade answer: ${c.received().toString('latin1')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const text = c.received().toString('latin1');
  if (!text.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${text.split('\r\n')[0]}`);
  const headerEnd = c.received().indexOf('\r\n\r\n') + 4;
  return { ...c, frames: () => parseServerFrames(c.received().subarray(headerEnd)) };
}

/** Decodes complete unmasked frames (a trailing partial frame is left out). */
export function parseServerFrames(buf: Buffer): ServerFrame[] {
  const out: ServerFrame[] = [];
  let i = 0;
  while (i + 2 <= buf.length) {
    const opcode = buf[i] & 0x0f;
    let len = buf[i + 1] & 0x7f;
    let at = i + 2;
    if (len === 126) {
      if (at + 2 > buf.length) break;
      len = buf.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      if (at + 8 > buf.length) break;
      len = Number(buf.readBigUInt64BE(at));
      at += 8;
    }
    if (at + len > buf.length) break;
    out.push({ opcode, payload: buf.subarray(at, at + len) });
    i = at + len;
  }
  return out;
}

/** The status code of the server's close frame, if it sent one. */
export function closeCodeOf(frames: readonly ServerFrame[]): number | undefined {
  const f = frames.find((x) => x.opcode === 8);
  return f && f.payload.length >= 2 ? f.payload.readUInt16BE(0) : undefined;
}

/** The status code of a raw HTTP answer (0 when none arrived). */
export function httpStatusOf(received: Buffer): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1'));
  return m ? Number(m[1]) : 0;
}
