// The PWA's bridge socket (app/bridge-client/socket.ts) against the real bridge: it says hello with
// the current protocol and shows "connected" on the welcome; a bridge that finds it too old makes it
// show why instead of reconnecting forever. Node has no WebSocket global before v22: `ws`'s
// WebSocket (the same onopen / onmessage / onclose interface) stands in for the browser's.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startBridge, type RunningBridge } from '../../bridge/server.ts';
import { connectBridge } from '../../app/bridge-client/socket.ts';
import * as version from '../../shared/protocol/version.ts';

let bridge: RunningBridge;

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const dir = await mkdtemp(join(tmpdir(), 'mt-pwa-socket-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startBridge({ host: '127.0.0.1', port: 0, staticDir: dir, serverVersion: '4.5.6', broker: 'none', log: () => {} });
});
afterAll(async () => {
  await bridge?.close();
});

describe('the PWA bridge socket', () => {
  it('connects: hello → welcome shows the bridge version and broker', async () => {
    const conn = connectBridge(`ws://127.0.0.1:${bridge.port}/ws`, '0.1.0');
    await vi.waitFor(() => expect(conn.status()).toEqual({ state: 'connected', serverVersion: '4.5.6', broker: 'none' }), { timeout: 5000 });
    conn.close();
  });

  it('a bridge that finds the app too old: the app shows why and stops retrying', async () => {
    const spy = vi.spyOn(version, 'PROTOCOL_VERSION', 'get').mockReturnValue((version.MIN_CLIENT_PROTOCOL - 1) as typeof version.PROTOCOL_VERSION);
    try {
      const conn = connectBridge(`ws://127.0.0.1:${bridge.port}/ws`, '0.0.1');
      await vi.waitFor(() => expect(conn.status()).toMatchObject({ state: 'incompatible', message: expect.stringMatching(/reload the app/) }), { timeout: 5000 });
      conn.close();
    } finally {
      spy.mockRestore();
    }
  });
});
