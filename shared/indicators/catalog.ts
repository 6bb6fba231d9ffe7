// The indicator catalog: one table that the UI, the config validator, the CLI and the tests read.
import { runBatch, specParams } from './batch.ts';
import type { BarColumns } from './inputs.ts';
import type { AnySpec } from './named.ts';
import { describeRange, resolveParams, type ParamSpec } from './params.ts';
import type { ResidentBars } from './resident.ts';
import { IndicatorStream } from './stream.ts';
import { AVERAGES_FAMILY } from './family-averages.ts';
import { RANGES_FAMILY } from './family-ranges.ts';
import { VOLUME_LEVELS_FAMILY } from './family-volume-levels.ts';

/** Every indicator spec, in catalog order. */
export const INDICATOR_SPECS: readonly AnySpec[] = [...AVERAGES_FAMILY, ...RANGES_FAMILY, ...VOLUME_LEVELS_FAMILY];

export interface ParamInfo {
  readonly name: string;
  readonly kind: ParamSpec['kind'];
  readonly default: number | readonly number[];
  readonly min: number;
  readonly max: number;
  /** e.g. 'an integer in [1, 100000]' */
  readonly range: string;
  readonly doc: string;
}

export interface IndicatorInfo {
  readonly name: string;
  readonly id: string;
  readonly title: string;
  readonly group: AnySpec['group'];
  readonly definition: string;
  readonly inputs: readonly string[];
  readonly params: readonly ParamInfo[];
  /** Output names with the default parameters. */
  readonly outputs: readonly string[];
  /** Leading NaN with the default parameters; null when it depends on the data. */
  readonly lookback: number | null;
}

function info(spec: AnySpec): IndicatorInfo {
  const defaults = resolveParams(spec.name, spec.params, {});
  return {
    name: spec.name,
    id: spec.id,
    title: spec.title,
    group: spec.group,
    definition: spec.definition,
    inputs: spec.inputs,
    params: Object.entries(spec.params as Record<string, ParamSpec>).map(([name, p]) => ({
      name,
      kind: p.kind,
      default: p.default,
      min: p.min,
      max: p.max,
      range: describeRange(p),
      doc: p.doc,
    })),
    outputs: spec.outputs(defaults),
    lookback: spec.lookback(defaults),
  };
}

/** Metadata of every indicator. */
export const INDICATOR_CATALOG: readonly IndicatorInfo[] = INDICATOR_SPECS.map(info);

/** An indicator name that is not in the catalog; the message lists the valid names. */
export class UnknownIndicatorError extends Error {
  override readonly name = 'UnknownIndicatorError';
  constructor(readonly requested: string) {
    super(`unknown indicator '${requested}' (valid: ${INDICATOR_SPECS.map((s) => s.name).join(', ')})`);
  }
}

/** The spec for a name ('SMA', 'sma', 'pivots_session', 'pivotsSession'), or an UnknownIndicatorError. */
export function specByName(name: string): AnySpec {
  const key = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const spec = INDICATOR_SPECS.find((s) => s.id === key);
  if (!spec) throw new UnknownIndicatorError(name);
  return spec;
}

/** Leading NaN for `params` (defaults filled in); null when it depends on the data. */
export function lookbackOf(name: string, params?: object): number | null {
  const spec = specByName(name);
  return spec.lookback(specParams(spec, params));
}

/** Batch computation by name: a Float64Array for single-output indicators, else an object of them. */
export function compute(name: string, bars: BarColumns | ResidentBars, params?: object): Float64Array | Record<string, Float64Array> {
  const spec = specByName(name);
  const arrays = runBatch(spec, bars, params);
  const outputs = spec.outputs(specParams(spec, params));
  if (outputs.length === 1) return arrays[0];
  return Object.fromEntries(outputs.map((o, i) => [o, arrays[i]]));
}

/** A streaming instance by name. */
export function createStream(name: string, params?: object): IndicatorStream<number | Record<string, number>> {
  return new IndicatorStream(specByName(name), params);
}
