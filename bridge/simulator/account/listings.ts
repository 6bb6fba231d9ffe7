// The simulator's listings as the shared trading model sees them: for a conId, the listed
// instrument (stocks/ETFs and their options; VIX, SPX, NDX indices; SPX options) whether or not it is listed today (an
// option bought last week keeps its conId when the strike grid moves on) — itself a shared domain
// instrument (market/listed.ts) that the shared ledger, margin and expiry rules take as is — and the
// contract fields positions, orders and executions echo on the wire.
import type { HoldableInstrument } from '../../../shared/domain/instrument.ts';
import type { Catalogue } from '../market/catalogue.ts';
import type { ListedOption, Listing } from '../market/listed.ts';
import { formatYyyymmdd } from '../../../shared/time/tws-time.ts';
import type { ContractFields } from '../wire/order-encoders.ts';

/** A tradable instrument for a conId, listed or not. */
export function instrumentById(catalogue: Catalogue, conId: number): Listing | undefined {
  const stk = catalogue.stocks.find((s) => s.conId === conId);
  if (stk) return stk;
  const index = catalogue.indices.find((i) => i.conId === conId);
  if (index) return index;
  return catalogue.optionById(conId);
}

/** Contract fields of an instrument as orders/positions echo them; `exchange` as the request named it. */
export function contractFieldsOf(inst: Listing, exchange = 'SMART'): ContractFields {
  if (inst.secType === 'OPT') return optionFields(inst, exchange);
  if (inst.secType === 'IND') {
    return { conId: inst.conId, symbol: inst.symbol, secType: 'IND', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: inst.exchange, primaryExch: '', currency: inst.currency, localSymbol: inst.symbol, tradingClass: inst.symbol };
  }
  const etf = inst.spec.stockType === 'ETF';
  return {
    conId: inst.conId, symbol: inst.symbol, secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '',
    exchange: exchange || inst.exchange, primaryExch: inst.primaryExchange, currency: inst.currency, localSymbol: inst.symbol, tradingClass: etf ? inst.symbol : 'NMS',
  };
}

function optionFields(inst: ListedOption, exchange: string): ContractFields {
  return {
    conId: inst.conId, symbol: inst.symbol, secType: 'OPT', lastTradeDateOrContractMonth: formatYyyymmdd(inst.expiry), strike: inst.strike, right: inst.right,
    multiplier: String(inst.multiplier), exchange: exchange || inst.exchange, primaryExch: '', currency: inst.currency, localSymbol: inst.localSymbol, tradingClass: inst.tradingClass,
  };
}

/** The contract fields a position row echoes (stocks on their primary exchange). */
export function positionContract(catalogue: Catalogue, held: HoldableInstrument): ContractFields {
  const inst = held.conId !== undefined ? instrumentById(catalogue, held.conId) : undefined;
  if (!inst) throw new Error(`paper broker: no listing for conId ${held.conId ?? '(none)'} (${held.symbol})`);
  return contractFieldsOf(inst, inst.secType === 'STK' ? inst.primaryExchange : '');
}
