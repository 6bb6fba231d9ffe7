// The lab's sweep on the page: which inputs are ranges, the grid's size as it is typed, the metrics a
// sweep's map can show, and the types of a checked sweep. The rules that check a sweep (each value
// by its parameter's schema, the strategy's cross-parameter rule) run in the backtest worker
// (sweep-form-rules.ts); only the grid's syntax (shared/engine/sweep-grid.ts) is on the page.
import type { GridAxis } from '../../shared/engine/sweep-grid.ts';
import type { GridPlan } from '../../shared/engine/sweep.ts';
import { parseGridAxis } from '../../shared/engine/sweep-grid.ts';
import type { SweepCell } from '../db/schema.ts';
import type { LabConfig, ParamField } from './lab-form.ts';

/** The most combinations (valid or skipped) one sweep in the lab runs. */
export const SWEEP_CAP = 2000;

/** Whether an input is a range (`from:to:step`) or a list (`a,b,c`) rather than one value. */
export const isRange = (text: string): boolean => /[:,]/.test(text);

/** Whether a field may take a range: the numeric parameters. */
export const rangeable = (f: ParamField): boolean => f.kind === 'integer' || f.kind === 'number';

/** The grid's size as typed: the number of combinations, or why it cannot be counted yet. */
export type GridCount = { readonly ok: true; readonly combinations: number; readonly varying: readonly string[] } | { readonly ok: false; readonly problem: string };

/** Counts the combinations of the inputs (a single value counts once); values are checked in the worker. */
export function countGrid(fields: readonly ParamField[], params: Readonly<Record<string, string>>): GridCount {
  let combinations = 1;
  const varying: string[] = [];
  for (const f of fields) {
    const text = params[f.name] ?? f.initial;
    if (!rangeable(f) || !isRange(text)) continue;
    try {
      const n = parseGridAxis(`${f.name}=${text}`, SWEEP_CAP).values.length;
      combinations *= n;
      if (n > 1) varying.push(f.name);
    } catch (e) {
      return { ok: false, problem: `${f.name}: ${e instanceof Error && 'problem' in e ? String(e.problem) : String(e)}` };
    }
  }
  return { ok: true, combinations, varying };
}

/** What the count line under the form says, e.g. `48 runs` or the cap's message. */
export function countText(c: GridCount): string {
  if (!c.ok) return `Check the ranges — ${c.problem}`;
  const n = c.combinations.toLocaleString('en-US');
  if (c.combinations > SWEEP_CAP) return `${n} combinations: a sweep here runs at most ${SWEEP_CAP.toLocaleString('en-US')} — narrow a range or take a larger step`;
  return c.combinations === 1 ? '1 run (give a parameter a range, e.g. 5:50:5, or a list, e.g. 5,8,13)' : `${n} runs`;
}

/** A checked sweep: the configuration (its first valid combination's), the axes, and the plan; or the errors by field ('' = not one field). */
export type SweepCheck =
  | { readonly ok: true; readonly config: LabConfig; readonly axes: readonly GridAxis[]; readonly plan: GridPlan }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** The metrics a sweep's map and table show. `better`: which way is better (null: neither, e.g. the number of trades). */
export interface SweepMetric {
  readonly key: Exclude<keyof SweepCell, 'params'>;
  readonly label: string;
  readonly unit: string;
  readonly digits: number;
  readonly better: 'higher' | null;
}

export const SWEEP_METRICS: readonly SweepMetric[] = [
  { key: 'returnPct', label: 'Return', unit: ' %', digits: 1, better: 'higher' },
  { key: 'sharpeRatio', label: 'Sharpe', unit: '', digits: 2, better: 'higher' },
  // A drawdown is ≤ 0 (backtest-model §5): nearer 0 is better.
  { key: 'maxDrawdownPct', label: 'Max drawdown', unit: ' %', digits: 1, better: 'higher' },
  { key: 'numTrades', label: '# trades', unit: '', digits: 0, better: null },
];

/** A metric's value as shown: `12.3 %`, `0.45`, or `—` when the run has none (e.g. Sharpe without trades). */
export function formatMetric(m: SweepMetric, v: number): string {
  return Number.isFinite(v) ? `${v.toLocaleString('en-US', { minimumFractionDigits: m.digits, maximumFractionDigits: m.digits })}${m.unit}` : '—';
}

/** `fast 10, slow 30` */
export const paramsText = (params: Readonly<Record<string, number>>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** A cell's accessible name: `fast 10, slow 30: Return 12.3 %`. */
export const cellName = (params: Readonly<Record<string, number>>, m: SweepMetric, v: number): string => `${paramsText(params)}: ${m.label} ${formatMetric(m, v)}`;

/** `12 skipped: fast must be less than slow` (each reason with its count). */
export function skippedText(skippedBy: Readonly<Record<string, number>>): string {
  return Object.entries(skippedBy)
    .map(([reason, n]) => `${n} skipped: ${reason}`)
    .join('; ');
}
