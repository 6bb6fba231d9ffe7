import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: period(20) };

export interface SmaParams {
  /** Window length in bars, an integer in [1, 100000]; default 20. */
  readonly period?: number;
}

export const SMA_SPEC: IndicatorSpec<typeof params> = {
  name: 'SMA',
  id: 'sma',
  title: 'Simple moving average',
  group: 'trend',
  definition: 'TA-Lib SMA (exact per window, no running-sum drift)',
  inputs: ['close'],
  params,
  outputs: SINGLE,
  lookback: (p) => p.period - 1,
  history: (p) => p.period + 1,
};

/** Simple moving average of the close; NaN for the first period-1 bars. */
export function sma(bars: BarColumns | ResidentBars, params?: SmaParams): Float64Array {
  return runBatch(SMA_SPEC, bars, params)[0];
}

/** Streaming SMA: `add`/`replace` a bar (or a close), read `value`. */
export class SMA extends IndicatorStream<number> {
  constructor(params?: SmaParams) {
    super(SMA_SPEC, params);
  }
}
