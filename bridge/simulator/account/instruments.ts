// Instruments held or traded by the paper account, by conId, whether or not they are listed today
// (an option bought last week keeps its conId when the strike grid moves on), and the contract fields
// positions, orders and executions echo for them.

import type { Catalogue } from '../market/catalogue.ts';
import type { Instrument, OptionInstrument, StockInstrument } from '../market/instruments.ts';
import { decodeOptionConId } from '../market/option-chain.ts';
import { formatYyyymmdd } from '../market/us-eastern.ts';
import type { ContractFields } from '../wire/order-encoders.ts';
import type { InstrumentFacts } from './ledger.ts';

/** A tradable instrument for a conId (stocks/ETFs and their options; VIX is an index), listed or not. */
export function instrumentById(catalogue: Catalogue, conId: number): Instrument | undefined {
  const stock = catalogue.stocks.find((s) => s.conId === conId);
  if (stock) return stock;
  if (catalogue.vix && catalogue.vix.conId === conId) return catalogue.vix;
  const o = decodeOptionConId(conId);
  if (!o) return undefined;
  const under = catalogue.stocks.find((s) => s.optionSlot === o.slot);
  return under ? catalogue.option(under, o.expiry, o.strike, o.right) : undefined;
}

/** Units per contract: 100 for options, 1 otherwise. */
export function multiplierOf(inst: Instrument): number {
  return inst.kind === 'OPT' ? 100 : 1;
}

/** The underlying stock of an instrument (itself for a stock). */
export function underlyingOf(inst: Instrument): StockInstrument | undefined {
  if (inst.kind === 'STK') return inst;
  if (inst.kind === 'OPT') return inst.underlying;
  return undefined;
}

/** Contract fields of an instrument as orders/positions echo them; `exchange` as the request named it. */
export function contractFieldsOf(inst: Instrument, exchange = 'SMART'): ContractFields {
  if (inst.kind === 'OPT') return optionFields(inst, exchange);
  if (inst.kind === 'IND') {
    return { conId: inst.conId, symbol: inst.symbol, secType: 'IND', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: 'CBOE', primaryExch: '', currency: 'USD', localSymbol: inst.symbol, tradingClass: inst.symbol };
  }
  const etf = inst.spec.stockType === 'ETF';
  return {
    conId: inst.conId, symbol: inst.symbol, secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '',
    exchange: exchange || 'SMART', primaryExch: inst.spec.primaryExch, currency: 'USD', localSymbol: inst.symbol, tradingClass: etf ? inst.symbol : 'NMS',
  };
}

function optionFields(inst: OptionInstrument, exchange: string): ContractFields {
  return {
    conId: inst.conId, symbol: inst.symbol, secType: 'OPT', lastTradeDateOrContractMonth: formatYyyymmdd(inst.expiry), strike: inst.strike, right: inst.right,
    multiplier: '100', exchange: exchange || 'SMART', primaryExch: '', currency: 'USD', localSymbol: inst.localSymbol, tradingClass: inst.symbol,
  };
}

/** What the ledger records about a position's instrument (account/ledger.ts). */
export function positionFacts(inst: Instrument): InstrumentFacts {
  const contract = contractFieldsOf(inst, inst.kind === 'STK' ? inst.spec.primaryExch : '');
  if (inst.kind === 'OPT') {
    return { conId: inst.conId, contract, kind: 'OPT', multiplier: 100, underConId: inst.underlying.conId, strike: inst.strike, right: inst.right, expiry: inst.expiry };
  }
  return { conId: inst.conId, contract, kind: inst.kind, multiplier: 1, underConId: 0, strike: 0, right: '', expiry: 0 };
}
