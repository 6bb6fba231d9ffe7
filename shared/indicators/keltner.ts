import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import { multiplier, period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec, Outputs, Values } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {
  emaPeriod: period(20, 'EMA length of the middle line in bars'),
  atrPeriod: period(10, 'Wilder ATR length in bars'),
  multiplier: multiplier(2, 'band width in ATRs'),
};

const OUTPUTS = ['upper', 'middle', 'lower'] as const;
export type KeltnerOutput = (typeof OUTPUTS)[number];

export interface KeltnerParams {
  /** EMA length of the middle line, an integer in [1, 100000]; default 20. */
  readonly emaPeriod?: number;
  /** Wilder ATR length, an integer in [1, 100000]; default 10. */
  readonly atrPeriod?: number;
  /** Band width in ATRs, a number in [0, 1000]; default 2. */
  readonly multiplier?: number;
}

export const KELTNER_SPEC: IndicatorSpec<typeof params> = {
  name: 'KELTNER',
  id: 'keltner',
  title: 'Keltner channel',
  group: 'volatility',
  definition: 'indicator-conventions §5: EMA(close) ± multiplier·ATR (TA-Lib EMA and Wilder ATR rules)',
  inputs: ['high', 'low', 'close'],
  params,
  outputs: () => OUTPUTS,
  lookback: (p) => Math.max(p.emaPeriod - 1, p.atrPeriod),
  history: () => 2,
  examples: [
    { emaPeriod: 5, atrPeriod: 30, multiplier: 1.5 },
    { emaPeriod: 1, atrPeriod: 1, multiplier: 0 },
  ],
};

/** Keltner channel `{ upper, middle, lower }`; NaN for the first max(emaPeriod−1, atrPeriod) bars. */
export function keltner(bars: BarColumns | ResidentBars, params?: KeltnerParams): Outputs<KeltnerOutput> {
  return named(OUTPUTS, runBatch(KELTNER_SPEC, bars, params));
}

/** Streaming Keltner channel: `value` is `{ upper, middle, lower }`. */
export class KELTNER extends IndicatorStream<Values<KeltnerOutput>> {
  constructor(params?: KeltnerParams) {
    super(KELTNER_SPEC, params);
  }
}
