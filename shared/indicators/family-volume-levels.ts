// Volume indicators and price levels (pivots).
import type { AnySpec } from './named.ts';

export const VOLUME_LEVELS_FAMILY: readonly AnySpec[] = [];
