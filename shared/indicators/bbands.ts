import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import { multiplier } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec, Outputs, Values } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {
  period: { kind: 'int', default: 20, min: 2, max: 100_000, doc: 'window length in bars' } as const,
  devUp: multiplier(2, 'standard deviations from the middle to the upper band'),
  devDown: multiplier(2, 'standard deviations from the middle to the lower band'),
};

export interface BbandsParams {
  /** Window length in bars, an integer in [2, 100000]; default 20. */
  readonly period?: number;
  /** Standard deviations to the upper band, a number in [0, 1000]; default 2. */
  readonly devUp?: number;
  /** Standard deviations to the lower band, a number in [0, 1000]; default 2. */
  readonly devDown?: number;
}

const OUTPUTS = ['upper', 'middle', 'lower'] as const;
export type BbandsOutputs = Outputs<(typeof OUTPUTS)[number]>;
export type BbandsValues = Values<(typeof OUTPUTS)[number]>;

export const BBANDS_SPEC: IndicatorSpec<typeof params> = {
  name: 'BBANDS',
  id: 'bbands',
  title: 'Bollinger bands',
  group: 'volatility',
  definition: 'TA-Lib BBANDS, SMA middle, population standard deviation (exact per window, no running-sum drift)',
  inputs: ['close'],
  params,
  outputs: () => OUTPUTS,
  lookback: (p) => p.period - 1,
  history: (p) => p.period + 1,
  // Periods below ~5 are left out of the generic TA-Lib comparison: TA-Lib's mean(x²) − mean² then
  // misses an exact 0 variance by up to 1.8e-7 relative on the sample files (tests/unit/indicators/bbands.test.ts).
  examples: [
    { period: 10, devUp: 1, devDown: 1 },
    { period: 50, devUp: 0.5, devDown: 3 },
    { period: 14, devUp: 0, devDown: 2.5 },
  ],
};

/** Bollinger bands { upper, middle, lower } of the close; NaN for the first period-1 bars. */
export function bbands(bars: BarColumns | ResidentBars, params?: BbandsParams): BbandsOutputs {
  return named(OUTPUTS, runBatch(BBANDS_SPEC, bars, params));
}

/** Streaming Bollinger bands: `value` is { upper, middle, lower }. */
export class BBANDS extends IndicatorStream<BbandsValues> {
  constructor(params?: BbandsParams) {
    super(BBANDS_SPEC, params);
  }
}
