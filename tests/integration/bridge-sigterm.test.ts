// The bridge as a real process (`node --import tsx bridge/main.ts`): malformed WebSocket frames do
// not end it, and SIGTERM under load (clients flooding messages, clients that do not read, half-sent
// HTTP requests, upgrades without a hello) exits cleanly within seconds and frees the port
// (docs/bridge-security.md §4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupGone, startAndWaitForUrl, type StartedProcess } from '../support/start-process.ts';
import { helloMessage, helloRoundTrip, openAppClient, type TestAppClient } from '../support/bridge-ws-client.ts';
import { rawConnect, rawWebSocket, textFrame, wsFrame, type RawConnection } from '../support/ws-raw.ts';

let app: StartedProcess;
let port: number;

function portIsFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('bridge process', () => {
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mt-sigterm-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    app = await startAndWaitForUrl(
      process.execPath,
      ['--import', 'tsx', 'bridge/main.ts', '--port', '0', '--no-simulator', '--static', dir],
      {},
      /MoneyTrailz is running: (http:\/\/\S+)/,
      60_000,
    );
    port = Number(new URL(app.url).port);
  }, 70_000);
  afterAll(() => {
    if (app && !groupGone(app.child.pid!)) process.kill(-app.child.pid!, 'SIGKILL');
  });

  it('survives malformed frames on several sockets and still completes a hello', async () => {
    const attacks = [
      wsFrame({ opcode: 3, payload: Buffer.from('x') }),
      wsFrame({ opcode: 1, payload: Buffer.from([0xc0, 0xaf]) }),
      wsFrame({ opcode: 1, payload: Buffer.from('{}'), mask: false }),
      wsFrame({ opcode: 2, declaredLength: 1n << 40n }),
      wsFrame({ opcode: 8, payload: Buffer.from([0x03, 0xed]) }),
    ];
    for (const bytes of attacks) {
      const c = await rawWebSocket(port);
      c.socket.write(bytes);
      await c.closedWithin(2000);
      c.socket.destroy();
    }
    expect(app.child.exitCode, app.output()).toBeNull();
    expect((await helloRoundTrip(`ws://127.0.0.1:${port}/ws`)).type).toBe('welcome');
  });

  it('exits with 0 within 3 s of SIGTERM under load, and frees the port', async () => {
    const url = `ws://127.0.0.1:${port}/ws`;
    const flooding: TestAppClient[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await openAppClient(url);
      c.ws.send(helloMessage(`load-${i}`));
      flooding.push(c);
    }
    const idle: RawConnection[] = [];
    for (let i = 0; i < 5; i++) {
      const reader = await rawWebSocket(port);
      reader.socket.write(textFrame(helloMessage('not-reading')));
      reader.socket.pause();
      reader.socket.write(Buffer.concat(Array.from({ length: 2000 }, () => textFrame('x'))));
      idle.push(reader);
      idle.push(await rawConnect(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Half`));
      idle.push(await rawWebSocket(port)); // upgraded, no hello
    }
    let stop = false;
    const flood = (async () => {
      while (!stop) {
        // ~600 messages a second per client: under the per-client rate limit, so they stay connected.
        for (const c of flooding) if (c.ws.readyState === c.ws.OPEN) for (let k = 0; k < 3; k++) c.ws.send('{"type":"load"}');
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    expect(app.child.exitCode, app.output()).toBeNull();
    expect(flooding.filter((c) => c.ws.readyState === c.ws.OPEN).length, 'flooding clients still connected').toBe(flooding.length);

    const exited = new Promise<number | null>((r) => app.child.once('exit', (code) => r(code)));
    const sent = Date.now();
    process.kill(app.child.pid!, 'SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000))]);
    const tookMs = Date.now() - sent;
    stop = true;
    await flood;
    for (const c of idle) c.socket.destroy();
    for (const c of flooding) c.ws.terminate();
    expect(code, `exit after SIGTERM (${tookMs} ms); output:\n${app.output()}`).toBe(0);
    expect(app.output()).toContain('SIGTERM: stopping');
    expect(await portIsFree(port)).toBe(true);
  }, 30_000);
});
