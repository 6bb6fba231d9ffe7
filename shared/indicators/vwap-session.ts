import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { SINGLE } from './named.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {};

/** VWAP_SESSION has no parameters. */
export type VwapSessionParams = Readonly<Record<string, never>>;

export const VWAP_SESSION_SPEC: IndicatorSpec<typeof params> = {
  name: 'VWAP_SESSION',
  id: 'vwap_session',
  title: 'Volume-weighted average price (reset every session)',
  group: 'volume',
  definition: 'indicator-conventions §5 VWAP_SESSION (both sums reset at the first bar of every session)',
  inputs: ['high', 'low', 'close', 'volume', 'session'],
  params,
  outputs: SINGLE,
  // 0 on real data; bars at a session start with zero volume stay NaN until the session has volume.
  lookback: () => 0,
  history: () => 1,
};

/**
 * Session VWAP: Σ(TP·V)/ΣV over the bars of the current session so far (a new session starts where
 * the session id changes); NaN while that session's volume is 0. Needs the `session` column
 * (intraday bars carry it; a daily series without one is rejected with an error naming it).
 */
export function vwap_session(bars: BarColumns | ResidentBars, params?: VwapSessionParams): Float64Array {
  return runBatch(VWAP_SESSION_SPEC, bars, params)[0];
}

/** Alias of `vwap_session`. */
export const vwapSession = vwap_session;

/** Streaming session VWAP: `add`/`replace` bars with high, low, close, volume and session. */
export class VWAP_SESSION extends IndicatorStream<number> {
  constructor(params?: VwapSessionParams) {
    super(VWAP_SESSION_SPEC, params);
  }
}
