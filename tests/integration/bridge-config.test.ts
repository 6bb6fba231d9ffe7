// The bridge's start-up reads its keys of moneytrailz.toml or refuses them: a key for what it cannot
// do yet (the live account) or would ignore (tws.host with the embedded simulator) stops it with
// file:line: key: problem, and nothing starts; simulator = false connects to TWS at [tws] host:port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/source-rules.ts';
import { startAndWaitForUrl } from '../support/start-process.ts';
import { closedPort } from '../support/tws-connection.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-config-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(toml: string): Promise<{ status: number | null; stderr: string; stdout: string; file: string }> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.toml`);
  await writeFile(file, toml);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--config', file, '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, file };
}

describe('bridge start-up and its configuration keys', () => {
  it('refuses a live-account key, naming the file, line and key; nothing is served', async () => {
    const r = await start('[bridge]\nport = 4180\n\n[account]\nnumber = "DU123"\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`error: ${r.file}:5: account.number: is for live trading through TWS / IB Gateway, which the bridge cannot do yet (it runs on the embedded simulator): remove it (or comment it out) to start`);
    expect(r.stdout).not.toMatch(/running/);
  });

  it('refuses tws.host with the embedded simulator (it listens on 127.0.0.1), naming the line', async () => {
    const r = await start('[tws]\nsimulator = true\nhost = "10.0.0.2"\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`error: ${r.file}:3: tws.host: is TWS / IB Gateway's address, used only with simulator = false (the embedded simulator listens on 127.0.0.1): remove it, or set simulator = false to connect to TWS`);
  });

  it('simulator = false connects to TWS at [tws] host:port with client_id, and keeps retrying while nothing listens', async () => {
    const port = await closedPort();
    const file = join(dir, 'tws.toml');
    await writeFile(file, `[tws]\nsimulator = false\nhost = "127.0.0.1"\nport = ${port}\nclient_id = 17\n`);
    const p = await startAndWaitForUrl(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--config', file, '--port', '0'], { MONEYTRAILZ_STATE_DIR: join(dir, 'state') }, /MoneyTrailz is running: (\S+)/, 60_000);
    expect(p.output()).toContain(`TWS connection: disconnected · 127.0.0.1:${port} as client id 17`);
    expect(p.output()).not.toMatch(/TWS API simulator/);
    expect((await p.interrupt()).code).toBe(0);
  });
});
