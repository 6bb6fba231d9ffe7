// T34 (wheel-rules.md §3.2): the TWS connection's start-up retry limit (thetagang's watchdog.maxStartupRetries,
// our [tws] max_startup_retries) over real TCP: N attempts in a row that never got ready → stopped with "after N
// attempts"; fewer, then a connection → ready; 0 → no limit; a drop after a ready connection does not count, and
// getting ready resets the count. A gate in front of the simulator refuses or passes each connection as scripted.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { TwsConnection } from '../../bridge/ib/tws-connection.ts';
import { OrderIdStore } from '../../bridge/journal/order-id-store.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { ROOT } from '../support/source-rules.ts';
import { closedPort, startTestConnection } from '../support/tws-connection.ts';

/** A TCP gate: each connection, in order, is closed at once ('refuse') or piped to the simulator ('pass'). */
interface Gate {
  readonly port: number;
  /** What happened to each connection so far. */
  readonly seen: ('refuse' | 'pass')[];
  /** Drops every piped connection (a connection lost after it was ready). */
  dropAll(): void;
  close(): Promise<void>;
}

async function startGate(target: number, script: readonly ('refuse' | 'pass')[], after: 'refuse' | 'pass'): Promise<Gate> {
  const seen: ('refuse' | 'pass')[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const what = script[seen.length] ?? after;
    seen.push(what);
    if (what === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    seen,
    dropAll: () => {
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

let sim: RunningSimulator;
const gates: Gate[] = [];
const gate = async (script: readonly ('refuse' | 'pass')[], after: 'refuse' | 'pass') => {
  const g = await startGate(sim.port, script, after);
  gates.push(g);
  return g;
};

beforeEach(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00', nextValidId: 100 });
});
afterEach(async () => {
  await Promise.all(gates.splice(0).map((g) => g.close()));
  await sim.close();
});

const fast = { backoff: { initialMs: 10, maxMs: 20 } };

describe('T34: the start-up retry limit', () => {
  it('T34: maxStartupRetries 3 and three attempts that never connect → stopped, "after 3 attempts"; no fourth attempt', async () => {
    const port = await closedPort();
    const rec = await startTestConnection({ port, maxStartupRetries: 3, ...fast });
    const stopped = await rec.waitState('stopped');
    expect(stopped.reason).toMatch(new RegExp(`^failed to connect to 127\\.0\\.0\\.1:${port} after 3 attempts \\(the start-up retry limit\\); the last: `));
    await expect(rec.conn.whenReady(1000)).rejects.toThrow(/^TWS connection stopped: failed to connect to .* after 3 attempts/);
    await new Promise((r) => setTimeout(r, 150)); // backoff is 10–20 ms: a fourth attempt would have started
    expect(rec.states.filter((s) => s.state === 'connecting')).toHaveLength(3);
    expect(rec.states.filter((s) => s.state === 'disconnected')).toHaveLength(2);
    expect(rec.conn.state).toBe('stopped');
  });

  it('T34: two failures, then a connection → ready (below the limit of 3)', async () => {
    const g = await gate(['refuse', 'refuse'], 'pass');
    const rec = await startTestConnection({ port: g.port, maxStartupRetries: 3, ...fast });
    const ready = await rec.conn.whenReady(5000);
    expect(ready.nextValidId).toBe(100);
    expect(g.seen).toEqual(['refuse', 'refuse', 'pass']);
    expect(rec.states.filter((s) => s.state === 'disconnected').map((s) => s.reason)).toEqual(['the connection closed', 'the connection closed']);
    expect(rec.states.some((s) => s.state === 'stopped')).toBe(false);
  });

  it('T34: 0 → unlimited: ten refused attempts and it keeps trying; the default (absent) too', async () => {
    const port = await closedPort();
    for (const options of [{ maxStartupRetries: 0 }, {}]) {
      const rec = await startTestConnection({ port, ...options, ...fast });
      for (let n = 0; n < 10; n++) await rec.waitState('disconnected');
      expect(rec.states.some((s) => s.state === 'stopped')).toBe(false);
      expect(rec.conn.state).not.toBe('stopped');
      await rec.conn.stop();
    }
  });

  it('T34: a drop after a ready connection does not count: limit 2, ready, drop, one failed attempt, ready again', async () => {
    const g = await gate(['pass', 'refuse'], 'pass');
    const rec = await startTestConnection({ port: g.port, maxStartupRetries: 2, ...fast });
    const first = await rec.conn.whenReady(5000);
    const from = rec.states.length;
    g.dropAll();
    const again = await rec.waitState('ready', () => true, 5000, from);
    expect(again.state).toBe('ready');
    expect(rec.conn.readyInfo()?.session).toBeGreaterThan(first.session);
    expect(g.seen).toEqual(['pass', 'refuse', 'pass']);
    expect(rec.states.some((s) => s.state === 'stopped')).toBe(false);
  });

  it('T34: …but the failed attempts after it do, and still trip the limit: ready, drop, two refused → "after 2 attempts"', async () => {
    const g = await gate(['pass'], 'refuse');
    const rec = await startTestConnection({ port: g.port, maxStartupRetries: 2, ...fast });
    await rec.conn.whenReady(5000);
    g.dropAll();
    const stopped = await rec.waitState('stopped');
    expect(stopped.reason).toMatch(/after 2 attempts \(the start-up retry limit\); the last: the connection closed$/);
    expect(g.seen).toEqual(['pass', 'refuse', 'refuse']);
  });

  it('T34: getting ready resets the count: limit 2, refused, ready, drop, refused, ready (never two in a row)', async () => {
    const g = await gate(['refuse', 'pass', 'refuse', 'pass'], 'refuse');
    const rec = await startTestConnection({ port: g.port, maxStartupRetries: 2, ...fast });
    await rec.conn.whenReady(5000);
    const from = rec.states.length;
    g.dropAll();
    await rec.waitState('ready', () => true, 5000, from);
    expect(g.seen).toEqual(['refuse', 'pass', 'refuse', 'pass']);
    expect(rec.states.some((s) => s.state === 'stopped')).toBe(false);
  });

  it('refuses a limit that is not a whole number >= 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tws-retries-'));
    try {
      const orderIds = await OrderIdStore.open(dir);
      for (const bad of [-1, 1.5, Number.NaN]) {
        expect(() => new TwsConnection({ host: '127.0.0.1', port: 7497, clientId: 1, orderIds, maxStartupRetries: bad })).toThrow(
          /^maxStartupRetries: expected a whole number >= 0 \(0 = no limit\), got /,
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('T34: [tws] max_startup_retries in npm run bridge', () => {
  it('T34: exits 1 after max_startup_retries attempts that never connected, naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bridge-retries-'));
    try {
      const port = await closedPort();
      const file = join(dir, 'tws.toml');
      await writeFile(file, `[tws]\nsimulator = false\nhost = "127.0.0.1"\nport = ${port}\nmax_startup_retries = 2\n`);
      const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
      const args = ['--import', loader, join(ROOT, 'bridge', 'cli', 'bridge.ts'), '--config', file, '--state-dir', join(dir, 'state')];
      const child = spawn(process.execPath, args, {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (out += d));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code, out).toBe(1);
      expect(out).toMatch(new RegExp(`\\nerror: failed to connect to 127\\.0\\.0\\.1:${port} after 2 attempts \\(the start-up retry limit\\)`));
      expect(out.match(/^\S+ connecting +connecting to /gm), out).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
