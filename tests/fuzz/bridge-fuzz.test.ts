// Seeded fuzzing of the bridge's HTTP + WebSocket server over raw TCP (docs/bridge-security.md §4).
// WebSocket cases, each on its own connection after a valid upgrade: reserved opcodes, unmasked
// frames, reserved bits, invalid UTF-8 (text and close reason), declared lengths over the limit (up
// to 2^63), bad close codes, fragmented or oversized control frames, continuations without a start,
// random bytes, truncated frames, and valid pings and hellos in between. HTTP cases: garbage,
// malformed request lines and headers, oversized headers, conflicting lengths, bad chunking, wrong
// Host or Origin, bad upgrades, truncated requests.
// Oracle: each bad WebSocket frame is answered with the close code RFC 6455 prescribes and only that
// connection closes; each bad HTTP request gets its status (400/403/404/405/431) or a close; the
// process never throws (vitest fails on an uncaught error), a real `ws` client completes the hello
// and GET / answers 200 afterwards, and no connection is left open on the server.
//
// FUZZ_SEED and FUZZ_CASES (environment) change the run; the seed is printed in failure messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { startBridge, type RunningBridge } from '../../bridge/server.ts';
import { prng } from '../support/indicator-data.ts';
import { helloRoundTrip } from '../support/bridge-ws-client.ts';
import { closeCodeOf, closeFrame, httpStatusOf, rawConnect, rawWebSocket, textFrame, upgradeRequest, wsFrame } from '../support/ws-raw.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const CASES = Number(process.env.FUZZ_CASES ?? 150);
const CONCURRENCY = 8;
const MAX_PAYLOAD = 1 << 20;

const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
/** Byte sequences that are not UTF-8: lone continuation, overlong, surrogate, > U+10FFFF, truncated. */
const BAD_UTF8 = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff]].map((b) => Buffer.from(b));
const badText = () => Buffer.concat([Buffer.from('{"type":"hel'), pick(BAD_UTF8), Buffer.from('lo"}')]);

interface FrameCase {
  readonly name: string;
  readonly bytes: Buffer;
  /** The close code the server must send; null: any outcome but the process's. */
  readonly expectClose: number | null;
}

/** One random malformed (or, sometimes, valid) frame sequence. */
function frameCase(): FrameCase {
  const kind = int(15);
  switch (kind) {
    case 0:
      return { name: 'reserved opcode', bytes: wsFrame({ opcode: pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), payload: bytes(int(40)) }), expectClose: 1002 };
    case 1:
      return { name: 'unmasked frame', bytes: wsFrame({ opcode: pick([1, 2, 9]), payload: bytes(int(40)), mask: false }), expectClose: 1002 };
    case 2:
      return { name: 'reserved bits', bytes: wsFrame({ opcode: 1, rsv: 1 + int(7), payload: Buffer.from('{}') }), expectClose: 1002 };
    case 3:
      return { name: 'invalid UTF-8 text', bytes: wsFrame({ opcode: 1, payload: badText() }), expectClose: 1007 };
    case 4: {
      const over = BigInt(MAX_PAYLOAD + 1 + int(1 << 20));
      const declaredLength = pick([over, 1n << 32n, (1n << 53n) + 1n, (1n << 63n) - 1n]);
      return { name: `declared length ${declaredLength}`, bytes: wsFrame({ opcode: pick([1, 2]), declaredLength, payload: bytes(int(64)) }), expectClose: 1009 };
    }
    case 5:
      return { name: 'bad close code', bytes: closeFrame(pick([0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535])), expectClose: 1002 };
    case 6:
      return { name: 'one-byte close payload', bytes: wsFrame({ opcode: 8, payload: Buffer.from([3]) }), expectClose: 1002 };
    case 7:
      return { name: 'fragmented control frame', bytes: wsFrame({ opcode: pick([8, 9, 10]), fin: false, payload: Buffer.from('x') }), expectClose: 1002 };
    case 8:
      return { name: 'control frame over 125 bytes', bytes: wsFrame({ opcode: pick([9, 10]), payload: bytes(126 + int(200)) }), expectClose: 1002 };
    case 9:
      return { name: 'continuation without a start', bytes: wsFrame({ opcode: 0, payload: Buffer.from('abc') }), expectClose: 1002 };
    case 10:
      return {
        name: 'new message inside a fragmented one',
        bytes: Buffer.concat([wsFrame({ opcode: 1, fin: false, payload: Buffer.from('{"ty') }), wsFrame({ opcode: 1, payload: Buffer.from('pe"}') })]),
        expectClose: 1002,
      };
    case 11: {
      const text = badText();
      const cut = 1 + int(text.length - 1);
      return {
        name: 'invalid UTF-8 across fragments',
        bytes: Buffer.concat([wsFrame({ opcode: 1, fin: false, payload: text.subarray(0, cut) }), wsFrame({ opcode: 0, payload: text.subarray(cut) })]),
        expectClose: 1007,
      };
    }
    case 12: {
      const reason = Buffer.concat([Buffer.from([0x03, 0xe8]), pick(BAD_UTF8)]);
      return { name: 'invalid UTF-8 close reason', bytes: wsFrame({ opcode: 8, payload: reason }), expectClose: 1007 };
    }
    case 13: {
      const full = wsFrame({ opcode: 1, payload: bytes(20 + int(200)) });
      return { name: pick(['random bytes', 'truncated frame']), bytes: rand() < 0.5 ? bytes(1 + int(300)) : full.subarray(0, 1 + int(full.length - 1)), expectClose: null };
    }
    default:
      // Valid traffic between the attacks: a ping and a hello, then a proper close (1000 echoed).
      return {
        name: 'valid ping, hello and close',
        bytes: Buffer.concat([wsFrame({ opcode: 9, payload: Buffer.from('p') }), textFrame(JSON.stringify({ type: 'hello', protocol: 2, client: 'fuzz', clientVersion: '1' })), closeFrame(1000)]),
        expectClose: 1000,
      };
  }
}

