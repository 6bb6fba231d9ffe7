import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: period(10, 'look-back in bars') };

export interface RocParams {
  /** Look-back in bars, an integer in [1, 100000]; default 10. */
  readonly period?: number;
}

export const ROC_SPEC: IndicatorSpec<typeof params> = {
  name: 'ROC',
  id: 'roc',
  title: 'Rate of change (percent)',
  group: 'momentum',
  definition: 'TA-Lib ROC: (close/close[period bars ago] − 1)·100; 0 when that close is 0',
  inputs: ['close'],
  params,
  outputs: SINGLE,
  lookback: (p) => p.period,
  history: (p) => p.period + 1,
  examples: [{ period: 1 }, { period: 50 }],
};

/** Rate of change of the close in percent; NaN for the first `period` bars. */
export function roc(bars: BarColumns | ResidentBars, params?: RocParams): Float64Array {
  return runBatch(ROC_SPEC, bars, params)[0];
}

/** Streaming ROC. */
export class ROC extends IndicatorStream<number> {
  constructor(params?: RocParams) {
    super(ROC_SPEC, params);
  }
}
