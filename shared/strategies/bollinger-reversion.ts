// Bollinger mean reversion, long only: buy when flat and the close is below the lower band
// (SMA(period) − k·population stdev); close when long and the close is above the middle band.
import { NO_INTENTS, type BarContext, type InitContext, type OrderIntent, type SeriesRef, type Strategy } from './strategy.ts';
import { STRATEGY_PARAMS } from '../config/strategy-params.ts';

export interface BollingerReversionParams {
  readonly period: number;
  readonly k: number;
}

const BUY: readonly OrderIntent[] = Object.freeze([{ action: 'buy' }] as const);
const CLOSE: readonly OrderIntent[] = Object.freeze([{ action: 'close' }] as const);

export class BollingerReversion implements Strategy {
  readonly name = 'bollinger_reversion';
  readonly type = 'stocks' as const;
  readonly timeframes = ['1D'];
  readonly schema = STRATEGY_PARAMS.bollinger_reversion;
  private lower!: SeriesRef;
  private middle!: SeriesRef;

  constructor(
    readonly params: BollingerReversionParams,
    readonly symbols: readonly string[],
  ) {}

  init(ctx: InitContext): void {
    const bands = { period: this.params.period, devUp: this.params.k, devDown: this.params.k };
    this.lower = ctx.indicator('BBANDS', bands, 'lower');
    this.middle = ctx.indicator('BBANDS', bands, 'middle');
  }

  onBar(ctx: BarContext): readonly OrderIntent[] {
    const c = ctx.close.at(0);
    if (ctx.position === 0 && c < this.lower.at(0)) return BUY;
    if (ctx.position > 0 && c > this.middle.at(0)) return CLOSE;
    return NO_INTENTS;
  }
}
