import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {};

/** VWAP has no parameters. */
export type VwapParams = Readonly<Record<string, never>>;

export const VWAP_SPEC: IndicatorSpec<typeof params> = {
  name: 'VWAP',
  id: 'vwap',
  title: 'Volume-weighted average price (anchored at the first bar)',
  group: 'volume',
  definition: 'indicator-conventions §5 VWAP (TP = (H+L+C)/3; NaN only while the cumulative volume is 0)',
  inputs: ['high', 'low', 'close', 'volume'],
  params,
  outputs: SINGLE,
  // 0 on real data; leading bars with zero volume stay NaN until the cumulative volume is positive.
  lookback: () => 0,
  history: () => 1,
};

/** VWAP anchored at bar 0: Σ(TP·V)/ΣV with TP = (H+L+C)/3; NaN only while ΣV is 0. */
export function vwap(bars: BarColumns | ResidentBars, params?: VwapParams): Float64Array {
  return runBatch(VWAP_SPEC, bars, params)[0];
}

/** Streaming anchored VWAP: `add`/`replace` bars with high, low, close and volume. */
export class VWAP extends IndicatorStream<number> {
  constructor(params?: VwapParams) {
    super(VWAP_SPEC, params);
  }
}
