// One process per state folder (bridge/trading/state-lock.ts): a live holder refuses a second taker
// with the folder and its pid; a lock left by a process that is gone (kill -9) is taken over;
// release removes only our own lock.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockStateFolder } from '../../../bridge/trading/state-lock.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function folder(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mt-lock-'));
  dirs.push(d);
  return d;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('the state folder lock', () => {
  it('refuses a second taker while the holder lives, naming the folder and the pid; free again after release', async () => {
    const dir = await folder();
    const lock = await lockStateFolder(dir);
    expect((await readFile(lock.path, 'utf8')).trim()).toBe(String(process.pid));
    await expect(lockStateFolder(dir)).rejects.toThrow(`${dir} is in use by process ${process.pid}`);
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
    const again = await lockStateFolder(dir);
    await again.release();
  });

  it('takes over a lock whose process is gone (a crash), and an unreadable one', async () => {
    for (const text of [`${deadPid()}\n`, 'garbage', '']) {
      const dir = await folder();
      await writeFile(join(dir, 'lock'), text);
      const lock = await lockStateFolder(dir);
      expect((await readFile(lock.path, 'utf8')).trim()).toBe(String(process.pid));
      await lock.release();
    }
  });

  it('release leaves a lock that is no longer ours', async () => {
    const dir = await folder();
    const lock = await lockStateFolder(dir);
    const other = deadPid();
    await writeFile(lock.path, `${other}\n`); // someone took it over after a (wrongly) presumed crash
    await lock.release();
    expect((await readFile(lock.path, 'utf8')).trim()).toBe(String(other));
  });
});
