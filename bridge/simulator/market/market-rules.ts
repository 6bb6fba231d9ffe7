// IBKR market rule ids the catalogue advertises in contract details (`marketRuleIds`, one per valid
// exchange) and the price-increment ladder each one stands for (ib-protocol.md §6 "Market rules").
// The ladders themselves are the shared tick rules that order validation uses
// (shared/broker/ibkr-rules.ts): a rule id here only names one of them.

import { CENT_TICKS, OPTION_TICKS, SPX_OPTION_TICKS, STOCK_TICKS, optionTickLadder, type TickLadder } from '../../../shared/broker/ibkr-rules.ts';

/** The rule id of Cboe's SPX / SPXW options ($0.05 / $0.10): the simulator's own number (IB's is not known to us). */
export const SPX_OPTION_RULE = 9001;

/** IB's ids: 26 US stocks, 32 US options ($0.01 / $0.05), 110 penny-program options, 111 CBOE indices; and SPX_OPTION_RULE. */
const RULES: ReadonlyMap<number, TickLadder> = new Map([
  [26, STOCK_TICKS],
  [32, OPTION_TICKS],
  [110, CENT_TICKS],
  [111, CENT_TICKS],
  [SPX_OPTION_RULE, SPX_OPTION_TICKS],
]);

/** The rule id an option class advertises: the id of its shared tick ladder (optionTickLadder). */
export function optionMarketRule(underlyingSymbol: string, pennyTicks: boolean): number {
  const ladder = optionTickLadder(underlyingSymbol, pennyTicks);
  return ladder === SPX_OPTION_TICKS ? SPX_OPTION_RULE : ladder === CENT_TICKS ? 110 : 32;
}

/** The ladder of a market rule id, or undefined for an id no contract of ours carries. */
export function marketRule(id: number): TickLadder | undefined {
  return RULES.get(id);
}

/** Every rule id we answer, ascending. */
export function marketRuleIds(): number[] {
  return [...RULES.keys()].sort((a, b) => a - b);
}
