import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import { period, type ParamSpec } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec, Outputs, Values } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const params = {
  fast: { ...period(12, 'fast EMA length in bars (must be less than slow)'), min: 2 } as ParamSpec,
  slow: { ...period(26, 'slow EMA length in bars'), min: 2 } as ParamSpec,
  // TA-Lib declares signal >= 1, but its EMA lookback of a 1-period EMA is −1, so MACD(…, 1) comes
  // back misaligned (reading uninitialised memory); 2 is the smallest signal TA-Lib computes right.
  signal: { ...period(9, 'signal-line EMA length in bars'), min: 2 } as ParamSpec,
};

const OUTPUTS = ['macd', 'signal', 'hist'] as const;
export type MacdOutput = (typeof OUTPUTS)[number];

export interface MacdParams {
  /** Fast EMA length, an integer in [2, 100000] below `slow`; default 12. */
  readonly fast?: number;
  /** Slow EMA length, an integer in [2, 100000]; default 26. */
  readonly slow?: number;
  /** Signal EMA length, an integer in [2, 100000]; default 9. */
  readonly signal?: number;
}

export const MACD_SPEC: IndicatorSpec<typeof params> = {
  name: 'MACD',
  id: 'macd',
  title: 'Moving average convergence/divergence',
  group: 'momentum',
  definition: 'TA-Lib MACD: both EMAs from slow−1 (fast seeded on the fast closes ending there), EMA signal, hist = macd − signal',
  inputs: ['close'],
  params,
  outputs: () => OUTPUTS,
  lookback: (p) => p.slow + p.signal - 2,
  history: () => 1,
  check: (p) => (p.fast >= p.slow ? { param: 'fast', problem: `must be less than slow (${p.slow}), got ${p.fast}` } : null),
  examples: [
    { fast: 5, slow: 35, signal: 5 },
    { fast: 2, slow: 3, signal: 2 },
  ],
};

/** MACD line, signal and histogram of the close; all three NaN for the first slow+signal−2 bars. */
export function macd(bars: BarColumns | ResidentBars, params?: MacdParams): Outputs<MacdOutput> {
  return named(OUTPUTS, runBatch(MACD_SPEC, bars, params));
}

/** Streaming MACD: `value` is `{ macd, signal, hist }`. */
export class MACD extends IndicatorStream<Values<MacdOutput>> {
  constructor(params?: MacdParams) {
    super(MACD_SPEC, params);
  }
}
