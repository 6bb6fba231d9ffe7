// The rules of the lab's sweep, run in the backtest worker: the form's own rules (lab-form-rules.ts)
// with a range or list in place of a numeric parameter's value. Every value of a range is checked by
// the parameter's schema (errors by field, nothing runs); the combinations that break the strategy's
// cross-parameter rule (sma_cross: fast < slow) are set aside and counted (shared/engine/sweep.ts);
// when none is left, or the grid is larger than the lab runs, nothing runs and the form says why.
import { SchemaError } from '../../shared/config/index.ts';
import { ParameterError } from '../../shared/errors.ts';
import { planGrid, type GridAxis } from '../../shared/engine/sweep.ts';
import { parseGridAxis } from '../../shared/engine/sweep-grid.ts';
import { checkConfig, checkParams, paramFields } from './lab-form-rules.ts';
import type { LabForm } from './lab-form.ts';
import { isRange, rangeable, SWEEP_CAP, type SweepCheck } from './sweep-form.ts';

/** Checks a sweep's form: its axes, each value by its schema, then the plan and the whole configuration. */
export function checkSweep(form: LabForm): SweepCheck {
  const errors: Record<string, string> = {};
  const axes: GridAxis[] = [];
  const first: Record<string, string> = { ...form.params };
  for (const f of paramFields(form.strategy)) {
    const text = form.params[f.name] ?? f.initial;
    if (!isRange(text)) continue;
    if (!rangeable(f)) {
      errors[f.name] = `takes one value (${f.expected}); only number parameters take a range`;
      continue;
    }
    let axis: GridAxis;
    try {
      axis = parseGridAxis(`${f.name}=${text}`, SWEEP_CAP);
    } catch (e) {
      if (!(e instanceof ParameterError)) throw e;
      errors[f.name] = `${e.problem} (write from:to:step, e.g. 5:50:5, or a list, e.g. 5,8,13)`;
      continue;
    }
    for (const v of axis.values) {
      try {
        f.schema.parse(v, [f.name]);
      } catch (e) {
        if (!(e instanceof SchemaError)) throw e;
        errors[f.name] = `${v} in the range: ${e.problem}`;
        break;
      }
    }
    if (errors[f.name] !== undefined) continue;
    axes.push(axis);
    first[f.name] = String(axis.values[0]);
  }
  // The other fields as a single run checks them (a range's first value stands in for it).
  const single = checkParams({ ...form, params: first });
  if (!single.ok) Object.assign(errors, Object.fromEntries(Object.entries(single.errors).filter(([k]) => errors[k] === undefined)));
  if (Object.keys(errors).length > 0 || !single.ok) return { ok: false, errors };

  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > SWEEP_CAP) {
    return { ok: false, errors: { '': `The grid has ${total.toLocaleString('en-US')} combinations; a sweep here runs at most ${SWEEP_CAP.toLocaleString('en-US')}. Narrow a range or take a larger step.` } };
  }
  const plan = planGrid(form.strategy, single.params, axes);
  if (plan.items.length === 0) {
    return { ok: false, errors: { '': `No combination of the grid is valid: all ${plan.total} break ${form.strategy}'s rule (e.g. ${plan.firstProblem}). Nothing was run — change the ranges.` } };
  }
  const config = checkConfig(form, { ...single.params, ...plan.items[0][1] });
  return config.ok ? { ok: true, config: config.config, axes, plan } : config;
}
