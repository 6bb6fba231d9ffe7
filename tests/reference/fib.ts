import type { TestSeries } from '../support/indicator-data.ts';

/**
 * Rolling Fibonacci levels (indicator-conventions §5): HH/LL from a fresh scan of the last `period`
 * bars including the current one; level(r) = HH − r·(HH − LL), named 'r' + round(1000·r) (3+ digits).
 */
export function fibRef(s: TestSeries, p: { period: number; ratios: readonly number[] }): Record<string, Float64Array> {
  const n = s.length;
  const blank = () => new Float64Array(n).fill(Number.NaN);
  const out: Record<string, Float64Array> = { high: blank(), low: blank() };
  const names = p.ratios.map((r) => 'r' + String(Math.round(r * 1000)).padStart(3, '0'));
  for (const name of names) out[name] = blank();
  for (let i = p.period - 1; i < n; i++) {
    let hh = -Infinity;
    let ll = Infinity;
    for (let j = i - p.period + 1; j <= i; j++) {
      if (s.high[j] > hh) hh = s.high[j];
      if (s.low[j] < ll) ll = s.low[j];
    }
    out.high[i] = hh;
    out.low[i] = ll;
    p.ratios.forEach((r, k) => (out[names[k]][i] = hh - r * (hh - ll)));
  }
  return out;
}

export const REFERENCE = { id: 'fib', compute: fibRef };
