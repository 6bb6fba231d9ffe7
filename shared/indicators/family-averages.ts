// Moving averages and Wilder-smoothed indicators: the specs of this family and their public API.
import type { AnySpec } from './named.ts';
import { SMA_SPEC } from './sma.ts';
import { EMA_SPEC } from './ema.ts';
import { WMA_SPEC } from './wma.ts';
import { DEMA_SPEC } from './dema.ts';
import { TEMA_SPEC } from './tema.ts';
import { MACD_SPEC } from './macd.ts';
import { RSI_SPEC } from './rsi.ts';
import { ATR_SPEC } from './atr.ts';
import { KELTNER_SPEC } from './keltner.ts';
import { ROC_SPEC } from './roc.ts';

export * from './sma.ts';
export * from './ema.ts';
export * from './wma.ts';
export * from './dema.ts';
export * from './tema.ts';
export * from './macd.ts';
export * from './rsi.ts';
export * from './atr.ts';
export * from './keltner.ts';
export * from './roc.ts';

export const AVERAGES_FAMILY: readonly AnySpec[] = [SMA_SPEC, EMA_SPEC, WMA_SPEC, DEMA_SPEC, TEMA_SPEC, MACD_SPEC, RSI_SPEC, ATR_SPEC, KELTNER_SPEC, ROC_SPEC];
