// The multi-timeframe fixture shared by the confirmation tests: SPY 1-minute bars -> 5-minute
// SMA(5) x SMA(20) crossover (confidence scale ATR(14)), confirmed by the 1-hour close vs SMA(20).
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { atr, sma } from '../../../shared/indicators/index.ts';
import { confirmByHigherTimeframe, crossover, type ConfirmedSignals, type SignalSeries } from '../../../shared/signals/index.ts';
import { resample } from '../../../shared/timeframes/index.ts';

export interface MtfRun {
  readonly m5: BarSeries;
  readonly raw: SignalSeries;
  readonly confirmed: ConfirmedSignals;
}

/** The whole pipeline from 1-minute bars; needs `ready()`. */
export function runMtf(m1: BarSeries, method: 'close-vs-sma' | 'sma-slope' = 'close-vs-sma'): MtfRun {
  const m5 = resample(m1, '5m');
  const raw = crossover(sma(m5, { period: 5 }), sma(m5, { period: 20 }), { names: ['SMA(5)', 'SMA(20)'], scale: atr(m5, { period: 14 }) });
  return { m5, raw, confirmed: confirmByHigherTimeframe(m5, raw, { timeframe: '1h', period: 20, method }) };
}
