// The account's trading state — the kill switch (docs/trading-model.md §11):
// - ACTIVE trades normally;
// - REDUCING lets only what reduces a position through: an intent that can only add is refused, and
//   the part of any other that would open or add (a sell larger than the long) is dropped;
// - HALTED sends no new order but closes: only `close` intents pass (and cancels, which are not intents).
import type { OrderIntent } from '../domain/intent.ts';

export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** The reason an intent is refused in this state (the position is the one it acts on), or undefined. */
export function tradingStateDenial(state: TradingState, intent: OrderIntent, position: number): 'TRADING_HALTED' | 'TRADING_REDUCING' | undefined {
  if (state === 'ACTIVE' || intent.action === 'close') return undefined;
  if (state === 'HALTED') return 'TRADING_HALTED';
  if (intent.action === 'target') return undefined; // it may shrink the position; the executor drops any growth
  return position === 0 || (intent.action === 'buy') === position > 0 ? 'TRADING_REDUCING' : undefined;
}

/** In REDUCING and HALTED states orders may only close: the opening part of an intent is dropped. */
export function closesOnly(state: TradingState): boolean {
  return state !== 'ACTIVE';
}
