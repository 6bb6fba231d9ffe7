import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {};

/** PVT has no parameters. */
export type PvtParams = Readonly<Record<string, never>>;

export const PVT_SPEC: IndicatorSpec<typeof params> = {
  name: 'PVT',
  id: 'pvt',
  title: 'Price-volume trend',
  group: 'volume',
  definition: 'indicator-conventions §5 PVT (PVT[0] = 0; a previous close of 0 adds 0)',
  inputs: ['close', 'volume'],
  params,
  outputs: SINGLE,
  lookback: () => 0,
  history: () => 1,
};

/** Price-volume trend: 0 at bar 0, then cumulative V·(C − C₋₁)/C₋₁; no warm-up. */
export function pvt(bars: BarColumns | ResidentBars, params?: PvtParams): Float64Array {
  return runBatch(PVT_SPEC, bars, params)[0];
}

/** Streaming PVT: `add`/`replace` bars with close and volume. */
export class PVT extends IndicatorStream<number> {
  constructor(params?: PvtParams) {
    super(PVT_SPEC, params);
  }
}
