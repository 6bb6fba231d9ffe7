// Per-connection limits of the bridge (docs/bridge-security.md §4) over real sockets: message size,
// unsent output of a client that does not read, the hello time-out and the cap on connections
// without a hello; and static files that vanish or shrink while they are served, or whose client
// goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, truncate, unlink, writeFile } from 'node:fs/promises';
import { readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type RunningBridge } from '../../bridge/server.ts';
import { helloMessage, helloRoundTrip, openAppClient } from '../support/bridge-ws-client.ts';
import { closeCodeOf, httpStatusOf, rawConnect, rawWebSocket, textFrame } from '../support/ws-raw.ts';

let staticDir: string;
const logs: string[] = [];
let bridge: RunningBridge;
const BIG = 24 << 20;

const waitFor = async (what: string, ok: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'mt-limits-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startBridge({
    host: '127.0.0.1',
    port: 0,
    staticDir,
    serverVersion: '1',
    broker: 'none',
    log: (l) => logs.push(l),
    // The rate limit is out of the way here (its own test below): these clients pipeline on purpose.
    limits: { maxBufferedBytes: 64 << 10, helloTimeoutMs: 400, maxPendingHellos: 3, maxMessagesPerSecond: 1e9 },
  });
});
afterAll(() => bridge.close());
const wsUrl = () => `ws://127.0.0.1:${bridge.port}/ws`;

describe('WebSocket limits', () => {
  it('accepts a 1 MiB message and closes a larger one with 1009, only for that client', async () => {
    const other = await openAppClient(wsUrl());
    other.ws.send(helloMessage());
    expect((await other.next()).type).toBe('welcome');
    const c = await openAppClient(wsUrl());
    c.ws.send('x'.repeat(1 << 20));
    expect(await c.next()).toMatchObject({ code: 'BAD_MESSAGE' });
    c.ws.send('x'.repeat((1 << 20) + 1));
    expect(await c.closed).toBe(1009);
    other.ws.send(helloMessage());
    expect((await other.next()).type).toBe('welcome');
    other.ws.close();
  });

  it('drops a client that does not read once its unsent output passes the limit; another keeps receiving', async () => {
    const fast = await openAppClient(wsUrl());
    fast.ws.send(helloMessage('fast'));
    expect((await fast.next()).type).toBe('welcome');
    const slow = await rawWebSocket(bridge.port);
    slow.socket.write(textFrame(helloMessage('slow')));
    await waitFor('the slow client’s hello', () => slow.frames().length > 0);
    slow.socket.pause(); // stops reading: the server's answers pile up
    const batch = Buffer.concat(Array.from({ length: 5000 }, () => textFrame('x'))); // each earns a BAD_MESSAGE answer
    const before = logs.length;
    let answered = 0;
    for (let i = 0; i < 200 && !logs.slice(before).some((l) => l.includes('not reading')); i++) {
      slow.socket.write(batch);
      fast.ws.send('{"type":"still-there"}');
      expect(await fast.next(), `fast client, round ${i}`).toMatchObject({ code: 'UNKNOWN_TYPE' });
      answered++;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(logs.slice(before).some((l) => l.includes('not reading'))).toBe(true);
    await waitFor('the slow client to be gone', () => bridge.wss.clients.size === 1);
    expect(answered).toBeGreaterThan(0);
    fast.ws.send(helloMessage('fast'));
    expect((await fast.next()).type).toBe('welcome');
    fast.ws.close();
    slow.socket.destroy();
  });

  it('keeps answering other clients while one pipelines hundreds of thousands of tiny frames', async () => {
    const other = await openAppClient(wsUrl());
    other.ws.send(helloMessage());
    expect((await other.next()).type).toBe('welcome');
    const flood = await rawWebSocket(bridge.port);
    flood.socket.write(textFrame(helloMessage('flood')));
    const frames = Buffer.concat(Array<Buffer>(400_000).fill(textFrame('x')));
    flood.socket.write(frames);
    await new Promise((r) => setTimeout(r, 20)); // the server is reading the flood now
    const worst: number[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = performance.now();
      other.ws.send('{"type":"are-you-there"}');
      expect(await other.next(10_000)).toMatchObject({ code: 'UNKNOWN_TYPE' });
      worst.push(performance.now() - sent);
    }
    flood.socket.destroy();
    other.ws.close();
    expect(Math.max(...worst), `answer times while flooded: ${worst.map((w) => w.toFixed(0)).join(', ')} ms`).toBeLessThan(1000); // ~5 s without the per-turn yield
  });

  it('closes a client that sends faster than the message rate limit with 1008', async () => {
    const lines: string[] = [];
    const strict = await startBridge({ host: '127.0.0.1', port: 0, staticDir, serverVersion: '1', broker: 'none', log: (l) => lines.push(l), limits: { maxMessagesPerSecond: 50 } });
    try {
      const calm = await openAppClient(`ws://127.0.0.1:${strict.port}/ws`);
      const noisy = await openAppClient(`ws://127.0.0.1:${strict.port}/ws`);
      for (let i = 0; i < 100; i++) calm.ws.send(helloMessage()); // a burst of twice the rate is allowed
      for (let i = 0; i < 100; i++) expect((await calm.next()).type).toBe('welcome');
      for (let i = 0; i < 300; i++) noisy.ws.send(helloMessage());
      expect(await noisy.closed).toBe(1008);
      expect(lines.some((l) => l.includes('more than 50 messages a second'))).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      calm.ws.send(helloMessage());
      expect((await calm.next()).type).toBe('welcome');
      calm.ws.close();
    } finally {
      await strict.close();
    }
  });

  it('closes a connection that does not say hello in time with 1008; one that did stays open', async () => {
    const greeted = await openAppClient(wsUrl());
    greeted.ws.send(helloMessage());
    expect((await greeted.next()).type).toBe('welcome');
    const silent = await rawWebSocket(bridge.port);
    const started = Date.now();
    await waitFor('the hello time-out', () => closeCodeOf(silent.frames()) !== undefined, 3000);
    expect(closeCodeOf(silent.frames())).toBe(1008);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(greeted.ws.readyState).toBe(greeted.ws.OPEN);
    greeted.ws.send(helloMessage());
    expect((await greeted.next()).type).toBe('welcome');
    greeted.ws.close();
    silent.socket.destroy();
  });

  it('refuses more connections without a hello than the cap (503), and accepts again once one says hello', async () => {
    await waitFor('no pending hellos', () => bridge.pendingHellos() === 0);
    const waiting = await Promise.all([0, 1, 2].map(() => rawWebSocket(bridge.port)));
    expect(bridge.pendingHellos()).toBe(3);
    await expect(rawWebSocket(bridge.port)).rejects.toThrow(/503/);
    waiting[0].socket.write(textFrame(helloMessage()));
    await waitFor('the hello to count', () => bridge.pendingHellos() === 2);
    expect((await helloRoundTrip(wsUrl())).type).toBe('welcome');
    for (const w of waiting) w.socket.destroy();
    await waitFor('no pending hellos', () => bridge.pendingHellos() === 0);
  });
});

/** How many of this process's file descriptors point at a file named `name` (Linux /proc). */
function openHandlesOf(name: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).endsWith(`/${name}`);
    } catch {
      return false;
    }
  }).length;
}

