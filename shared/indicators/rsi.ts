import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period, type ParamSpec } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: { ...period(14, 'Wilder smoothing length in bars'), min: 2 } as ParamSpec };

export interface RsiParams {
  /** Wilder smoothing length in bars, an integer in [2, 100000]; default 14. */
  readonly period?: number;
}

export const RSI_SPEC: IndicatorSpec<typeof params> = {
  name: 'RSI',
  id: 'rsi',
  title: 'Relative strength index',
  group: 'momentum',
  definition: 'TA-Lib RSI (Wilder; 0 when average gain + loss is within 1e-14 of 0)',
  inputs: ['close'],
  params,
  outputs: SINGLE,
  lookback: (p) => p.period,
  history: () => 2,
  examples: [{ period: 2 }, { period: 30 }],
};

/** Wilder RSI of the close in [0, 100]; NaN for the first `period` bars. */
export function rsi(bars: BarColumns | ResidentBars, params?: RsiParams): Float64Array {
  return runBatch(RSI_SPEC, bars, params)[0];
}

/** Streaming RSI. */
export class RSI extends IndicatorStream<number> {
  constructor(params?: RsiParams) {
    super(RSI_SPEC, params);
  }
}
