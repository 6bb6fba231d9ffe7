// The lab's form on the page: its fields, read off the strategies' parameter schemas when the app
// is built (vite.config.ts defines __LAB_FORM_SPEC__ from lab-form-rules.ts), and the form's types.
// The rules that check a form (each field by its schema, then the whole configuration) run in the
// backtest worker (lab-form-rules.ts), so the page carries no configuration parser (bundle budget).
import type { StrategyName } from '../../shared/config/strategy-params.ts';
import type { LabFormSpec, ParamField } from './lab-form.ts';

export { CAPITAL, COMMISSION, type FieldKind, type FormCheck, type LabConfig, type LabForm, type LabFormSpec, type ParamField } from './lab-form.ts';

declare const __LAB_FORM_SPEC__: LabFormSpec;
/** Read once: the build writes the define's JSON wherever it is named. */
const SPEC: LabFormSpec = __LAB_FORM_SPEC__;

/** Strategies the lab offers: the engine runs them, one object per symbol. */
export const LAB_STRATEGIES: readonly StrategyName[] = SPEC.strategies;

/** The parameter fields of `strategy`, in the schema's order. */
export function paramFields(strategy: StrategyName): readonly ParamField[] {
  return SPEC.fields[strategy] ?? [];
}

/** The initial inputs of `strategy`'s parameters: its defaults. */
export function defaultParams(strategy: StrategyName): Record<string, string> {
  return Object.fromEntries(paramFields(strategy).map((f) => [f.name, f.initial]));
}
