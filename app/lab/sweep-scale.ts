// The sweep map's diverging colour scale: values below the centre shade towards one colour, above it
// towards the other, by their distance from the centre relative to the farthest value on that side.
// The centre is 0 when the values straddle it (return, Sharpe), else the middle of their range.
import type { SweepCell } from '../db/schema.ts';
import type { SweepMetric } from './sweep-form.ts';

export interface Scale {
  readonly min: number;
  readonly max: number;
  readonly centre: number;
  /** −1 … 1: the value's side of the centre and how far; 0 for a missing value. */
  readonly t: (v: number) => number;
}

export function scaleOf(values: readonly number[]): Scale {
  const finite = values.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 0;
  const centre = min < 0 && max > 0 ? 0 : (min + max) / 2;
  const t = (v: number) => {
    if (!Number.isFinite(v) || v === centre) return 0;
    return v > centre ? (v - centre) / (max - centre) : -(centre - v) / (centre - min);
  };
  return { min, max, centre, t };
}

/** The CSS background of a cell at `t`: the theme's colours (var(--…)) mixed into the panel's. */
export function cellBackground(t: number, m: SweepMetric): string {
  const [low, high] = m.better === 'higher' ? ['var(--bad)', 'var(--ok)'] : ['var(--warn)', 'var(--accent)'];
  return `color-mix(in srgb, ${t < 0 ? low : high} ${Math.round(Math.abs(t) * 70)}%, var(--panel))`;
}

/** The legend's gradient: low end, centre, high end. */
export function legendGradient(m: SweepMetric): string {
  return `linear-gradient(to right, ${cellBackground(-1, m)}, ${cellBackground(0, m)}, ${cellBackground(1, m)})`;
}

/** The best cell's index by `m` (the first of equals); −1 when the metric has no better side or no value. */
export function bestCell(cells: readonly SweepCell[], m: SweepMetric): number {
  if (m.better === null) return -1;
  let best = -1;
  cells.forEach((c, i) => {
    const v = c[m.key];
    if (Number.isFinite(v) && (best < 0 || v > cells[best][m.key])) best = i;
  });
  return best;
}

/** The cells ranked by `m`, best first (most first when neither side is better); missing values last. */
export function ranked(cells: readonly SweepCell[], m: SweepMetric): SweepCell[] {
  return [...cells].sort((a, b) => {
    const va = a[m.key];
    const vb = b[m.key];
    if (!Number.isFinite(va)) return Number.isFinite(vb) ? 1 : 0;
    if (!Number.isFinite(vb)) return -1;
    return vb - va;
  });
}
