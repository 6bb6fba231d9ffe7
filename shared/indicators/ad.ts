import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {};

/** AD has no parameters. */
export type AdParams = Readonly<Record<string, never>>;

export const AD_SPEC: IndicatorSpec<typeof params> = {
  name: 'AD',
  id: 'ad',
  title: 'Accumulation/distribution line (Chaikin)',
  group: 'volume',
  definition: 'TA-Lib AD (a bar with H == L adds 0; compensated running sum)',
  inputs: ['high', 'low', 'close', 'volume'],
  params,
  outputs: SINGLE,
  lookback: () => 0,
  history: () => 1,
};

/** Chaikin A/D line: cumulative ((C−L)−(H−C))/(H−L)·V, a bar with H == L adding 0; no warm-up. */
export function ad(bars: BarColumns | ResidentBars, params?: AdParams): Float64Array {
  return runBatch(AD_SPEC, bars, params)[0];
}

/** Streaming AD: `add`/`replace` bars with high, low, close and volume. */
export class AD extends IndicatorStream<number> {
  constructor(params?: AdParams) {
    super(AD_SPEC, params);
  }
}
