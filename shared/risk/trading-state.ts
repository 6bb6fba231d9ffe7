// The account's trading state — the kill switch (docs/trading-model.md §11): ACTIVE trades normally;
// REDUCING lets only orders that reduce a position pass; HALTED sends no new order (cancels and
// closes still pass).
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** The reason an intent that would open or add exposure is refused in this state, or undefined. */
export function tradingStateDenial(state: TradingState, reduces: boolean): 'TRADING_HALTED' | 'TRADING_REDUCING' | undefined {
  if (state === 'ACTIVE' || reduces) return undefined;
  return state === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING';
}
