// The paper broker's state on disk: one JSON file in the state directory, written atomically (a
// temporary file in the same directory, then rename over the old one), so a crash leaves either the
// old or the new file, never half of one. Writes are coalesced: changes mark the state dirty and a
// write follows within `delayMs` (one write for a burst of fills); close() writes synchronously.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STATE_FILE = 'paper-broker.json';

export class StateFile<T> {
  readonly path: string;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
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

  /** Schedules a write of the current state. */
  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.writeAsync()).catch(this.onError);
    }, this.delayMs);
    this.timer.unref();
  }

  /** Waits for scheduled writes and writes anything still dirty, synchronously. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (this.dirty) this.writeSync();
  }

  private tempPath(): string {
    return `${this.path}.${process.pid}.${++this.serial}.tmp`;
  }

  private async writeAsync(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = this.tempPath();
    await writeFile(tmp, JSON.stringify(this.snapshot()));
    await rename(tmp, this.path);
  }

  writeSync(): void {
    this.dirty = false;
    const tmp = this.tempPath();
    writeFileSync(tmp, JSON.stringify(this.snapshot()));
    renameSync(tmp, this.path);
  }
}
