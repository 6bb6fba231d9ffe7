import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import { PIVOT_OUTPUTS, type PivotOutput } from './pivots.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec, Outputs, Values } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {};

/** PIVOTS_SESSION has no parameters. */
export type PivotsSessionParams = Readonly<Record<string, never>>;

export const PIVOTS_SESSION_SPEC: IndicatorSpec<typeof params> = {
  name: 'PIVOTS_SESSION',
  id: 'pivots_session',
  title: 'Floor pivots from the previous session',
  group: 'levels',
  definition: 'indicator-conventions §5 PIVOTS_SESSION (previous session max high, min low, last close)',
  inputs: ['high', 'low', 'close', 'session'],
  params,
  outputs: () => PIVOT_OUTPUTS,
  // The whole first session is NaN, so the warm-up is its length (390 on SPY_1m.csv).
  lookback: () => null,
  history: () => 1,
};

/**
 * Floor pivots (the PIVOTS formulas) from the previous session's max high, min low and last close,
 * repeated on every bar of the current session; NaN throughout the first session. Needs the
 * `session` column (intraday bars carry it; a daily series without one is rejected).
 */
export function pivots_session(bars: BarColumns | ResidentBars, params?: PivotsSessionParams): Outputs<PivotOutput> {
  return named(PIVOT_OUTPUTS, runBatch(PIVOTS_SESSION_SPEC, bars, params));
}

/** Alias of `pivots_session`. */
export const pivotsSession = pivots_session;

/** Streaming session pivots: `value` is `{ p, r1, r2, r3, s1, s2, s3 }`; `lookback` is known after the first session. */
export class PIVOTS_SESSION extends IndicatorStream<Values<PivotOutput>> {
  constructor(params?: PivotsSessionParams) {
    super(PIVOTS_SESSION_SPEC, params);
  }
}
