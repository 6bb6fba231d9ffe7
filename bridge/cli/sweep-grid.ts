// The sweep's --grid options, checked before any worker starts: each names a parameter of the strategy,
// every value passes that parameter's schema (shared/config/strategy-params.ts — the one the config file is
// checked with), and the combinations that break the strategy's cross-parameter rule (e.g. fast < slow) are
// set aside; a grid with no valid combination left is refused.
import { ParameterError } from '../../shared/errors.ts';
import { SchemaError, type Schema } from '../../shared/config/schema.ts';
import { STRATEGY_PARAMS, type StrategyName } from '../../shared/config/strategy-params.ts';
import { parseGridAxis, planGrid, type GridAxis, type GridPlan } from '../../shared/engine/sweep.ts';
import { OptionError } from './args.ts';

/** The axes of the `--grid` texts, every value checked by the strategy's schema. @throws OptionError `--grid <text>: <problem>`. */
export function gridAxes(strategy: StrategyName, texts: readonly string[]): GridAxis[] {
  const fields = STRATEGY_PARAMS[strategy].params as Readonly<Record<string, Schema<unknown>>>;
  const known = Object.keys(fields);
  return texts.map((text) => {
    const param = text.slice(0, Math.max(0, text.indexOf('='))).trim();
    const schema = fields[param];
    if (param !== '' && schema === undefined) {
      throw new OptionError(`--grid ${text}: ${strategy} has no parameter '${param}' (valid: ${known.join(', ') || 'none'})`);
    }
    let axis: GridAxis;
    try {
      axis = parseGridAxis(text);
    } catch (err) {
      if (!(err instanceof ParameterError)) throw err;
      throw new OptionError(`--grid ${text}: ${err.problem}${schema ? ` (${param} takes ${schema.expected})` : ''}`);
    }
    for (const v of axis.values) {
      try {
        (schema as Schema<unknown>).parse(v, [param]); // defined: an empty or unknown name threw above
      } catch (err) {
        if (!(err instanceof SchemaError)) throw err;
        throw new OptionError(`--grid ${text}: ${param} ${err.problem}`);
      }
    }
    return axis;
  });
}

/**
 * Every combination on top of the instance's own parameters, checked by the strategy's cross-parameter rule
 * (shared/engine/sweep.ts planGrid, as the browser lab's sweep plans it).
 * @throws OptionError when none is valid (nothing would run), with the first combination's problem.
 */
export function gridPlan(strategy: StrategyName, baseParams: Readonly<Record<string, unknown>>, axes: readonly GridAxis[]): Pick<GridPlan, 'total' | 'items' | 'skipped'> {
  const { total, items, skipped, firstProblem } = planGrid(strategy, baseParams, axes);
  if (items.length === 0) {
    throw new OptionError(
      `no combination of the grid is valid for ${strategy}: all ${total} break its parameter rule (e.g. ${firstProblem}); nothing was run — change the --grid ranges`,
    );
  }
  return { total, items, skipped };
}
