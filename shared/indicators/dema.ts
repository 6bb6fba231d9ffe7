import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period, type ParamSpec } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: { ...period(20, 'EMA length in bars (k = 2/(period+1))'), min: 2 } as ParamSpec };

export interface DemaParams {
  /** EMA length in bars, an integer in [2, 100000]; default 20. */
  readonly period?: number;
}

export const DEMA_SPEC: IndicatorSpec<typeof params> = {
  name: 'DEMA',
  id: 'dema',
  title: 'Double exponential moving average',
  group: 'trend',
  definition: 'TA-Lib DEMA: 2·EMA − EMA(EMA), each EMA seeded on the defined part of its input',
  inputs: ['close'],
  params,
  outputs: SINGLE,
  lookback: (p) => 2 * (p.period - 1),
  history: () => 1,
  examples: [{ period: 2 }, { period: 7 }],
};

/** Double EMA of the close; NaN for the first 2·(period−1) bars. */
export function dema(bars: BarColumns | ResidentBars, params?: DemaParams): Float64Array {
  return runBatch(DEMA_SPEC, bars, params)[0];
}

/** Streaming DEMA. */
export class DEMA extends IndicatorStream<number> {
  constructor(params?: DemaParams) {
    super(DEMA_SPEC, params);
  }
}
