// The one indicator API the rest of the code sees: `await ready()`, then batch functions named
// after each indicator (`sma(bars, params)`), streaming classes (`new SMA(params)`), the catalog.
export { ready } from './kernels.ts';
export { ResidentBars } from './resident.ts';
export { IndicatorStream } from './stream.ts';
export type { BarColumns, BarInput } from './inputs.ts';
export type { IndicatorSpec, InputColumn, IndicatorGroup } from './spec.ts';
export type { ParamSpec } from './params.ts';
export {
  INDICATOR_CATALOG,
  INDICATOR_SPECS,
  compute,
  createStream,
  lookbackOf,
  specByName,
  UnknownIndicatorError,
  type IndicatorInfo,
  type ParamInfo,
} from './catalog.ts';
export * from './family-averages.ts';
export * from './family-ranges.ts';
export * from './family-volume-levels.ts';
