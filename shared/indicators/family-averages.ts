// Moving averages and Wilder-smoothed indicators: the specs of this family and their public API.
import type { AnySpec } from './named.ts';
import { SMA_SPEC } from './sma.ts';
import { EMA_SPEC } from './ema.ts';

export * from './sma.ts';
export * from './ema.ts';

export const AVERAGES_FAMILY: readonly AnySpec[] = [SMA_SPEC, EMA_SPEC];
