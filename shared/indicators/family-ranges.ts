// Range and band indicators (highest/lowest over a window, standard deviation bands).
import type { AnySpec } from './named.ts';

export const RANGES_FAMILY: readonly AnySpec[] = [];
