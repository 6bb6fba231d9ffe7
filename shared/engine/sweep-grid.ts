// A sweep's grid: each axis one parameter's values (`fast=5:50:5` or `fast=5,8,13`), and every
// combination of the axes. No strategy code is imported here, so the app's page can count a grid
// as it is typed (app/lab/sweep-form.ts) while the rules that check it stay in the workers.
import { ParameterError } from '../errors.ts';

export interface GridAxis {
  readonly param: string;
  readonly values: readonly number[];
}

/**
 * `fast=5:50:5` (start:stop:step, stop included) or `fast=5,8,13`. With `maxValues`, an axis of more
 * values is refused before any value is made (a typo like `1:1e9:1` never fills the memory).
 */
export function parseGridAxis(text: string, maxValues = Infinity): GridAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ParameterError('sweep', 'grid', `'${text}' is not name=start:stop:step or name=a,b,c`);
  const param = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const nums = (parts: string[]) =>
    parts.map((p) => {
      const v = Number(p);
      if (p.trim() === '' || !Number.isFinite(v)) throw new ParameterError('sweep', `grid ${param}`, `'${p}' is not a number`);
      return v;
    });
  const tooMany = (n: number) => new ParameterError('sweep', `grid ${param}`, `'${spec}' has ${n.toLocaleString('en-US')} values: at most ${maxValues.toLocaleString('en-US')}`);
  let values: number[];
  if (spec.includes(':')) {
    const [start, stop, step = 1] = nums(spec.split(':'));
    if (spec.split(':').length > 3 || !(step > 0) || stop < start) {
      throw new ParameterError('sweep', `grid ${param}`, `'${spec}' must be start:stop:step with step > 0 and stop >= start`);
    }
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > maxValues) throw tooMany(count);
    values = [];
    // Integer arithmetic on the index avoids accumulating float error in the steps.
    for (let k = 0; start + k * step <= stop + 1e-9 * Math.abs(step); k++) values.push(Number((start + k * step).toPrecision(12)));
  } else values = nums(spec.split(','));
  if (values.length === 0) throw new ParameterError('sweep', `grid ${param}`, 'has no values');
  if (values.length > maxValues) throw tooMany(values.length);
  return { param, values };
}

/** Every combination of the axes (the first axis varies slowest). */
export function gridCombinations(axes: readonly GridAxis[]): Record<string, number>[] {
  let combos: Record<string, number>[] = [{}];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.param]: v })));
  return combos;
}
