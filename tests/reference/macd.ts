import type { TestSeries } from '../support/indicator-data.ts';

function mean(x: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let j = from; j <= to; j++) sum += x[j];
  return sum / (to - from + 1);
}

/**
 * MACD as indicator-conventions §3 writes it: both EMAs start at slow−1 (slow seed = mean of the
 * first `slow` closes, fast seed = mean of the `fast` closes ending at slow−1); line = fast − slow;
 * signal = EMA(signal) of the line seeded at slow+signal−2; everything NaN before that bar.
 */
export function macdRef(s: TestSeries, p: { fast: number; slow: number; signal: number }): Record<string, Float64Array> {
  const x = s.close;
  const n = s.length;
  const macd = new Float64Array(n).fill(Number.NaN);
  const signal = new Float64Array(n).fill(Number.NaN);
  const hist = new Float64Array(n).fill(Number.NaN);
  const first = p.slow + p.signal - 2;
  if (n <= first) return { macd, signal, hist };
  const kf = 2 / (p.fast + 1);
  const ks = 2 / (p.slow + 1);
  const kg = 2 / (p.signal + 1);
  const line = new Float64Array(n).fill(Number.NaN);
  let fast = mean(x, p.slow - p.fast, p.slow - 1);
  let slow = mean(x, 0, p.slow - 1);
  line[p.slow - 1] = fast - slow;
  for (let i = p.slow; i < n; i++) {
    fast = kf * x[i] + (1 - kf) * fast;
    slow = ks * x[i] + (1 - ks) * slow;
    line[i] = fast - slow;
  }
  let sig = mean(line, p.slow - 1, first);
  for (let i = first; i < n; i++) {
    if (i > first) sig = kg * line[i] + (1 - kg) * sig;
    macd[i] = line[i];
    signal[i] = sig;
    hist[i] = line[i] - sig;
  }
  return { macd, signal, hist };
}

export const REFERENCE = { id: 'macd', compute: macdRef };
