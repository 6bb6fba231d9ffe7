// Multi-timeframe: resampling to coarser bars and look-ahead-free alignment onto finer ones.
export { resample } from './resample.ts';
export { alignIndex, alignToLower } from './align.ts';