interface HttpCase {
  readonly name: string;
  readonly bytes: (port: number) => Buffer | string;
  /** Accepted statuses (0: the server closed without an answer). */
  readonly expect: readonly number[];
}

const HTTP_CASES: readonly HttpCase[] = [
  { name: 'random bytes', bytes: () => Buffer.concat([bytes(1 + int(200)), Buffer.from('\r\n\r\n')]), expect: [400, 0] },
  { name: 'no method', bytes: () => ' / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', expect: [400] },
  { name: 'HTTP/9.9', bytes: (p) => `GET / HTTP/9.9\r\nHost: 127.0.0.1:${p}\r\n\r\n`, expect: [400, 505] },
  { name: 'header without colon', bytes: (p) => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nBroken header\r\n\r\n`, expect: [400] },
  { name: 'NUL in header', bytes: (p) => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nX-A: a\u0000b\r\n\r\n`, expect: [400] },
  { name: 'header overflow', bytes: (p) => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nX-Big: ${'a'.repeat(20_000 + int(20_000))}\r\n\r\n`, expect: [431] },
  { name: 'no Host', bytes: () => 'GET / HTTP/1.1\r\n\r\n', expect: [400] },
  { name: 'foreign Host (DNS rebinding)', bytes: () => 'GET / HTTP/1.1\r\nHost: evil.example:80\r\n\r\n', expect: [403] },
  { name: 'conflicting Content-Length', bytes: (p) => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabc`, expect: [400] },
  { name: 'negative Content-Length', bytes: (p) => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Length: -1\r\n\r\n`, expect: [400] },
  { name: 'bad chunk size', bytes: (p) => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`, expect: [400, 405] },
  { name: 'CL and TE together', bytes: (p) => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, expect: [400] },
  { name: 'POST to the app', bytes: (p) => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Length: 2\r\n\r\nhi`, expect: [405] },
  { name: 'path escape', bytes: (p) => `GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n`, expect: [400, 404] },
  { name: 'bad percent-encoding', bytes: (p) => `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n`, expect: [400] },
  { name: 'upgrade without key', bytes: (p) => upgradeRequest(p, { 'Sec-WebSocket-Key': '' }), expect: [400] },
  { name: 'upgrade with bad key', bytes: (p) => upgradeRequest(p, { 'Sec-WebSocket-Key': 'short' }), expect: [400] },
  { name: 'upgrade with version 12', bytes: (p) => upgradeRequest(p, { 'Sec-WebSocket-Version': '12' }), expect: [400, 426] },
  { name: 'upgrade to another path', bytes: (p) => upgradeRequest(p, {}, '/socket'), expect: [404] },
  { name: 'upgrade from a foreign Origin', bytes: (p) => upgradeRequest(p, { Origin: 'https://evil.example' }), expect: [403] },
  { name: 'upgrade from Origin null', bytes: (p) => upgradeRequest(p, { Origin: 'null' }), expect: [403] },
  { name: 'upgrade with a foreign Host', bytes: (p) => upgradeRequest(p, { Host: `attacker.example:${p}` }), expect: [403] },
  { name: 'upgrade to h2c', bytes: (p) => upgradeRequest(p, { Upgrade: 'h2c' }), expect: [400] },
  { name: 'truncated request', bytes: (p) => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nX-Part`, expect: [0] },
];

