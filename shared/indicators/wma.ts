import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: period(20) };

export interface WmaParams {
  /** Window length in bars (newest bar weight `period`), an integer in [1, 100000]; default 20. */
  readonly period?: number;
}

export const WMA_SPEC: IndicatorSpec<typeof params> = {
  name: 'WMA',
  id: 'wma',
  title: 'Weighted moving average',
  group: 'trend',
  definition: 'TA-Lib WMA (linear weights; exact per window, no running-sum drift)',
  inputs: ['close'],
  params,
  outputs: SINGLE,
  lookback: (p) => p.period - 1,
  history: (p) => p.period + 1,
  examples: [{ period: 2 }, { period: 9 }],
};

/** Linearly weighted moving average of the close; NaN for the first period-1 bars. */
export function wma(bars: BarColumns | ResidentBars, params?: WmaParams): Float64Array {
  return runBatch(WMA_SPEC, bars, params)[0];
}

/** Streaming WMA. */
export class WMA extends IndicatorStream<number> {
  constructor(params?: WmaParams) {
    super(WMA_SPEC, params);
  }
}
