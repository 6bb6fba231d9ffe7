// The app's instrument references as TWS contracts (docs/app-protocol.md §2): a symbol is a stock or
// ETF routed SMART in USD; a conId is looked up by TWS (SMART routing).
import { SecType, type Contract } from '@stoqey/ib';
import type { InstrumentRef } from '../../shared/protocol/index.ts';

export function contractOf(ref: InstrumentRef): Contract {
  return 'conId' in ref ? { conId: ref.conId, exchange: 'SMART' } : { symbol: ref.symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
}

/** A readable name of a contract for error messages. */
export function describeRef(ref: InstrumentRef): string {
  return 'conId' in ref ? `conId ${ref.conId}` : ref.symbol;
}