/** Starts a GET of `path` without reading the body; returns the connection (paused). */
async function pausedGet(path: string) {
  const c = await rawConnect(bridge.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nConnection: close\r\n\r\n`);
  await waitFor('the first bytes', () => c.received().length > 0);
  c.socket.pause();
  return c;
}

/** The decoded length of a chunked body (complete chunks only) and whether the final chunk arrived. */
function chunkedBody(raw: Buffer): { length: number; complete: boolean } {
  let i = raw.indexOf('\r\n\r\n') + 4;
  let length = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', i);
    if (eol < 0) return { length, complete: false };
    const size = parseInt(raw.subarray(i, eol).toString('latin1'), 16);
    if (size === 0) return { length, complete: true };
    if (eol + 2 + size + 2 > raw.length) return { length, complete: false };
    length += size;
    i = eol + 2 + size + 2;
  }
}

describe('static files under stress', () => {
  it('serves a file deleted mid-stream completely (from the open handle)', async () => {
    await writeFile(join(staticDir, 'big.bin'), Buffer.alloc(BIG, 7));
    const c = await pausedGet('/big.bin');
    expect(httpStatusOf(c.received())).toBe(200);
    await unlink(join(staticDir, 'big.bin'));
    c.socket.resume();
    await c.closedWithin(10_000);
    expect(chunkedBody(c.received())).toEqual({ length: BIG, complete: true });
    expect((await fetch(`${bridge.url}big.bin`)).status).toBe(404);
  });

  it('ends the response of a file truncated mid-stream and keeps serving', async () => {
    await writeFile(join(staticDir, 'shrinks.bin'), Buffer.alloc(BIG, 1));
    const c = await pausedGet('/shrinks.bin');
    await truncate(join(staticDir, 'shrinks.bin'), 1000);
    c.socket.resume();
    expect(await c.closedWithin(10_000)).toBe(true);
    expect(chunkedBody(c.received()).length).toBeLessThan(BIG);
    expect((await fetch(bridge.url)).status).toBe(200);
  });

  it('lets go of a download whose client went away', async () => {
    await writeFile(join(staticDir, 'abandoned.bin'), Buffer.alloc(BIG, 2));
    const c = await pausedGet('/abandoned.bin');
    expect(openHandlesOf('abandoned.bin')).toBe(1);
    c.socket.destroy();
    await waitFor('the file handle to be closed', () => openHandlesOf('abandoned.bin') === 0);
    expect((await fetch(bridge.url)).status).toBe(200);
    expect((await helloRoundTrip(wsUrl())).type).toBe('welcome');
  });
});
