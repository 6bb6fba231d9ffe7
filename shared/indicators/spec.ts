// What an indicator is, as data: the catalog, the batch runner and the streaming class all read this.
import type { ParamSpecs, ParamValues } from './params.ts';
import type { Kernels } from './kernels.ts';

/** Columns an indicator can read. `session` is the intraday session id (yyyymmdd). */
export type InputColumn = 'open' | 'high' | 'low' | 'close' | 'volume' | 'session';

export type IndicatorGroup = 'trend' | 'momentum' | 'volatility' | 'volume' | 'levels';

export interface IndicatorSpec<S extends ParamSpecs = ParamSpecs> {
  /** Upper-case name as traders write it: 'SMA', 'PIVOTS_SESSION'. */
  readonly name: string;
  /** Lower-case id: the kernel prefix (`${id}_run`) and the catalog key ('pivots_session'). */
  readonly id: string;
  readonly title: string;
  readonly group: IndicatorGroup;
  /** Where the definition comes from: 'TA-Lib SMA' or a section of indicator-conventions.md. */
  readonly definition: string;
  readonly inputs: readonly InputColumn[];
  readonly params: S;
  /** Output names; a single-output indicator has exactly one and returns a bare Float64Array. */
  outputs(p: ParamValues<S>): readonly string[];
  /** Leading NaN for these parameters; null when it depends on the data (e.g. the first session). */
  lookback(p: ParamValues<S>): number | null;
  /** How many bars (the current one included) the kernel may read: the stream keeps at least these. */
  history(p: ParamValues<S>): number;
  /** A rule between parameters (e.g. MACD fast < slow): the offending parameter and the problem, or null. */
  check?(p: ParamValues<S>): { readonly param: string; readonly problem: string } | null;
  /** Extra parameter sets worth showing and testing besides the defaults (e.g. short periods). */
  readonly examples?: readonly object[];
  /**
   * Arguments of `${id}_state_size` and `${id}_init` after the state pointer (default: the numeric
   * params in order). List parameters are written into `k.scratch` and passed as pointer + count.
   */
  initArgs?(p: ParamValues<S>, k: Kernels): number[];
}

/** The output names with their first-class TypeScript shape. */
export type Outputs<O extends string> = { readonly [K in O]: Float64Array };
export type Values<O extends string> = { readonly [K in O]: number };

/** Default init arguments: every numeric parameter in declaration order. */
export function defaultInitArgs(spec: IndicatorSpec, p: Record<string, number | readonly number[]>): number[] {
  return Object.keys(spec.params).map((name) => {
    const v = p[name];
    if (typeof v !== 'number') throw new Error(`${spec.name}: parameter '${name}' needs a custom initArgs`);
    return v;
  });
}
