// The user's strategy instances (issue 13, item 7): a named strategy with its parameters, capital and
// commission as typed in the lab's form, kept in IndexedDB (the settings table, 'lab.instances':
// exported and imported with the other user data) to be loaded into the form again. They are checked
// when they run, by the same rules as any form (lab-form-rules.ts in the worker).
import type { StrategyName } from '../../shared/config/strategy-params.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import { createNamedList, type NamedList } from '../db/named-list.ts';
import { LAB_STRATEGIES } from './lab-config.ts';

export const LAB_INSTANCES_KEY = 'lab.instances';
export const LAB_INSTANCES_MAX = 50;

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

export type LabInstances = NamedList<LabInstance>;

export function createLabInstances(db: MoneyTrailzDb): LabInstances {
  // Instances of a strategy this build no longer offers are left out, never guessed at.
  return createNamedList<LabInstance>(db, { key: LAB_INSTANCES_KEY, what: 'instance', max: LAB_INSTANCES_MAX, isItem: isInstance });
}
