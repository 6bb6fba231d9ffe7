// `npm run bridge -- --tws host:port --client-id n` as a real child process against the simulator:
// it connects with exactly the host, port and client id it was given — a `.env` file in its working
// directory and IB_HOST / IB_PORT in its environment (the library's defaults) change nothing —
// prints state changes and notices, reads [tws] from --config, refuses bad flags, and exits 0 on
// SIGINT / SIGTERM. And `npm start`'s bridge (bridge/main.ts) connects to its embedded simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { ROOT } from '../support/source-rules.ts';
import { startAndWaitForUrl } from '../support/start-process.ts';
import { closedPort } from '../support/tws-connection.ts';

let sim: RunningSimulator;
let dir: string;
let wrongPort: number;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T10:00', nextValidId: 100 });
  dir = await mkdtemp(join(tmpdir(), 'bridge-cli-'));
  wrongPort = await closedPort();
  // What @stoqey/ib would read without explicit options: a .env beside the process, and the environment.
  await writeFile(join(dir, '.env'), `IB_HOST=192.0.2.1\nIB_PORT=${wrongPort}\nMAX_REQ_PER_SECOND=1\n`);
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

interface Cli {
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  signal(sig: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** The CLI in `dir` (not the repository), with the tsx loader by absolute URL. */
function runCli(args: string[]): Cli {
  const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(ROOT, 'bridge', 'cli', 'bridge.ts'), ...args], {
    cwd: dir,
    env: { ...process.env, IB_HOST: '192.0.2.1', IB_PORT: String(wrongPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d;
    for (const l of [...listeners]) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async signal(sig) {
      child.kill(sig);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

describe('npm run bridge', () => {
  it('connects to --tws with --client-id despite .env and IB_* defaults, prints states and notices, stops on SIGINT', async () => {
    const stateDir = join(dir, 'state-a');
    const cli = runCli(['--tws', `127.0.0.1:${sim.port}`, '--client-id', '17', '--state-dir', stateDir]);
    await cli.waitFor(/ready +nextValidId 100 · client id 17 · next order id 100/);
    expect(cli.output()).toMatch(new RegExp(`connecting +connecting to 127\\.0\\.0\\.1:${sim.port} as client id 17`));
    expect(cli.output()).toMatch(/notice +2104: Market data farm connection is OK/);
    expect(sim.clients().map((c) => c.clientId)).toEqual([17]);
    expect(JSON.parse(await readFile(join(stateDir, 'order-ids.json'), 'utf8')).nextId).toBe(100);

    sim.faults.connectivityLost();
    await cli.waitFor(/connectivity-lost +1100: /);
    sim.faults.connectivityRestored({ dataLost: true });
    await cli.waitFor(/resubscribe +1101: /);

    expect(await cli.signal('SIGINT')).toBe(0);
    expect(cli.output()).toMatch(/SIGINT: stopping\n.*stopped +stop\(\) was called/);
  });

  it('reads host, port and client_id from [tws] of --config; SIGTERM stops it', async () => {
    const file = join(dir, 'tws.toml');
    await writeFile(file, `[tws]\nsimulator = false\nhost = "127.0.0.1"\nport = ${sim.port}\nclient_id = 29\n`);
    const cli = runCli(['--config', file, '--state-dir', join(dir, 'state-b')]);
    await cli.waitFor(/ready .* client id 29 /);
    expect(await cli.signal('SIGTERM')).toBe(0);
  });

  it('refuses a bad --tws or --client-id with exit code 2, naming the flag', async () => {
    const a = runCli(['--tws', 'localhost']);
    expect(await a.exited).toBe(2);
    expect(a.output()).toMatch(/^error: --tws: expected host:port \(e\.g\. 127\.0\.0\.1:7497\), got "localhost"/);
    const b = runCli(['--tws', '127.0.0.1:7497', '--client-id', 'x']);
    expect(await b.exited).toBe(2);
    expect(b.output()).toMatch(/^error: --client-id: expected an integer in \[0, 2147483647\], got "x"/);
  });
});

describe('npm start (bridge/main.ts, without the build step)', () => {
  it('connects its TWS connection to the embedded simulator and shows the state in the banner; Ctrl-C stops both', async () => {
    const app = await startAndWaitForUrl(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--port', '0'], { MONEYTRAILZ_STATE_DIR: join(dir, 'npm-start-state') }, /MoneyTrailz is running: (\S+)/, 60_000);
    const sim = /TWS API simulator \(paper, sample data\): 127\.0\.0\.1:(\d+)/.exec(app.output());
    expect(sim, app.output()).not.toBeNull();
    expect(app.output()).toMatch(new RegExp(`  TWS connection: ready · 127\\.0\\.0\\.1:${sim![1]} as client id 1 · next order id \\d+\n`));
    const exit = await app.interrupt(); // at once: the handlers are installed before the banner
    expect(exit, app.output()).toEqual({ code: 0, signal: null });
    expect(app.output()).not.toMatch(/ALARM/);
  });
});
