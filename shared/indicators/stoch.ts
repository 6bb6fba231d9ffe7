import { runBatch } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import type { ParamSpec } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec, Outputs, Values } from './spec.ts';
import { IndicatorStream } from './stream.ts';

const windowParam = (def: number, doc: string): ParamSpec => ({ kind: 'int', default: def, min: 1, max: 100_000, doc });

const params = {
  fastK: windowParam(14, 'bars of the highest high / lowest low behind fast %K'),
  slowK: windowParam(3, 'SMA length smoothing fast %K into slow %K'),
  slowD: windowParam(3, 'SMA length smoothing slow %K into %D'),
};

export interface StochParams {
  /** Bars of the highest high / lowest low, an integer in [1, 100000]; default 14. */
  readonly fastK?: number;
  /** SMA smoothing fast %K into slow %K, an integer in [1, 100000]; default 3. */
  readonly slowK?: number;
  /** SMA smoothing slow %K into %D, an integer in [1, 100000]; default 3. */
  readonly slowD?: number;
}

const OUTPUTS = ['k', 'd'] as const;
export type StochOutputs = Outputs<(typeof OUTPUTS)[number]>;
export type StochValues = Values<(typeof OUTPUTS)[number]>;

export const STOCH_SPEC: IndicatorSpec<typeof params> = {
  name: 'STOCH',
  id: 'stoch',
  title: 'Stochastic oscillator (slow)',
  group: 'momentum',
  definition: 'TA-Lib STOCH, SMA smoothing (slow %K and %D; exact per window)',
  inputs: ['high', 'low', 'close'],
  params,
  outputs: () => OUTPUTS,
  lookback: (p) => p.fastK - 1 + (p.slowK - 1) + (p.slowD - 1),
  history: (p) => p.fastK,
  examples: [
    { fastK: 5, slowK: 1, slowD: 1 },
    { fastK: 1, slowK: 4, slowD: 2 },
    { fastK: 21, slowK: 7, slowD: 5 },
  ],
};

/** Slow stochastic { k, d } in [0, 100]; both NaN for the first (fastK-1)+(slowK-1)+(slowD-1) bars. */
export function stoch(bars: BarColumns | ResidentBars, params?: StochParams): StochOutputs {
  return named(OUTPUTS, runBatch(STOCH_SPEC, bars, params));
}

/** Streaming slow stochastic: `value` is { k, d }. */
export class STOCH extends IndicatorStream<StochValues> {
  constructor(params?: StochParams) {
    super(STOCH_SPEC, params);
  }
}
