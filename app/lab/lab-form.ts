// The lab's form as data: its fields, what it holds, the configuration it stands for. The page reads
// the fields built in (lab-config.ts); the worker checks a form by the configuration's rules
// (lab-form-rules.ts).
import type { StrategyName } from '../../shared/config/strategy-params.ts';

export type FieldKind = 'integer' | 'number' | 'choice' | 'boolean';

/** One parameter's form field, read off its schema. */
export interface ParamField {
  readonly name: string;
  readonly kind: FieldKind;
  /** The default as the input shows it ('' when the parameter has none). */
  readonly initial: string;
  /** The schema's valid values in words, e.g. `an integer in [1, 100000]`. */
  readonly expected: string;
  /** A choice's values. */
  readonly choices?: readonly string[];
}

/** The lab's strategies and each one's fields, in the schema's order. */
export interface LabFormSpec {
  readonly strategies: readonly StrategyName[];
  readonly fields: { readonly [N in StrategyName]?: readonly ParamField[] };
}

/** What the form holds: every input as typed. */
export interface LabForm {
  /** The series: its symbol and the name its bars go by (the configuration's data.csv). */
  readonly sample: { readonly symbol: string; readonly file: string };
  readonly strategy: StrategyName;
  readonly params: Readonly<Record<string, string>>;
  readonly capital: string;
  readonly commission: string;
}

/** Field names of the form's own inputs; a parameter's field is its name. */
export const CAPITAL = 'initial_capital';
export const COMMISSION = 'commission';

export type LabConfig = Readonly<Record<string, unknown>>;

/** A checked form: the configuration it stands for, or the errors by field ('' = not one field). */
export type FormCheck = { readonly ok: true; readonly config: LabConfig } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };
