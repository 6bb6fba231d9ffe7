// Who may use the bridge (docs/bridge-security.md §1–§3), over real sockets: Origin and Host
// checks on loopback, token mode (a non-loopback bind, or requireToken on 127.0.0.1), the token
// file, pairing codes, and that the token never reaches a log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { startBridge, type BridgeOptions, type RunningBridge } from '../../bridge/server.ts';
import { loadOrCreateAccessToken } from '../../bridge/security/access-token.ts';
import { helloRoundTrip, openAppClient } from '../support/bridge-ws-client.ts';
import { httpStatusOf, rawConnect, upgradeRequest } from '../support/ws-raw.ts';
import { startAndWaitForUrl } from '../support/start-process.ts';

let staticDir: string;
let stateDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'mt-sec-static-'));
  stateDir = await mkdtemp(join(tmpdir(), 'mt-sec-state-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
});

function start(extra: Partial<BridgeOptions> = {}, logs: string[] = []): Promise<RunningBridge> {
  return startBridge({ host: '127.0.0.1', port: 0, staticDir, serverVersion: '1', broker: 'none', log: (l) => logs.push(l), ...extra });
}

/** The HTTP status a raw upgrade request gets (101 when accepted). */
async function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  const c = await rawConnect(port, upgradeRequest(port, headers));
  const deadline = Date.now() + 3000;
  while (httpStatusOf(c.received()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  c.socket.destroy();
  return httpStatusOf(c.received());
}

async function refusedStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
  return 101;
}

describe('loopback mode (the default): Origin and Host', () => {
  let bridge: RunningBridge;
  beforeAll(async () => {
    bridge = await start();
  });
  afterAll(() => bridge.close());
  const ws = () => `ws://127.0.0.1:${bridge.port}/ws`;

  it('needs no token and accepts the bridge’s own origin, or no Origin from this machine', async () => {
    expect(bridge.tokenRequired).toBe(false);
    expect(bridge.pairingCode).toBeNull();
    expect((await helloRoundTrip(ws(), [], { origin: `http://127.0.0.1:${bridge.port}` })).type).toBe('welcome');
    expect((await helloRoundTrip(ws())).type).toBe('welcome');
    expect((await helloRoundTrip(`ws://localhost:${bridge.port}/ws`, [], { origin: `http://localhost:${bridge.port}` })).type).toBe('welcome');
  });

  it('refuses a foreign Origin with 403 before the hello', async () => {
    for (const origin of ['https://evil.example', `http://127.0.0.1:${bridge.port + 1}`, `http://localhost:${bridge.port}`, 'null', 'file://']) {
      expect(await refusedStatus(openAppClient(ws(), [], { origin })), origin).toBe(403);
    }
    expect(bridge.wss.clients.size).toBe(0);
  });

  it('refuses a Host that is not this bridge (DNS rebinding) on the WebSocket and on HTTP', async () => {
    expect(await upgradeStatus(bridge.port, { Host: `rebind.example:${bridge.port}`, Origin: `http://rebind.example:${bridge.port}` })).toBe(403);
    const c = await rawConnect(bridge.port, `GET / HTTP/1.1\r\nHost: rebind.example:${bridge.port}\r\n\r\n`);
    await c.closedWithin(2000);
    expect(httpStatusOf(c.received())).toBe(403);
    expect(await upgradeStatus(bridge.port, { Host: `192.0.2.99:${bridge.port}` })).toBe(403);
  });

  it('has no pairing endpoint; /pair/status tells the app no token is needed', async () => {
    const res = await fetch(`${bridge.url}pair`, { method: 'POST', body: '{"code":"000000"}' });
    expect(res.status).toBe(405);
    const st = await fetch(`${bridge.url}pair/status`);
    expect(st.status).toBe(200);
    expect(await st.json()).toEqual({ tokenRequired: false });
  });
});

