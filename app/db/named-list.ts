// A list of named things the user keeps on this device (chart layouts, the lab's strategy instances),
// stored as one value in the settings table (exported and imported with the other user data): read
// once (entries that no longer check out are left out, never guessed at), saved under a checked name
// (the same name replaces), kept sorted by name and at most `max` long.
import { createSignal, type Accessor } from 'solid-js';
import type { MoneyTrailzDb } from './schema.ts';

export interface NamedList<T extends { readonly name: string }> {
  readonly list: Accessor<readonly T[]>;
  /** Saves `item` under its trimmed name (replacing one of that name); the problem as a sentence. */
  save(item: T): Promise<string | undefined>;
  remove(name: string): Promise<void>;
  /** Resolves once the stored list is read. */
  readonly ready: Promise<void>;
}

export interface NamedListOptions<T> {
  /** The settings key. */
  readonly key: string;
  /** What one is called in sentences, e.g. 'layout'. */
  readonly what: string;
  readonly max: number;
  /** Whether a stored value is a well-formed item. */
  readonly isItem: (v: unknown) => v is T;
}

/** Longest name. */
export const NAME_MAX = 40;

/** Why `name` cannot name a `what`, or undefined. */
export function nameProblem(name: string, what: string): string | undefined {
  const n = name.trim();
  if (n === '') return `give the ${what} a name`;
  if (n.length > NAME_MAX) return `a ${what}'s name has at most ${NAME_MAX} characters`;
  return undefined;
}

export function createNamedList<T extends { readonly name: string }>(db: MoneyTrailzDb, o: NamedListOptions<T>): NamedList<T> {
  const [list, setList] = createSignal<readonly T[]>([]);
  const ready = db.settings
    .get(o.key)
    .then((row) => {
      const v = row?.value;
      if (Array.isArray(v)) setList(v.filter(o.isItem).slice(0, o.max));
    })
    .catch(() => undefined);
  const store = async (next: readonly T[]) => {
    await db.settings.put({ key: o.key, value: structuredClone(next) });
    setList(next);
  };
  return {
    list,
    ready,
    async save(item) {
      const problem = nameProblem(item.name, o.what);
      if (problem) return problem;
      const name = item.name.trim();
      const others = list().filter((i) => i.name !== name);
      if (others.length >= o.max) return `at most ${o.max} ${o.what}s: delete one first`;
      await store([...others, { ...item, name }].sort((a, b) => a.name.localeCompare(b.name)));
      return undefined;
    },
    async remove(name) {
      await store(list().filter((i) => i.name !== name));
    },
  };
}
