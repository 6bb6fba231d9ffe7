import type { TestSeries } from '../support/indicator-data.ts';

/**
 * Keltner (conventions §5): EMA(close, emaPeriod) (SMA seed at emaPeriod−1) ± multiplier × Wilder
 * ATR(atrPeriod) (TR from bar 1, seed mean(TR[1..atrPeriod]) at atrPeriod); NaN until both exist.
 */
export function keltnerRef(s: TestSeries, p: { emaPeriod: number; atrPeriod: number; multiplier: number }): Record<string, Float64Array> {
  const len = s.length;
  const ema = new Float64Array(len).fill(Number.NaN);
  const atr = new Float64Array(len).fill(Number.NaN);
  if (len >= p.emaPeriod) {
    const k = 2 / (p.emaPeriod + 1);
    let seed = 0;
    for (let j = 0; j < p.emaPeriod; j++) seed += s.close[j];
    ema[p.emaPeriod - 1] = seed / p.emaPeriod;
    for (let i = p.emaPeriod; i < len; i++) ema[i] = k * s.close[i] + (1 - k) * ema[i - 1];
  }
  if (len > p.atrPeriod) {
    const n = p.atrPeriod;
    const tr = (i: number) => Math.max(s.high[i] - s.low[i], Math.abs(s.high[i] - s.close[i - 1]), Math.abs(s.low[i] - s.close[i - 1]));
    let sum = 0;
    for (let i = 1; i <= n; i++) sum += tr(i);
    atr[n] = sum / n;
    for (let i = n + 1; i < len; i++) atr[i] = (atr[i - 1] * (n - 1) + tr(i)) / n;
  }
  const upper = new Float64Array(len).fill(Number.NaN);
  const middle = new Float64Array(len).fill(Number.NaN);
  const lower = new Float64Array(len).fill(Number.NaN);
  for (let i = Math.max(p.emaPeriod - 1, p.atrPeriod); i < len; i++) {
    middle[i] = ema[i];
    upper[i] = ema[i] + p.multiplier * atr[i];
    lower[i] = ema[i] - p.multiplier * atr[i];
  }
  return { upper, middle, lower };
}

export const REFERENCE = { id: 'keltner', compute: keltnerRef };
