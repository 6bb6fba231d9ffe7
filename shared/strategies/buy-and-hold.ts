// The benchmark: buy at the first decision and hold to the end.
import { NO_INTENTS, type BarContext, type InitContext, type OrderIntent, type Strategy } from './strategy.ts';
import { STRATEGY_PARAMS } from '../config/strategy-params.ts';

const BUY: readonly OrderIntent[] = Object.freeze([{ action: 'buy' }] as const);

export class BuyAndHold implements Strategy {
  readonly name = 'buy_and_hold';
  readonly type = 'stocks' as const;
  readonly timeframes = ['1D'];
  readonly schema = STRATEGY_PARAMS.buy_and_hold;
  private bought = false;

  constructor(readonly symbols: readonly string[]) {}

  init(_ctx: InitContext): void {}

  onBar(ctx: BarContext): readonly OrderIntent[] {
    if (this.bought || ctx.position !== 0) return NO_INTENTS;
    this.bought = true;
    return BUY;
  }
}
