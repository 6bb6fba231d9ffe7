import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import { period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec, Outputs, Values } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = { period: period(20, 'bars of the highest high / lowest low, the current bar included') };

export interface DonchianParams {
  /** Window length in bars (the current bar included), an integer in [1, 100000]; default 20. */
  readonly period?: number;
}

const OUTPUTS = ['upper', 'middle', 'lower'] as const;
export type DonchianOutputs = Outputs<(typeof OUTPUTS)[number]>;
export type DonchianValues = Values<(typeof OUTPUTS)[number]>;

export const DONCHIAN_SPEC: IndicatorSpec<typeof params> = {
  name: 'DONCHIAN',
  id: 'donchian',
  title: 'Donchian channel',
  group: 'volatility',
  definition: 'indicator-conventions §5 DONCHIAN (highest high / lowest low including the current bar)',
  inputs: ['high', 'low'],
  params,
  outputs: () => OUTPUTS,
  lookback: (p) => p.period - 1,
  history: (p) => p.period,
  examples: [{ period: 1 }, { period: 55 }],
};

/**
 * Donchian channel { upper, middle, lower }; NaN for the first period-1 bars. The channel includes
 * the current bar: a breakout rule must compare a price with the previous bar's channel.
 */
export function donchian(bars: BarColumns | ResidentBars, params?: DonchianParams): DonchianOutputs {
  return named(OUTPUTS, runBatch(DONCHIAN_SPEC, bars, params));
}

/** Streaming Donchian channel: `value` is { upper, middle, lower }. */
export class DONCHIAN extends IndicatorStream<DonchianValues> {
  constructor(params?: DonchianParams) {
    super(DONCHIAN_SPEC, params);
  }
}
