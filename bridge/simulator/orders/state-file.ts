// The paper broker's state on disk: one JSON file in the state directory, written atomically and
// durably — a temporary file in the same directory is written and fsync'd, renamed over the old one,
// and the directory is fsync'd — so a crash (even `kill -9` or a power cut) leaves either the old or
// the new file, never half of one, and a commit that returned is on disk. Changes mark the state
// dirty; commit() writes it synchronously. The server calls commit() before any reply leaves (a
// send barrier, server/state.ts), so a fill or a used order id is on disk before any client is told
// (ib-protocol.md §6 "Durability"); a timer commits changes no reply follows.

import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const STATE_FILE = 'paper-broker.json';

export class StateFile<T> {
  readonly path: string;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private serial = 0;

  constructor(
    readonly dir: string,
    private readonly snapshot: () => T,
    private readonly delayMs = 25,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, STATE_FILE);
  }

  /** The saved state, or undefined when there is none yet. A corrupt file is an error (never silently dropped). */
  load(): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new Error(`paper broker state ${this.path} is not valid JSON: ${(err as Error).message}`);
    }
  }

  /** True while a change is not on disk yet. */
  get pending(): boolean {
    return this.dirty;
  }

  /** Records a change; it is committed before the next reply is sent, or within `delayMs`. */
  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.commit();
      } catch (err) {
        this.onError(err);
      }
    }, this.delayMs);
    this.timer.unref();
  }

  /** Writes the state durably if it changed since the last commit. Throws when the write fails (the state stays dirty). */
  commit(): void {
    if (!this.dirty) return;
    this.writeSync();
  }

  /** Commits anything still dirty (close, tests). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.commit();
  }

  /** temp file → write → fsync → rename → fsync(directory). */
  writeSync(): void {
    const text = JSON.stringify(this.snapshot());
    const tmp = `${this.path}.${process.pid}.${++this.serial}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch {
        // best effort: a leftover .tmp file is never read
      }
      throw err;
    }
    closeSync(fd);
    renameSync(tmp, this.path);
    syncDirectory(this.dir);
    this.dirty = false;
  }
}

/** fsync of a directory makes a rename in it durable (Linux, macOS); platforms that cannot open a directory skip it. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return; // Windows
    throw err;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
