// The simulator's listings as the shared trading model sees them: for a conId, the listed
// instrument (stocks/ETFs and their options; VIX is an index) whether or not it is listed today (an
// option bought last week keeps its conId when the strike grid moves on); the domain instrument the
// shared ledger, margin and expiry rules work on; and the contract fields positions, orders and
// executions echo on the wire.
import { indexOf, option, stock, type HoldableInstrument } from '../../../shared/domain/instrument.ts';
import type { Catalogue } from '../market/catalogue.ts';
import type { Instrument, OptionInstrument } from '../market/instruments.ts';
import { decodeOptionConId } from '../market/option-chain.ts';
import { formatYyyymmdd } from '../wire/tws-time.ts';
import type { ContractFields } from '../wire/order-encoders.ts';

/** A tradable instrument for a conId, listed or not. */
export function instrumentById(catalogue: Catalogue, conId: number): Instrument | undefined {
  const stk = catalogue.stocks.find((s) => s.conId === conId);
  if (stk) return stk;
  if (catalogue.vix && catalogue.vix.conId === conId) return catalogue.vix;
  const o = decodeOptionConId(conId);
  if (!o) return undefined;
  const under = catalogue.stocks.find((s) => s.optionSlot === o.slot);
  return under ? catalogue.option(under, o.expiry, o.strike, o.right) : undefined;
}

/** The shared domain instrument of a listing (conId kept). */
export function domainOf(inst: Instrument): HoldableInstrument {
  switch (inst.kind) {
    case 'STK':
      return stock(inst.symbol, { primaryExchange: inst.spec.primaryExch, conId: inst.conId });
    case 'IND':
      return indexOf(inst.symbol, { conId: inst.conId });
    case 'OPT':
      return option(domainOf(inst.underlying) as ReturnType<typeof stock>, inst.right, inst.strike, inst.expiry, { conId: inst.conId, pennyTicks: inst.underlying.spec.pennyOptions });
  }
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

/** The contract fields a position row echoes (stocks on their primary exchange). */
export function positionContract(catalogue: Catalogue, held: HoldableInstrument): ContractFields {
  const inst = held.conId !== undefined ? instrumentById(catalogue, held.conId) : undefined;
  if (!inst) throw new Error(`paper broker: no listing for conId ${held.conId ?? '(none)'} (${held.symbol})`);
  return contractFieldsOf(inst, inst.kind === 'STK' ? inst.spec.primaryExch : '');
}
