import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {};

/** OBV has no parameters. */
export type ObvParams = Readonly<Record<string, never>>;

export const OBV_SPEC: IndicatorSpec<typeof params> = {
  name: 'OBV',
  id: 'obv',
  title: 'On-balance volume',
  group: 'volume',
  definition: 'TA-Lib OBV (OBV[0] = volume[0]; compensated running sum)',
  inputs: ['close', 'volume'],
  params,
  outputs: SINGLE,
  lookback: () => 0,
  history: () => 1,
};

/** On-balance volume: volume[0] at bar 0, then ± volume on an up/down close; no warm-up. */
export function obv(bars: BarColumns | ResidentBars, params?: ObvParams): Float64Array {
  return runBatch(OBV_SPEC, bars, params)[0];
}

/** Streaming OBV: `add`/`replace` bars with close and volume. */
export class OBV extends IndicatorStream<number> {
  constructor(params?: ObvParams) {
    super(OBV_SPEC, params);
  }
}
