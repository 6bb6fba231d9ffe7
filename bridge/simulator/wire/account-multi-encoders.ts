// Server → client messages of the per-account ("multi") subscriptions at server version 193
// (ib-protocol.md §5): POSITION_MULTI, POSITION_MULTI_END, ACCOUNT_UPDATE_MULTI and its end.

import { msg } from './fields.ts';
import { OUT } from './message-ids.ts';
import type { ContractFields } from './order-encoders.ts';

/**
 * POSITION_MULTI: [71, v=1, reqId, account, conId, symbol, secType, lastTradeDateOrContractMonth,
 * strike, right, multiplier, exchange, currency, localSymbol, tradingClass, position(decimal),
 * avgCost, modelCode]. 18 fields. avgCost as in POSITION (per unit × multiplier, commissions included).
 */
export function positionMulti(reqId: number, account: string, c: ContractFields, pos: number, avgCost: number, modelCode: string): string {
  return msg(
    OUT.POSITION_MULTI, 1, reqId, account, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, c.strike, c.right, c.multiplier,
    c.exchange, c.currency, c.localSymbol, c.tradingClass, pos, avgCost, modelCode,
  );
}

/** POSITION_MULTI_END: [72, v=1, reqId]. 3 fields. */
export function positionMultiEnd(reqId: number): string {
  return msg(OUT.POSITION_MULTI_END, 1, reqId);
}

/** ACCOUNT_UPDATE_MULTI: [73, v=1, reqId, account, modelCode, key, value, currency]. 8 fields. */
export function accountUpdateMulti(reqId: number, account: string, modelCode: string, key: string, value: string, currency: string): string {
  return msg(OUT.ACCOUNT_UPDATE_MULTI, 1, reqId, account, modelCode, key, value, currency);
}

/** ACCOUNT_UPDATE_MULTI_END: [74, v=1, reqId]. 3 fields. */
export function accountUpdateMultiEnd(reqId: number): string {
  return msg(OUT.ACCOUNT_UPDATE_MULTI_END, 1, reqId);
}
