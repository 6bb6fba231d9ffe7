// Range and band indicators (highest/lowest over a window, standard deviation bands).
import type { AnySpec } from './named.ts';
import { STOCH_SPEC } from './stoch.ts';
import { WILLR_SPEC } from './willr.ts';
import { BBANDS_SPEC } from './bbands.ts';
import { DONCHIAN_SPEC } from './donchian.ts';
import { FIB_SPEC } from './fib.ts';

export * from './stoch.ts';
export * from './willr.ts';
export * from './bbands.ts';
export * from './donchian.ts';
export * from './fib.ts';

export const RANGES_FAMILY: readonly AnySpec[] = [STOCH_SPEC, WILLR_SPEC, BBANDS_SPEC, DONCHIAN_SPEC, FIB_SPEC];
