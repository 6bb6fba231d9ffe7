// SMA crossover (backtesting.py's SmaCross): on a strict cross of the fast SMA above the slow one,
// close and buy; on the opposite cross, close and (long_short) sell short.
import { NO_INTENTS, crossAbove, type BarContext, type InitContext, type OrderIntent, type SeriesRef, type Strategy } from './strategy.ts';
import { STRATEGY_PARAMS } from '../config/strategy-params.ts';

export interface SmaCrossParams {
  readonly fast: number;
  readonly slow: number;
  readonly direction: 'long_short' | 'long_only';
}

const LONG: readonly OrderIntent[] = Object.freeze([{ action: 'close' }, { action: 'buy' }] as const);
const SHORT: readonly OrderIntent[] = Object.freeze([{ action: 'close' }, { action: 'sell' }] as const);
const FLAT: readonly OrderIntent[] = Object.freeze([{ action: 'close' }] as const);

export class SmaCross implements Strategy {
  readonly name = 'sma_cross';
  readonly type = 'stocks' as const;
  readonly timeframes = ['1D'];
  readonly schema = STRATEGY_PARAMS.sma_cross;
  private fast!: SeriesRef;
  private slow!: SeriesRef;

  constructor(
    readonly params: SmaCrossParams,
    readonly symbols: readonly string[],
  ) {}

  init(ctx: InitContext): void {
    this.fast = ctx.indicator('SMA', { period: this.params.fast });
    this.slow = ctx.indicator('SMA', { period: this.params.slow });
  }

  onBar(_ctx: BarContext): readonly OrderIntent[] {
    if (crossAbove(this.fast, this.slow)) return LONG;
    if (crossAbove(this.slow, this.fast)) return this.params.direction === 'long_short' ? SHORT : FLAT;
    return NO_INTENTS;
  }
}
