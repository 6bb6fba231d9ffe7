// The bridge's start-up reads its keys of moneytrailz.toml or refuses them: a key for what it cannot
// do yet (the live account, the TWS connection) stops it with file:line: key: problem, and nothing starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/source-rules.ts';

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

  it('refuses simulator = false instead of running without a broker', async () => {
    const r = await start('[tws]\nsimulator = false\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${r.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: tws\\.simulator: false asks for a TWS / IB Gateway connection`));
  });
});
