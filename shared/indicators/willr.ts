import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: { kind: 'int', default: 14, min: 2, max: 100_000, doc: 'bars of the highest high / lowest low' } as const };

export interface WillrParams {
  /** Bars of the highest high / lowest low, an integer in [2, 100000]; default 14. */
  readonly period?: number;
}

export const WILLR_SPEC: IndicatorSpec<typeof params> = {
  name: 'WILLR',
  id: 'willr',
  title: 'Williams %R',
  group: 'momentum',
  definition: 'TA-Lib WILLR (0 when the window has no range)',
  inputs: ['high', 'low', 'close'],
  params,
  outputs: SINGLE,
  lookback: (p) => p.period - 1,
  history: (p) => p.period,
  examples: [{ period: 2 }, { period: 50 }],
};

/** Williams %R in [-100, 0]; NaN for the first period-1 bars. */
export function willr(bars: BarColumns | ResidentBars, params?: WillrParams): Float64Array {
  return runBatch(WILLR_SPEC, bars, params)[0];
}

/** Streaming Williams %R. */
export class WILLR extends IndicatorStream<number> {
  constructor(params?: WillrParams) {
    super(WILLR_SPEC, params);
  }
}
