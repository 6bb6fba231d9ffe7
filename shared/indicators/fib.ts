import { runBatch, specParams } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import { named } from './named.ts';
import { period } from './params.ts';
import type { ResidentBars } from './resident.ts';
import type { IndicatorSpec } from './spec.ts';
import { IndicatorStream } from './stream.ts';

/** The largest ratio: retracements in [0, 1] plus extensions below the low up to the 161.8 % level. */
export const FIB_MAX_RATIO = 1.618;

const params = {
  period: period(50, 'bars of the swing high / low, the current bar included'),
  ratios: {
    kind: 'floats',
    default: [0.236, 0.382, 0.5, 0.618, 0.786],
    min: 0,
    max: FIB_MAX_RATIO,
    maxCount: 10,
    doc: 'retracement ratios: level = high − ratio·(high − low); above 1 extends below the low',
  } as const,
};

export interface FibParams {
  /** Window length in bars (the current bar included), an integer in [1, 100000]; default 50. */
  readonly period?: number;
  /** 1 to 10 ratios in [0, 1.618]; default [0.236, 0.382, 0.5, 0.618, 0.786]. */
  readonly ratios?: readonly number[];
}

/** Output name of a ratio: 'r' + round(ratio·1000), at least 3 digits (0.5 → r500, 0 → r000, 1.618 → r1618). */
export function fibLevelName(ratio: number): string {
  return `r${String(Math.round(ratio * 1000)).padStart(3, '0')}`;
}

/** { high, low, r236, r382, r500, r618, r786 } with the default ratios (one `r…` per ratio, in order). */
export type FibOutputs = { readonly high: Float64Array; readonly low: Float64Array; readonly [level: string]: Float64Array };
export type FibValues = { readonly high: number; readonly low: number; readonly [level: string]: number };

export const FIB_SPEC: IndicatorSpec<typeof params> = {
  name: 'FIB',
  id: 'fib',
  title: 'Fibonacci retracement levels (rolling)',
  group: 'levels',
  definition: 'indicator-conventions §5 FIB (rolling highest high / lowest low, level = HH − r·(HH − LL))',
  inputs: ['high', 'low'],
  params,
  outputs: (p) => ['high', 'low', ...p.ratios.map(fibLevelName)],
  lookback: (p) => p.period - 1,
  history: (p) => p.period,
  check: (p) => {
    const names = p.ratios.map(fibLevelName);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    return dup ? { param: 'ratios', problem: `must give distinct output names (ratio·1000 rounded), but two ratios map to '${dup}'` } : null;
  },
  initArgs: (p, k) => {
    const heap = k.heap();
    p.ratios.forEach((r, j) => (heap[(k.scratch >> 3) + j] = r));
    return [p.period, k.scratch, p.ratios.length];
  },
  examples: [
    { period: 1, ratios: [0, 1] },
    { period: 10, ratios: [0.5, 1.618, 1.272] },
    { period: 200, ratios: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] },
  ],
};

/** Rolling Fibonacci levels { high, low, r… } from the last `period` bars; NaN for the first period-1 bars. */
export function fib(bars: BarColumns | ResidentBars, params?: FibParams): FibOutputs {
  const arrays = runBatch(FIB_SPEC, bars, params);
  return named(FIB_SPEC.outputs(specParams(FIB_SPEC, params)), arrays) as FibOutputs;
}

/** Streaming Fibonacci levels: `value` is { high, low, r… }. */
export class FIB extends IndicatorStream<FibValues> {
  constructor(params?: FibParams) {
    super(FIB_SPEC, params);
  }
}
