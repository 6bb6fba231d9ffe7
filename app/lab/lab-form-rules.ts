// The rules of the lab's form, run in the backtest worker (and when the app is built, for the form's
// fields): the parameter fields come from the strategy's schema (shared/config/strategy-params.ts:
// names, defaults, ranges) and a form is checked by the same rules as a moneytrailz.toml (each field
// by its schema, then the whole file by the config parser). The page's side is lab-config.ts.
import { STRATEGY_PARAMS, SchemaError, type StrategyName } from '../../shared/config/index.ts';
import type { Schema } from '../../shared/config/schema.ts';
import { objectConfigDocument } from '../../shared/config/validate-config.ts';
import { ConfigError } from '../../shared/errors.ts';
import { RUNNABLE_STRATEGIES, strategyScope } from '../../shared/strategies/registry.ts';
import { CAPITAL, COMMISSION, type FieldKind, type FormCheck, type LabConfig, type LabForm, type LabFormSpec, type ParamField } from './lab-form.ts';

/** Strategies the lab offers: the engine runs them, one object per symbol. */
export const LAB_STRATEGIES: readonly StrategyName[] = RUNNABLE_STRATEGIES.filter((n) => strategyScope(n) === 'symbol');

function kindOf(expected: string): FieldKind {
  if (expected.startsWith('one of ')) return 'choice';
  if (expected.startsWith('an integer')) return 'integer';
  if (expected.startsWith('a boolean')) return 'boolean';
  return 'number';
}

/** A form field with the schema that checks it. */
export interface CheckedField extends ParamField {
  readonly schema: Schema<unknown>;
}

/** The parameter fields of `strategy`, in the schema's order, with their schemas. */
export function paramFields(strategy: StrategyName): CheckedField[] {
  return Object.entries(STRATEGY_PARAMS[strategy].params as Record<string, Schema<unknown>>).map(([name, schema]) => {
    const kind = kindOf(schema.expected);
    const raw = schema.missing?.kind === 'default' ? schema.missing.raw : undefined;
    return {
      name,
      kind,
      initial: raw === undefined ? '' : String(raw),
      expected: schema.expected,
      ...(kind === 'choice' && { choices: schema.expected.slice('one of '.length).split(', ').map((v) => JSON.parse(v) as string) }),
      schema,
    };
  });
}

/** An input as the TOML value it stands for ('' stays '', so the schema names it). */
function valueOf(kind: FieldKind, text: string): unknown {
  const t = text.trim();
  if (t === '' || kind === 'choice') return t;
  if (kind === 'boolean') return t === 'true' ? true : t === 'false' ? false : t;
  const n = Number(t);
  return Number.isNaN(n) ? t : n;
}

/** The configuration a valid form stands for (a moneytrailz.toml document as an object). */
export function labConfig(form: LabForm, params: Readonly<Record<string, unknown>>): LabConfig {
  return {
    data: { csv: form.sample.file, symbol: form.sample.symbol },
    backtesting: { initial_capital: valueOf('number', form.capital), execution: { commission: valueOf('number', form.commission) } },
    strategies: { [form.strategy]: { enabled: true, ...params } },
  };
}

/** The field a config key path names (`backtesting.initial_capital` → initial_capital), else ''. */
function fieldOfKey(keyPath: string, strategy: string): string {
  if (keyPath === `backtesting.${CAPITAL}`) return CAPITAL;
  if (keyPath === `backtesting.execution.${COMMISSION}`) return COMMISSION;
  const prefix = `strategies.${strategy}.`;
  return keyPath.startsWith(prefix) ? keyPath.slice(prefix.length) : '';
}

/** The parameters of the form, each checked by its schema: their values, or the errors by field. */
export function checkParams(form: LabForm): { readonly ok: true; readonly params: Record<string, unknown> } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> } {
  const errors: Record<string, string> = {};
  const params: Record<string, unknown> = {};
  for (const f of paramFields(form.strategy)) {
    try {
      params[f.name] = f.schema.parse(valueOf(f.kind, form.params[f.name] ?? f.initial), [f.name]);
    } catch (e) {
      if (!(e instanceof SchemaError)) throw e;
      errors[f.name] = e.problem;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, params };
}

/** Checks the whole configuration of the form with checked `params` (the config parser's rules); errors by field ('' = not one field). */
export function checkConfig(form: LabForm, params: Readonly<Record<string, unknown>>): FormCheck {
  const config = labConfig(form, params);
  try {
    objectConfigDocument({ ...config }, 'lab.toml');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { ok: false, errors: { [fieldOfKey(e.keyPath, form.strategy)]: e.problem } };
  }
  return { ok: true, config };
}

/** Checks the form: every parameter by its schema, then the whole configuration; errors by field ('' = not one field). */
export function checkForm(form: LabForm): FormCheck {
  const params = checkParams(form);
  return params.ok ? checkConfig(form, params.params) : params;
}

/** The initial inputs of `strategy`'s parameters: its defaults. */
export function defaultParams(strategy: StrategyName): Record<string, string> {
  return Object.fromEntries(paramFields(strategy).map((f) => [f.name, f.initial]));
}

/** The form's strategies and fields without their schemas: what the page shows (built into it). */
export function labFormSpec(): LabFormSpec {
  return {
    strategies: LAB_STRATEGIES,
    fields: Object.fromEntries(LAB_STRATEGIES.map((n) => [n, paramFields(n).map(({ schema: _s, ...f }) => f)])),
  };
}
