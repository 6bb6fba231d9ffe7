// The armed strategy instances kept on disk (docs/bridge.md §6): the ids the user started, written
// durably (writeFileDurable: fsync before rename) before an arm or disarm is acknowledged, and read
// back at start so an armed instance runs again after a restart of the bridge. A file that cannot be
// read or does not hold a list of ids starts the bridge with nothing armed (fail closed: no runner
// starts on a guess) and `problem` says why, naming the file; no file means nothing was ever armed.
import { readFile } from 'node:fs/promises';
import { writeFileDurable } from '../journal/durable-file.ts';

/** What an instance id may look like (the app protocol's id rule: letters, digits, . _ : -). */
const ID = /^[A-Za-z0-9._:-]{1,100}$/;

export class ArmedFile {
  private writing: Promise<void> = Promise.resolve();
  private readonly ids: Set<string>;

  private constructor(
    readonly path: string,
    ids: Iterable<string>,
    /** Why the saved set was not used (the file is unreadable or malformed); undefined when it was. */
    readonly problem: string | undefined,
  ) {
    this.ids = new Set(ids);
  }

  /** The set saved at `path` (empty when there is none; empty with a problem when it cannot be read). */
  static async open(path: string): Promise<ArmedFile> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new ArmedFile(path, [], undefined);
      return new ArmedFile(path, [], `${path}: the armed strategies cannot be read (${(err as Error).message}); every instance is stopped — start them again`);
    }
    const ids = parseArmed(text);
    if (typeof ids === 'string') return new ArmedFile(path, [], `${path}: ${ids}; every instance is stopped — start them again (that rewrites the file)`);
    return new ArmedFile(path, ids, undefined);
  }

  /** The armed ids, in the order they were armed. */
  list(): readonly string[] {
    return [...this.ids];
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Arms or disarms `id`; resolves once the new set is durable (writes are chained, the last one wins). */
  set(id: string, armed: boolean): Promise<void> {
    if (!ID.test(id)) return Promise.reject(new Error(`not a strategy instance id: ${JSON.stringify(id.slice(0, 100))}`));
    if (armed) this.ids.add(id);
    else this.ids.delete(id);
    const text = `${JSON.stringify({ armed: [...this.ids] })}\n`;
    const next = this.writing.catch(() => undefined).then(() => writeFileDurable(this.path, text));
    this.writing = next;
    // Not durable: the set in memory goes back to what the file holds, and the caller refuses.
    return next.catch((err: unknown) => {
      if (armed) this.ids.delete(id);
      else this.ids.add(id);
      throw err;
    });
  }
}

/** The ids of `{"armed": [...]}`, or why the text is not that. */
export function parseArmed(text: string): string[] | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  const armed = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as { armed?: unknown }).armed : undefined;
  if (!Array.isArray(armed)) return 'expected {"armed": ["<instance id>", …]}';
  for (const [i, id] of armed.entries()) {
    if (typeof id !== 'string' || !ID.test(id)) return `armed[${i}]: expected an instance id (1–100 letters, digits, . _ : -), got ${JSON.stringify(id)?.slice(0, 60)}`;
  }
  return [...new Set(armed as string[])];
}
