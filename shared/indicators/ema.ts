import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: period(20) };

export interface EmaParams {
  /** Smoothing length in bars (k = 2/(period+1)), an integer in [1, 100000]; default 20. */
  readonly period?: number;
}

export const EMA_SPEC: IndicatorSpec<typeof params> = {
  name: 'EMA',
  id: 'ema',
  title: 'Exponential moving average',
  group: 'trend',
  definition: 'TA-Lib EMA (seeded with the SMA of the first period closes)',
  inputs: ['close'],
  params,
  outputs: SINGLE,
  lookback: (p) => p.period - 1,
  history: () => 1,
};

/** Exponential moving average of the close; NaN for the first period-1 bars. */
export function ema(bars: BarColumns | ResidentBars, params?: EmaParams): Float64Array {
  return runBatch(EMA_SPEC, bars, params)[0];
}

/** Streaming EMA. */
export class EMA extends IndicatorStream<number> {
  constructor(params?: EmaParams) {
    super(EMA_SPEC, params);
  }
}
