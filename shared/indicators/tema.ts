import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period, type ParamSpec } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: { ...period(20, 'EMA length in bars (k = 2/(period+1))'), min: 2 } as ParamSpec };

export interface TemaParams {
  /** EMA length in bars, an integer in [2, 100000]; default 20. */
  readonly period?: number;
}

export const TEMA_SPEC: IndicatorSpec<typeof params> = {
  name: 'TEMA',
  id: 'tema',
  title: 'Triple exponential moving average',
  group: 'trend',
  definition: 'TA-Lib TEMA: 3·EMA1 − 3·EMA2 + EMA3, each EMA seeded on the defined part of its input',
  inputs: ['close'],
  params,
  outputs: SINGLE,
  lookback: (p) => 3 * (p.period - 1),
  history: () => 1,
  examples: [{ period: 2 }, { period: 7 }],
};

/** Triple EMA of the close; NaN for the first 3·(period−1) bars. */
export function tema(bars: BarColumns | ResidentBars, params?: TemaParams): Float64Array {
  return runBatch(TEMA_SPEC, bars, params)[0];
}

/** Streaming TEMA. */
export class TEMA extends IndicatorStream<number> {
  constructor(params?: TemaParams) {
    super(TEMA_SPEC, params);
  }
}
