import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec, Outputs, Values } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {};

/** PIVOTS has no parameters. */
export type PivotsParams = Readonly<Record<string, never>>;

/** The pivot point and its three resistance and three support levels, in kernel output order. */
export const PIVOT_OUTPUTS = ['p', 'r1', 'r2', 'r3', 's1', 's2', 's3'] as const;
export type PivotOutput = (typeof PIVOT_OUTPUTS)[number];

export const PIVOTS_SPEC: IndicatorSpec<typeof params> = {
  name: 'PIVOTS',
  id: 'pivots',
  title: 'Floor pivots from the previous bar',
  group: 'levels',
  definition: 'indicator-conventions §5 PIVOTS (classic floor pivots from bar i−1)',
  inputs: ['high', 'low', 'close'],
  params,
  outputs: () => PIVOT_OUTPUTS,
  lookback: () => 1,
  history: () => 1,
};

/**
 * Classic floor pivots from the previous bar's H, L, C: P = (H+L+C)/3, R1 = 2P−L, S1 = 2P−H,
 * R2 = P+(H−L), S2 = P−(H−L), R3 = H+2(P−L), S3 = L−2(H−P); bar 0 is NaN.
 */
export function pivots(bars: BarColumns | ResidentBars, params?: PivotsParams): Outputs<PivotOutput> {
  return named(PIVOT_OUTPUTS, runBatch(PIVOTS_SPEC, bars, params));
}

/** Streaming pivots: `value` is `{ p, r1, r2, r3, s1, s2, s3 }`. */
export class PIVOTS extends IndicatorStream<Values<PivotOutput>> {
  constructor(params?: PivotsParams) {
    super(PIVOTS_SPEC, params);
  }
}
