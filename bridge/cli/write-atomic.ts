// Writes a file under a temporary name in the same folder, then renames it: a reader (or a crash)
// never sees a partial file. `checkOutputPaths` runs first, before any work: a run never ends by failing
// to write what it computed.
import { constants } from 'node:fs';
import { access, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OptionError } from './args.ts';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.floor(performance.now())}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** The problem that keeps `path` from being written as a file (its folder missing, not a folder or read-only; the path a folder), or null. */
export async function outputPathProblem(path: string): Promise<string | null> {
  if (path === '') return 'the path is empty: give a file name';
  if (/[/\\]$/.test(path)) return 'the path ends with a separator, so it names a directory: give a file name';
  const self = await stat(path).catch(() => undefined);
  if (self?.isDirectory()) return `${path} is a directory: give a file name inside it`;
  const dir = dirname(path);
  let folder;
  try {
    folder = await stat(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `directory ${dir} does not exist (create it first, or choose another folder)`;
    if (code === 'ENOTDIR') return `${dir} is not a directory (a part of it is a file)`;
    return `cannot read directory ${dir} (${code ?? String(err)})`;
  }
  if (!folder.isDirectory()) return `${dir} is not a directory`;
  try {
    await access(dir, constants.W_OK);
  } catch {
    return `directory ${dir} is not writable`;
  }
  return null;
}

/**
 * Checks every output path before the work starts: `[option, path]` pairs (an undefined path — the
 * option not given — is skipped). @throws OptionError `--<option> <path>: <problem>` for the first bad one.
 */
export async function checkOutputPaths(paths: readonly (readonly [option: string, path: string | undefined])[]): Promise<void> {
  for (const [option, path] of paths) {
    if (path === undefined) continue;
    const problem = await outputPathProblem(path);
    if (problem !== null) throw new OptionError(`--${option} ${path}: ${problem}`);
  }
}
