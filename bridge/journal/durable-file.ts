// Small files that must survive a crash whole (docs/journal.md §4): written under a temporary name,
// fsync'd, renamed over the old file, and the directory fsync'd so the rename itself is on disk.
// A crash at any point leaves either the old file or the new one, never a mix and never nothing.
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

let serial = 0;

/** Writes `data` to `path` durably: it is on disk, under its name, when the promise resolves. */
export async function writeFileDurable(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${++serial}.tmp`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(path));
}

/** fsync of a directory (makes a create or rename durable). Windows cannot open directories: there it is a no-op. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