let bridge: RunningBridge;
let base: string;

async function runFrameCase(c: FrameCase): Promise<string | null> {
  const conn = await rawWebSocket(bridge.port);
  conn.socket.write(c.bytes);
  // Wait for the server's close frame (or its closing the connection).
  const deadline = Date.now() + (c.expectClose === null ? 150 : 3000);
  while (closeCodeOf(conn.frames()) === undefined && !conn.socket.destroyed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const code = closeCodeOf(conn.frames());
  conn.socket.end();
  if (!(await conn.closedWithin(2000))) conn.socket.destroy();
  if (c.expectClose !== null && code !== c.expectClose) return `${c.name}: expected close ${c.expectClose}, got ${code ?? 'none'}`;
  if (c.name.startsWith('valid') && !conn.frames().some((f) => f.opcode === 1 && f.payload.toString().includes('"moneytrailz-bridge"'))) {
    return `${c.name}: no hello answer`;
  }
  return null;
}

async function runHttpCase(c: HttpCase): Promise<string | null> {
  const conn = await rawConnect(bridge.port, c.bytes(bridge.port));
  const deadline = Date.now() + (c.expect.includes(0) && c.expect.length === 1 ? 150 : 3000);
  while (httpStatusOf(conn.received()) === 0 && !conn.socket.destroyed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const status = httpStatusOf(conn.received());
  conn.socket.destroy();
  return c.expect.includes(status) ? null : `${c.name}: expected ${c.expect.join(' or ')}, got ${status}`;
}

/** Runs `tasks` with a bounded number in flight; returns the failures. */
async function runAll(tasks: (() => Promise<string | null>)[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tasks.length) {
        const r = await tasks[next++]();
        if (r) failures.push(r);
      }
    }),
  );
  return failures;
}

async function stillServes(): Promise<void> {
  expect((await helloRoundTrip(`ws://127.0.0.1:${bridge.port}/ws`)).type, `seed ${SEED}: hello after fuzzing`).toBe('welcome');
  // A one-off connection (no keep-alive), so the next leak check starts from zero.
  const status = await new Promise<number>((resolve, reject) => {
    get(base, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
  expect(status, `seed ${SEED}: GET / after fuzzing`).toBe(200);
}

async function noConnectionsLeft(): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((bridge.connections() > 0 || bridge.pendingHellos() > 0 || bridge.wss.clients.size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect({ connections: bridge.connections(), pending: bridge.pendingHellos(), clients: bridge.wss.clients.size }, `seed ${SEED}: leaked connections`).toEqual({
    connections: 0,
    pending: 0,
    clients: 0,
  });
}

describe(`bridge fuzz (seed ${SEED}, ${CASES} cases each)`, () => {
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-fuzz-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    bridge = await startBridge({ host: '127.0.0.1', port: 0, staticDir: dir, serverVersion: '0', broker: 'none', log: () => {} });
    base = bridge.url;
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('closes each malformed WebSocket frame with its RFC 6455 code and keeps serving', async () => {
    const cases = Array.from({ length: CASES }, frameCase);
    const failures = await runAll(cases.map((c) => () => runFrameCase(c)));
    expect(failures, `seed ${SEED}`).toEqual([]);
    // Every kind was drawn at least once with this many cases.
    expect(new Set(cases.map((c) => c.name.replace(/ \d+$/, '').replace(/^declared length.*/, 'declared length'))).size).toBeGreaterThanOrEqual(14);
    await noConnectionsLeft();
    await stillServes();
  }, 60_000);

  it('answers each malformed HTTP request with its status and keeps serving', async () => {
    const cases = Array.from({ length: CASES }, () => pick(HTTP_CASES));
    const failures = await runAll(cases.map((c) => () => runHttpCase(c)));
    expect(failures, `seed ${SEED}`).toEqual([]);
    await noConnectionsLeft();
    await stillServes();
  }, 60_000);
});
