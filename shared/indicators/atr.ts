import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import { period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: period(14, 'Wilder smoothing length in bars') };

export interface AtrParams {
  /** Wilder smoothing length in bars, an integer in [1, 100000]; default 14 (1 = the true range). */
  readonly period?: number;
}

export const ATR_SPEC: IndicatorSpec<typeof params> = {
  name: 'ATR',
  id: 'atr',
  title: 'Average true range',
  group: 'volatility',
  definition: 'TA-Lib ATR (Wilder; true range from bar 1, seeded with mean(TR[1..period]))',
  inputs: ['high', 'low', 'close'],
  params,
  outputs: SINGLE,
  lookback: (p) => p.period,
  history: () => 2,
  examples: [{ period: 1 }, { period: 5 }],
};

/** Wilder average true range; NaN for the first `period` bars. */
export function atr(bars: BarColumns | ResidentBars, params?: AtrParams): Float64Array {
  return runBatch(ATR_SPEC, bars, params)[0];
}

/** Streaming ATR: `add`/`replace` bars with high, low and close. */
export class ATR extends IndicatorStream<number> {
  constructor(params?: AtrParams) {
    super(ATR_SPEC, params);
  }
}
