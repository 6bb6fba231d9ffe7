// Server → client account messages at server version 193 (ib-protocol.md §5): POSITION,
// PORTFOLIO_VALUE, ACCT_VALUE, PNL, PNL_SINGLE. The ends and ACCOUNT_SUMMARY rows are in
// encoders.ts (phase 1 already sent them).

import { msg } from './fields.ts';
import { OUT } from './message-ids.ts';
import type { ContractFields } from './order-encoders.ts';

/**
 * POSITION: [61, v=3, account, conId, symbol, secType, lastTradeDateOrContractMonth, strike, right,
 * multiplier, exchange, currency, localSymbol, tradingClass, position(decimal), avgCost]. 16 fields.
 * avgCost is per unit including the multiplier (an option's per contract), commissions included.
 */
export function position(account: string, c: ContractFields, pos: number, avgCost: number): string {
  return msg(OUT.POSITION, 3, account, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass, pos, avgCost);
}

/**
 * PORTFOLIO_VALUE: [7, v=8, conId, symbol, secType, lastTradeDateOrContractMonth, strike, right,
 * multiplier, primaryExch, currency, localSymbol, tradingClass, position, marketPrice, marketValue,
 * averageCost, unrealizedPNL, realizedPNL, accountName]. 20 fields.
 */
export function portfolioValue(
  c: ContractFields,
  pos: number,
  marketPrice: number,
  marketValue: number,
  averageCost: number,
  unrealizedPNL: number,
  realizedPNL: number,
  account: string,
): string {
  return msg(
    OUT.PORTFOLIO_VALUE, 8, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier, c.primaryExch, c.currency,
    c.localSymbol, c.tradingClass, pos, marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL, account,
  );
}

/** ACCT_VALUE: [6, v=2, key, value, currency, accountName]. 6 fields. */
export function accountValue(key: string, value: string, currency: string, account: string): string {
  return msg(OUT.ACCT_VALUE, 2, key, value, currency, account);
}

/** PNL: [94, reqId, dailyPnL, unrealizedPnL, realizedPnL]. 5 fields. */
export function pnl(reqId: number, daily: number, unrealized: number, realized: number): string {
  return msg(OUT.PNL, reqId, daily, unrealized, realized);
}

/** PNL_SINGLE: [95, reqId, pos(decimal), dailyPnL, unrealizedPnL, realizedPnL, value]. 7 fields. */
export function pnlSingle(reqId: number, pos: number, daily: number, unrealized: number, realized: number, value: number): string {
  return msg(OUT.PNL_SINGLE, reqId, pos, daily, unrealized, realized, value);
}
