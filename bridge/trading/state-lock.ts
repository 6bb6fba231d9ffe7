// One process per state folder (docs/bridge.md §5): the order path's journal, order ids, leases and
// kill switch belong to one bridge or paper run at a time — two writers would interleave journal
// lines and hand out the same order ids. `lockStateFolder` creates `<dir>/lock` exclusively with this
// process's pid; a lock whose process is gone (a crash, kill -9) is stale and taken over; a live one
// refuses with the folder and the pid. `release()` removes it (only if it is still ours).
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface StateLock {
  readonly path: string;
  release(): Promise<void>;
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function createExclusive(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'wx');
    try {
      await fh.writeFile(`${process.pid}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Takes the folder's lock or throws naming the process that holds it. */
export async function lockStateFolder(dir: string): Promise<StateLock> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createExclusive(path)) {
      return {
        path,
        async release() {
          const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
          if (holder === process.pid) await rm(path, { force: true });
        },
      };
    }
    const text = await readFile(path, 'utf8').catch(() => '');
    const pid = Number(text.trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      throw new Error(`${dir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ''} (another bridge or paper run): stop it first, or use another state folder`);
    }
    await rm(path, { force: true }); // stale: its process is gone (or the file is unreadable); try again
  }
  throw new Error(`${dir}: could not take the lock ${path} (it keeps being recreated)`);
}
