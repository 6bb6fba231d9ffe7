// The user's strategy instances (issue 13, item 7): a named strategy with its parameters, capital and
// commission as typed in the lab's form, kept in IndexedDB (the settings table, 'lab.instances':
// exported and imported with the other user data) to be loaded into the form again. They are checked
// when they run, by the same rules as any form (lab-form-rules.ts in the worker).
import { createSignal, type Accessor } from 'solid-js';
import type { StrategyName } from '../../shared/config/strategy-params.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import { LAB_STRATEGIES } from './lab-config.ts';

export const LAB_INSTANCES_KEY = 'lab.instances';
export const LAB_INSTANCES_MAX = 50;
const NAME_MAX = 40;

export interface LabInstance {
  readonly name: string;
  readonly strategy: StrategyName;
  /** The parameter inputs as typed. */
  readonly params: Readonly<Record<string, string>>;
  readonly capital: string;
  readonly commission: string;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 200;

function isInstance(v: unknown): v is LabInstance {
  const i = v as LabInstance;
  return (
    typeof v === 'object' &&
    v !== null &&
    isText(i.name) &&
    (LAB_STRATEGIES as readonly string[]).includes(i.strategy) &&
    typeof i.params === 'object' &&
    i.params !== null &&
    Object.values(i.params).every(isText) &&
    isText(i.capital) &&
    isText(i.commission)
  );
}

/** Why `name` cannot name an instance, or undefined. */
export function instanceNameProblem(name: string): string | undefined {
  const n = name.trim();
  if (n === '') return 'give the instance a name';
  if (n.length > NAME_MAX) return `an instance's name has at most ${NAME_MAX} characters`;
  return undefined;
}

export interface LabInstances {
  readonly list: Accessor<readonly LabInstance[]>;
  /** Saves (or replaces) an instance under its name; the problem as a sentence. */
  save(instance: LabInstance): Promise<string | undefined>;
  remove(name: string): Promise<void>;
  readonly ready: Promise<void>;
}

export function createLabInstances(db: MoneyTrailzDb): LabInstances {
  const [list, setList] = createSignal<readonly LabInstance[]>([]);
  const ready = db.settings
    .get(LAB_INSTANCES_KEY)
    .then((row) => {
      const v = row?.value;
      // Instances of a strategy this build no longer offers are left out, never guessed at.
      if (Array.isArray(v)) setList(v.filter(isInstance).slice(0, LAB_INSTANCES_MAX));
    })
    .catch(() => undefined);
  const store = async (next: readonly LabInstance[]) => {
    await db.settings.put({ key: LAB_INSTANCES_KEY, value: next.map((i) => ({ ...i, params: { ...i.params } })) });
    setList(next);
  };
  return {
    list,
    ready,
    async save(instance) {
      const problem = instanceNameProblem(instance.name);
      if (problem) return problem;
      const name = instance.name.trim();
      const others = list().filter((i) => i.name !== name);
      if (others.length >= LAB_INSTANCES_MAX) return `at most ${LAB_INSTANCES_MAX} instances: delete one first`;
      await store([...others, { ...instance, name }].sort((a, b) => a.name.localeCompare(b.name)));
      return undefined;
    },
    async remove(name) {
      await store(list().filter((i) => i.name !== name));
    },
  };
}
