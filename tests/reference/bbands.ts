import type { TestSeries } from '../support/indicator-data.ts';

/**
 * Bollinger bands (indicator-conventions §3): two passes over every window, mean then population
 * variance; sd = 0 when the variance is below 1e-14 (TA-Lib's guard).
 */
export function bbandsRef(s: TestSeries, p: { period: number; devUp: number; devDown: number }): Record<string, Float64Array> {
  const n = s.length;
  const upper = new Float64Array(n).fill(Number.NaN);
  const middle = new Float64Array(n).fill(Number.NaN);
  const lower = new Float64Array(n).fill(Number.NaN);
  for (let i = p.period - 1; i < n; i++) {
    let sum = 0;
    for (let j = i - p.period + 1; j <= i; j++) sum += s.close[j];
    const mean = sum / p.period;
    let sq = 0;
    for (let j = i - p.period + 1; j <= i; j++) sq += (s.close[j] - mean) ** 2;
    const variance = sq / p.period;
    const sd = variance < 1e-14 ? 0 : Math.sqrt(variance);
    middle[i] = mean;
    upper[i] = mean + p.devUp * sd;
    lower[i] = mean - p.devDown * sd;
  }
  return { upper, middle, lower };
}

export const REFERENCE = { id: 'bbands', compute: bbandsRef };
