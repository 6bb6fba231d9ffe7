import type { TestSeries } from '../support/indicator-data.ts';

/** Wilder ATR: TR from bar 1 only; ATR[N] = mean(TR[1..N]); then (ATR·(N−1) + TR)/N. */
export function atrRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const n = p.period;
  const out = new Float64Array(s.length).fill(Number.NaN);
  if (s.length <= n) return { value: out };
  const tr = (i: number) => Math.max(s.high[i] - s.low[i], Math.abs(s.high[i] - s.close[i - 1]), Math.abs(s.low[i] - s.close[i - 1]));
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += tr(i);
  let atr = sum / n;
  out[n] = atr;
  for (let i = n + 1; i < s.length; i++) out[i] = atr = (atr * (n - 1) + tr(i)) / n;
  return { value: out };
}

export const REFERENCE = { id: 'atr', compute: atrRef };
