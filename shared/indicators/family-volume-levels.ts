// Volume indicators and price levels (pivots).
import type { AnySpec } from './named.ts';
import { OBV_SPEC } from './obv.ts';
import { AD_SPEC } from './ad.ts';
import { PVT_SPEC } from './pvt.ts';
import { VWAP_SPEC } from './vwap.ts';
import { VWAP_SESSION_SPEC } from './vwap-session.ts';
import { PIVOTS_SPEC } from './pivots.ts';
import { PIVOTS_SESSION_SPEC } from './pivots-session.ts';

export * from './obv.ts';
export * from './ad.ts';
export * from './pvt.ts';
export * from './vwap.ts';
export * from './vwap-session.ts';
export * from './pivots.ts';
export * from './pivots-session.ts';

export const VOLUME_LEVELS_FAMILY: readonly AnySpec[] = [
  OBV_SPEC,
  AD_SPEC,
  PVT_SPEC,
  VWAP_SPEC,
  VWAP_SESSION_SPEC,
  PIVOTS_SPEC,
  PIVOTS_SESSION_SPEC,
];
