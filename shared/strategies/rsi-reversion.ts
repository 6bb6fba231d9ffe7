// RSI mean reversion, long only: buy when flat and RSI(period) < buy_below; close when long and
// RSI > sell_above.
import { NO_INTENTS, type BarContext, type InitContext, type OrderIntent, type SeriesRef, type Strategy } from './strategy.ts';
import { STRATEGY_PARAMS } from '../config/strategy-params.ts';

export interface RsiReversionParams {
  readonly period: number;
  readonly buy_below: number;
  readonly sell_above: number;
}

const BUY: readonly OrderIntent[] = Object.freeze([{ action: 'buy' }] as const);
const CLOSE: readonly OrderIntent[] = Object.freeze([{ action: 'close' }] as const);

export class RsiReversion implements Strategy {
  readonly name = 'rsi_reversion';
  readonly type = 'stocks' as const;
  readonly timeframes = ['1D'];
  readonly schema = STRATEGY_PARAMS.rsi_reversion;
  private rsi!: SeriesRef;

  constructor(
    readonly params: RsiReversionParams,
    readonly symbols: readonly string[],
  ) {}

  init(ctx: InitContext): void {
    this.rsi = ctx.indicator('RSI', { period: this.params.period });
  }

  onBar(ctx: BarContext): readonly OrderIntent[] {
    const r = this.rsi.at(0);
    if (ctx.position === 0 && r < this.params.buy_below) return BUY;
    if (ctx.position > 0 && r > this.params.sell_above) return CLOSE;
    return NO_INTENTS;
  }
}
