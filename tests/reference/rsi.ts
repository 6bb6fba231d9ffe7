import type { TestSeries } from '../support/indicator-data.ts';

/**
 * Wilder RSI: averages of gains and losses over moves 1..N seed RSI[N], then avg = (avg·(N−1)+move)/N;
 * RSI = 100·g/(g+l), 0 when |g+l| < 1e-14.
 */
export function rsiRef(s: TestSeries, p: { period: number }): Record<string, Float64Array> {
  const x = s.close;
  const n = p.period;
  const out = new Float64Array(s.length).fill(Number.NaN);
  if (s.length <= n) return { value: out };
  const rsiOf = (g: number, l: number) => (Math.abs(g + l) < 1e-14 ? 0 : (100 * g) / (g + l));
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= n; i++) {
    const d = x[i] - x[i - 1];
    if (d > 0) gain += d;
    else loss += -d;
  }
  gain /= n;
  loss /= n;
  out[n] = rsiOf(gain, loss);
  for (let i = n + 1; i < s.length; i++) {
    const d = x[i] - x[i - 1];
    gain = (gain * (n - 1) + (d > 0 ? d : 0)) / n;
    loss = (loss * (n - 1) + (d < 0 ? -d : 0)) / n;
    out[i] = rsiOf(gain, loss);
  }
  return { value: out };
}

export const REFERENCE = { id: 'rsi', compute: rsiRef };
