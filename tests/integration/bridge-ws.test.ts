import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startBridge, type RunningBridge } from '../../bridge/server.ts';
import { PROTOCOL_MINOR, PROTOCOL_VERSION, CLOSE_PROTOCOL_MISMATCH } from '../../shared/protocol/index.ts';

let bridge: RunningBridge;

/** Opens a socket and collects parsed messages; resolves once open. */
async function open(url: string): Promise<{ ws: WebSocket; next: () => Promise<any>; closed: Promise<number> }> {
  const ws = new WebSocket(url);
  const queue: any[] = [];
  const waiters: ((m: any) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r)));
  return { ws, next, closed };
}

describe('bridge WebSocket server (real socket on port 0)', () => {
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    bridge = await startBridge({ host: '127.0.0.1', port: 0, staticDir: dir, serverVersion: '9.9.9', broker: 'none', now: () => 1234 });
  });
  afterAll(async () => {
    await bridge.close();
  });

  const wsUrl = () => `ws://127.0.0.1:${bridge.port}/ws`;

  it('answers a compatible hello with a versioned welcome', async () => {
    const c = await open(wsUrl());
    c.ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'test', clientVersion: '1' }));
    expect(await c.next()).toEqual({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      minor: PROTOCOL_MINOR,
      server: 'moneytrailz-bridge',
      serverVersion: '9.9.9',
      broker: 'none',
      bridgeTime: 1234,
    });
    c.ws.close();
  });

  it('refuses a newer major protocol (SERVER_TOO_OLD) and closes the socket', async () => {
    const c = await open(wsUrl());
    c.ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION + 1, client: 'future-app', clientVersion: '2' }));
    const msg = await c.next();
    expect(msg.type).toBe('error');
    expect(msg.code).toBe('SERVER_TOO_OLD');
    expect(msg.message).toContain(`bridge speaks protocol ${PROTOCOL_VERSION}`);
    expect(await c.closed).toBe(CLOSE_PROTOCOL_MISMATCH);
  });

  it('names the bad field of a malformed message and stays up', async () => {
    const c = await open(wsUrl());
    c.ws.send('not json');
    expect(await c.next()).toMatchObject({ code: 'BAD_MESSAGE', message: '$: not valid JSON' });
    c.ws.send(JSON.stringify({ type: 'hello', protocol: '1', client: 'x', clientVersion: '1' }));
    expect(await c.next()).toMatchObject({ code: 'BAD_MESSAGE', message: 'protocol: expected a number, got "1"' });
    c.ws.send(JSON.stringify({ type: 'order' }));
    expect(await c.next()).toMatchObject({ code: 'UNKNOWN_TYPE' });
    c.ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: 'x', clientVersion: '1' }));
    expect((await c.next()).type).toBe('welcome');
    c.ws.close();
  });

  it('serves the PWA over HTTP on the same port, refusing paths outside its folder', async () => {
    const res = await fetch(`http://127.0.0.1:${bridge.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const spa = await fetch(`http://127.0.0.1:${bridge.port}/some/route`);
    expect(spa.status).toBe(200);
    const escape = await fetch(`http://127.0.0.1:${bridge.port}/..%2f..%2fetc%2fpasswd`);
    expect([400, 404]).toContain(escape.status);
  });

  it('reports a taken port clearly', async () => {
    await expect(
      startBridge({ host: '127.0.0.1', port: bridge.port, staticDir: '.', serverVersion: '0', broker: 'none' }),
    ).rejects.toThrow(`port ${bridge.port} on 127.0.0.1 is already in use`);
  });
});