describe('token mode', () => {
  const logs: string[] = [];
  let bridge: RunningBridge;
  let tokenFile: string;
  let token: string;
  const codes: string[] = [];
  let now = 1_000_000;
  beforeAll(async () => {
    tokenFile = join(stateDir, 'token-mode', 'access-token');
    bridge = await start({ requireToken: true, tokenFile, pairing: { now: () => now, attemptsPerMinute: 1000 }, onPairingCode: (c) => codes.push(c.code) }, logs);
    token = (await readFile(tokenFile, 'utf8')).trim();
  });
  afterAll(() => bridge.close());
  const ws = () => `ws://127.0.0.1:${bridge.port}/ws`;

  it('creates a 256-bit token readable only by the user, and keeps it across restarts', async () => {
    expect(bridge.tokenRequired).toBe(true);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateAccessToken(tokenFile)).matches(token)).toBe(true);
  });

  it('refuses a client without the token or with a wrong one (401), also on loopback', async () => {
    expect(await refusedStatus(openAppClient(ws()))).toBe(401);
    expect(await refusedStatus(openAppClient(ws(), [], { headers: { Authorization: `Bearer ${'0'.repeat(64)}` } }))).toBe(401);
    expect(await refusedStatus(openAppClient(ws(), ['moneytrailz', `bearer.${token.slice(1)}`]))).toBe(401);
    // A foreign origin is refused even with the right token.
    expect(await refusedStatus(openAppClient(ws(), [], { origin: 'https://evil.example', headers: { Authorization: `Bearer ${token}` } }))).toBe(403);
    expect(bridge.wss.clients.size).toBe(0);
  });

  it('accepts the token as a Bearer header or as the bearer.<token> subprotocol a browser can send', async () => {
    expect((await helloRoundTrip(ws(), [], { headers: { Authorization: `Bearer ${token}` } })).type).toBe('welcome');
    const c = await openAppClient(ws(), ['moneytrailz', `bearer.${token}`], { origin: `http://127.0.0.1:${bridge.port}` });
    expect(c.ws.protocol).toBe('moneytrailz'); // the token is never echoed back
    c.ws.close();
    await c.closed;
  });

  it('pairs a device: the code shown on the console is exchanged for the token', async () => {
    const code = bridge.pairingCode!.code;
    expect(code).toMatch(/^\d{6}$/);
    const res = await fetch(`${bridge.url}pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const paired = (await res.json()) as { token: string };
    expect(paired.token).toBe(token);
    expect((await helloRoundTrip(ws(), ['moneytrailz', `bearer.${paired.token}`])).type).toBe('welcome');
  });

  it('GET /pair/status says a token is required, the same with a right, a wrong or no token', async () => {
    const get = (headers: Record<string, string> = {}) => fetch(`${bridge.url}pair/status`, { headers });
    const variants: Record<string, string>[] = [{}, { Authorization: `Bearer ${token}` }, { Authorization: `Bearer ${'0'.repeat(64)}` }, { Origin: `http://127.0.0.1:${bridge.port}` }];
    for (const headers of variants) {
      const res = await get(headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toBe('{"tokenRequired":true}');
    }
    expect((await get({ Origin: 'https://evil.example' })).status).toBe(403);
    expect((await fetch(`${bridge.url}pair/status`, { method: 'POST' })).status).toBe(405);
  });

  it('answers malformed, wrong and foreign-origin pairing requests without giving the token', async () => {
    const post = (body: string, headers: Record<string, string> = {}) => fetch(`${bridge.url}pair`, { method: 'POST', body, headers });
    const malformed = await post('{"code":12}');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { reason: string }).reason).toBe('malformed');
    expect((await post('not json')).status).toBe(400);
    expect((await post('x'.repeat(5000))).status).toBe(400);
    expect((await post('{"code":"123456"}', { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await fetch(`${bridge.url}pair`)).status).toBe(405);
  });

  it('burns a code after five wrong attempts; a paired device asks for a new one; codes expire', async () => {
    const fresh = await fetch(`${bridge.url}pair/new`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(fresh.status).toBe(200);
    const { code } = (await fresh.json()) as { code: string };
    expect(codes).toContain(code); // shown on the console
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const post = (c: string) => fetch(`${bridge.url}pair`, { method: 'POST', body: JSON.stringify({ code: c }) });
    const reasonOf = async (res: Response) => ((await res.json()) as { reason: string }).reason;
    for (let i = 0; i < 4; i++) {
      const res = await post(wrong);
      expect(res.status).toBe(403);
      expect(await reasonOf(res)).toBe('wrong-code');
    }
    const fifth = await post(wrong);
    expect(fifth.status).toBe(403);
    const fifthBody = (await fifth.json()) as { error: string; reason: string };
    expect(fifthBody.error).toContain('void');
    expect(fifthBody.reason).toBe('code-void');
    expect((await post(code)).status).toBe(403); // the right code no longer works
    expect((await fetch(`${bridge.url}pair/new`, { method: 'POST' })).status).toBe(401);

    const next = (await (await fetch(`${bridge.url}pair/new`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).json()) as { code: string };
    now += 5 * 60_000;
    const expired = await post(next.code);
    expect(expired.status).toBe(403); // expired
    expect(await reasonOf(expired)).toBe('no-code');
  });

  it('never writes the token to a log line, and the token object does not print it', async () => {
    for (const line of logs) expect(line).not.toContain(token);
    const object = await loadOrCreateAccessToken(tokenFile);
    for (const printed of [inspect(object), JSON.stringify({ object }), String(object), `${object}`]) expect(printed).not.toContain(token);
  });
});

describe('non-loopback bind', () => {
  it('turns token mode on by itself: refused without the token, works with it', async () => {
    const tokenFile = join(stateDir, 'lan', 'access-token');
    const bridge = await start({ host: '0.0.0.0', tokenFile });
    try {
      expect(bridge.tokenRequired).toBe(true);
      expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
      const ws = `ws://127.0.0.1:${bridge.port}/ws`;
      expect(await refusedStatus(openAppClient(ws))).toBe(401);
      const token = (await readFile(tokenFile, 'utf8')).trim();
      expect((await helloRoundTrip(ws, [], { headers: { Authorization: `Bearer ${token}` } })).type).toBe('welcome');
    } finally {
      await bridge.close();
    }
  });

  it('refuses to start with a token file others can read', async () => {
    const tokenFile = join(stateDir, 'open-token');
    await writeFile(tokenFile, `${'a'.repeat(64)}\n`);
    await chmod(tokenFile, 0o644);
    await expect(start({ host: '0.0.0.0', tokenFile })).rejects.toThrow(/readable by other users.*chmod 600/);
    await writeFile(join(stateDir, 'bad-token'), 'secret', { mode: 0o600 });
    await expect(start({ host: '0.0.0.0', tokenFile: join(stateDir, 'bad-token') })).rejects.toThrow(/not an access token/);
  });
});

describe('pairing rate limit', () => {
  it('answers 429 with Retry-After once the attempts per minute are used', async () => {
    const bridge = await start({ requireToken: true, tokenFile: join(stateDir, 'rate', 'access-token'), pairing: { attemptsPerMinute: 3 } });
    try {
      const post = () => fetch(`${bridge.url}pair`, { method: 'POST', body: '{"code":"not-a-code"}' });
      for (let i = 0; i < 3; i++) expect((await post()).status).toBe(400);
      const limited = await post();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // The right code is refused too while limited: guessing cannot go faster.
      const right = await fetch(`${bridge.url}pair`, { method: 'POST', body: JSON.stringify({ code: bridge.pairingCode!.code }) });
      expect(right.status).toBe(429);
    } finally {
      await bridge.close();
    }
  });
});

describe('npm start -- --require-token (a real process)', () => {
  it('prints a pairing code that pairs a device, and never prints the token', async () => {
    const tokenFile = join(stateDir, 'process', 'access-token');
    const app = await startAndWaitForUrl(
      process.execPath,
      ['--import', 'tsx', 'bridge/main.ts', '--port', '0', '--no-simulator', '--require-token', '--static', staticDir],
      { MONEYTRAILZ_TOKEN_FILE: tokenFile },
      /MoneyTrailz is running: (http:\/\/\S+)/,
      60_000,
    );
    try {
      await new Promise((r) => setTimeout(r, 100)); // the rest of the banner
      const code = /pairing code: (\d{6})/.exec(app.output())?.[1];
      expect(code, app.output()).toBeDefined();
      const ws = `${app.url.replace(/^http/, 'ws')}ws`;
      expect(await refusedStatus(openAppClient(ws))).toBe(401);
      const res = await fetch(`${app.url}pair`, { method: 'POST', body: JSON.stringify({ code }) });
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      expect(token).toBe((await readFile(tokenFile, 'utf8')).trim());
      expect((await helloRoundTrip(ws, ['moneytrailz', `bearer.${token}`])).type).toBe('welcome');
      expect(app.output()).not.toContain(token);
    } finally {
      await app.interrupt();
    }
    expect(app.output()).not.toContain((await readFile(tokenFile, 'utf8')).trim());
  }, 70_000);
});
